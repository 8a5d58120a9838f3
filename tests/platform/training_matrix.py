"""Training projects for the role × endpoint matrix (`test_permission_matrix.py`).

The matrix calls each case once per role, each inside a transaction it rolls back. A case
asks for a project at a stage of its life (`draft`, `filed`, `approved` with the city's
learner enrolled, `open` with nobody enrolled, `graded` with the learner present and
passed); it is made through the training services the first time the role's call asks
for it, and made again for the next role once the rollback has removed it.

Everything is dated today and the one session lasts all day, so a learner checks in with
the code of this moment and the organiser may record attendance.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone

from jxjy.ledger.models import CreditRecord
from jxjy.training import checkin, services
from jxjy.training.models import Attendance, Enrolment, Project, ProjectSession

STAGES = ("draft", "filed", "approved", "open", "graded")
NEW_TITLE = "矩阵新项目"
CHANGED_TITLE = "矩阵改过的标题"

_serial = itertools.count(1)
_made: dict[tuple[int, str, str], tuple[int, dt.datetime]] = {}

Args = Callable[[Any, Any], dict[str, Any]]
Check = Callable[[Any], bool]


def _city(scene: Any, city: str) -> Any:
    return scene.home if city == "home" else scene.other


def _make(scene: Any, city: str, stage: str) -> Project:
    place = _city(scene, city)
    organiser = place.provider_user
    today = timezone.localdate()
    project = services.project_create(
        actor=organiser,
        data={
            "title": f"矩阵项目 {next(_serial)}",
            "kind": "offline_theory",
            "talent": place.learner.talent,
            "start_date": today,
            "end_date": today + dt.timedelta(days=1),
            "enrol_until": today + dt.timedelta(days=1),
            "capacity": 30,
        },
    )
    session = services.session_add(
        actor=organiser,
        project=project,
        data={"date": today, "starts": dt.time(0), "ends": dt.time.max, "hours": Decimal(4)},
    )
    if stage == "draft":
        return project
    services.project_file(actor=organiser, project=project)
    if stage == "filed":
        return project
    services.project_approve(actor=place.reviewer_user, project=project)
    if stage == "open":
        return project
    [enrolment] = services.enrolments_create_bulk(
        actor=organiser, project=project, lines=[place.learner.id_number]
    )
    if stage == "graded":
        services.attendance_record(
            actor=organiser,
            session=session,
            enrolments=[enrolment],
            method=Attendance.Method.SHEET,
            reason="纸质签到表",
        )
        services.result_set(actor=organiser, enrolment=enrolment, result=Enrolment.Result.PASSED)
    return project


def project_of(scene: Any, city: str, stage: str) -> Project:
    """The city's project at `stage`, made in the current transaction if it is not there."""
    assert stage in STAGES, stage
    key = (id(scene), city, stage)
    if key in _made:
        pk, created = _made[key]
        found = Project.objects.filter(pk=pk, created=created).first()
        if found is not None:
            return found
    project = _make(scene, city, stage)
    _made[key] = (project.pk, project.created)
    return project


def _session(scene: Any, city: str, stage: str) -> ProjectSession:
    return project_of(scene, city, stage).sessions.get()


def _enrolment(scene: Any, city: str, stage: str) -> Enrolment:
    return project_of(scene, city, stage).enrolments.get()


# -- Arguments ----------------------------------------------------------------------------


def project(stage: str, city: str = "home") -> Args:
    return lambda scene, user: {"project_id": project_of(scene, city, stage).pk}


def session(stage: str, city: str = "home", with_project: bool = False) -> Args:
    def kwargs(scene: Any, user: Any) -> dict[str, Any]:
        found = _session(scene, city, stage)
        return {"session_id": found.pk} | ({"project_id": found.project_id} if with_project else {})

    return kwargs


def enrolment(stage: str, city: str = "home") -> Args:
    return lambda scene, user: {"enrolment_id": _enrolment(scene, city, stage).pk}


def new_project(city: str) -> Args:
    """A draft for the caller's own organisation (home) or for the other city's base."""

    def data(scene: Any, user: Any) -> dict[str, Any]:
        own = getattr(user, "organisation_id", None)
        organiser = (own or scene.home.provider.pk) if city == "home" else scene.other.provider.pk
        today = timezone.localdate().isoformat()
        return {
            "provider_id": organiser,
            "title": NEW_TITLE,
            "kind": "offline_theory",
            "talent": "skilled",
            "start_date": today,
            "end_date": today,
            "capacity": 10,
        }

    return data


def the_code(stage: str, city: str = "home") -> Args:
    """The session's check-in code of this moment."""
    return lambda scene, user: {
        "code": checkin.code_at(_session(scene, city, stage), timezone.now())
    }


def learners_number(city: str = "home") -> Args:
    return lambda scene, user: {"id_numbers": [_city(scene, city).learner.id_number]}


def present(stage: str, city: str = "home") -> Args:
    return lambda scene, user: {
        "enrolments": [_enrolment(scene, city, stage).pk],
        "method": "manual",
        "reason": "手机没电",
    }


# -- Whether the write happened ---------------------------------------------------------


def created_new(scene: Any) -> bool:
    return Project.objects.filter(title=NEW_TITLE).exists()


def status_is(stage: str, status: str, city: str = "home") -> Check:
    return lambda scene: project_of(scene, city, stage).status == status


def retitled(stage: str, city: str = "home") -> Check:
    return lambda scene: project_of(scene, city, stage).title == CHANGED_TITLE


def sessions_are(count: int, city: str = "home") -> Check:
    return lambda scene: project_of(scene, city, "draft").sessions.count() == count


def enrolled(city: str, in_city: str = "") -> Check:
    """Whether the learner of `city` is enrolled in the open project of `in_city`."""
    return lambda scene: (
        project_of(scene, in_city or city, "open")
        .enrolments.filter(person=_city(scene, city).learner)
        .exists()
    )


def attended(method: str, city: str = "home") -> Check:
    return lambda scene: _session(scene, city, "approved").attendance.filter(method=method).exists()


def result_is(result: str, city: str = "home") -> Check:
    return lambda scene: _enrolment(scene, city, "approved").result == result


def registered(city: str = "home") -> Check:
    return lambda scene: CreditRecord.objects.filter(
        project=project_of(scene, city, "graded")
    ).exists()
