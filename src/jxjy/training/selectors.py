"""Reads of training, scoped to the acting user; the public catalogue needs no user."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from jxjy.accounts import scope
from jxjy.accounts.models import Role, User
from jxjy.orgs.models import Organisation
from jxjy.training.models import Attendance, Enrolment, Project, ProjectSession


def project_list(*, user: User) -> QuerySet[Project]:
    """The projects `user` may see (see `accounts.scope.projects_q`)."""
    return (
        Project.objects.filter(scope.projects_q(user))
        .select_related("provider", "region")
        .annotate(enrolled=Count("enrolments"))
        .order_by("-start_date", "-id")
    )


def project_get(*, user: User, pk: int) -> Project:
    project = project_list(user=user).filter(pk=pk).first()
    if project is None:
        raise Http404
    return project


def project_managed_get(*, user: User, pk: int) -> Project:
    """A project `user` organises (or any, for an operator); 404 otherwise."""
    project = project_get(user=user, pk=pk)
    if not scope.can_manage_project(user, project):
        raise Http404
    return project


def projects_managed(*, user: User) -> QuerySet[Project]:
    """The projects of the user's own organisation, in every state."""
    projects = project_list(user=user)
    if user.role == Role.OPERATOR:
        return projects
    return projects.filter(provider_id=user.organisation_id)


def filing_queue(*, user: User) -> QuerySet[Project]:
    """Filed projects waiting for a decision that `user` may take, oldest first."""
    projects = project_list(user=user).filter(status=Project.Status.FILED)
    if user.role == Role.REVIEWER and user.region is not None:
        projects = projects.filter(region__path__startswith=user.region.path)
    elif user.role != Role.OPERATOR:
        return projects.none()
    return projects.order_by("filed_at", "id")


def catalogue(
    *,
    q: str = "",
    region: str = "",
    subject: str = "",
    open_on: object = None,
    employer_id: int | None = None,
) -> QuerySet[Project]:
    """Approved projects of training bases, for anyone, and of the employer `employer_id`
    (an employer's own training is for its own people): by words in the title, occupation
    or organiser, by region code (and the regions below it), by subject, and open for
    enrolment on a day."""
    shown = Q(provider__kind=Organisation.Kind.PROVIDER)
    if employer_id is not None:
        shown |= Q(provider_id=employer_id)
    projects = (
        Project.objects.filter(shown, status=Project.Status.APPROVED)
        .select_related("provider", "region")
        .annotate(enrolled=Count("enrolments"))
    )
    if q:
        projects = projects.filter(
            Q(title__icontains=q) | Q(occupation__icontains=q) | Q(provider__name__icontains=q)
        )
    if region:
        projects = projects.filter(region__path__contains=f"{region}/")
    if subject:
        projects = projects.filter(subject=subject)
    if open_on is not None:
        projects = projects.filter(enrol_until__gte=open_on)
    return projects.order_by("-start_date", "-id")


def bases(*, q: str = "", region: str = "") -> QuerySet[Organisation]:
    """Filed training bases and what they disclose (宁波 第九条; 南通 第二十二条)."""
    found = Organisation.objects.filter(
        kind=Organisation.Kind.PROVIDER, filing=Organisation.Filing.FILED
    ).select_related("region")
    if q:
        found = found.filter(Q(name__icontains=q) | Q(scope__icontains=q))
    if region:
        found = found.filter(region__path__contains=f"{region}/")
    return found.order_by("name", "id")


def roster(*, project: Project) -> QuerySet[Enrolment]:
    """A project's participants with their attendance, for its organiser's pages (the
    caller has checked the user manages the project)."""
    return (
        project.enrolments.select_related("person")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.only("session_id")))
        .order_by("person__name", "id")
    )


def session_managed_get(*, user: User, pk: int) -> ProjectSession:
    session = ProjectSession.objects.select_related("project__region").filter(pk=pk).first()
    if session is None or not scope.can_manage_project(user, session.project):
        raise Http404
    return session


def enrolments_of(*, user: User) -> QuerySet[Enrolment]:
    """A learner's own enrolments, newest project first."""
    if user.role != Role.LEARNER or user.person_id is None:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(person_id=user.person_id)
        .select_related("project__provider")
        .prefetch_related("project__sessions", "attendance")
        .order_by("-project__start_date", "-id")
    )


def enrolment_of(*, user: User, pk: int) -> Enrolment:
    """One of the learner's own enrolments; 404 otherwise."""
    enrolment = enrolments_of(user=user).filter(pk=pk).first()
    if enrolment is None:
        raise Http404
    return enrolment


def session_for_checkin(*, user: User, pk: int) -> ProjectSession:
    """A session of a project the learner is enrolled in; 404 otherwise."""
    session = (
        ProjectSession.objects.select_related("project")
        .filter(pk=pk, project__enrolments__person_id=user.person_id)
        .first()
        if user.role == Role.LEARNER and user.person_id is not None
        else None
    )
    if session is None:
        raise Http404
    return session


def employer_of(user: object) -> int | None:
    """The employer whose own training `user` may see in the catalogue: a learner's."""
    if isinstance(user, User) and user.role == Role.LEARNER and user.person is not None:
        return user.person.employer_id
    return None
