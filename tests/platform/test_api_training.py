"""Training projects over the REST API: the whole walk from a draft to hours in the ledger,
and every way a request is refused (宁夏 三（一）、三（四）; 宁波 第九条). The scoping of each
operation by role is in `test_permission_matrix.py`."""

from __future__ import annotations

import json
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from test_api import Api, api_for

from factories import PersonFactory
from jxjy.audit.models import AuditEntry
from jxjy.ledger.models import CreditRecord
from jxjy.training import checkin, services
from jxjy.training.models import Attendance, Enrolment, Project, ProjectSession
from training_helpers import approved, at, draft, session

pytestmark = pytest.mark.django_db

#: The training operations (method, path) as the OpenAPI document names them.
OPERATIONS = {
    ("get", "/api/catalogue"),
    ("get", "/api/catalogue/{project_id}"),
    ("get", "/api/bases"),
    ("get", "/api/projects"),
    ("post", "/api/projects"),
    ("get", "/api/projects/{project_id}"),
    ("patch", "/api/projects/{project_id}"),
    ("post", "/api/projects/{project_id}/sessions"),
    ("delete", "/api/projects/{project_id}/sessions/{session_id}"),
    ("post", "/api/projects/{project_id}/file"),
    ("get", "/api/filings"),
    ("post", "/api/projects/{project_id}/approve"),
    ("post", "/api/projects/{project_id}/return"),
    ("post", "/api/projects/{project_id}/enrol"),
    ("get", "/api/projects/{project_id}/enrolments"),
    ("post", "/api/projects/{project_id}/enrolments"),
    ("get", "/api/me/enrolments"),
    ("delete", "/api/me/enrolments/{enrolment_id}"),
    ("get", "/api/sessions/{session_id}/code"),
    ("post", "/api/sessions/{session_id}/checkin"),
    ("post", "/api/sessions/{session_id}/attendance"),
    ("put", "/api/enrolments/{enrolment_id}/result"),
    ("post", "/api/projects/{project_id}/register-results"),
}
#: Those anyone may call, signed in or not.
PUBLIC = {("get", "/api/catalogue"), ("get", "/api/catalogue/{project_id}"), ("get", "/api/bases")}

PROJECT = {
    "title": "数控车工技能提升班",
    "kind": "offline_theory",
    "talent": "skilled",
    "occupation": "车工",
    "start_date": "2026-03-02",
    "end_date": "2026-03-03",
    "planned_hours": 12,
    "capacity": 30,
    "enrol_until": "2026-03-01",
    "teachers": "王师傅（高级技师）",
    "fees": "免费",
}
MORNING = {
    "date": "2026-03-02",
    "starts": "08:30",
    "ends": "11:30",
    "place": "实训楼 301",
    "hours": 4,
}
AFTERNOON = {**MORNING, "starts": "13:30", "ends": "16:30"}


def send(api: Api, method: str, path: str, data: Any = None) -> Any:
    """Any method with a JSON body (`Api` has GET, POST and DELETE)."""
    return getattr(api.client, method)(
        path,
        json.dumps(data if data is not None else {}),
        content_type="application/json",
        headers=api._headers(),
    )


def fields_of(response: Any) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


#: A last day before the first, a session ending before it starts.
OUT_OF_ORDER = pytest.mark.parametrize(
    ("path", "body", "field", "code"),
    [
        (
            "/api/projects",
            {**PROJECT, "end_date": "2026-03-01", "enrol_until": "2026-03-01"},
            "end_date",
            "end_before_start",
        ),
        ("sessions", {**MORNING, "ends": "08:00"}, "ends", "session_ends_before_start"),
    ],
    ids=["project", "session"],
)


def in_chinese(message: str) -> str:
    with translation.override("zh-hans"):
        return str(translation.gettext(message))


# ---------------------------------------------------------------------------------------
# The whole walk


