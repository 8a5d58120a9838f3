"""What the engine answers: per record, per requirement, per year and per audit window.

Every counted value, requirement and deemed completion carries the `Citation` it rests on,
and every result names the policy id and version, so a disputed answer can be replayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from jxjy.policy.model import Citation, Unit
from jxjy.policy.records import Kind, Subject


class Note(NamedTuple):
    """Why a record counts less than it might: capped, not recognised, outside the year..."""

    code: str
    params: tuple[tuple[str, str], ...] = ()
    citation: Citation | None = None

    def param(self, name: str) -> str:
        return dict(self.params)[name]


class RecordResult(NamedTuple):
    """One input row as the engine saw it. (Named tuples, like `Record`: one is made per
    record, and they are several times quicker to build than frozen dataclasses.)"""

    row: int
    kind: Kind
    subject: Subject
    raw: Decimal  # units the matched rule gives, before year filter and caps
    counted: Decimal  # units that count for the year or window evaluated
    rule: str | None
    citation: Citation | None
    notes: tuple[Note, ...] = ()


class RequirementResult(NamedTuple):
    id: str
    name: str
    required: Decimal
    actual: Decimal
    met: bool
    citation: Citation
    strictly_more: bool = False  # met only when actual > required
    waived_by: Citation | None = None
    subject: Subject | None = None  # set when the requirement is of one subject


@dataclass(frozen=True, slots=True)
class Shortfall:
    """An unmet requirement. `missing` is the gap to `required`; for a requirement that
    demands strictly more than its figure (`strictly_more`), any amount above it closes it."""

    requirement: str
    name: str
    missing: Decimal
    of: RequirementResult
    citation: Citation


@dataclass(frozen=True, slots=True)
class Deemed:
    """A year or window that counts as complete without the hours."""

    scope: str  # "year", "appointment_period" or "window"
    rule: str
    name: str
    citation: Citation
    rows: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class YearResult:
    person_id: str
    policy: str
    policy_version: str
    year: int
    unit: Unit
    total: Decimal
    by_subject: dict[Subject, Decimal]
    requirements: tuple[RequirementResult, ...]
    compliant: bool
    deemed_complete: Deemed | None
    shortfalls: tuple[Shortfall, ...]
    records: tuple[RecordResult, ...]


@dataclass(frozen=True, slots=True)
class YearSummary:
    year: int
    total: Decimal
    required: Decimal
    compliant: bool
    deemed: bool


@dataclass(frozen=True, slots=True)
class AuditResult:
    person_id: str
    policy: str
    policy_version: str
    target: str
    target_name: str
    citation: Citation
    unit: Unit
    window: tuple[int, int]
    total: Decimal
    required_total: Decimal
    missing_courses: tuple[str, ...]
    passed: bool
    deemed_complete: Deemed | None
    years: tuple[YearSummary, ...]
    records: tuple[RecordResult, ...]
    problems: tuple[Note, ...] = field(default=())
    max_years_early: dict[str, int] | None = None
