"""From ledger rows to the engine's records, and which policy applies to whom."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from jxjy.ledger.models import CreditRecord
from jxjy.people.models import Person
from jxjy.policy.engine import Engine
from jxjy.policy.loader import load_policy
from jxjy.policy.records import Kind, Level, Record, Subject
from jxjy.regions.models import policy_for


@functools.cache
def engine(policy_id: str) -> Engine:
    return Engine(load_policy(policy_id))


def policy_id_for(person: Person, year: int) -> str | None:
    """The policy for the person's region and talent type in force at the end of `year`."""
    return policy_for(person.region, person.talent, dt.date(year, 12, 31))


def to_record(row: CreditRecord) -> Record:
    """The engine's record for a ledger row; `row` is the ledger id, so results link back."""
    return Record(
        row=row.pk,
        person_id=str(row.person_id),
        date=row.date,
        kind=Kind(row.kind),
        subject=Subject(row.subject),
        end_date=row.end_date,
        hours=row.hours,
        minutes=row.minutes,
        days=row.days,
        credits=row.credits,
        level=Level(row.level) if row.level else None,
        rank=row.rank,
        count=row.count,
        title=row.title or None,
        approved=row.approved,
        passed=row.passed,
        region=row.origin_region or None,
    )


def to_records(rows: Iterable[CreditRecord]) -> list[Record]:
    return [to_record(row) for row in rows]
