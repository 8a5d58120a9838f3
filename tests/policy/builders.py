"""Building records and running the engine in tests, tersely."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jxjy.policy.engine import Engine
from jxjy.policy.loader import load_policy
from jxjy.policy.records import Kind, Level, Record, Subject
from jxjy.policy.results import AuditResult, YearResult


def rec(kind: str, day: str, row: int = 1, person: str = "P1", **fields: Any) -> Record:
    """A record of `kind` on `day` (YYYY-MM-DD); numbers may be given as int or str."""
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("hours", "minutes", "days", "credits"):
            values[name] = Decimal(str(value))
        elif name == "end":
            values["end_date"] = dt.date.fromisoformat(value)
        elif name == "level":
            values["level"] = Level(value)
        elif name == "subject":
            values["subject"] = Subject(value)
        else:
            values[name] = value
    if kind == "public_course" and "subject" not in values:
        values["subject"] = Subject.PUBLIC
    return Record(
        row=row, person_id=person, date=dt.date.fromisoformat(day), kind=Kind(kind), **values
    )


def numbered(*records: Record) -> list[Record]:
    """The records renumbered 1..n, as rows of one file."""
    return [r._replace(row=i) for i, r in enumerate(records, start=1)]


def engine(policy_id: str) -> Engine:
    return Engine(load_policy(policy_id))


def year(policy_id: str, year_: int, *records: Record) -> YearResult:
    return engine(policy_id).evaluate_year(numbered(*records), year_)


def audit(policy_id: str, target: str, through: int, *records: Record, **kw: Any) -> AuditResult:
    return engine(policy_id).audit(numbered(*records), target, through, **kw)


def requirement(result: YearResult, requirement_id: str) -> Any:
    return next(r for r in result.requirements if r.id == requirement_id)


def codes(result: YearResult | AuditResult, row: int) -> list[str]:
    record = next(r for r in result.records if r.row == row)
    return [n.code for n in record.notes]


def counted(result: YearResult | AuditResult, row: int) -> Decimal:
    return next(r.counted for r in result.records if r.row == row)
