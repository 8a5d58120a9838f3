"""Every error of the API is JSON of one shape, in the request's language:

    {"detail": "提交的数据有误", "errors": [{"field": "hours", "code": "negative",
                                            "message": "第 1 行，字段 hours：不能为负数（-1）"}]}

`errors` lists field-level problems (empty when the error is not about a field). Messages
are Chinese unless the request asks for English (`Accept-Language: en`); like the engine's
messages they are (Chinese, English) pairs, so they need no translation catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from jxjy.policy.messages import Lang, pick
from jxjy.refusals import Refused

MESSAGES: dict[str, tuple[str, str]] = {
    "unauthenticated": ("未登录，或 API 令牌无效", "Not signed in, or the API token is not valid"),
    "forbidden": ("无权执行此操作", "You may not do this"),
    "csrf": (
        "CSRF 校验失败：会话请求须带 X-CSRFToken 头",
        "CSRF check failed: send the X-CSRFToken header",
    ),
    "not_found": ("未找到，或无权查看", "Not found, or not visible to you"),
    "invalid": ("提交的数据有误", "The request has invalid fields"),
    "conflict": ("记录的当前状态不允许此操作", "The record's status does not allow this"),
    "bad_request": ("请求无法解析", "The request cannot be read"),
    "throttled": ("请求过于频繁", "Too many requests"),
    "error": ("请求失败", "The request failed"),
    "no_audit_target": (
        "该人员适用的政策没有此核验项目",
        "The person's policy has no such audit target",
    ),
}

#: Field-level messages of the API's own checks, by code.
FIELD_MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("字段 {field}：缺少必填内容", "field {field}: required"),
    "unknown_person": (
        "字段 {field}：没有可为其登记的此身份证号人员",
        "field {field}: no person you may register has this ID number",
    ),
    "one_of": (
        "字段 {field}：person_id 与 id_number 须填写且只填写一项",
        "field {field}: give exactly one of person_id and id_number",
    ),
    "unknown_field": ("字段 {field}：未知字段", "field {field}: unknown field"),
    "unknown_organiser": (
        "字段 {field}：没有此培训机构或用人单位",
        "field {field}: no such training base or employer",
    ),
    "unknown_enrolment": (
        "字段 {field}：以下报名不属于本项目：{ids}",
        "field {field}: not enrolments of this project: {ids}",
    ),
    "missing_grade_date": (
        "字段 {field}：此项目须有取得现等级（职称）的日期，且不晚于核验年度",
        "field {field}: this target needs the date the current grade or title was obtained,"
        " no later than the year audited",
    ),
}

#: Pydantic's error types, in Chinese; anything else is shown with pydantic's own words.
_PYDANTIC_ZH: dict[str, str] = {
    "missing": "缺少必填内容",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文本",
    "bool_type": "应为布尔值",
    "bool_parsing": "应为布尔值",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "greater_than_equal": "应不小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "应不大于 {le}",
    "less_than": "应小于 {lt}",
    "string_too_long": "过长（最多 {max_length} 个字符）",
    "string_too_short": "过短（至少 {min_length} 个字符）",
    "enum": "不是允许的值（{expected}）",
    "literal_error": "不是允许的值（{expected}）",
    "json_invalid": "不是有效的 JSON",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "list_type": "应为数组",
    "extra_forbidden": "未知字段",
}

#: Names that wrap a whole request part in pydantic's error locations (not a field).
_CONTAINERS = frozenset({"body", "query", "path", "header", "cookie", "form", "payload"})


def request_lang(request: HttpRequest) -> Lang:
    """The request's language as the engine names it: "en" for English, else "zh"."""
    code = getattr(request, "LANGUAGE_CODE", None) or translation.get_language() or "zh-hans"
    return "en" if code.lower().startswith("en") else "zh"


def field_error(field: str, code: str, lang: Lang, **params: object) -> dict[str, str]:
    template = pick(FIELD_MESSAGES[code], lang)
    return {"field": field, "code": code, "message": template.format(field=field, **params)}


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
    return {"detail": pick(MESSAGES[key], lang), "errors": list(errors)}


def _pydantic_error(error: dict[str, Any], lang: Lang) -> dict[str, str]:
    loc = [str(part) for part in error.get("loc", ())]
    while loc and loc[0] in _CONTAINERS:
        loc.pop(0)
    field = ".".join(loc)
    code = str(error.get("type", "invalid"))
    english = str(error.get("msg", code))
    if lang == "en":
        return {"field": field, "code": code, "message": f"field {field}: {english}"}
    template = _PYDANTIC_ZH.get(code)
    params = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    text = template.format_map(_Missing(params)) if template else f"无效（{english}）"
    return {"field": field, "code": code, "message": f"字段 {field}：{text}"}


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
