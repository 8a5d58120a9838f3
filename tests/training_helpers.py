"""Projects made through the training services, for tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jxjy.accounts.models import User
from jxjy.training import services
from jxjy.training.models import Project, ProjectSession

TZ = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai, where sessions are held


def at(day: str, clock: str) -> dt.datetime:
    """A moment in local time, e.g. at("2026-03-02", "09:10")."""
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=TZ)


def draft(actor: User, *, start: dt.date = dt.date(2026, 3, 2), **overrides: Any) -> Project:
    """A draft of two days from `start`; enrolment closes the day before."""
    data: dict[str, Any] = {
        "title": "数控车工技能提升班",
        "kind": "offline_theory",
        "subject": "professional",
        "talent": "skilled",
        "occupation": "车工",
        "start_date": start,
        "end_date": start + dt.timedelta(days=1),
        "planned_hours": Decimal(12),
        "capacity": 30,
        "enrol_until": start - dt.timedelta(days=1),
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
            "date": day if isinstance(day, dt.date) else dt.date.fromisoformat(day),
            "starts": dt.time.fromisoformat(starts),
            "ends": dt.time.fromisoformat(ends),
            "place": "实训楼 301",
            "hours": Decimal(hours),
        },
    )


def filed(actor: User, *, start: dt.date = dt.date(2026, 3, 2), **overrides: Any) -> Project:
    """A filed project with two sessions on its first day and one on its second."""
    project = draft(actor, start=start, **overrides)
    second = start + dt.timedelta(days=1)
    session(actor, project, start, "08:30", "11:30", "4")
    session(actor, project, start, "13:30", "16:30", "4")
    session(actor, project, second, "08:30", "11:30", "4")
    return services.project_file(actor=actor, project=project)


def approved(
    actor: User, reviewer: User, *, start: dt.date = dt.date(2026, 3, 2), **overrides: Any
) -> Project:
    """A filed project (see `filed`), approved."""
    project = filed(actor, start=start, **overrides)
    return services.project_approve(actor=reviewer, project=project)


def scene_projects(world: Any) -> dict[str, Project]:
    """The projects of the permission matrix's scene, dated around today:

    - "approved": the home provider's, begun three days ago and running four days more,
      with the home learner enrolled (a session in the past, one in the future);
    - "open": another approved one, nobody enrolled, open for enrolment;
    - "booked": another approved one, not begun, with the home learner enrolled;
    - "draft": a draft with one session; "filed": a filed one, awaiting the home bureau;
    - "other": the other city's filed project, out of the home city's reach.
    """
    home, other = world.home, world.other
    today = timezone.localdate()
    running = draft(
        home.provider_user,
        start=today - dt.timedelta(days=3),
        end_date=today + dt.timedelta(days=3),
        enrol_until=today + dt.timedelta(days=1),
    )
    session(home.provider_user, running, today - dt.timedelta(days=3), "08:30", "11:30", "4")
    session(home.provider_user, running, today + dt.timedelta(days=2), "08:30", "11:30", "4")
    services.project_file(actor=home.provider_user, project=running)
    services.project_approve(actor=home.reviewer_user, project=running)
    services.enrolments_create_bulk(
        actor=home.provider_user, project=running, lines=[home.learner.id_number]
    )
    soon = today + dt.timedelta(days=10)
    drafted = draft(home.provider_user, start=soon, title="草稿项目")
    session(home.provider_user, drafted, soon, "08:30", "11:30", "4")
    booked = approved(home.provider_user, home.reviewer_user, start=soon, title="已报名项目")
    services.enrolments_create_bulk(
        actor=home.provider_user, project=booked, lines=[home.learner.id_number]
    )
    return {
        "approved": running,
        "booked": booked,
        "open": approved(home.provider_user, home.reviewer_user, start=soon, title="开放报名"),
        "draft": drafted,
        "filed": filed(home.provider_user, start=soon, title="待审项目"),
        "other": filed(other.provider_user, start=soon, title="外市项目", talent="professional"),
    }
