"""Every error of the API is JSON of one shape, in the request's language:

    {"detail": "提交的数据有误", "errors": [{"field": "hours", "code": "negative",
                                            "message": "第 1 行，字段 hours：不能为负数（-1）"}]}

`errors` lists field-level problems (empty when the error is not about a field). Messages
are Chinese unless the request asks for English (`Accept-Language: en`): the API's own from
the translation catalogue, the record fields' in the policy engine's own words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from jxjy.policy.messages import Lang
from jxjy.refusals import Refused

MESSAGES: dict[str, Promise] = {
    "unauthenticated": _("Not signed in, or the API token is not valid"),
    "forbidden": _("You may not do this"),
    "csrf": _("CSRF check failed: send the X-CSRFToken header"),
    "not_found": _("Not found, or not visible to you"),
    "invalid": _("The request has invalid fields"),
    "bad_request": _("The request cannot be read"),
    "throttled": _("Too many requests"),
    "error": _("The request failed"),
    "no_audit_target": _("The person's policy has no such audit target"),
}

#: Field-level messages of the API's own checks, by code.
FIELD_MESSAGES: dict[str, Promise] = {
    "required": _("field %(field)s: required"),
    "unknown_person": _("field %(field)s: no person you may register has this ID number"),
    "one_of": _("field %(field)s: give exactly one of person_id and id_number"),
    "unknown_field": _("field %(field)s: unknown field"),
    "unknown_organiser": _("field %(field)s: no such training base or employer"),
    "unknown_enrolment": _("field %(field)s: not enrolments of this project: %(ids)s"),
    "missing_grade_date": _(
        "field %(field)s: this target needs the date the current grade or title was "
        "obtained, no later than the year audited"
    ),
}

#: Why pydantic refused a value, by its error type; any other type is told in pydantic's
#: own (English) words.
_PYDANTIC: dict[str, Promise] = {
    "missing": pgettext_lazy("a field", "required"),
    "int_parsing": _("must be a whole number"),
    "int_type": _("must be a whole number"),
    "int_from_float": _("must be a whole number"),
    "string_type": _("must be text"),
    "bool_type": _("must be true or false"),
    "bool_parsing": _("must be true or false"),
    "float_type": _("must be a number"),
    "float_parsing": _("must be a number"),
    "greater_than_equal": _("must be at least %(ge)s"),
    "greater_than": _("must be more than %(gt)s"),
    "less_than_equal": _("must be at most %(le)s"),
    "less_than": _("must be less than %(lt)s"),
    "string_too_long": _("too long (at most %(max_length)s characters)"),
    "string_too_short": _("too short (at least %(min_length)s characters)"),
    "enum": _("not one of the allowed values (%(expected)s)"),
    "literal_error": _("not one of the allowed values (%(expected)s)"),
    "json_invalid": _("not valid JSON"),
    "model_type": _("must be a JSON object"),
    "model_attributes_type": _("must be a JSON object"),
    "dict_type": _("must be a JSON object"),
    "list_type": _("must be an array"),
    "extra_forbidden": _("unknown field"),
}

#: Names that wrap a whole request part in pydantic's error locations (not a field).
_CONTAINERS = frozenset({"body", "query", "path", "header", "cookie", "form", "payload"})


def request_lang(request: HttpRequest) -> Lang:
    """The request's language as the engine names it: "en" for English, else "zh"."""
    code = getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or "zh-hans"
    return "en" if code.lower().startswith("en") else "zh"


def field_error(field: str, code: str, lang: Lang, **params: object) -> dict[str, str]:
    with translation.override(_django(lang)):
        message = str(FIELD_MESSAGES[code]) % {**params, "field": field}
    return {"field": field, "code": code, "message": message}


def _django(lang: Lang) -> str:
    """The engine's name of a language as Django's."""
    return "en" if lang == "en" else "zh-hans"


def refused_response(exc: Refused, lang: Lang) -> tuple[int, dict[str, Any]]:
    """Any refusal of a service, in one shape. The input's fault: 422, every reason in
    `errors` (with its `line` where the input has lines). The state's: 409, the first
    reason as `detail` with its `code`, and the reasons that name a field in `errors`."""
    errors: list[dict[str, Any]] = []
    for refusal in exc.refusals:
        error: dict[str, Any] = {
            "field": refusal.field,
            "code": refusal.code,
            "message": refusal.text,
        }
        if refusal.line is not None:
            error["line"] = refusal.line
        errors.append(error)
    if exc.conflict:
        first = exc.refusals[0]
        named = [e for e in errors if e["field"]]
        return 409, {"detail": first.text, "code": first.code, "errors": named}
    return 422, body("invalid", lang, errors)


class ApiError(Exception):
    """An error response: HTTP `status`, a `MESSAGES` key and field-level errors."""

    def __init__(self, status: int, key: str, errors: Sequence[dict[str, str]] = ()) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.errors = list(errors)


def body(key: str, lang: Lang, errors: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    with translation.override(_django(lang)):
        return {"detail": str(MESSAGES[key]), "errors": list(errors)}


def _pydantic_error(error: dict[str, Any], lang: Lang) -> dict[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    while loc and loc[0] in _CONTAINERS:
        loc.pop(0)
    field = ".".join(loc)
    code = str(error.get("type", "invalid"))
    params = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    template = _PYDANTIC.get(code)
    with translation.override(_django(lang)):
        if template is not None:
            reason = str(template) % _Missing(params)
        else:
            reason = str(_("not valid (%(detail)s)")) % {"detail": error.get("msg", code)}
        message = str(_("field %(field)s: %(reason)s")) % {"field": field, "reason": reason}
    return {"field": field, "code": code, "message": message}


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


_HTTP_KEYS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    429: "throttled",
}


HANDLED: tuple[type[Exception], ...] = (
    ApiError,
    ValidationError,
    Refused,
    HttpError,  # AuthenticationError is one
    PermissionDenied,
    Http404,
)


def _status_key_errors(exc: object, lang: Lang) -> tuple[int, str, list[dict[str, str]]]:
    if isinstance(exc, ApiError):
        return exc.status, exc.key, exc.errors
    if isinstance(exc, ValidationError):
        return 422, "invalid", [_pydantic_error(e, lang) for e in exc.errors]
    if isinstance(exc, HttpError):
        status = exc.status_code
        return status, _HTTP_KEYS.get(status, "error"), []
    if isinstance(exc, PermissionDenied):
        return 403, "forbidden", []
    if isinstance(exc, Http404):
        return 404, "not_found", []
    raise TypeError(f"no error response for {type(exc).__name__}")


def install(api: NinjaAPI) -> None:
    """Replace ninja's error handlers with ours, and map the services' exceptions."""

    def handle(request: HttpRequest, exc: object) -> HttpResponse:
        lang = request_lang(request)
        if isinstance(exc, Refused):
            status, content = refused_response(exc, lang)
        else:
            status, key, errors = _status_key_errors(exc, lang)
            content = body(key, lang, errors)
        response = api.create_response(request, content, status=status)
        if isinstance(exc, AuthenticationError):
            response["WWW-Authenticate"] = "Bearer"
        return response

    for exc_class in HANDLED:
        api.add_exception_handler(exc_class, handle)
