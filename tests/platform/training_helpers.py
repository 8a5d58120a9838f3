"""Projects made through the training services, for tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jxjy.accounts.models import User
from jxjy.training import services
from jxjy.training.models import Project, ProjectSession

TZ = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai, where sessions are held


def at(day: str, clock: str) -> dt.datetime:
    """A moment in local time, e.g. at("2026-03-02", "09:10")."""
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=TZ)


def draft(actor: User, **overrides: Any) -> Project:
    data: dict[str, Any] = {
        "title": "数控车工技能提升班",
        "kind": "offline_theory",
        "subject": "professional",
        "talent": "skilled",
        "occupation": "车工",
        "start_date": dt.date(2026, 3, 2),
        "end_date": dt.date(2026, 3, 3),
        "planned_hours": Decimal(12),
        "capacity": 30,
        "enrol_until": dt.date(2026, 3, 1),
        "teachers": "王师傅（高级技师）",
        "fees": "免费",
    }
    data.update(overrides)
    return services.project_create(actor=actor, data=data)


def session(
    actor: User, project: Project, day: str, starts: str, ends: str, hours: str
) -> ProjectSession:
    return services.session_add(
        actor=actor,
        project=project,
        data={
            "date": dt.date.fromisoformat(day),
            "starts": dt.time.fromisoformat(starts),
            "ends": dt.time.fromisoformat(ends),
            "place": "实训楼 301",
            "hours": Decimal(hours),
        },
    )


def approved(actor: User, reviewer: User, **overrides: Any) -> Project:
    """A project with two sessions on its first day and one on its second, approved."""
    project = draft(actor, **overrides)
    session(actor, project, "2026-03-02", "08:30", "11:30", "4")
    session(actor, project, "2026-03-02", "13:30", "16:30", "4")
    session(actor, project, "2026-03-03", "08:30", "11:30", "4")
    services.project_file(actor=actor, project=project, at=at("2026-02-01", "10:00"))
    return services.project_approve(actor=reviewer, project=project, at=at("2026-02-03", "10:00"))
