"""Reads of evaluation: a person's year and audit from the engine, and stored standings."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from jxjy.accounts.models import User
from jxjy.accounts.scope import people_q, records_q, sees_standing
from jxjy.evaluation.bridge import engine, policy_id_for, to_records
from jxjy.evaluation.models import PersonYear
from jxjy.ledger.models import CreditRecord, Status
from jxjy.people.api import person_get
from jxjy.people.models import Person
from jxjy.policy.engine import Engine
from jxjy.policy.results import AuditResult, YearResult


@dataclass(frozen=True)
class PersonYearView:
    """A person's year: the engine's result over verified records, and every record of
    theirs the viewer may see (pending, rejected and superseded ones too)."""

    person: Person
    year: int
    policy_id: str | None
    result: YearResult | None
    records: list[CreditRecord]

    @property
    def engine(self) -> Engine | None:
        return engine(self.policy_id) if self.policy_id else None


def person_year(*, user: User, person_id: int, year: int) -> PersonYearView:
    """The person's year. Providers see only the records they registered, not a person's
    whole standing (accounts.scope.sees_standing)."""
    if not sees_standing(user):
        raise Http404
    person = person_get(user=user, pk=person_id)
    all_rows = list(CreditRecord.objects.filter(person=person).order_by("date", "id"))
    visible = set(
        CreditRecord.objects.filter(records_q(user), person=person).values_list("pk", flat=True)
    )
    rows = [r for r in all_rows if r.pk in visible]
    policy_id = policy_id_for(person, year)
    result = None
    if policy_id is not None:
        verified = [r for r in all_rows if r.status == Status.VERIFIED]
        result = engine(policy_id).evaluate_year(
            to_records(verified), year, person_id=str(person.pk)
        )
    return PersonYearView(person, year, policy_id, result, rows)


def person_audit(*, user: User, person_id: int, target: str, through: int) -> AuditResult | None:
    """An audit the person's policy defines, over verified records; None without a policy."""
    if not sees_standing(user):
        raise Http404
    person = person_get(user=user, pk=person_id)
    policy_id = policy_id_for(person, through)
    if policy_id is None:
        return None
    rows = CreditRecord.objects.filter(person=person, status=Status.VERIFIED).order_by("id")
    since = person.certificate_date or person.title_date
    eng = engine(policy_id)
    target_def = eng.policy.audit(target)
    return eng.audit(
        to_records(rows),
        target,
        through,
        since=since if target_def is not None and target_def.since_grade else None,
        person_id=str(person.pk),
    )


def standing_list(*, user: User, year: int) -> QuerySet[PersonYear]:
    """Stored standings of the people `user` may see, for `year`."""
    people = Person.objects.filter(people_q(user)).values("pk")
    return PersonYear.objects.filter(year=year, person__in=people).select_related(
        "person", "person__employer", "person__region"
    )


@dataclass(frozen=True)
class Overview:
    learners: int
    compliant: int  # of the standings that are up to date
    pending: int
    stale: int = 0  # standings awaiting a queued refresh (待更新), not counted as compliant

    @property
    def compliant_share(self) -> float:
        return self.compliant / self.learners if self.learners else 0.0


def overview(*, user: User, year: int) -> Overview:
    totals = standing_list(user=user, year=year).aggregate(
        learners=Count("id"),
        compliant=Count("id", filter=Q(compliant=True, stale=False)),
        pending=Sum("pending"),
        stale=Count("id", filter=Q(stale=True)),
    )
    return Overview(
        totals["learners"], totals["compliant"], totals["pending"] or 0, totals["stale"]
    )


def overview_by(*, user: User, year: int, field: str) -> list[dict[str, object]]:
    """Learners and compliant counts grouped by `field` (e.g. "person__region__name" or
    "person__employer__name"), largest groups first."""
    return list(
        standing_list(user=user, year=year)
        .values(field)
        .annotate(
            learners=Count("id"),
            compliant=Count("id", filter=Q(compliant=True, stale=False)),
            stale=Count("id", filter=Q(stale=True)),
        )
        .order_by("-learners", field)
    )