def test_from_a_draft_to_hours_in_the_ledger_over_the_api(world) -> None:
    """宁夏 三（一）: a project is filed online and approved before its hours count;
    宁夏 三（四）: learners check in during the session; the hours of those who passed are
    registered in one step, one record per day attended."""
    home = world.home
    organiser = api_for(home.provider_user)
    reviewer = api_for(home.reviewer_user)
    learner = api_for(home.learner_user)

    with time_machine.travel(at("2026-02-01", "10:00"), tick=False):
        created = organiser.post("/api/projects", PROJECT)
        assert created.status_code == 201
        project = created.json()
        assert (project["status"], project["organiser"]["id"]) == ("draft", home.provider.pk)
        assert project["region"]["code"] == home.provider.region.code
        pid = project["id"]
        morning = organiser.post(f"/api/projects/{pid}/sessions", MORNING)
        afternoon = organiser.post(f"/api/projects/{pid}/sessions", AFTERNOON)
        assert (morning.status_code, afternoon.status_code) == (201, 201)
        assert morning.json()["hours"] == 4
        filed = organiser.post(f"/api/projects/{pid}/file")
        assert filed.status_code == 200
        assert filed.json()["status"] == "filed"
        # Nobody outside sees it yet: the catalogue lists approved projects only.
        assert api_for(None).get(f"/api/catalogue/{pid}").status_code == 404

    with time_machine.travel(at("2026-02-03", "10:00"), tick=False):
        queue = reviewer.get("/api/filings").json()
        assert [p["id"] for p in queue["items"]] == [pid]
        decided = reviewer.post(f"/api/projects/{pid}/approve")
        assert decided.status_code == 200
        assert (decided.json()["status"], decided.json()["filing_number"]) == (
            "approved",
            "330700-2026-00001",
        )
        assert reviewer.get("/api/filings").json()["count"] == 0
        public = api_for(None).get(f"/api/catalogue/{pid}").json()
        assert [s["starts"] for s in public["sessions"]] == ["08:30:00", "13:30:00"]
        assert public["disclosure"]["name"] == home.provider.name

    with time_machine.travel(at("2026-02-28", "20:00"), tick=False):
        enrolled = learner.post(f"/api/projects/{pid}/enrol")
        assert enrolled.status_code == 201
        assert enrolled.json()["person"]["id_number"] == home.learner.id_number  # themself
        mine = learner.get("/api/me/enrolments").json()
        assert [(e["project"]["id"], e["attended"]) for e in mine["items"]] == [(pid, [])]
        assert mine["items"][0]["project"]["enrolled"] == 1

    morning_id, afternoon_id = morning.json()["id"], afternoon.json()["id"]
    with time_machine.travel(at("2026-03-02", "08:35"), tick=False):
        shown = organiser.get(f"/api/sessions/{morning_id}/code").json()
        assert shown["open"] is True
        assert 0 < shown["seconds_left"] <= 30
        first = Project.objects.get(pk=pid).sessions.get(pk=morning_id)
        assert shown["code"] == checkin.code_at(first, at("2026-03-02", "08:35"))
        checked = learner.post(f"/api/sessions/{morning_id}/checkin", {"code": shown["code"]})
        assert checked.status_code == 200
        assert checked.json()["method"] == "code"

    enrolment_id = enrolled.json()["id"]
    with time_machine.travel(at("2026-03-02", "17:00"), tick=False):
        sheet = organiser.post(
            f"/api/sessions/{afternoon_id}/attendance",
            {"enrolments": [enrolment_id], "method": "sheet", "reason": "纸质签到表"},
        )
        assert sheet.status_code == 201
        assert [(a["method"], a["reason"]) for a in sheet.json()] == [("sheet", "纸质签到表")]
        roster = organiser.get(f"/api/projects/{pid}/enrolments").json()
        [entry] = roster["items"]
        assert entry["attended"] == sorted([morning_id, afternoon_id])
        assert entry["person"]["id_number"] == home.learner.masked_id_number
        passed = send(
            organiser, "put", f"/api/enrolments/{enrolment_id}/result", {"result": "passed"}
        )
        assert passed.status_code == 200
        assert passed.json()["result"] == "passed"
        granted = organiser.post(f"/api/projects/{pid}/register-results")
        assert granted.status_code == 200
        assert granted.json() == {"records": 1, "people": 1, "without_attendance": []}
        again = organiser.post(f"/api/projects/{pid}/register-results").json()
        assert (again["records"], again["people"]) == (0, 0)

    records = learner.get("/api/records").json()["items"]
    assert [(r["date"], r["kind"], r["hours"], r["source"], r["approved"]) for r in records] == [
        ("2026-03-02", "offline_theory", 8, "attendance", True)
    ]
    assert CreditRecord.objects.get().project_id == pid
    assert learner.get("/api/me/enrolments").json()["items"][0]["granted_at"]


