"""The public catalogue of approved projects and filed training bases (宁波 第九条: bases
disclose their scope, content and fees), and the learner's side of training: enrolling,
their enrolments, and checking in at a session."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.accounts.models import Role, User
from jxjy.policy.messages import SUBJECT_LABELS
from jxjy.regions.models import Region
from jxjy.training import selectors, services
from jxjy.training.models import Project
from jxjy.web import presenters
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.forms_training import CheckinForm
from jxjy.web.views_projects import PER_PAGE, project_line


def _filters(request: HttpRequest) -> dict[str, str]:
    region = request.GET.get("region", "").strip()
    subject = request.GET.get("subject", "")
    return {
        "q": request.GET.get("q", "").strip()[:64],
        "region": region if region.isdigit() and len(region) == 6 else "",
        "subject": subject if subject in {s.value for s in SUBJECT_LABELS} else "",
    }


def _regions() -> list[Region]:
    """The provinces and cities a visitor may narrow a list to."""
    return list(Region.objects.exclude(level=Region.Level.COUNTY).order_by("code"))


def catalogue(request: HttpRequest) -> HttpResponse:
    """Approved projects, for anyone: search, region, subject, open for enrolment."""
    chosen = _filters(request)
    open_only = request.GET.get("open") == "1"
    rows = selectors.catalogue(
        q=chosen["q"],
        region=chosen["region"],
        subject=chosen["subject"],
        open_on=timezone.localdate() if open_only else None,
        employer_id=selectors.employer_of(request.user),
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    lang = presenters.page_lang()
    return render(
        request,
        "web/catalogue.html",
        {
            "page_obj": page,
            "lines": [project_line(p) for p in page.object_list],
            **chosen,
            "open": open_only,
            "regions": _regions(),
            "subjects": [(s.value, presenters.subject_text(s.value, lang)) for s in SUBJECT_LABELS],
        },
    )


def catalogue_project(request: HttpRequest, pk: int) -> HttpResponse:
    project = (
        selectors.catalogue(employer_id=selectors.employer_of(request.user)).filter(pk=pk).first()
    )
    if project is None:
        return render(request, "web/catalogue_missing.html", status=404)
    user = request.user
    enrolled = (
        isinstance(user, User)
        and user.role == Role.LEARNER
        and user.person_id is not None
        and project.enrolments.filter(person_id=user.person_id).exists()
    )
    return render(
        request,
        "web/catalogue_project.html",
        {
            **project_line(project),
            "sessions": list(project.sessions.all()),
            "enrolled": enrolled,
            "open": project.enrol_until >= timezone.localdate(),
            "places_left": max(project.capacity - project.enrolled, 0),  # type: ignore[attr-defined]
        },
    )


def bases(request: HttpRequest) -> HttpResponse:
    chosen = _filters(request)
    rows = selectors.bases(q=chosen["q"], region=chosen["region"])
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/bases.html",
        {"page_obj": page, "q": chosen["q"], "region": chosen["region"], "regions": _regions()},
    )


@require_POST
@role_required(Role.LEARNER)
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    employer_id = selectors.employer_of(user)
    project = selectors.catalogue(employer_id=employer_id).filter(pk=pk).first()
    if project is None:
        raise PermissionDenied
    try:
        services.enrolment_create(actor=user, project=project)
    except services.TrainingRefused as refused:
        messages.error(request, refused.text())
        return redirect("catalogue-project", pk)
    messages.success(request, _("You are enrolled in “%(title)s”.") % {"title": project.title})
    return redirect("learner-training")


@role_required(Role.LEARNER)
def my_training(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    lines = []
    for enrolment in selectors.enrolments_of(user=user):
        present = {a.session_id for a in enrolment.attendance.all()}
        sessions = list(enrolment.project.sessions.all())
        lines.append(
            {
                **project_line(enrolment.project),
                "enrolment": enrolment,
                "sessions": [(s, s.pk in present) for s in sessions],
            }
        )
    return render(
        request, "web/learner_training.html", {"lines": lines, "today": timezone.localdate()}
    )


@role_required(Role.LEARNER)
def learner_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Check in with the code shown at the session: the QR code opens this page with the
    code filled in; it can also be typed."""
    user = acting_user(request)
    session = selectors.session_for_checkin(user=user, pk=pk)
    if request.method == "POST":
        form = CheckinForm(request.POST)
        if form.is_valid():
            try:
                services.checkin_create(actor=user, session=session, code=form.cleaned_data["code"])
            except services.TrainingRefused as refused:
                form.add_error("code" if refused.field == "code" else None, refused.text())
            else:
                messages.success(request, _("You are checked in. Welcome!"))
                return redirect("learner-training")
        status = 400
    else:
        form = CheckinForm(initial={"code": request.GET.get("code", "")[:6]})
        status = 200
    project: Project = session.project
    return render(
        request,
        "web/learner_checkin.html",
        {**project_line(project), "session": session, "form": form},
        status=status,
    )


@require_POST
@role_required(Role.LEARNER)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    enrolment = selectors.enrolment_of(user=user, pk=pk)
    try:
        services.enrolment_withdraw(actor=user, enrolment=enrolment)
    except services.TrainingRefused as refused:
        messages.error(request, refused.text())
    else:
        messages.success(
            request, _("You withdrew from “%(title)s”.") % {"title": enrolment.project.title}
        )
    return redirect("learner-training")
