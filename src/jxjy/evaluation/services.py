"""Writes of evaluation: refreshing a person's stored standing."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from jxjy.evaluation.bridge import engine, policy_id_for, to_records
from jxjy.evaluation.models import PersonYear
from jxjy.ledger.models import CreditRecord, Status
from jxjy.people.models import Person


def person_years_refresh(*, person: Person, years: Iterable[int]) -> None:
    """Recompute the stored standing of `person` for `years` from verified records.
    Call inside the transaction of the write that changed the person's records."""
    wanted = sorted(set(years))
    if not wanted:
        return
    rows = list(
        CreditRecord.objects.filter(person=person, status=Status.VERIFIED).order_by("id")
    )
    records = to_records(rows)
    pending = CreditRecord.objects.filter(person=person, status=Status.REGISTERED)
    for year in wanted:
        policy_id = policy_id_for(person, year)
        if policy_id is None:
            PersonYear.objects.filter(person=person, year=year).delete()
            continue
        result = engine(policy_id).evaluate_year(records, year, person_id=str(person.pk))
        total_req = next(r for r in result.requirements if r.id == _total_id(policy_id))
        PersonYear.objects.update_or_create(
            person=person,
            year=year,
            defaults={
                "policy": result.policy,
                "policy_version": result.policy_version,
                "unit": result.unit,
                "total": result.total,
                "required": total_req.required,
                # The largest gap among unmet requirements: someone whose total is met but
                # whose public subject is 8 short is 8 short, not 0.
                "short_by": max((s.missing for s in result.shortfalls), default=Decimal(0)),
                "unmet": len(result.shortfalls),
                "compliant": result.compliant,
                "deemed": result.deemed_complete is not None,
                "pending": sum(1 for r in pending if r.last_day.year == year),
            },
        )


def _total_id(policy_id: str) -> str:
    return engine(policy_id).policy.total_requirement.id
