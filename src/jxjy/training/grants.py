"""What a participant's attendance is worth, as canonical record fields for the ledger.

Attendance is counted per session (partial attendance counts what was attended). How the
records are shaped is the participant's policy's to say, not the platform's: the first of
its credit rules that fits the project (its kind, subject, level and title) names the
measure (§6.1 of docs/policies.md, `basis`):

- by the hour (`hours`, `minutes`): one record a day attended, with that day's hours;
- by the day (`days`): one record a day attended, of one day (南通 第十七条（一）–（三）);
- otherwise (a fixed value, by level: 金华（十一）（1）): one record over the days attended.

Per-day records keep the engine's daily caps (宁波 第二十条; 金华（十）; 南通 第十七条)
working on them as on any other record. A participant without a policy, or a kind their
policy does not credit, gets records by the hour: what was attended, for the ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from jxjy.evaluation.api import engine, policy_id_for
from jxjy.people.models import Person
from jxjy.policy.engine import matches
from jxjy.policy.model import Policy
from jxjy.policy.records import Kind, Level, Record, Subject
from jxjy.training.models import Project, ProjectSession

Measure = Literal["hours", "days", "once"]


def measure(policy: Policy | None, project: Project, day: dt.date) -> Measure:
    """How `policy` values the project's records: the basis of its first credit rule that
    fits a record of the project (on `day`), as the engine would try them."""
    if policy is None:
        return "hours"
    probe = Record(
        row=0,
        person_id="",
        date=day,
        kind=Kind(project.kind),
        subject=Subject(project.subject),
        level=Level(project.level) if project.level else None,
        title=project.title,
    )
    for rule in policy.credit:
        if rule.in_force_on(day) and matches(rule.when, probe):
            if rule.basis in ("hours", "minutes"):
                return "hours"
            if rule.basis == "days":
                return "days"
            if rule.basis == "fixed":
                return "once"
    return "hours"


def _common(project: Project) -> dict[str, object]:
    fields: dict[str, object] = {
        "kind": project.kind,
        "subject": project.subject,
        "title": project.title,
    }
    if project.level:
        fields["level"] = project.level
    return fields


def policy_of(person: Person, day: dt.date) -> Policy | None:
    """The participant's policy in force for the year of `day`."""
    policy_id = policy_id_for(person, day.year)
    return engine(policy_id).policy if policy_id else None


def record_fields(
    project: Project, attended: Iterable[ProjectSession], person: Person | None = None
) -> list[dict[str, object]]:
    """The records `person` earns from the sessions they attended (none if none), shaped
    as their policy values the project (see the module's docstring)."""
    hours_by_day: dict[dt.date, Decimal] = {}
    for session in attended:
        hours_by_day[session.date] = hours_by_day.get(session.date, Decimal(0)) + session.hours
    if not hours_by_day:
        return []
    days = sorted(hours_by_day)
    common = _common(project)
    policy = policy_of(person, days[0]) if person is not None else None
    how = measure(policy, project, days[0])
    if how == "hours":
        return [{**common, "date": day, "hours": hours_by_day[day]} for day in days]
    if how == "days":
        return [{**common, "date": day, "days": Decimal(1)} for day in days]
    span = {"date": days[0]} if len(days) == 1 else {"date": days[0], "end_date": days[-1]}
    return [{**common, **span, "days": Decimal(len(days))}]
