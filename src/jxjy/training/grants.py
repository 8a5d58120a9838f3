"""What a participant's attendance is worth, as canonical record fields for the ledger.

Attendance is counted per session (partial attendance counts what was attended): each day
attended becomes one record, so the engine's daily caps (宁波 第二十条; 金华（十）; 南通
第十七条) apply to it as to any other record. A seminar or training programme valued by its
level (金华（十一）（1）) becomes one record spanning the days attended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from jxjy.policy.records import Kind
from jxjy.training.models import Project, ProjectSession

#: Kinds valued by the hours of the sessions attended.
BY_HOURS = frozenset(
    {
        Kind.OFFLINE_THEORY,
        Kind.OFFLINE_PRACTICE,
        Kind.TRAINING_CLASS,
        Kind.PUBLIC_COURSE,
        Kind.EXAM_PREP_TRAINING,
    }
)
#: Kinds valued by the days attended (conferences, base training, study tours).
BY_DAYS = frozenset({Kind.CONFERENCE, Kind.HIGH_LEVEL_BASE_TRAINING, Kind.STUDY_TOUR})


def _common(project: Project) -> dict[str, object]:
    fields: dict[str, object] = {
        "kind": project.kind,
        "subject": project.subject,
        "title": project.title,
    }
    if project.level:
        fields["level"] = project.level
    return fields


def record_fields(project: Project, attended: Iterable[ProjectSession]) -> list[dict[str, object]]:
    """The records one participant earns from the sessions they attended (none if none)."""
    hours_by_day: dict[dt.date, Decimal] = {}
    for session in attended:
        hours_by_day[session.date] = hours_by_day.get(session.date, Decimal(0)) + session.hours
    if not hours_by_day:
        return []
    days = sorted(hours_by_day)
    common = _common(project)
    kind = Kind(project.kind)
    if kind in BY_HOURS:
        return [{**common, "date": day, "hours": hours_by_day[day]} for day in days]
    if kind in BY_DAYS:
        return [{**common, "date": day, "days": Decimal(1)} for day in days]
    # Valued by level: one record over the days attended.
    span = {"date": days[0]} if len(days) == 1 else {"date": days[0], "end_date": days[-1]}
    return [{**common, **span, "days": Decimal(len(days))}]
