"""Credit records you may see, and the ledger's writes: `/api/records...`.

Every write goes through `jxjy.ledger.services`, which checks permission, validates the
fields with the engine's own parser, writes one transaction and leaves an audit row.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from jxjy.accounts import scope
from jxjy.api.auth import actor
from jxjy.api.errors import ApiError, field_error, request_lang
from jxjy.api.schemas import (
    ErrorOut,
    RecordCreate,
    RecordOut,
    RecordPage,
    RecordQuery,
    RejectIn,
    SupersedeIn,
    page_of,
    record_out,
)
from jxjy.ledger import services
from jxjy.ledger.codec import year_expression
from jxjy.ledger.models import Source
from jxjy.ledger.selectors import record_get, record_list
from jxjy.people.models import Person
from jxjy.people.selectors import person_find_by_id_number, person_get
from jxjy.training.selectors import project_get

router = Router(tags=["records"])

WRITE_ERRORS: dict[int, type[ErrorOut]] = {
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


@router.get("/records", response=RecordPage, url_name="record_list")
def record_list_view(request: HttpRequest, query: Query[RecordQuery]) -> dict[str, Any]:
    """The records you may see, newest first, optionally of one person, status, kind or
    year (the year the activity ends in, which is the year it counts in)."""
    records = record_list(user=actor(request))
    if query.person is not None:
        records = records.filter(person_id=query.person)
    if query.status is not None:
        records = records.filter(status=query.status)
    if query.kind is not None:
        records = records.filter(kind=query.kind)
    if query.year is not None:
        records = records.alias(year=year_expression()).filter(year=query.year)
    return page_of(records.order_by("-id"), query.page, query.size, record_out)


@router.get(
    "/records/{record_id}",
    response={200: RecordOut, 404: ErrorOut},
    url_name="record_detail",
)
def record_detail_view(request: HttpRequest, record_id: int) -> dict[str, Any]:
    return record_out(record_get(user=actor(request), pk=record_id))


@router.post(
    "/records",
    response={201: RecordOut, **WRITE_ERRORS},
    url_name="record_register",
)
def record_register_view(request: HttpRequest, payload: RecordCreate) -> Status[dict[str, Any]]:
    """Register one activity (source "api"). Name the person by `person_id`, or by
    `id_number` for a trainee you have not registered anything for yet. It counts once an
    HR reviewer verifies it."""
    user = actor(request)
    lang = request_lang(request)
    fields = payload.sent()
    project_pk = fields.pop("project", None)
    project = None if project_pk is None else project_get(user=user, pk=payload.project or 0)
    person_pk = fields.pop("person_id", None)
    number = fields.pop("id_number", None)
    if (person_pk is None) == (number is None):
        raise ApiError(422, "invalid", [field_error("person_id|id_number", "one_of", lang)])
    person: Person | None
    if isinstance(person_pk, int):
        person = person_get(user=user, pk=person_pk)
    else:
        # Whether a number exists is itself personal data: "not found" and "not yours to
        # register" answer alike.
        person = person_find_by_id_number(id_number=str(number))
        if person is None or not scope.can_register(user, person):
            raise ApiError(422, "invalid", [field_error("id_number", "unknown_person", lang)])
    record = services.record_register(
        actor=user, person=person, fields=fields, source=Source.API, project=project
    )
    return Status(201, record_out(record))


@router.post(
    "/records/{record_id}/verify",
    response={200: RecordOut, **WRITE_ERRORS},
    url_name="record_verify",
)
def record_verify_view(request: HttpRequest, record_id: int) -> dict[str, Any]:
    """Verify a registered record (HR reviewers over the person's region, operators)."""
    user = actor(request)
    record = record_get(user=user, pk=record_id)
    return record_out(services.record_verify(actor=user, record=record))


@router.post(
    "/records/{record_id}/reject",
    response={200: RecordOut, **WRITE_ERRORS},
    url_name="record_reject",
)
def record_reject_view(request: HttpRequest, record_id: int, payload: RejectIn) -> dict[str, Any]:
    """Reject a registered record, with a reason the learner and registrant will see."""
    user = actor(request)
    record = record_get(user=user, pk=record_id)
    if not payload.reason.strip():
        raise ApiError(422, "invalid", [field_error("reason", "required", request_lang(request))])
    return record_out(services.record_reject(actor=user, record=record, reason=payload.reason))


@router.post(
    "/records/{record_id}/supersede",
    response={201: RecordOut, **WRITE_ERRORS},
    url_name="record_supersede",
)
def record_supersede_view(
    request: HttpRequest, record_id: int, payload: SupersedeIn
) -> Status[dict[str, Any]]:
    """Correct a record: a new record with `fields` replaces it; the old one stays in the
    ledger as superseded. Only the organisation that registered it, or an operator."""
    user = actor(request)
    lang = request_lang(request)
    record = record_get(user=user, pk=record_id)
    problems = []
    if not payload.reason.strip():
        problems.append(field_error("reason", "required", lang))
    fields = payload.fields.sent()
    problems += [
        field_error(name, "unknown_field", lang)
        for name in ("person_id", "id_number")
        if name in fields
    ]
    if problems:
        raise ApiError(422, "invalid", problems)
    new = services.record_supersede(actor=user, record=record, fields=fields, reason=payload.reason)
    return Status(201, record_out(new))
