"""Who may see and do what: the one place the role rules live.

Selectors filter with `people_q` and `records_q`; services ask `can_register`, `can_decide`
and `can_correct`. Pages and API share them, so one permission matrix covers both.
"""

from __future__ import annotations

from django.db.models import Q

from jxjy.accounts.models import Role, User
from jxjy.ledger.models import CreditRecord
from jxjy.people.models import Person

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
        # People it registered a record for that still stands (not rejected): a rejected
        # record gives no lasting view of a stranger. A subquery, not a join, so lists
        # need no DISTINCT.
        standing = CreditRecord.objects.filter(
            registered_by_id=user.organisation_id,
            status__in=["registered", "verified", "superseded"],
        )
        return Q(pk__in=standing.values("person_id"))
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
    if user.role == Role.OPERATOR:
        return True
    if user.role == Role.PROVIDER:
        return user.organisation_id is not None
    if user.role == Role.EMPLOYER:
        return user.organisation_id is not None and person.employer_id == user.organisation_id
    return False


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
