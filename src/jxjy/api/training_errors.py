"""The training services' refusals as API errors, in the shape of `api/errors.py`.

- `TrainingRefused` about a field (`field` set), or raised by the model's own validation:
  422, the field, the refusal's code and why in `errors`.
- `TrainingRefused` about the project's state (no field: filed, closed, full, not open
  now...): 409, with why as the `detail` and the refusal's `code`.
- `BulkRefused`: 422 with every problem of a bulk enrolment by line, each with its code.

The services' messages are gettext messages, so they come in the request's language as
Django activated it from `Accept-Language`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from jxjy.api.errors import MESSAGES, request_lang
from jxjy.policy.messages import Lang, pick
from jxjy.training.services import BulkRefused, TrainingRefused

#: A problem of one line of a bulk enrolment.
LINE = ("第 {line} 行：{message}", "line {line}: {message}")
FIELD = "id_numbers"

#: Field-level messages of the training API's own checks, by code (as `errors.FIELD_MESSAGES`).
FIELD_MESSAGES: dict[str, tuple[str, str]] = {
    "unknown_organiser": (
        "字段 {field}：没有此培训机构或用人单位",
        "field {field}: no such training base or employer",
    ),
    "unknown_enrolment": (
        "字段 {field}：以下报名不属于本项目：{ids}",
        "field {field}: not enrolments of this project: {ids}",
    ),
}


def field_problem(field: str, code: str, lang: Lang, **params: object) -> dict[str, str]:
    template = pick(FIELD_MESSAGES[code], lang)
    return {"field": field, "code": code, "message": template.format(field=field, **params)}


def refused_body(exc: TrainingRefused, request: HttpRequest) -> tuple[int, dict[str, object]]:
    text = exc.text()
    if not exc.field and not isinstance(exc.__cause__, ValidationError):
        return 409, {"detail": text, "code": exc.code, "errors": []}
    error = {"field": exc.field, "code": exc.code, "message": text}
    return 422, {"detail": pick(MESSAGES["invalid"], request_lang(request)), "errors": [error]}


def bulk_body(exc: BulkRefused, request: HttpRequest) -> dict[str, object]:
    lang = request_lang(request)
    errors = [
        {
            "field": FIELD,
            "line": p.line,
            "code": p.code,
            "message": pick(LINE, lang).format(line=p.line, message=p.message)
            if p.line
            else p.message,
        }
        for p in exc.problems
    ]
    return {"detail": pick(MESSAGES["invalid"], lang), "errors": errors}


def _status_body(exc: object, request: HttpRequest) -> tuple[int, dict[str, object]]:
    if isinstance(exc, BulkRefused):
        return 422, bulk_body(exc, request)
    if isinstance(exc, TrainingRefused):
        return refused_body(exc, request)
    raise TypeError(f"no error response for {type(exc).__name__}")


def install(api: NinjaAPI) -> None:
    def handle(request: HttpRequest, exc: object) -> HttpResponse:
        status, body = _status_body(exc, request)
        return api.create_response(request, body, status=status)

    for exc_class in (TrainingRefused, BulkRefused):
        api.add_exception_handler(exc_class, handle)
