"""The organiser's training projects (a training base, or an employer running its own
training): the list, a project with its sessions and filing, and its participants with
attendance, results and the one step that registers their hours."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jxjy.accounts.models import Role
from jxjy.audit.models import AuditEntry
from jxjy.training import selectors, services
from jxjy.training.models import Enrolment, Project
from jxjy.web import presenters
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.forms_training import BulkEnrolForm, ProjectForm, SessionForm

ORGANISERS = (Role.PROVIDER, Role.EMPLOYER, Role.OPERATOR)
PER_PAGE = 25


def project_line(project: Project) -> dict[str, object]:
    lang = presenters.page_lang()
    return {
        "project": project,
        "kind": presenters.kind_text(project.kind, lang),
        "subject": presenters.subject_text(project.subject, lang),
        "level": presenters.level_text(project.level, lang) if project.level else "",
    }


@role_required(*ORGANISERS)
def projects(request: HttpRequest) -> HttpResponse:
    """The organisation's projects in every state, newest first; by status and words."""
    user = acting_user(request)
    status = request.GET.get("status", "")
    if status not in Project.Status.values:
        status = ""
    q = request.GET.get("q", "").strip()[:64]
    rows = selectors.projects_managed(user=user)
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(filing_number__icontains=q))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/training_projects.html",
        {
            "page_obj": page,
            "lines": [project_line(p) for p in page.object_list],
            "q": q,
            "status": status,
            "statuses": [("", _("Any status")), *Project.Status.choices],
            "can_create": user.role != Role.OPERATOR,
        },
    )


@role_required(Role.PROVIDER, Role.EMPLOYER)
def project_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    lang = presenters.page_lang()
    form = ProjectForm(request.POST or None, lang=lang)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=user, data=form.cleaned_data)
        except services.TrainingRefused as refused:
            form.add_refused(refused)
        else:
            messages.success(request, _("Draft saved. Add its sessions, then file it."))
            return redirect("project-detail", project.pk)
    status = 400 if form.errors else 200
    return render(request, "web/training_project_form.html", {"form": form}, status=status)


@role_required(*ORGANISERS)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.project_managed_get(user=user, pk=pk)
    if not project.editable:
        messages.error(request, _("A filed or approved project cannot be changed."))
        return redirect("project-detail", project.pk)
    form = ProjectForm(request.POST or None, instance=project, lang=presenters.page_lang())
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=user, project=project, data=form.cleaned_data)
        except services.TrainingRefused as refused:
            form.add_refused(refused)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("project-detail", project.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "web/training_project_form.html",
        {"form": form, "project": project},
        status=status,
    )


#: The project's steps as its history shows them (the audit trail's action names).
STEPS = {
    "project.create": gettext_lazy("Drafted"),
    "project.update": gettext_lazy("Details changed"),
    "session.add": gettext_lazy("Session added"),
    "session.remove": gettext_lazy("Session removed"),
    "project.file": gettext_lazy("Filed with the HR bureau"),
    "project.approve": gettext_lazy("Approved"),
    "project.return": gettext_lazy("Returned for changes"),
    "enrolment.create": gettext_lazy("A learner enrolled"),
    "enrolment.create_bulk": gettext_lazy("Enrolled by the organiser"),
    "enrolment.withdraw": gettext_lazy("A learner withdrew"),
    "attendance.checkin": gettext_lazy("A learner checked in"),
    "attendance.record": gettext_lazy("Attendance recorded by hand"),
    "enrolment.result": gettext_lazy("Assessment result recorded"),
    "project.register_results": gettext_lazy("Hours registered to the ledger"),
}


def _history(project: Project) -> list[dict[str, object]]:
    """The latest steps of the project, newest first, each with who took it."""
    entries = (
        AuditEntry.objects.filter(target_type="training.project", target_id=str(project.pk))
        .select_related("actor")
        .order_by("-at", "-id")[:50]
    )
    return [{"entry": e, "step": STEPS.get(e.action, e.action)} for e in entries]


@role_required(*ORGANISERS)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.project_managed_get(user=user, pk=pk)
    return _detail(request, project, SessionForm())


def _detail(
    request: HttpRequest, project: Project, session_form: SessionForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "web/training_project.html",
        {
            **project_line(project),
            "sessions": list(project.sessions.all()),
            "session_form": session_form,
            "history": _history(project),
        },
        status=status,
    )