# ---------------------------------------------------------------------------------------
# The public catalogue


def test_the_catalogue_shows_approved_projects_to_anyone_by_filter(world) -> None:
    """宁波 第九条: bases disclose their training publicly; drafts stay the organiser's."""
    home, other = world.home, world.other
    lathe = approved(home.provider_user, home.reviewer_user)
    hidden = draft(home.provider_user, title="未申报的草稿")
    theirs = approved(
        other.provider_user,
        other.reviewer_user,
        title="护理继续教育",
        talent="professional",
        subject="public",
        occupation="护理",
    )
    anyone = api_for(None)
    everything = anyone.get("/api/catalogue").json()
    assert {p["id"] for p in everything["items"]} == {lathe.pk, theirs.pk}
    assert [p["id"] for p in anyone.get("/api/catalogue", q="护理").json()["items"]] == [theirs.pk]
    by_region = anyone.get("/api/catalogue", region=home.province.code).json()
    assert [p["id"] for p in by_region["items"]] == [lathe.pk]
    assert anyone.get("/api/catalogue", subject="public").json()["count"] == 1
    with time_machine.travel(at("2026-03-01", "12:00")):
        assert anyone.get("/api/catalogue", open="true").json()["count"] == 2
    with time_machine.travel(at("2026-03-02", "12:00")):
        assert anyone.get("/api/catalogue", open="true").json()["count"] == 0
    assert anyone.get(f"/api/catalogue/{hidden.pk}").status_code == 404
    bad = anyone.get("/api/catalogue", subject="music")
    assert bad.status_code == 422
    assert fields_of(bad)[0][0] == "subject"
    detail = anyone.get(f"/api/catalogue/{lathe.pk}").json()
    assert (detail["filing_number"], len(detail["sessions"]), detail["enrolled"]) == (
        lathe.filing_number,
        3,
        0,
    )
    assert detail["disclosure"]["kind"] == "provider"
    bases = anyone.get("/api/bases", region=other.province.code).json()
    assert [b["name"] for b in bases["items"]] == [other.provider.name]


def test_an_employers_own_training_is_in_the_api_catalogue_of_its_own_people_only(world) -> None:
    """宁波 第十七条: a learner signed in with a token or a session finds their employer's own
    training; anyone else, and a bad token, get the public catalogue."""
    home = world.home
    own = approved(home.employer_user, home.reviewer_user, title="本厂岗前安全培训")
    base = approved(home.provider_user, home.reviewer_user, title="基地公开课")
    session_client = Client()
    session_client.force_login(home.learner_user)
    for caller, sees_own in [
        (api_for(None), False),
        (api_for(home.learner_user), True),
        (Api(session_client), True),
        (api_for(world.other.learner_user), False),
        (api_for(home.employer_user), False),
        (Api(Client(), token="not-a-token"), False),
    ]:
        shown = {p["id"] for p in caller.get("/api/catalogue").json()["items"]}
        assert shown == ({own.pk, base.pk} if sees_own else {base.pk})
        detail = caller.get(f"/api/catalogue/{own.pk}")
        assert detail.status_code == (200 if sees_own else 404)


def test_without_credentials_only_the_catalogue_answers(world) -> None:
    project = approved(world.home.provider_user, world.home.reviewer_user)
    anyone = api_for(None)
    for method, template in sorted(OPERATIONS):
        path = template.format(project_id=project.pk, session_id=1, enrolment_id=1)
        response = send(anyone, method, path) if method != "get" else anyone.get(path)
        expected = 200 if (method, template) in PUBLIC else 401
        assert response.status_code == expected, (method, path)


