"""Disputes (申诉) of credit records: `/api/disputes...`. The learner opens one on their
own record; the organisation that registered it and the HR bureau over the person's region
answer; the bureau, or the learner, closes it. The same scope and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from jxjy.api.auth import actor
from jxjy.api.schemas import ErrorOut, PageQuery, page_of
from jxjy.disputes.models import Dispute
from jxjy.disputes.selectors import dispute_get, dispute_list, dispute_messages
from jxjy.disputes.services import dispute_answer, dispute_close, dispute_open
from jxjy.ledger.selectors import record_get

router = Router(tags=["disputes"])

WRITE_ERRORS: dict[int, type[ErrorOut]] = {
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class MessageOut(Schema):
    id: int
    author: str
    role: str
    text: str
    correction: int | None = Field(description="The correcting record it points to")
    closes: bool
    at: dt.datetime


class DisputeOut(Schema):
    id: int
    record: int
    person: int
    organisation: int | None = Field(description="The organisation that registered the record")
    reason: str
    status: str = Field(description="open, answered or closed")
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    messages: list[MessageOut]


class DisputePage(Schema):
    count: int
    page: int
    size: int
    items: list[DisputeOut]


class DisputeQuery(PageQuery):
    status: Dispute.Status | None = None
    record: int | None = None


class DisputeIn(Schema):
    record_id: int
    reason: str = Field(max_length=2000)


class AnswerIn(Schema):
    text: str = Field(max_length=4000)
    correction_id: int | None = None


class CloseIn(Schema):
    text: str = Field(max_length=4000)


def _dispute_out(dispute: Dispute, messages: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": dispute.pk,
        "record": dispute.record_id,
        "person": dispute.person_id,
        "organisation": dispute.organisation_id,
        "reason": dispute.reason,
        "status": dispute.status,
        "opened_at": dispute.opened_at,
        "closed_at": dispute.closed_at,
        "messages": messages,
    }


def _full(request: HttpRequest, dispute: Dispute) -> dict[str, Any]:
    messages = [
        {
            "id": m.pk,
            "author": m.author.get_full_name() or m.author.username,
            "role": m.role,
            "text": m.text,
            "correction": m.correction_id,
            "closes": m.closes,
            "at": m.at,
        }
        for m in dispute_messages(user=actor(request), dispute=dispute)
    ]
    return _dispute_out(dispute, messages)


@router.get("/disputes", response=DisputePage, url_name="dispute_list")
def dispute_list_view(request: HttpRequest, query: Query[DisputeQuery]) -> dict[str, Any]:
    """The disputes you may see, newest first (messages are in `GET /disputes/{id}`)."""
    rows = dispute_list(user=actor(request), status=query.status or "")
    if query.record is not None:
        rows = rows.filter(record_id=query.record)
    return page_of(rows, query.page, query.size, lambda d: _dispute_out(d, []))


@router.get(
    "/disputes/{dispute_id}", response={200: DisputeOut, 404: ErrorOut}, url_name="dispute_detail"
)
def dispute_detail_view(request: HttpRequest, dispute_id: int) -> dict[str, Any]:
    return _full(request, dispute_get(user=actor(request), pk=dispute_id))


@router.post("/disputes", response={201: DisputeOut, **WRITE_ERRORS}, url_name="dispute_open")
def dispute_open_view(request: HttpRequest, payload: DisputeIn) -> Status[dict[str, Any]]:
    """Dispute one of your own records (learners), with a reason. A record has at most one
    dispute that is not closed (409 otherwise)."""
    user = actor(request)
    record = record_get(user=user, pk=payload.record_id)
    dispute = dispute_open(actor=user, record=record, reason=payload.reason)
    return Status(201, _full(request, dispute))


@router.post(
    "/disputes/{dispute_id}/answer",
    response={200: DisputeOut, **WRITE_ERRORS},
    url_name="dispute_answer",
)
def dispute_answer_view(request: HttpRequest, dispute_id: int, payload: AnswerIn) -> dict[str, Any]:
    """Answer (the registrant, the HR bureau, operators) or reply (the learner). An answer
    may name the correcting record (`correction_id`) that replaced the disputed one."""
    user = actor(request)
    dispute = dispute_get(user=user, pk=dispute_id)
    correction = None
    if payload.correction_id is not None:
        correction = record_get(user=user, pk=payload.correction_id)
    dispute_answer(actor=user, dispute=dispute, text=payload.text, correction=correction)
    return _full(request, dispute)


@router.post(
    "/disputes/{dispute_id}/close",
    response={200: DisputeOut, **WRITE_ERRORS},
    url_name="dispute_close",
)
def dispute_close_view(request: HttpRequest, dispute_id: int, payload: CloseIn) -> dict[str, Any]:
    """Close with a decision (the HR bureau over the person's region, operators) or the
    learner's word. A closed dispute takes no more messages (409)."""
    user = actor(request)
    dispute = dispute_get(user=user, pk=dispute_id)
    dispute_close(actor=user, dispute=dispute, text=payload.text)
    return _full(request, dispute)
