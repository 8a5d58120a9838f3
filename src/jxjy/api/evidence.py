"""Evidence files (金华（八）): `/api/evidence...`. Upload one (multipart) to a record, a
project or a session; list and download those you may see; remove one. The same scope
and services as the pages (`ledger.selectors`, `ledger.evidence`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import Field, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from jxjy.api.auth import actor
from jxjy.api.errors import ApiError, field_error, request_lang
from jxjy.api.schemas import OPTIONAL_FILE, ErrorOut, PageQuery, page_of
from jxjy.downloads import file_response
from jxjy.ledger.evidence import EvidenceInvalid, evidence_attach, evidence_remove
from jxjy.ledger.models import Evidence
from jxjy.ledger.selectors import evidence_get, evidence_list, evidence_target_get
from jxjy.uploads import too_large

router = Router(tags=["evidence"])

TargetKind = Literal["record", "project", "session"]


class EvidenceOut(Schema):
    id: int
    target: TargetKind
    target_id: int
    kind: str = Field(description="photo, video or scan")
    content_type: str = Field(description="The type its content showed")
    size: int = Field(description="Bytes")
    sha256: str
    description: str
    uploaded_at: dt.datetime
    url: str = Field(description="Where to download it (with the same credentials)")


class EvidencePage(Schema):
    count: int
    page: int
    size: int
    items: list[EvidenceOut]


class EvidenceQuery(PageQuery):
    record: int | None = Field(None, description="Of this record")
    project: int | None = Field(None, description="Of this project (not its sessions)")
    session: int | None = Field(None, description="Of this session")


class EvidenceIn(Schema):
    target: TargetKind
    target_id: int
    description: str = Field("", max_length=200)


def evidence_out(evidence: Evidence) -> dict[str, Any]:
    key = "record" if evidence.record_id else "session" if evidence.session_id else "project"
    return {
        "id": evidence.pk,
        "target": key,
        "target_id": getattr(evidence, f"{key}_id"),
        "kind": evidence.kind,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "description": evidence.description,
        "uploaded_at": evidence.uploaded_at,
        "url": reverse("api:evidence_file", kwargs={"evidence_id": evidence.pk}),
    }


@router.get("/evidence", response=EvidencePage, url_name="evidence_list")
def evidence_list_view(request: HttpRequest, query: Query[EvidenceQuery]) -> dict[str, Any]:
    """The evidence files you may see, newest first, optionally of one target."""
    rows = evidence_list(user=actor(request))
    for name in ("record", "project", "session"):
        value = getattr(query, name)
        if value is not None:
            rows = rows.filter(**{f"{name}_id": value})
    return page_of(rows.order_by("-id"), query.page, query.size, evidence_out)


@router.get(
    "/evidence/{evidence_id}",
    response={200: EvidenceOut, 404: ErrorOut},
    url_name="evidence_detail",
)
def evidence_detail_view(request: HttpRequest, evidence_id: int) -> dict[str, Any]:
    return evidence_out(evidence_get(user=actor(request), pk=evidence_id))


@router.get(
    "/evidence/{evidence_id}/file",
    response={200: None, 404: ErrorOut},
    url_name="evidence_file",
)
def evidence_file_view(request: HttpRequest, evidence_id: int) -> HttpResponseBase:
    """The file itself, as the pages serve it (`X-Content-Type-Options: nosniff`)."""
    return file_response(evidence_get(user=actor(request), pk=evidence_id), request)


@router.post(
    "/evidence",
    response={201: EvidenceOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    url_name="evidence_upload",
)
def evidence_upload_view(
    request: HttpRequest, payload: Form[EvidenceIn], file: UploadedFile | None = OPTIONAL_FILE
) -> Status[dict[str, Any]]:
    """Attach a file (multipart/form-data: `target`, `target_id`, `description`, `file`).
    Its content decides what it is; nothing is stored when it is refused (422)."""
    user = actor(request)
    target = evidence_target_get(user=user, kind=payload.target, pk=payload.target_id)
    if file is None:
        if too_large(request) is None:
            lang = request_lang(request)
            raise ApiError(422, "invalid", [field_error("file", "required", lang)])
        raise EvidenceInvalid.too_large()
    evidence = evidence_attach(
        actor=user,
        target=target,
        file=file,
        name=file.name or "",
        description=payload.description,
    )
    return Status(201, evidence_out(evidence))


@router.delete(
    "/evidence/{evidence_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    url_name="evidence_remove",
)
def evidence_remove_view(request: HttpRequest, evidence_id: int) -> Status[None]:
    """Remove a file (the organisation that registered the record or runs the project, or
    an operator; from a record only while it waits for its decision)."""
    user = actor(request)
    evidence = evidence_get(user=user, pk=evidence_id)
    evidence_remove(actor=user, evidence=evidence)
    return Status(204, None)
