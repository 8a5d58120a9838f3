"""Who may see and do what: the one place the role rules live.

Selectors filter with `people_q` and `records_q`; services ask `can_register`, `can_decide`
and `can_correct`. Pages and API share them, so one permission matrix covers both.
"""

from __future__ import annotations

from django.db.models import Q

from jxjy.accounts.models import Role, User
from jxjy.ledger.models import CreditRecord
from jxjy.people.models import Person
from jxjy.training.models import Enrolment, Project

NOTHING = Q(pk__in=[])


def people_q(user: User) -> Q:
    """The people `user` may see."""
    role = user.role
    if role == Role.OPERATOR:
        return Q()
    if role == Role.LEARNER and user.person_id:
        return Q(pk=user.person_id)
    if role == Role.EMPLOYER and user.organisation_id:
        return Q(employer_id=user.organisation_id)
    if role == Role.PROVIDER and user.organisation_id:
        # People enrolled in its projects, and people it registered a record for that
        # still stands (not rejected): a rejected record gives no lasting view of a
        # stranger. Subqueries, not joins, so lists need no DISTINCT.
        standing = CreditRecord.objects.filter(
            registered_by_id=user.organisation_id,
            status__in=["registered", "verified", "superseded"],
        )
        enrolled = Enrolment.objects.filter(project__provider_id=user.organisation_id)
        return Q(pk__in=standing.values("person_id")) | Q(pk__in=enrolled.values("person_id"))
    if role == Role.REVIEWER and user.region is not None:
        return Q(region__path__startswith=user.region.path)
    return NOTHING


def records_q(user: User) -> Q:
    """The credit records `user` may see."""
    role = user.role
    if role == Role.OPERATOR:
        return Q()
    if role == Role.LEARNER and user.person_id:
        return Q(person_id=user.person_id)
    if role == Role.EMPLOYER and user.organisation_id:
        return Q(person__employer_id=user.organisation_id)
    if role == Role.PROVIDER and user.organisation_id:
        return Q(registered_by_id=user.organisation_id)
    if role == Role.REVIEWER and user.region is not None:
        return Q(person__region__path__startswith=user.region.path)
    return NOTHING


def sees_standing(user: User) -> bool:
    """Whether `user` may see a person's year as a whole (all their verified records and
    the result). A provider sees only the records it registered itself."""
    return user.role != Role.PROVIDER


def sees_whole_id_number(user: User, person: Person) -> bool:
    """Only the person themself and operators see a resident ID number unmasked."""
    return user.role == Role.OPERATOR or (user.role == Role.LEARNER and user.person_id == person.pk)


def can_register(user: User, person: Person) -> bool:
    """Providers register for anyone they trained; employers for their own people
    (their own training and self-study); operators for anyone."""
    return can_register_employee_of(user, person.employer_id)


def can_register_employee_of(user: User, employer_id: int | None) -> bool:
    """`can_register` for a person employed by `employer_id` (None: no employer on file)."""
    if user.role == Role.OPERATOR:
        return True
    if user.role == Role.PROVIDER:
        return user.organisation_id is not None
    if user.role == Role.EMPLOYER:
        return user.organisation_id is not None and employer_id == user.organisation_id
    return False


def can_import(user: User) -> bool:
    """Upload a roster file: those who register records (providers, employers running their
    own training) and operators."""
    if user.role == Role.OPERATOR:
        return True
    return user.role in (Role.PROVIDER, Role.EMPLOYER) and user.organisation_id is not None


def import_batches_q(user: User) -> Q:
    """The import batches `user` may see and commit: its organisation's; operators all."""
    if user.role == Role.OPERATOR:
        return Q()
    if can_import(user):
        return Q(organisation_id=user.organisation_id)
    return NOTHING


def employer_of_new_people(user: User) -> int | None:
    """The employer a person an import creates must have: an employer registers only its
    own employees; for others, the row's employer (or none)."""
    return user.organisation_id if user.role == Role.EMPLOYER else None


def can_decide(user: User, record: CreditRecord) -> bool:
    """Verify or reject: an HR reviewer over the person's region, or an operator."""
    if user.role == Role.OPERATOR:
        return True
    if user.role == Role.REVIEWER and user.region is not None:
        return record.person.region.path.startswith(user.region.path)
    return False


def can_correct(user: User, record: CreditRecord) -> bool:
    """Supersede with a correction: the organisation that registered it, or an operator."""
    if user.role == Role.OPERATOR:
        return True
    return (
        user.role in (Role.PROVIDER, Role.EMPLOYER)
        and user.organisation_id is not None
        and record.registered_by_id == user.organisation_id
    )


# -- Training projects ------------------------------------------------------------------


def runs_projects(user: User) -> bool:
    """Training bases file projects, and so do employers running their own training
    (宁波 第十七条)."""
    return user.role in (Role.PROVIDER, Role.EMPLOYER) and user.organisation_id is not None


def projects_q(user: User) -> Q:
    """The projects `user` may see beyond the public catalogue: an organiser its own, in
    every state; an HR reviewer those filed in its region and below (not drafts, which are
    the organiser's own business); an operator all. Everyone sees approved projects."""
    approved = Q(status=Project.Status.APPROVED)
    if user.role == Role.OPERATOR:
        return Q()
    if runs_projects(user):
        return Q(provider_id=user.organisation_id) | approved
    if user.role == Role.REVIEWER and user.region is not None:
        return (
            Q(region__path__startswith=user.region.path) & ~Q(status=Project.Status.DRAFT)
        ) | approved
    return approved


def can_manage_project(user: User, project: Project) -> bool:
    """Change, file, enrol people in, take attendance of and grant hours for a project:
    its organiser, or an operator."""
    if user.role == Role.OPERATOR:
        return True
    return runs_projects(user) and project.provider_id == user.organisation_id


def can_decide_project(user: User, project: Project) -> bool:
    """Approve or return a filing: the HR bureau of the project's region or one above it
    (宁夏 三（一）"按权限"), or an operator."""
    if user.role == Role.OPERATOR:
        return True
    if user.role == Role.REVIEWER and user.region is not None:
        return project.region.path.startswith(user.region.path)
    return False
