"""Who may see and do what: the one place the role rules live.

Selectors filter with `people_q`, `records_q`, `evidence_q` and `disputes_q`; services ask
`can_register`, `can_decide`, `can_correct`, `can_attach_evidence` and `can_*_dispute`.
Pages and API share them, so one permission matrix covers both.
"""

from __future__ import annotations

from django.db.models import Q

from jxjy.accounts.models import Role, User
from jxjy.disputes.models import Dispute
from jxjy.ledger.models import CreditRecord
from jxjy.people.models import Person
from jxjy.training.models import Enrolment, Project, ProjectSession

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


# -- Evidence and disputes ----------------------------------------------------------------


#: What evidence is attached to: a record, a project, or a session of a project.
EvidenceTarget = CreditRecord | Project | ProjectSession


def project_evidence_q(user: User, prefix: str = "") -> Q:
    """The projects whose evidence `user` may see (`prefix` leads to the project): the
    organiser, the HR bureaus over its region, operators. Narrower than `projects_q`: an
    approved project is public, but its photos and video show the people who took part."""
    if user.role == Role.OPERATOR:
        return Q()
    if runs_projects(user):
        return Q(**{f"{prefix}provider_id": user.organisation_id})
    if user.role == Role.REVIEWER and user.region is not None:
        return Q(**{f"{prefix}region__path__startswith": user.region.path})
    return NOTHING


def evidence_q(user: User) -> Q:
    """The evidence files `user` may see: those attached to what `user` may see (a
    record: whoever sees the record; a project or its sessions: `project_evidence_q`)."""
    if user.role == Role.OPERATOR:
        return Q()
    records = CreditRecord.objects.filter(records_q(user)).values("pk")
    return (
        Q(record_id__in=records)
        | (Q(project__isnull=False) & project_evidence_q(user, "project__"))
        | (Q(session__isnull=False) & project_evidence_q(user, "session__project__"))
    )


def can_attach_evidence(user: User, target: EvidenceTarget) -> bool:
    """Attach or remove evidence (金华（八）: 继续教育基地、用人单位 record the training
    and enter its photos and video): the organisation that registered the record (as for a
    correction) or runs the project, or an operator."""
    if isinstance(target, CreditRecord):
        return can_correct(user, target)
    project = target.project if isinstance(target, ProjectSession) else target
    return can_manage_project(user, project)


def disputes_q(user: User) -> Q:
    """The disputes `user` may see: the learner their own; the organisation that
    registered the record (a training base, or an employer for what it registered itself,
    金华（八）); the HR bureaus over the person's region; operators. An employer does not
    see its people's disputes as their employer: none of the four regulations sends a
    申诉 to the person's own employer (南通 第二十九条 names its 上级主管部门)."""
    role = user.role
    if role == Role.OPERATOR:
        return Q()
    if role == Role.LEARNER and user.person_id:
        return Q(person_id=user.person_id)
    if role in (Role.PROVIDER, Role.EMPLOYER) and user.organisation_id:
        return Q(organisation_id=user.organisation_id)
    if role == Role.REVIEWER and user.region is not None:
        return Q(person__region__path__startswith=user.region.path)
    return NOTHING


def opens_disputes(user: User) -> bool:
    """Whether `user` is a person who disputes their own records (南通 第七条（二）)."""
    return user.role == Role.LEARNER and user.person_id is not None


def can_open_dispute(user: User, record: CreditRecord) -> bool:
    """Only the person a record belongs to disputes it."""
    return opens_disputes(user) and user.person_id == record.person_id


def _reviews_dispute(user: User, dispute: Dispute) -> bool:
    if user.role == Role.OPERATOR:
        return True
    return (
        user.role == Role.REVIEWER
        and user.region is not None
        and dispute.person.region.path.startswith(user.region.path)
    )


def can_answer_dispute(user: User, dispute: Dispute) -> bool:
    """Write in a dispute: its person (a reply), the organisation that registered the
    record, the HR bureaus over the person's region, operators."""
    if _reviews_dispute(user, dispute):
        return True
    if user.role == Role.LEARNER:
        return user.person_id == dispute.person_id
    return (
        user.role in (Role.PROVIDER, Role.EMPLOYER)
        and user.organisation_id is not None
        and user.organisation_id == dispute.organisation_id
    )


def can_close_dispute(user: User, dispute: Dispute) -> bool:
    """Close a dispute: the person (satisfied, or withdrawing), or the HR bureau that
    decides it (南通 第二十九条: 作出处理决定，并答复申诉人) or an operator. Not the
    organisation complained about."""
    if user.role == Role.LEARNER:
        return user.person_id == dispute.person_id
    return _reviews_dispute(user, dispute)
