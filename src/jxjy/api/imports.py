"""Roster imports: `/api/imports...`. Upload a file (multipart), follow its check, read its
problems, ask for the commit, download the error report. The same services and selectors
as the pages (`jxjy.imports`), with the same scope: a provider or employer sees its
organisation's batches, an operator all of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.files import UploadedFile

from jxjy.accounts import scope
from jxjy.api.auth import actor
from jxjy.api.errors import ApiError, field_error, request_lang
from jxjy.api.schemas import OPTIONAL_FILE, ErrorOut, PageQuery, page_of
from jxjy.imports import services
from jxjy.imports.models import ImportProblem
from jxjy.imports.problems import problem_message
from jxjy.imports.report import report_xlsx
from jxjy.imports.selectors import batch_get, batch_list, batch_problems, batch_status
from jxjy.imports.services import too_big
from jxjy.uploads import too_large

router = Router(tags=["imports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BatchOut(Schema):
    id: int
    key: str
    filename: str
    format: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    uploaded_by: str
    status: str
    status_label: str
    working: bool
    stalled: bool
    phase: str
    phase_label: str
    progress_text: str
    done: int
    total: int
    percent: int | None
    rows: int
    problems: int
    people_to_create: int
    registered: int
    people_created: int
    can_commit: bool
    committed_at: dt.datetime | None
    failure: str


class BatchPage(Schema):
    count: int
    page: int
    size: int
    items: list[BatchOut]


class ProblemOut(Schema):
    row: int
    field: str
    code: str
    message: str


class ProblemPage(Schema):
    count: int
    page: int
    size: int
    items: list[ProblemOut]


@router.post(
    "/imports",
    response={202: BatchOut, 403: ErrorOut, 422: ErrorOut},
    url_name="import_upload",
)
def import_upload_view(
    request: HttpRequest,
    file: UploadedFile | None = OPTIONAL_FILE,
) -> Status[dict[str, Any]]:
    """Upload a roster (multipart field `file`, .xlsx or .csv). The file is refused at once
    (422, nothing kept) when it is empty, too large, not a spreadsheet, lacks a header,
    has missing or unknown columns or no rows, or was uploaded before. Otherwise every row
    is checked in the background: follow `GET /api/imports/{id}`."""
    user = actor(request)
    if not scope.can_import(user):
        raise PermissionDenied
    if file is None:
        dropped = too_large(request)
        if dropped is None:
            lang = request_lang(request)
            raise ApiError(422, "invalid", [field_error("file", "required", lang)])
        raise too_big(dropped)
    batch = services.batch_upload(
        actor=user, filename=file.name or "", chunks=file.chunks(), size=file.size or 0
    )
    return Status(202, batch_status(batch=batch))


@router.get("/imports", response=BatchPage, url_name="import_list")
def import_list_view(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Your organisation's batches (operators: all), newest first."""
    user = actor(request)
    if not scope.can_import(user):
        raise PermissionDenied
    batches = batch_list(user=user)
    return page_of(batches, query.page, query.size, lambda b: batch_status(batch=b))


@router.get(
    "/imports/{batch_id}", response={200: BatchOut, 404: ErrorOut}, url_name="import_detail"
)
def import_detail_view(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    """A batch's status, counts and the progress of its background work."""
    return batch_status(batch=batch_get(user=actor(request), pk=batch_id))


@router.get(
    "/imports/{batch_id}/problems",
    response={200: ProblemPage, 404: ErrorOut},
    url_name="import_problems",
)
def import_problems_view(
    request: HttpRequest, batch_id: int, query: Query[PageQuery]
) -> dict[str, Any]:
    """Each problem found, by row (1 = the first row under the header; 0 = the file or
    its header), field, code and message."""
    batch = batch_get(user=actor(request), pk=batch_id)
    lang = request_lang(request)

    def out(p: ImportProblem) -> dict[str, Any]:
        message = problem_message(p.row, p.column, p.code, p.params.items(), lang)
        return {"row": p.row, "field": p.column, "code": p.code, "message": message}

    return page_of(batch_problems(batch=batch), query.page, query.size, out)


@router.post(
    "/imports/{batch_id}/commit",
    response={202: BatchOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    url_name="import_commit",
)
def import_commit_view(request: HttpRequest, batch_id: int) -> Status[dict[str, Any]]:
    """Register a checked batch without problems, in the background, all or nothing.
    409 when it has problems or is not checked yet."""
    user = actor(request)
    batch = batch_get(user=user, pk=batch_id)
    batch = services.batch_commit_request(actor=user, batch=batch)
    return Status(202, batch_status(batch=batch))


@router.get(
    "/imports/{batch_id}/report",
    response={200: None, 404: ErrorOut},
    url_name="import_report",
)
def import_report_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The file's rows with each row's problems beside it, as XLSX."""
    batch = batch_get(user=actor(request), pk=batch_id)
    response = HttpResponse(report_xlsx(batch=batch, lang=request_lang(request)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-problems.xlsx"'
    return response
