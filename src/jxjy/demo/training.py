"""The demo's training projects, made through the training services as a base and an HR
bureau would make them: one finished (results registered, awaiting verification), one
running now (a session open for check-in all day), one filed and awaiting the 金华 HR
bureau, one draft, and an employer's own training for its people.

The featured learner `demo-learner` is in none of them, so the notes of their years stay
true; they can enrol in the running project from the catalogue and check in with the code
on `demo-provider`'s check-in screen."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jxjy.accounts.models import User
from jxjy.people.models import Person
from jxjy.training import services
from jxjy.training.models import Attendance, Enrolment, Project

SHEET = "据纸质签到表录入"


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _project(
    organiser: User,
    *,
    title: str,
    kind: str,
    start: dt.date,
    days: int,
    sessions: Sequence[tuple[int, str, str, str]],
    **extra: Any,
) -> Project:
    """A draft with `sessions` given as (day offset, starts, ends, hours)."""
    data: dict[str, Any] = {
        "title": title,
        "kind": kind,
        "subject": "professional",
        "talent": "skilled",
        "start_date": start,
        "end_date": start + dt.timedelta(days=days - 1),
        "enrol_until": start - dt.timedelta(days=1),
        "capacity": 40,
        "fees": "每学时15元，企业团体另议",
        "teachers": "高级技师 王建国、一体化教师 李晓燕",
        **extra,
    }
    project = services.project_create(actor=organiser, data=data)
    for offset, starts, ends, hours in sessions:
        services.session_add(
            actor=organiser,
            project=project,
            data={
                "date": start + dt.timedelta(days=offset),
                "starts": dt.time.fromisoformat(starts),
                "ends": dt.time.fromisoformat(ends),
                "place": "金华市技师学院实训楼",
                "hours": Decimal(hours),
            },
        )
    return project


def _approve(organiser: User, reviewer: User, project: Project) -> Project:
    filed_on = project.start_date - dt.timedelta(days=20)
    services.project_file(actor=organiser, project=project, at=_moment(filed_on, 10))
    return services.project_approve(
        actor=reviewer, project=project, at=_moment(filed_on + dt.timedelta(days=2), 15)
    )


def _enrol(organiser: User, project: Project, people: Sequence[Person]) -> list[Enrolment]:
    return services.enrolments_create_bulk(
        actor=organiser,
        project=project,
        lines=[p.id_number for p in people],
        at=_moment(project.enrol_until, 9),
    )


def _attend(
    organiser: User, project: Project, enrolments: Sequence[Enrolment], rng: random.Random
) -> None:
    """Most were there for every session that has begun; a few missed one."""
    for session in project.sessions.all():
        present = [e for e in enrolments if rng.random() < 0.9]
        services.attendance_record(
            actor=organiser,
            session=session,
            enrolments=present,
            method=Attendance.Method.SHEET,
            reason=SHEET,
        )


def seed(
    *,
    today: dt.date,
    provider: User,
    employer: User,
    reviewer: User,
    trainees: Sequence[Person],
    colleagues: Sequence[Person],
) -> dict[str, int]:
    """Seed the projects; `trainees` are 金华 skilled workers (not featured), `colleagues`
    the employer's own people."""
    rng = random.Random(20261202)
    finished = _project(
        provider,
        title="数控车床操作技能提升研修班",
        kind="offline_theory",
        start=today - dt.timedelta(days=30),
        days=2,
        sessions=[
            (0, "08:30", "11:30", "4"),
            (0, "13:30", "16:30", "4"),
            (1, "08:30", "11:30", "4"),
        ],
        occupation="数控车工",
    )
    _approve(provider, reviewer, finished)
    done = _enrol(provider, finished, trainees[:12])
    _attend(provider, finished, done, rng)
    for index, enrolment in enumerate(done):
        result = Enrolment.Result.FAILED if index == 3 else Enrolment.Result.PASSED
        services.result_set(actor=provider, enrolment=enrolment, result=result, note="")
    granted = services.results_register(actor=provider, project=finished)

    running = _project(
        provider,
        title="工业机器人运维实训",
        kind="offline_practice",
        start=today - dt.timedelta(days=1),
        days=3,
        sessions=[
            (0, "08:30", "16:30", "6"),
            (1, "08:00", "22:00", "6"),
            (2, "08:30", "16:30", "6"),
        ],
        occupation="工业机器人系统运维员",
        enrol_until=today + dt.timedelta(days=1),
    )
    _approve(provider, reviewer, running)
    on = _enrol(provider, running, trainees[12:20])
    yesterday = running.sessions.order_by("date").first()
    assert yesterday is not None
    services.attendance_record(
        actor=provider,
        session=yesterday,
        enrolments=on[:7],
        method=Attendance.Method.SHEET,
        reason=SHEET,
    )

    filed = _project(
        provider,
        title="公共科目：职业道德与安全生产法规",
        kind="offline_theory",
        start=today + dt.timedelta(days=25),
        days=1,
        sessions=[(0, "09:00", "12:00", "3")],
        subject="public",
    )
    services.project_file(actor=provider, project=filed)
    _project(
        provider,
        title="焊接新工艺专题培训（草稿）",
        kind="offline_practice",
        start=today + dt.timedelta(days=45),
        days=2,
        sessions=[(0, "08:30", "16:30", "6")],
        occupation="焊工",
    )
    own = _project(
        employer,
        title="新员工岗前安全培训",
        kind="training_class",
        start=today + dt.timedelta(days=10),
        days=1,
        sessions=[(0, "09:00", "16:00", "6")],
        fees="免费",
        teachers="本单位安全科",
    )
    _approve(employer, reviewer, own)
    _enrol(employer, own, colleagues[:10])
    return {"projects": Project.objects.count(), "records_registered": granted.records}
