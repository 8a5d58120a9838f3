"""Many people at once: group records by person, in order of first appearance."""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator

from jxjy.policy.engine import Engine
from jxjy.policy.records import Record
from jxjy.policy.results import AuditResult, YearResult


def collect_less_often() -> None:
    """For a process that evaluates a large file: a million records are a million
    long-lived objects, and the collector's default thresholds re-scan them over and over
    (a third of the run time). Even a young-generation pass costs time in proportion to the
    objects made since the last (a tenth of evaluating), and it finds nothing: reading and
    evaluating make no reference cycles. So the young generation is collected only every ten
    million objects. Called by the command line, not by the library itself."""
    gc.set_threshold(10_000_000, 50, 1000)


def by_person(records: Iterable[Record]) -> dict[str, list[Record]]:
    """Each person's records, people in order of first appearance, records in input order."""
    people: defaultdict[str, list[Record]] = defaultdict(list)  # keeps first appearance
    for record in records:
        people[record.person_id].append(record)
    return people


def evaluate_people(engine: Engine, records: Iterable[Record], year: int) -> Iterator[YearResult]:
    for person_id, own in by_person(records).items():
        yield engine.evaluate_year(own, year, person_id=person_id)


def audit_people(
    engine: Engine,
    records: Iterable[Record],
    target: str,
    through: int,
    since: dt.date | None = None,
) -> Iterator[AuditResult]:
    for person_id, own in by_person(records).items():
        yield engine.audit(own, target, through, since=since, person_id=person_id)
