"""The HR bureau's filings: projects filed in its region and below, to approve (with a
filing number) or to return with reasons (宁夏 三（一）)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.accounts import scope
from jxjy.accounts.models import Role
from jxjy.training import selectors, services
from jxjy.training.models import Project
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.forms_training import ReasonForm
from jxjy.web.views_projects import PER_PAGE, project_line

DECIDERS = (Role.REVIEWER, Role.OPERATOR)


@role_required(*DECIDERS)
def filings(request: HttpRequest) -> HttpResponse:
    """Filed projects waiting for a decision, oldest first."""
    user = acting_user(request)
    page = Paginator(selectors.filing_queue(user=user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/training_filings.html",
        {"page_obj": page, "lines": [project_line(p) for p in page.object_list]},
    )


def _filing_page(
    request: HttpRequest, project: Project, form: ReasonForm, status: int = 200
) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "web/training_filing.html",
        {
            **project_line(project),
            "sessions": list(project.sessions.all()),
            "form": form,
            "can_decide": project.status == Project.Status.FILED
            and scope.can_decide_project(user, project),
        },
        status=status,
    )


@role_required(*DECIDERS)
def filing(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _filing_page(request, selectors.project_get(user=user, pk=pk), ReasonForm())


@require_POST
@role_required(*DECIDERS)
def filing_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.project_get(user=user, pk=pk)
    try:
        project = services.project_approve(actor=user, project=project)
    except services.TrainingRefused as refused:
        messages.error(request, refused.text())
        return redirect("filing", pk)
    messages.success(
        request,
        _("Approved “%(title)s” with filing number %(number)s.")
        % {"title": project.title, "number": project.filing_number},
    )
    return redirect("filings")


@require_POST
@role_required(*DECIDERS)
def filing_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.project_get(user=user, pk=pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.project_return(actor=user, project=project, reason=form.cleaned_data["reason"])
        except services.TrainingRefused as refused:
            form.add_error("reason" if refused.field == "reason" else None, refused.text())
        else:
            messages.success(
                request, _("Returned “%(title)s” to its organiser.") % {"title": project.title}
            )
            return redirect("filings")
    return _filing_page(request, project, form, status=400)