@require_POST
@role_required(*ORGANISERS)
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.project_managed_get(user=user, pk=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.session_add(actor=user, project=project, data=form.cleaned_data)
        except services.TrainingRefused as refused:
            form.add_refused(refused)
        else:
            messages.success(request, _("Session added."))
            return redirect("project-detail", project.pk)
    return _detail(request, project, form, status=400)


@require_POST
@role_required(*ORGANISERS)
def session_remove(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    user = acting_user(request)
    session = selectors.session_managed_get(user=user, pk=session_pk)
    if session.project_id != pk:
        raise PermissionDenied
    try:
        services.session_remove(actor=user, session=session)
    except services.TrainingRefused as refused:
        messages.error(request, refused.text())
    else:
        messages.success(request, _("Session removed."))
    return redirect("project-detail", pk)


@require_POST
@role_required(*ORGANISERS)
def project_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.project_managed_get(user=user, pk=pk)
    try:
        services.project_file(actor=user, project=project)
    except services.TrainingRefused as refused:
        messages.error(request, refused.text())
    else:
        messages.success(request, _("Filed. The HR bureau will approve it or return it."))
    return redirect("project-detail", project.pk)


@role_required(*ORGANISERS)
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.project_managed_get(user=user, pk=pk)
    return _participants(request, project, BulkEnrolForm())


def _participants(
    request: HttpRequest,
    project: Project,
    enrol_form: BulkEnrolForm,
    problems: list[services.LineProblem] | None = None,
    status: int = 200,
) -> HttpResponse:
    sessions = list(project.sessions.all())
    rows = []
    to_register = 0
    for enrolment in selectors.roster(project=project):
        to_register += enrolment.result == Enrolment.Result.PASSED and not enrolment.granted_at
        present = {a.session_id for a in enrolment.attendance.all()}
        rows.append(
            {
                "enrolment": enrolment,
                "id_number": enrolment.person.masked_id_number,
                "marks": [s.pk in present for s in sessions],
                "attended": len(present),
            }
        )
    return render(
        request,
        "web/training_participants.html",
        {
            **project_line(project),
            "sessions": sessions,
            "rows": rows,
            "results": Enrolment.Result.choices,
            "enrol_form": enrol_form,
            "problems": problems or [],
            "to_register": to_register,
        },
        status=status,
    )


@require_POST
@role_required(*ORGANISERS)
def enrol_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.project_managed_get(user=user, pk=pk)
    form = BulkEnrolForm(request.POST)
    if form.is_valid():
        try:
            made = services.enrolments_create_bulk(
                actor=user, project=project, lines=form.cleaned_data["id_numbers"].splitlines()
            )
        except services.BulkRefused as refused:
            return _participants(request, project, form, refused.problems, status=400)
        except services.TrainingRefused as refused:
            form.add_error("id_numbers", refused.text())
        else:
            messages.success(request, _("Enrolled %(count)s people.") % {"count": len(made)})
            return redirect("project-participants", project.pk)
    return _participants(request, project, form, status=400)


@require_POST
@role_required(*ORGANISERS)
def results_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the results chosen on the participants page (one select a participant)."""
    user = acting_user(request)
    project = selectors.project_managed_get(user=user, pk=pk)
    changed = 0
    for enrolment in project.enrolments.all():
        chosen = request.POST.get(f"result-{enrolment.pk}")
        if chosen is None or chosen not in Enrolment.Result.values or chosen == enrolment.result:
            continue
        try:
            services.result_set(actor=user, enrolment=enrolment, result=Enrolment.Result(chosen))
        except services.TrainingRefused as refused:
            messages.error(request, f"{enrolment.person.name}: {refused.text()}")
        else:
            changed += 1
    messages.success(request, _("Saved %(count)s results.") % {"count": changed})
    return redirect("project-participants", project.pk)


@require_POST
@role_required(*ORGANISERS)
def results_register(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = selectors.project_managed_get(user=user, pk=pk)
    try:
        granted = services.results_register(actor=user, project=project)
    except services.TrainingRefused as refused:
        messages.error(request, refused.text())
        return redirect("project-participants", project.pk)
    messages.success(
        request,
        _(
            "Registered %(records)s records for %(people)s people. They count once an HR "
            "reviewer verifies them."
        )
        % {"records": granted.records, "people": granted.people},
    )
    if granted.without_attendance:
        names = "、".join(e.person.name for e in granted.without_attendance)
        messages.warning(
            request,
            _("Passed but attended no session, so nothing was registered: %(names)s")
            % {"names": names},
        )
    return redirect("project-participants", project.pk)