def test_a_session_changes_a_project_only_with_the_csrf_token(world) -> None:
    """PATCH and PUT are writes like POST: a browser session must send `X-CSRFToken`."""
    project = draft(world.home.provider_user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.home.provider_user)
    path = f"/api/projects/{project.pk}"
    change = json.dumps({"capacity": 5})
    refused = client.patch(path, change, content_type="application/json")
    assert refused.status_code == 403
    assert Project.objects.get(pk=project.pk).capacity == 30
    csrf = client.get("/api/csrf").json()["token"]
    done = client.patch(
        path, change, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert (done.status_code, done.json()["capacity"]) == (200, 5)


# ---------------------------------------------------------------------------------------
# Projects: bad fields and wrong states


def test_bad_project_fields_are_422_naming_each_and_nothing_is_written(world) -> None:
    organiser = api_for(world.home.provider_user)
    before = (Project.objects.count(), AuditEntry.objects.count())
    missing = organiser.post("/api/projects", {k: v for k, v in PROJECT.items() if k != "title"})
    assert missing.status_code == 422
    assert fields_of(missing) == [("title", "missing")]
    unknown = organiser.post("/api/projects", {**PROJECT, "colour": "blue"})
    assert fields_of(unknown) == [("colour", "extra_forbidden")]
    wrong_date = organiser.post("/api/projects", {**PROJECT, "start_date": "2026-02-30"})
    assert fields_of(wrong_date)[0][0] == "start_date"
    for field, value, code in [
        ("capacity", 0, "invalid"),
        ("kind", "degree", "invalid"),
        ("planned_hours", -1, "invalid"),
        ("enrol_until", "2026-03-09", "enrolment_after_end"),
    ]:
        refused = organiser.post("/api/projects", {**PROJECT, field: value})
        assert refused.status_code == 422, field
        assert fields_of(refused) == [(field, code)]
        assert refused.json()["detail"] == "提交的数据有误"
    seminar = api_for(world.home.provider_user, "en").post(
        "/api/projects", {**PROJECT, "kind": "seminar_program"}
    )
    assert seminar.json()["errors"][0] == {
        "field": "level",
        "code": "level_required",
        "message": "This kind of activity needs a level.",
    }
    assert (Project.objects.count(), AuditEntry.objects.count()) == before


def test_a_refusal_speaks_the_requests_language(world) -> None:
    project = draft(world.home.provider_user)
    message = "Add at least one session before filing."
    english = api_for(world.home.provider_user, "en").post(f"/api/projects/{project.pk}/file")
    assert english.json()["errors"][0]["message"] == message
    chinese = api_for(world.home.provider_user).post(f"/api/projects/{project.pk}/file")
    assert chinese.json()["errors"][0]["message"] == in_chinese(message)
    assert (chinese.json()["errors"][0]["field"], chinese.json()["errors"][0]["code"]) == (
        "sessions",
        "no_sessions",
    )
    assert Project.objects.get(pk=project.pk).status == Project.Status.DRAFT


def test_a_filed_project_cannot_be_changed_409(world) -> None:
    home = world.home
    project = draft(home.provider_user)
    session(home.provider_user, project, "2026-03-02", "08:30", "11:30", "4")
    services.project_file(actor=home.provider_user, project=project)
    organiser = api_for(home.provider_user, "en")
    changed = send(organiser, "patch", f"/api/projects/{project.pk}", {"title": "改名"})
    assert changed.status_code == 409
    assert changed.json() == {
        "detail": "A filed or approved project cannot be changed.",
        "code": "not_editable",
        "errors": [],
    }
    gone = organiser.delete(f"/api/projects/{project.pk}/sessions/{project.sessions.get().pk}")
    assert gone.status_code == 409
    assert organiser.post(f"/api/projects/{project.pk}/file").status_code == 409
    assert Project.objects.get(pk=project.pk).title == "数控车工技能提升班"
    assert project.sessions.count() == 1


def test_a_draft_is_changed_field_by_field(world) -> None:
    home = world.home
    project = draft(home.provider_user)
    organiser = api_for(home.provider_user)
    changed = send(organiser, "patch", f"/api/projects/{project.pk}", {"capacity": 12})
    assert changed.status_code == 200
    assert (changed.json()["capacity"], changed.json()["title"]) == (12, project.title)
    null = send(organiser, "patch", f"/api/projects/{project.pk}", {"title": None})
    assert fields_of(null) == [("title", "invalid")]
    moved = send(organiser, "patch", f"/api/projects/{project.pk}", {"provider_id": 1})
    assert fields_of(moved) == [("provider_id", "extra_forbidden")]
    added = organiser.post(f"/api/projects/{project.pk}/sessions", MORNING).json()
    outside = organiser.post(
        f"/api/projects/{project.pk}/sessions", {**MORNING, "date": "2026-04-01"}
    )
    assert fields_of(outside) == [("date", "session_outside_project")]
    assert organiser.delete(f"/api/projects/{project.pk}/sessions/{added['id']}").status_code == 204
    assert not project.sessions.exists()
    # A session is addressed under its own project only.
    theirs = draft(home.provider_user, title="另一个")
    other_session = session(home.provider_user, theirs, "2026-03-02", "08:30", "11:30", "4")
    wrong = organiser.delete(f"/api/projects/{project.pk}/sessions/{other_session.pk}")
    assert wrong.status_code == 404
    assert theirs.sessions.count() == 1


def _out_of_order(world: Any, path: str, body: dict[str, Any]) -> Any:
    project = draft(world.home.provider_user)
    url = path if path.startswith("/") else f"/api/projects/{project.pk}/sessions"
    return api_for(world.home.provider_user).post(url, body)


@OUT_OF_ORDER
def test_dates_or_times_out_of_order_are_422_and_nothing_is_written(
    world, path, body, field, code
) -> None:
    refused = _out_of_order(world, path, body)
    assert refused.status_code == 422
    assert (Project.objects.count(), ProjectSession.objects.count()) == (1, 0)


@OUT_OF_ORDER
def test_dates_or_times_out_of_order_name_the_field(world, path, body, field, code) -> None:
    refused = _out_of_order(world, path, body)
    assert fields_of(refused) == [(field, code)]


def test_a_returned_filing_says_why_and_is_filed_again(world) -> None:
    home = world.home
    project = draft(home.provider_user)
    session(home.provider_user, project, "2026-03-02", "08:30", "11:30", "4")
    services.project_file(actor=home.provider_user, project=project)
    reviewer = api_for(home.reviewer_user)
    blank = reviewer.post(f"/api/projects/{project.pk}/return", {"reason": " "})
    assert fields_of(blank) == [("reason", "reason_required")]
    assert fields_of(reviewer.post(f"/api/projects/{project.pk}/return", {})) == [
        ("reason", "missing")
    ]
    returned = reviewer.post(f"/api/projects/{project.pk}/return", {"reason": "请补充师资"})
    assert (returned.json()["status"], returned.json()["return_reason"]) == (
        "returned",
        "请补充师资",
    )
    assert reviewer.post(f"/api/projects/{project.pk}/approve").status_code == 409
    organiser = api_for(home.provider_user)
    mine = organiser.get("/api/projects", status="returned").json()
    assert [p["id"] for p in mine["items"]] == [project.pk]
    assert (
        send(organiser, "patch", f"/api/projects/{project.pk}", {"teachers": "李老师"}).status_code
        == 200
    )
    assert organiser.post(f"/api/projects/{project.pk}/file").json()["return_reason"] == ""


def test_only_the_hr_bureau_of_the_region_or_above_decides(world) -> None:
    """宁夏 三（一）: 按权限 — a reviewer of another city does not even see the filing."""
    home, other = world.home, world.other
    project = draft(home.provider_user)
    session(home.provider_user, project, "2026-03-02", "08:30", "11:30", "4")
    services.project_file(actor=home.provider_user, project=project)
    assert api_for(other.reviewer_user).get("/api/filings").json()["count"] == 0
    assert (
        api_for(other.reviewer_user).post(f"/api/projects/{project.pk}/approve").status_code == 404
    )
    assert (
        api_for(home.provider_user).post(f"/api/projects/{project.pk}/approve").status_code == 403
    )
    assert Project.objects.get(pk=project.pk).status == Project.Status.FILED


def test_an_operator_names_the_organiser_and_an_organiser_files_only_for_itself(world) -> None:
    home, other = world.home, world.other
    operator = api_for(world.operator)
    assert operator.post("/api/projects", PROJECT).status_code == 403
    made = operator.post("/api/projects", {**PROJECT, "provider_id": other.provider.pk})
    assert made.status_code == 201
    assert made.json()["region"]["code"] == other.provider.region.code
    unknown = operator.post("/api/projects", {**PROJECT, "provider_id": 999_999})
    assert fields_of(unknown) == [("provider_id", "unknown_organiser")]
    organiser = api_for(home.provider_user)
    assert (
        organiser.post("/api/projects", {**PROJECT, "provider_id": other.provider.pk}).status_code
        == 403
    )
    own = organiser.post("/api/projects", {**PROJECT, "provider_id": home.provider.pk})
    assert own.status_code == 201
    assert Project.objects.filter(provider=other.provider).count() == 1


# ---------------------------------------------------------------------------------------
# Enrolment


def test_bulk_enrolment_is_all_or_nothing_with_every_problem_by_line(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    digit = home.colleague.id_number[-1]
    bad_digit = home.colleague.id_number[:-1] + ("0" if digit != "0" else "1")
    stranger = PersonFactory.build(region=home.county).id_number  # valid, not on file
    lines = [home.learner.id_number, bad_digit, "", stranger, home.learner.id_number.lower()]
    organiser = api_for(home.provider_user, "en")
    with time_machine.travel(at("2026-02-20", "09:00")):
        refused = organiser.post(f"/api/projects/{project.pk}/enrolments", {"id_numbers": lines})
        assert refused.status_code == 422
        errors = refused.json()["errors"]
        assert [(e["field"], e["line"], e["code"]) for e in errors] == [
            ("id_numbers", 2, "bad_id_number"),
            ("id_numbers", 4, "unknown_person"),
            ("id_numbers", 5, "repeated"),
        ]
        assert errors[0]["message"].startswith("line 2: Not a valid resident ID number")
        assert errors[2]["message"] == "line 5: Repeats line 1."
        assert not project.enrolments.exists()
        # No ID number in any URL: the numbers travel in the body only.
        assert all(n not in refused.request["PATH_INFO"] for n in lines if n)
        done = organiser.post(
            f"/api/projects/{project.pk}/enrolments",
            {"id_numbers": [home.learner.id_number, home.colleague.id_number]},
        )
        assert done.status_code == 201
        assert done.json()["enrolled"] == 2
        shown = {e["person"]["id_number"] for e in done.json()["items"]}
        assert shown == {home.learner.masked_id_number, home.colleague.masked_id_number}
        nothing = organiser.post(f"/api/projects/{project.pk}/enrolments", {"id_numbers": [" "]})
        assert [(e["line"], e["code"], e["message"]) for e in nothing.json()["errors"]] == [
            (0, "empty", "No resident ID numbers were given.")
        ]


def test_a_learner_enrols_once_while_enrolment_is_open(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user, capacity=1)
    learner = api_for(home.learner_user, "en")
    with time_machine.travel(at("2026-03-01", "23:00")):
        assert learner.post(f"/api/projects/{project.pk}/enrol").status_code == 201
        twice = learner.post(f"/api/projects/{project.pk}/enrol")
        assert (twice.status_code, twice.json()["detail"], twice.json()["code"]) == (
            409,
            "You are already enrolled.",
            "already_enrolled",
        )
    with time_machine.travel(at("2026-03-02", "00:01")):
        late = approved(home.provider_user, home.reviewer_user, title="第二期")
        closed = learner.post(f"/api/projects/{late.pk}/enrol")
        assert (closed.status_code, closed.json()["detail"], closed.json()["code"]) == (
            409,
            "Enrolment for this project has closed.",
            "enrolment_closed",
        )
    waiting = draft(home.provider_user, title="草稿")
    assert learner.post(f"/api/projects/{waiting.pk}/enrol").status_code == 404
    assert api_for(home.provider_user).post(f"/api/projects/{project.pk}/enrol").status_code == 403


def test_the_roster_shows_whole_id_numbers_to_operators_only(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    services.enrolments_create_bulk(
        actor=home.provider_user,
        project=project,
        lines=[home.learner.id_number],
        at=at("2026-02-20", "09:00"),
    )
    path = f"/api/projects/{project.pk}/enrolments"
    [mine] = api_for(home.provider_user).get(path).json()["items"]
    assert mine["person"]["id_number"] == home.learner.masked_id_number
    [everything] = api_for(world.operator).get(path).json()["items"]
    assert everything["person"]["id_number"] == home.learner.id_number
    assert api_for(home.reviewer_user).get(path).status_code == 404


# ---------------------------------------------------------------------------------------
# Check-in and attendance


@pytest.fixture
def course(world) -> Project:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    services.enrolments_create_bulk(
        actor=home.provider_user,
        project=project,
        lines=[home.learner.id_number],
        at=at("2026-02-20", "09:00"),
    )
    return project


def test_a_wrong_code_is_422_and_nothing_is_recorded(world, course) -> None:
    first = course.sessions.first()
    learner = api_for(world.home.learner_user, "en")
    with time_machine.travel(at("2026-03-02", "08:40")):
        right = checkin.code_at(first, at("2026-03-02", "08:40"))
        wrong = f"{(int(right) + 1) % 10**6:06d}"
        refused = learner.post(f"/api/sessions/{first.pk}/checkin", {"code": wrong})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "code", "code": "wrong_code", "message": "The code is wrong or has expired."}
    ]
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("clock", ["07:30", "12:00"], ids=["before", "after"])
def test_a_code_outside_the_session_window_is_409(world, course, clock) -> None:
    """宁夏 三（四）: check-in counts only while the session is on."""
    first = course.sessions.first()
    moment = at("2026-03-02", clock)
    learner = api_for(world.home.learner_user, "en")
    with time_machine.travel(moment, tick=False):
        refused = learner.post(
            f"/api/sessions/{first.pk}/checkin", {"code": checkin.code_at(first, moment)}
        )
        shown = api_for(world.home.provider_user).get(f"/api/sessions/{first.pk}/code").json()
    assert (refused.status_code, refused.json()["detail"], refused.json()["code"]) == (
        409,
        "Check-in for this session is not open now.",
        "checkin_closed",
    )
    assert shown["open"] is False
    assert not Attendance.objects.exists()


def test_the_code_of_tomorrows_session_does_not_check_in_today(world, course) -> None:
    _, _, tomorrow = course.sessions.all()
    moment = at("2026-03-02", "08:40")
    with time_machine.travel(moment, tick=False):
        refused = api_for(world.home.learner_user).post(
            f"/api/sessions/{tomorrow.pk}/checkin", {"code": checkin.code_at(tomorrow, moment)}
        )
    assert refused.status_code == 409
    assert not Attendance.objects.exists()


def test_only_enrolled_learners_reach_a_session_to_check_in(world, course) -> None:
    first = course.sessions.first()
    moment = at("2026-03-02", "08:40")
    with time_machine.travel(moment, tick=False):
        code = {"code": checkin.code_at(first, moment)}
        assert (
            api_for(world.other.learner_user)
            .post(f"/api/sessions/{first.pk}/checkin", code)
            .status_code
            == 404
        )
        assert (
            api_for(world.home.provider_user)
            .post(f"/api/sessions/{first.pk}/checkin", code)
            .status_code
            == 404
        )
        assert (
            api_for(world.home.learner_user).get(f"/api/sessions/{first.pk}/code").status_code
            == 404
        )
    assert not Attendance.objects.exists()


def test_attendance_by_hand_needs_a_reason_and_the_projects_own_participants(world, course) -> None:
    home = world.home
    first = course.sessions.first()
    enrolment = course.enrolments.get()
    stranger = approved(home.provider_user, home.reviewer_user, title="别的项目")
    [elsewhere] = services.enrolments_create_bulk(
        actor=home.provider_user,
        project=stranger,
        lines=[home.colleague.id_number],
        at=at("2026-02-20", "09:00"),
    )
    organiser = api_for(home.provider_user, "en")
    path = f"/api/sessions/{first.pk}/attendance"
    with time_machine.travel(at("2026-03-02", "09:00")):
        no_reason = organiser.post(
            path, {"enrolments": [enrolment.pk], "method": "manual", "reason": ""}
        )
        assert fields_of(no_reason) == [("reason", "reason_required")]
        by_code = organiser.post(
            path, {"enrolments": [enrolment.pk], "method": "code", "reason": "x"}
        )
        assert fields_of(by_code) == [("method", "literal_error")]
        foreign = organiser.post(
            path,
            {"enrolments": [enrolment.pk, elsewhere.pk], "method": "manual", "reason": "忘带手机"},
        )
        assert foreign.json()["errors"] == [
            {
                "field": "enrolments",
                "code": "unknown_enrolment",
                "message": f"field enrolments: not enrolments of this project: {elsewhere.pk}",
            }
        ]
        assert not Attendance.objects.exists()
    with time_machine.travel(at("2026-03-01", "09:00")):
        early = organiser.post(
            path, {"enrolments": [enrolment.pk], "method": "manual", "reason": "x"}
        )
        assert (early.status_code, early.json()["code"]) == (409, "not_begun")
        assert early.json()["detail"] == "This session has not begun."
    assert not Attendance.objects.exists()


# ---------------------------------------------------------------------------------------
# Results


def test_a_result_is_final_once_the_hours_are_registered(world, course) -> None:
    home = world.home
    enrolment = course.enrolments.get()
    organiser = api_for(home.provider_user)
    path = f"/api/enrolments/{enrolment.pk}/result"
    bad = send(organiser, "put", path, {"result": "excellent"})
    assert fields_of(bad) == [("result", "literal_error")]
    assert send(organiser, "put", path, {"result": "passed", "note": "实操优秀"}).status_code == 200
    granted = organiser.post(f"/api/projects/{course.pk}/register-results").json()
    # Passed, but attended nothing: nothing to register, and the organiser is told who.
    assert granted == {
        "records": 0,
        "people": 0,
        "without_attendance": [{"id": enrolment.pk, "name": home.learner.name}],
    }
    services.attendance_record(
        actor=home.provider_user,
        session=course.sessions.first(),
        enrolments=[enrolment],
        method=Attendance.Method.SHEET,
        reason="纸质签到表",
        at=at("2026-03-04", "09:00"),
    )
    assert organiser.post(f"/api/projects/{course.pk}/register-results").json()["records"] == 1
    final = send(organiser, "put", path, {"result": "failed"})
    assert (final.status_code, final.json()["code"]) == (409, "final")
    assert Enrolment.objects.get(pk=enrolment.pk).result == Enrolment.Result.PASSED
    assert (
        send(api_for(world.other.provider_user), "put", path, {"result": "failed"}).status_code
        == 404
    )


def test_results_of_a_project_not_approved_cannot_be_registered(world) -> None:
    project = draft(world.home.provider_user)
    response = api_for(world.home.provider_user).post(
        f"/api/projects/{project.pk}/register-results"
    )
    assert (response.status_code, response.json()["code"]) == (409, "not_approved")
    assert not CreditRecord.objects.exists()


# ---------------------------------------------------------------------------------------
# Cost


def _queries(api: Api, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200
    return len(captured)


def test_lists_cost_the_same_queries_however_many_items(world) -> None:
    """No query per project, session, participant or enrolment."""
    home = world.home

    def add_project(n: int) -> Project:
        project = approved(home.provider_user, home.reviewer_user, title=f"第 {n} 期")
        people = [home.learner, *PersonFactory.create_batch(n, region=home.county)]
        services.enrolments_create_bulk(
            actor=home.provider_user,
            project=project,
            lines=[p.id_number for p in people],
            at=at("2026-02-20", "09:00"),
        )
        services.attendance_record(
            actor=home.provider_user,
            session=project.sessions.first(),
            enrolments=project.enrolments.all(),
            method=Attendance.Method.SHEET,
            reason="纸质签到表",
            at=at("2026-03-04", "09:00"),
        )
        return project

    first = add_project(1)
    lists = {
        "catalogue": (api_for(None), "/api/catalogue"),
        "projects": (api_for(home.provider_user), "/api/projects"),
        "roster": (api_for(home.provider_user), f"/api/projects/{first.pk}/enrolments"),
        "mine": (api_for(home.learner_user), "/api/me/enrolments"),
    }
    for api, path in lists.values():
        api.get(path)  # a new token records its first use once
    few = {name: _queries(*call) for name, call in lists.items()}
    add_project(3)
    add_project(4)
    services.enrolments_create_bulk(
        actor=home.provider_user,
        project=first,
        lines=[p.id_number for p in PersonFactory.create_batch(3, region=home.county)],
        at=at("2026-02-20", "09:00"),
    )
    assert {name: _queries(*call) for name, call in lists.items()} == few
