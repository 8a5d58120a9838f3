"""Which years a record can change under a policy: what a stored standing must be
recomputed for when the record is written, verified, rejected or corrected.

Pure, like the engine, and read from the `Policy`'s public attributes only. It may say
too much (a year the record turns out not to change) but never too little:

- the year of its last day, which it belongs to (engine `_evaluate`);
- with a daily cap, the year of every day it spans, and the years the records sharing one
  of those days belong to: a day is capped over every record touching it, whichever year
  each belongs to (engine `credit_all`; a record of 31 Dec–1 Jan touches two years);
- the years an exemption it qualifies for waives requirements in (engine `_waiver`; 南通
  2021 通知 四（一）: a 2020 round-5 certificate waives 2021's public subject).

Audits (multi-year checks) are computed on request, never stored; `audit_years_affected`
says which audit years a record reaches, for callers that cache them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from jxjy.policy.engine import matches
from jxjy.policy.model import Policy
from jxjy.policy.records import Record


@dataclass(frozen=True, slots=True)
class YearsFrom:
    """Every year from `first` on (an audit window that starts at a grade date)."""

    first: int

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and year >= self.first


def _span(record: Record) -> tuple[dt.date, dt.date]:
    return record.date, record.last_day


def _daily_capped(policy: Policy) -> bool:
    return any(cap.per == "day" for cap in policy.caps)


def years_affected(
    policy: Policy, record: Record, alongside: Iterable[Record] = ()
) -> frozenset[int]:
    """The years whose standing under `policy` can change with `record`. `alongside` are
    the person's other records: with a daily cap, those sharing a day with `record` belong
    to years it reaches too."""
    last = record.last_day.year
    years = {last}
    if _daily_capped(policy):
        first_day, last_day = _span(record)
        years.update(range(first_day.year, last + 1))
        for other in alongside:
            start, end = _span(other)
            if start <= last_day and end >= first_day:
                years.add(end.year)
    if record.passed:
        for exemption in policy.exemptions:
            reach = [y for y in exemption.years if y >= last]
            if reach and matches(exemption.holding.when, record):
                years.update(reach)
    return frozenset(years)


def audit_years_affected(policy: Policy, record: Record) -> frozenset[int] | YearsFrom:
    """The years `through` of the policy's audits whose result can change with `record`:
    every year from its first day's on when an audit's window starts at a grade date
    (金华 （十四）/（二十）), else the years whose window (宁夏 四) holds one of its days."""
    first = record.date.year if _daily_capped(policy) else record.last_day.year
    if not policy.audits:
        return frozenset()
    if any(target.since_grade is not None for target in policy.audits):
        return YearsFrom(first)
    longest = max(target.window_years for target in policy.audits)
    return frozenset(range(first, record.last_day.year + longest))
