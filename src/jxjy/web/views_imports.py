"""Roster imports: the templates, uploading a file, the history of batches, and a batch's
preview (counts, problems by row and column), progress, commit and error report."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jxjy.accounts.models import Role
from jxjy.imports import services
from jxjy.imports.columns import BY_FIELD
from jxjy.imports.files import FileRefused, refuse
from jxjy.imports.models import ImportBatch
from jxjy.imports.problems import problem_message
from jxjy.imports.report import report_xlsx
from jxjy.imports.selectors import batch_get, batch_list, batch_problems, batch_status
from jxjy.imports.services import too_big
from jxjy.imports.template import template_csv, template_xlsx
from jxjy.uploads import too_large
from jxjy.web import presenters
from jxjy.web.decorators import acting_user, role_required

IMPORTERS = (Role.PROVIDER, Role.EMPLOYER, Role.OPERATOR)
PER_PAGE = 25
PROBLEMS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*IMPORTERS)
def batches(request: HttpRequest) -> HttpResponse:
    """The upload form, the templates and the batches uploaded so far."""
    return _list_page(request, None)


def _list_page(request: HttpRequest, refused: FileRefused | None) -> HttpResponse:
    user = acting_user(request)
    page = Paginator(batch_list(user=user), PER_PAGE).get_page(request.GET.get("page"))
    lang = presenters.page_lang()
    context = {
        "page_obj": page,
        "batches": page.object_list,
        "errors": [p.message(lang) for p in refused.problems] if refused else [],
        "earlier": getattr(refused, "earlier", None),
    }
    return render(request, "web/imports_list.html", context, status=400 if refused else 200)


@role_required(*IMPORTERS)
def upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("imports")
    user = acting_user(request)
    uploaded = request.FILES.get("file")
    try:
        if uploaded is None:
            dropped = too_large(request)
            raise too_big(dropped) if dropped is not None else refuse("empty_upload")
        batch = services.batch_upload(
            actor=user,
            filename=uploaded.name or "",
            chunks=uploaded.chunks(),
            size=uploaded.size or 0,
        )
    except FileRefused as refused:
        return _list_page(request, refused)
    messages.success(request, _("The file was uploaded; every row is being checked."))
    return redirect("imports-detail", pk=batch.pk)


@role_required(*IMPORTERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch: its status and progress, and once checked, what will be registered and
    each problem by row, column and reason."""
    user = acting_user(request)
    batch = batch_get(user=user, pk=pk)
    lang = presenters.page_lang()
    page = Paginator(batch_problems(batch=batch), PROBLEMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    problems = [
        {
            "row": p.row,
            "column": BY_FIELD[p.column].header if p.column in BY_FIELD else p.column,
            "field": p.column,
            "message": problem_message(p.row, p.column, p.code, p.params.items(), lang),
        }
        for p in page.object_list
    ]
    return render(
        request,
        "web/imports_detail.html",
        {
            "batch": batch,
            "state": batch_status(batch=batch),
            "page_obj": page,
            "problems": problems,
        },
    )


@role_required(*IMPORTERS)
def status(request: HttpRequest, pk: int) -> JsonResponse:
    """The batch's status and progress, for the page's progress bar to poll."""
    batch = batch_get(user=acting_user(request), pk=pk)
    state = batch_status(batch=batch)
    state["detail_url"] = reverse("imports-detail", args=[batch.pk])
    return JsonResponse(state, json_dumps_params={"ensure_ascii": False})


@role_required(*IMPORTERS)
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("imports-detail", pk=pk)
    user = acting_user(request)
    batch = batch_get(user=user, pk=pk)
    try:
        services.batch_commit_request(actor=user, batch=batch)
    except services.NotReady:
        messages.error(
            request, _("This batch cannot be registered: it has problems or is not checked yet.")
        )
    else:
        messages.success(request, _("Registering the records; all of them or none."))
    return redirect("imports-detail", pk=pk)


@role_required(*IMPORTERS)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The file's rows with the problems of each beside it, as XLSX."""
    batch = batch_get(user=acting_user(request), pk=pk)
    content = report_xlsx(batch=batch, lang=presenters.page_lang())
    return _download(content, f"import-{batch.pk}-problems.xlsx", XLSX)


@role_required(*IMPORTERS)
def template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt == ImportBatch.Format.CSV:
        return _download(template_csv(), "roster-template.csv", "text/csv; charset=utf-8")
    return _download(template_xlsx(), "roster-template.xlsx", XLSX)
