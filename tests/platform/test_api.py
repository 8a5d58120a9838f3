"""The REST API at /api/: authentication, every endpoint's behaviour, errors in the request's
language, pagination, and the OpenAPI document. The role × endpoint scope matrix is in
`test_permission_matrix.py`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from factories import PersonFactory, registered, verified
from jxjy.accounts.models import ApiToken, User
from jxjy.audit.models import AuditEntry
from jxjy.evaluation.models import PersonYear
from jxjy.ledger.models import CreditRecord, Status
from jxjy.regions.models import Talent
from training_helpers import approved

THEORY = {"date": "2023-03-01", "kind": "offline_theory", "hours": "8"}


@dataclass
class Api:
    """A client that talks JSON with one user's bearer token."""

    client: Client
    token: str = ""
    lang: str = ""

    def _headers(self) -> dict[str, str]:
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.lang:
            headers["Accept-Language"] = self.lang
        return headers

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self._headers())

    def post(self, path: str, data: Any = None) -> Any:
        return self.client.post(
            path,
            json.dumps(data if data is not None else {}),
            content_type="application/json",
            headers=self._headers(),
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self._headers())


def api_for(user: User | None, lang: str = "") -> Api:
    if user is None:
        return Api(Client(), lang=lang)
    _, token = ApiToken.issue(user, "test")
    return Api(Client(), token=token, lang=lang)


@pytest.fixture
def ledger(world):
    """The home learner's records: one pending and one verified (2023), registered by the
    home provider; and one record of the other city's learner."""
    home, other = world.home, world.other
    pending = registered(home.provider_user, home.learner, **THEORY)
    done = verified(
        home.provider_user,
        home.reviewer_user,
        home.learner,
        date="2023-04-01",
        kind="offline_practice",
        hours="4",
    )
    elsewhere = registered(other.provider_user, other.learner, **THEORY)
    return pending, done, elsewhere


# ---------------------------------------------------------------------------------------
# The OpenAPI document

EXPECTED_OPERATIONS = {
    ("get", "/api/people"),
    ("get", "/api/people/{person_id}"),
    ("get", "/api/people/{person_id}/evaluation/{year}"),
    ("get", "/api/people/{person_id}/audit/{target}"),
    ("get", "/api/records"),
    ("post", "/api/records"),
    ("get", "/api/records/{record_id}"),
    ("post", "/api/records/{record_id}/verify"),
    ("post", "/api/records/{record_id}/reject"),
    ("post", "/api/records/{record_id}/supersede"),
    ("get", "/api/tokens"),
    ("post", "/api/tokens"),
    ("delete", "/api/tokens/{token_id}"),
    ("get", "/api/csrf"),
    # Evidence and disputes (issue 4).
    ("get", "/api/evidence"),
    ("post", "/api/evidence"),
    ("get", "/api/evidence/{evidence_id}"),
    ("delete", "/api/evidence/{evidence_id}"),
    ("get", "/api/evidence/{evidence_id}/file"),
    ("get", "/api/disputes"),
    ("post", "/api/disputes"),
    ("get", "/api/disputes/{dispute_id}"),
    ("post", "/api/disputes/{dispute_id}/answer"),
    ("post", "/api/disputes/{dispute_id}/close"),
    # Roster imports.
    ("get", "/api/imports"),
    ("post", "/api/imports"),
    ("get", "/api/imports/{batch_id}"),
    ("get", "/api/imports/{batch_id}/problems"),
    ("post", "/api/imports/{batch_id}/commit"),
    ("get", "/api/imports/{batch_id}/report"),
}


def test_the_openapi_document_lists_every_endpoint_with_its_security(db) -> None:
    # Listed beside their tests (which import this module's client).
    from test_api_training import OPERATIONS as TRAINING_OPERATIONS
    from test_api_training import PUBLIC as TRAINING_PUBLIC

    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    operations = {(method, path) for path, item in doc["paths"].items() for method in item}
    assert operations == EXPECTED_OPERATIONS | TRAINING_OPERATIONS
    schemes = doc["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    # Every operation but the CSRF token and the training catalogue needs authentication;
    # the catalogue takes it when given (an empty requirement: credentials are optional).
    public = {
        (m, p)
        for p, item in doc["paths"].items()
        for m, op in item.items()
        if not op.get("security") or {} in op["security"]
    }
    assert public == {("get", "/api/csrf")} | TRAINING_PUBLIC
    # The record fields are documented, with the error shape.
    assert "hours" in doc["components"]["schemas"]["RecordCreate"]["properties"]
    assert "errors" in doc["components"]["schemas"]["ErrorOut"]["properties"]


def test_the_interactive_docs_page_is_served(db) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


# ---------------------------------------------------------------------------------------
# Authentication

ALL_OPERATIONS = [
    ("get", "/api/people"),
    ("get", "/api/people/1"),
    ("get", "/api/people/1/evaluation/2023"),
    ("get", "/api/people/1/audit/examiner"),
    ("get", "/api/records"),
    ("post", "/api/records"),
    ("get", "/api/records/1"),
    ("post", "/api/records/1/verify"),
    ("post", "/api/records/1/reject"),
    ("post", "/api/records/1/supersede"),
    ("get", "/api/tokens"),
    ("post", "/api/tokens"),
    ("delete", "/api/tokens/1"),
]


@pytest.mark.parametrize(("method", "path"), ALL_OPERATIONS)
def test_without_credentials_every_operation_answers_401_in_json(db, method, path) -> None:
    api = api_for(None)
    response = api.get(path) if method == "get" else getattr(api, method)(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "未登录，或 API 令牌无效", "errors": []}
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_bearer_token_authenticates_and_records_its_last_use(world) -> None:
    token, secret = ApiToken.issue(world.home.employer_user, "payroll")
    assert token.digest == ApiToken.hash(secret) != secret  # only the hash is stored
    assert token.last_used is None
    response = Client().get("/api/people", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used is not None


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz", "Bearer"]
)
def test_a_wrong_token_or_scheme_is_401(world, header) -> None:
    response = Client().get("/api/people", headers={"Authorization": header})
    assert response.status_code == 401


def test_the_token_of_a_deactivated_user_stops_working(world) -> None:
    user = world.home.employer_user
    api = api_for(user)
    assert api.get("/api/people").status_code == 200
    user.is_active = False
    user.save()
    assert api.get("/api/people").status_code == 401


def test_a_session_reads_without_csrf_but_writes_only_with_it(world, ledger) -> None:
    """Session clients are browsers: a POST without the CSRF token is refused (403), one
    with the token from /api/csrf goes through."""
    home = world.home
    client = Client(enforce_csrf_checks=True)
    client.force_login(home.reviewer_user)
    assert client.get("/api/people").status_code == 200
    pending = ledger[0]
    refused = client.post(f"/api/records/{pending.pk}/verify")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("CSRF")
    assert CreditRecord.objects.get(pk=pending.pk).status == Status.REGISTERED
    csrf = client.get("/api/csrf").json()["token"]
    done = client.post(f"/api/records/{pending.pk}/verify", headers={"X-CSRFToken": csrf})
    assert done.status_code == 200
    assert done.json()["status"] == "verified"


def test_a_bearer_token_needs_no_csrf(world, ledger) -> None:
    api = api_for(world.home.reviewer_user)
    api.client = Client(enforce_csrf_checks=True)
    assert api.post(f"/api/records/{ledger[0].pk}/verify").status_code == 200


def test_a_signed_in_user_creates_a_token_shown_once_and_can_revoke_it(world) -> None:
    user = world.home.provider_user
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    csrf = client.get("/api/csrf").json()["token"]
    created = client.post(
        "/api/tokens",
        json.dumps({"name": "roster upload"}),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert created.status_code == 201
    body = created.json()
    secret = body["token"]
    assert body["name"] == "roster upload"
    assert ApiToken.objects.get(pk=body["id"]).digest == ApiToken.hash(secret)
    assert AuditEntry.objects.filter(action="token.issue", actor=user).count() == 1

    api = Api(Client(), token=secret)
    listed = api.get("/api/tokens").json()
    assert [t["name"] for t in listed] == ["roster upload"]
    assert "token" not in listed[0]
    # A token cannot mint more tokens.
    assert api.post("/api/tokens", {"name": "more"}).status_code == 401
    # Nobody else can revoke it; its owner can.
    other = api_for(world.home.employer_user)
    assert other.delete(f"/api/tokens/{body['id']}").status_code == 404
    assert api.delete(f"/api/tokens/{body['id']}").status_code == 204
    assert api.get("/api/tokens").status_code == 401
    assert AuditEntry.objects.filter(action="token.revoke").count() == 1


def test_a_token_needs_a_name(world) -> None:
    client = Client()
    client.force_login(world.home.provider_user)
    response = client.post("/api/tokens", "{}", content_type="application/json")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["name"]


# ---------------------------------------------------------------------------------------
# People


def test_people_are_those_in_scope_with_masked_id_numbers(world) -> None:
    home = world.home
    body = api_for(home.employer_user).get("/api/people").json()
    assert body["count"] == 2
    assert {p["id"] for p in body["items"]} == {home.learner.pk, home.colleague.pk}
    first = next(p for p in body["items"] if p["id"] == home.learner.pk)
    assert first == {
        "id": home.learner.pk,
        "name": home.learner.name,
        "gender": "M",
        "id_number": home.learner.masked_id_number,
        "employer": {"id": home.employer.pk, "name": home.employer.name},
        "region": {"code": home.county.code, "name": home.county.name},
        "talent": "skilled",
    }
    assert "*" in first["id_number"]


def test_learners_and_operators_see_whole_id_numbers(world) -> None:
    home = world.home
    mine = api_for(home.learner_user).get("/api/people").json()
    assert [p["id_number"] for p in mine["items"]] == [home.learner.id_number]
    everyone = api_for(world.operator).get("/api/people").json()
    assert everyone["count"] == 4
    assert all("*" not in p["id_number"] for p in everyone["items"])


def test_people_pages_have_a_size_and_a_total(world) -> None:
    api = api_for(world.operator)
    first = api.get("/api/people", size=3).json()
    second = api.get("/api/people", size=3, page=2).json()
    beyond = api.get("/api/people", size=3, page=9).json()
    assert (first["count"], first["page"], first["size"], len(first["items"])) == (4, 1, 3, 3)
    assert (second["count"], second["page"], len(second["items"])) == (4, 2, 1)
    assert (beyond["count"], beyond["items"]) == (4, [])
    ids = [p["id"] for p in first["items"] + second["items"]]
    assert len(set(ids)) == 4


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"page": 0}, "page", "greater_than_equal"),
        ({"size": 201}, "size", "less_than_equal"),
        ({"page": "x"}, "page", "int_parsing"),
    ],
)
def test_bad_paging_is_422_naming_the_parameter(world, params, field, code) -> None:
    response = api_for(world.operator).get("/api/people", **params)
    assert response.status_code == 422
    assert response.json()["detail"] == "提交的数据有误"
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == (field, code)
    assert error["message"].startswith(f"字段 {field}：")


def test_people_search_by_name_or_the_last_four_of_the_id_number(world) -> None:
    """A search is a GET: a whole resident ID number must never be needed in its URL."""
    home = world.home
    api = api_for(home.employer_user)
    by_name = api.get("/api/people", q="同事").json()
    assert [p["id"] for p in by_name["items"]] == [home.colleague.pk]
    by_last_four = api.get("/api/people", q=home.learner.id_number[-4:].lower()).json()
    assert home.learner.pk in [p["id"] for p in by_last_four["items"]]
    assert api.get("/api/people", q=home.learner.id_number).json()["count"] == 0
    # Out of scope stays out of scope, however precisely asked for.
    other = api.get("/api/people", q=world.other.learner.id_number[-4:]).json()
    assert other["count"] == 0


def test_a_person_out_of_scope_is_404_not_403(world) -> None:
    home, other = world.home, world.other
    api = api_for(home.employer_user)
    assert api.get(f"/api/people/{home.colleague.pk}").status_code == 200
    response = api.get(f"/api/people/{other.learner.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到，或无权查看", "errors": []}
    english = api_for(home.employer_user, lang="en").get(f"/api/people/{other.learner.pk}")
    assert english.json()["detail"] == "Not found, or not visible to you"
    # A learner sees themself only.
    learner = api_for(home.learner_user)
    assert learner.get(f"/api/people/{home.learner.pk}").status_code == 200
    assert learner.get(f"/api/people/{home.colleague.pk}").status_code == 404


def test_a_path_id_that_is_not_a_number_is_422(world) -> None:
    response = api_for(world.operator).get("/api/people/abc")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "person_id"


# ---------------------------------------------------------------------------------------
# Evaluation and audits


def test_a_persons_year_is_the_engines_result_with_every_record_and_its_status(
    world, ledger
) -> None:
    """金华（十）: 4 practice hours in a day count 4 credits... as the engine says; the
    pending record is listed with its status but does not count."""
    home = world.home
    pending, done, _ = ledger
    body = api_for(home.employer_user).get(f"/api/people/{home.learner.pk}/evaluation/2023")
    assert body.status_code == 200
    data = body.json()
    assert data["policy"] == "jinhua-skills-2020"
    assert data["person"]["id"] == home.learner.pk
    evaluation = data["evaluation"]
    standing = PersonYear.objects.get(person=home.learner, year=2023)
    assert evaluation["total"] == standing.total  # the same engine, the same number
    assert [r["row"] for r in evaluation["records"]] == [done.pk]
    assert evaluation["records"][0]["citation"]["label"]
    assert evaluation["compliant"] is False
    assert evaluation["shortfalls"][0]["message"]
    statuses = {r["id"]: r["status"] for r in data["records"]}
    assert statuses == {pending.pk: "registered", done.pk: "verified"}


def test_the_evaluation_speaks_the_requests_language(world, ledger) -> None:
    home = world.home
    path = f"/api/people/{home.learner.pk}/evaluation/2023"
    zh = api_for(home.learner_user).get(path).json()["evaluation"]["shortfalls"][0]["message"]
    en = api_for(home.learner_user, "en").get(path).json()["evaluation"]["shortfalls"][0]
    assert "还差" in zh
    assert "short of" in en["message"]


def test_a_provider_sees_its_records_but_not_a_persons_whole_year(world, ledger) -> None:
    """A training base sees what it registered (GET /api/records), not the person's standing
    built from other organisations' records."""
    home = world.home
    other_org = registered(
        home.employer_user, home.learner, date="2023-05-01", kind="self_study", hours="2"
    )
    client = api_for(home.provider_user)
    response = client.get(f"/api/people/{home.learner.pk}/evaluation/2023")
    assert response.status_code == 404
    ids = {r["id"] for r in client.get("/api/records", person=home.learner.pk).json()["items"]}
    assert ids
    assert other_org.pk not in ids


def test_a_year_without_a_policy_has_no_evaluation(world) -> None:
    """A professional in 金华 has no policy assigned in the test world."""
    home = world.home
    person = PersonFactory(region=home.county, employer=home.employer, talent=Talent.PROFESSIONAL)
    data = api_for(home.employer_user).get(f"/api/people/{person.pk}/evaluation/2023").json()
    assert (data["policy"], data["evaluation"], data["records"]) == (None, None, [])


@pytest.mark.parametrize("year", [1989, 2101])
def test_a_year_out_of_range_is_422(world, year) -> None:
    home = world.home
    response = api_for(home.employer_user).get(f"/api/people/{home.learner.pk}/evaluation/{year}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"


def test_an_audit_is_the_engines_audit(world, ledger) -> None:
    """金华（十六）: the training-program audit looks at the last year."""
    home = world.home
    response = api_for(home.reviewer_user).get(
        f"/api/people/{home.learner.pk}/audit/training-program", through=2023
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["target"], data["through"], data["policy"]) == (
        "training-program",
        2023,
        "jinhua-skills-2020",
    )
    audit = data["audit"]
    assert audit["target"] == "training-program"
    assert audit["citation"]["article"] == "（十六）"
    assert audit["window"] == [2023, 2023]
    assert audit["passed"] is False


def test_an_audit_the_policy_does_not_define_is_404(world) -> None:
    home = world.home
    response = api_for(home.reviewer_user, "en").get(
        f"/api/people/{home.learner.pk}/audit/appointment-period", through=2023
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "The person's policy has no such audit target"


def test_an_audit_that_needs_the_grade_date_says_so(world) -> None:
    """金华（二十）: early application counts from the date the current grade was obtained,
    which this learner's file lacks."""
    home = world.home
    response = api_for(home.reviewer_user).get(
        f"/api/people/{home.learner.pk}/audit/early-application", through=2023
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("since", "missing_grade_date")
    ]


def test_an_audit_of_someone_out_of_scope_is_404(world) -> None:
    response = api_for(world.home.reviewer_user).get(
        f"/api/people/{world.other.learner.pk}/audit/appointment-period", through=2023
    )
    assert response.status_code == 404


# ---------------------------------------------------------------------------------------
# Records: reading


def test_records_list_is_scoped_filtered_and_paged(world, ledger) -> None:
    pending, done, _ = ledger
    home = world.home
    api = api_for(home.reviewer_user)
    everything = api.get("/api/records").json()
    assert everything["count"] == 2
    assert [r["id"] for r in everything["items"]] == [done.pk, pending.pk]  # newest first
    assert api.get("/api/records", status="registered").json()["items"][0]["id"] == pending.pk
    assert api.get("/api/records", kind="offline_practice").json()["count"] == 1
    assert api.get("/api/records", year=2023).json()["count"] == 2
    assert api.get("/api/records", year=2022).json()["count"] == 0
    assert api.get("/api/records", person=home.colleague.pk).json()["count"] == 0
    assert api.get("/api/records", person=world.other.learner.pk).json()["count"] == 0
    paged = api.get("/api/records", size=1, page=2).json()
    assert (paged["count"], [r["id"] for r in paged["items"]]) == (2, [pending.pk])
    bad = api.get("/api/records", status="approved")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "status"
    assert api_for(world.operator).get("/api/records").json()["count"] == 3


def test_the_year_filter_is_the_year_an_activity_ends_in(world) -> None:
    home = world.home
    degree = registered(
        home.provider_user,
        home.learner,
        date="2021-09-01",
        end_date="2023-06-30",
        kind="degree",
    )
    api = api_for(home.provider_user)
    assert [r["id"] for r in api.get("/api/records", year=2023).json()["items"]] == [degree.pk]
    assert api.get("/api/records", year=2021).json()["count"] == 0


def test_a_record_in_full(world, ledger) -> None:
    home = world.home
    pending = ledger[0]
    data = api_for(home.learner_user).get(f"/api/records/{pending.pk}").json()
    assert data["person"] == {"id": home.learner.pk, "name": home.learner.name}
    assert (data["date"], data["kind"], data["subject"]) == (
        "2023-03-01",
        "offline_theory",
        "professional",
    )
    assert (data["hours"], data["minutes"], data["credits"]) == (8, None, None)
    assert data["status"] == "registered"
    assert data["registered_by"] == {"id": home.provider.pk, "name": home.provider.name}
    assert data["source"] == "form"
    assert data["supersedes"] is None


def test_a_record_out_of_scope_is_404(world, ledger) -> None:
    elsewhere = ledger[2]
    for user in (world.home.learner_user, world.home.reviewer_user, world.home.provider_user):
        assert api_for(user).get(f"/api/records/{elsewhere.pk}").status_code == 404
    assert api_for(world.operator).get(f"/api/records/{elsewhere.pk}").status_code == 200


# ---------------------------------------------------------------------------------------
# Records: registering


def test_registering_a_record_goes_through_the_ledger(world, ledger) -> None:
    home = world.home
    api = api_for(home.provider_user)
    response = api.post(
        "/api/records", {"person_id": home.learner.pk, **THEORY, "hours": 6.5, "title": "数控"}
    )
    assert response.status_code == 201
    data = response.json()
    record = CreditRecord.objects.get(pk=data["id"])
    assert (record.source, record.status, record.registered_by) == (
        "api",
        Status.REGISTERED,
        home.provider,
    )
    assert record.registered_by_user == home.provider_user
    assert (data["hours"], data["title"], data["source"]) == (6.5, "数控", "api")
    assert AuditEntry.objects.filter(action="record.register", target_id=str(record.pk)).exists()
    assert PersonYear.objects.get(person=home.learner, year=2023).pending == 2


def test_a_provider_registers_a_new_trainee_by_id_number(world) -> None:
    """A provider sees only people it registered for; a new trainee is found by their number."""
    home = world.home
    stranger = PersonFactory(region=home.county, employer=home.employer)
    api = api_for(home.provider_user)
    assert api.get(f"/api/people/{stranger.pk}").status_code == 404
    response = api.post("/api/records", {"id_number": stranger.id_number, **THEORY})
    assert response.status_code == 201
    assert response.json()["person"]["id"] == stranger.pk
    assert api.get(f"/api/people/{stranger.pk}").status_code == 200


def test_a_record_of_a_project_is_approved_and_one_that_does_not_fit_is_422(world) -> None:
    """宁夏 三（一）: the filing makes an activity approved; the API says which field does not
    fit the project, in the request's language, and writes nothing."""
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    record = {"id_number": home.learner.id_number, "kind": "offline_theory", "hours": 4}
    api = api_for(home.provider_user, lang="en")
    outside = api.post("/api/records", {**record, "date": "2026-05-01", "project": project.pk})
    assert outside.status_code == 422
    assert outside.json()["errors"] == [
        {
            "field": "date",
            "code": "project_dates",
            "message": "The activity falls outside the project's dates.",
        }
    ]
    assert not CreditRecord.objects.exists()
    made = api.post("/api/records", {**record, "date": "2026-03-02", "project": project.pk})
    assert made.status_code == 201
    assert (made.json()["project"], made.json()["approved"]) == (project.pk, True)
    unfiled = api.post("/api/records", {**record, "date": "2026-03-02", "approved": True})
    assert (unfiled.json()["project"], unfiled.json()["approved"]) == (None, False)


def test_an_unknown_id_number_and_one_not_yours_answer_alike(world) -> None:
    home = world.home
    employer = api_for(home.employer_user)
    unknown = employer.post("/api/records", {"id_number": "110101199001011234", **THEORY})
    not_mine = employer.post("/api/records", {"id_number": world.other.learner.id_number, **THEORY})
    assert unknown.status_code == not_mine.status_code == 422
    assert unknown.json() == not_mine.json()
    assert unknown.json()["errors"][0]["field"] == "id_number"
    assert CreditRecord.objects.count() == 0


@pytest.mark.parametrize(
    "who", [{}, {"person_id": 1, "id_number": "110101199001011234"}], ids=["neither", "both"]
)
def test_exactly_one_way_of_naming_the_person(world, who) -> None:
    response = api_for(world.operator).post("/api/records", {**who, **THEORY})
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "one_of"


def test_invalid_fields_are_422_naming_each_field_and_nothing_is_written(world) -> None:
    home = world.home
    before = (CreditRecord.objects.count(), AuditEntry.objects.count())
    response = api_for(home.provider_user).post(
        "/api/records",
        {
            "id_number": home.learner.id_number,
            "date": "2023-02-30",
            "kind": "offline_theory",
            "hours": -1,
            "colour": "blue",
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "提交的数据有误"
    codes = {e["field"]: e["code"] for e in body["errors"]}
    assert codes == {"date": "impossible_date", "hours": "negative", "colour": "unknown_column"}
    hours = next(e for e in body["errors"] if e["field"] == "hours")
    assert hours["message"] == "第 1 行，字段 hours：不能为负数（-1）"
    assert (CreditRecord.objects.count(), AuditEntry.objects.count()) == before


def test_field_errors_in_english_when_asked(world) -> None:
    home = world.home
    response = api_for(home.employer_user, "en").post(
        "/api/records", {"person_id": home.learner.pk, "date": "2023-03-01", "kind": "teaching"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request has invalid fields"
    assert body["errors"] == [
        {
            "field": "hours",
            "code": "required",
            "message": "row 1, field hours: required field is missing",
        }
    ]


def test_a_json_value_of_the_wrong_shape_names_the_field(world) -> None:
    home = world.home
    response = api_for(home.employer_user).post(
        "/api/records", {"person_id": home.learner.pk, **THEORY, "hours": [8]}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("hours", "not_a_number")]
    assert CreditRecord.objects.count() == 0


def test_a_body_that_is_not_json_is_400_in_json(world) -> None:
    response = Client().post(
        "/api/records",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {ApiToken.issue(world.operator, 't')[1]}"},
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "请求无法解析", "errors": []}


def test_who_may_not_register_gets_403_and_nothing_is_written(world) -> None:
    home = world.home
    for user in (home.learner_user, home.reviewer_user):
        response = api_for(user).post("/api/records", {"person_id": home.learner.pk, **THEORY})
        assert response.status_code == 403
        assert response.json()["detail"] == "无权执行此操作"
    assert CreditRecord.objects.count() == 0


def test_registering_for_someone_out_of_scope_is_404(world) -> None:
    response = api_for(world.home.employer_user).post(
        "/api/records", {"person_id": world.other.learner.pk, **THEORY}
    )
    assert response.status_code == 404
    assert CreditRecord.objects.count() == 0


# ---------------------------------------------------------------------------------------
# Records: deciding and correcting


def test_a_reviewer_verifies_and_the_standing_follows(world, ledger) -> None:
    home = world.home
    pending = ledger[0]
    response = api_for(home.reviewer_user).post(f"/api/records/{pending.pk}/verify")
    assert response.status_code == 200
    assert response.json()["status"] == "verified"
    assert response.json()["decided_at"]
    assert PersonYear.objects.get(person=home.learner, year=2023).pending == 0
    again = api_for(home.reviewer_user, "en").post(f"/api/records/{pending.pk}/verify")
    assert again.status_code == 409
    assert again.json()["detail"] == "The current status does not allow this step."
    assert again.json()["code"] == "invalid_transition"


def test_only_reviewers_of_the_region_and_operators_decide(world, ledger) -> None:
    home, other = world.home, world.other
    pending = ledger[0]
    assert api_for(home.provider_user).post(f"/api/records/{pending.pk}/verify").status_code == 403
    assert api_for(home.employer_user).post(f"/api/records/{pending.pk}/verify").status_code == 403
    assert api_for(other.reviewer_user).post(f"/api/records/{pending.pk}/verify").status_code == 404
    assert CreditRecord.objects.get(pk=pending.pk).status == Status.REGISTERED


def test_a_rejection_needs_a_reason(world, ledger) -> None:
    home = world.home
    pending = ledger[0]
    api = api_for(home.reviewer_user)
    blank = api.post(f"/api/records/{pending.pk}/reject", {"reason": "  "})
    assert blank.status_code == 422
    assert [(e["field"], e["code"]) for e in blank.json()["errors"]] == [("reason", "required")]
    missing = api.post(f"/api/records/{pending.pk}/reject", {})
    assert missing.status_code == 422
    assert [(e["field"], e["code"]) for e in missing.json()["errors"]] == [("reason", "missing")]
    assert CreditRecord.objects.get(pk=pending.pk).status == Status.REGISTERED
    done = api.post(f"/api/records/{pending.pk}/reject", {"reason": "无考核记录"})
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["rejection_reason"]) == ("rejected", "无考核记录")


def test_a_correction_supersedes_the_record_and_keeps_it(world, ledger) -> None:
    home = world.home
    done = ledger[1]
    response = api_for(home.provider_user).post(
        f"/api/records/{done.pk}/supersede",
        {
            "fields": {"date": "2023-04-01", "kind": "offline_practice", "hours": 3},
            "reason": "录入错误",
        },
    )
    assert response.status_code == 201
    new = response.json()
    assert (new["supersedes"], new["status"], new["hours"], new["reason"]) == (
        done.pk,
        "registered",
        3,
        "录入错误",
    )
    assert CreditRecord.objects.get(pk=done.pk).status == Status.SUPERSEDED
    old = api_for(home.learner_user).get(f"/api/records/{done.pk}").json()
    assert old["status"] == "superseded"


def test_a_bad_correction_changes_nothing(world, ledger) -> None:
    home = world.home
    done = ledger[1]
    api = api_for(home.provider_user)
    before = AuditEntry.objects.count()
    invalid = api.post(
        f"/api/records/{done.pk}/supersede",
        {
            "fields": {"date": "2023-04-01", "kind": "offline_practice", "hours": "x"},
            "reason": "录入错误",
        },
    )
    assert invalid.status_code == 422
    assert [(e["field"], e["code"]) for e in invalid.json()["errors"]] == [
        ("hours", "not_a_number")
    ]
    moved = api.post(
        f"/api/records/{done.pk}/supersede",
        {"fields": {**THEORY, "person_id": world.other.learner.pk}, "reason": ""},
    )
    assert moved.status_code == 422
    assert {e["field"] for e in moved.json()["errors"]} == {"reason", "person_id"}
    assert CreditRecord.objects.get(pk=done.pk).status == Status.VERIFIED
    assert AuditEntry.objects.count() == before


def test_only_the_registrant_or_an_operator_corrects(world, ledger) -> None:
    home = world.home
    done = ledger[1]
    correction = {"fields": THEORY, "reason": "更正"}
    for user in (home.employer_user, home.reviewer_user, home.learner_user):
        assert (
            api_for(user).post(f"/api/records/{done.pk}/supersede", correction).status_code == 403
        )
    assert (
        api_for(world.other.provider_user)
        .post(f"/api/records/{done.pk}/supersede", correction)
        .status_code
        == 404
    )
    assert (
        api_for(world.operator).post(f"/api/records/{done.pk}/supersede", correction).status_code
        == 201
    )


def test_a_superseded_record_cannot_be_corrected_again(world, ledger) -> None:
    home = world.home
    done = ledger[1]
    api = api_for(home.provider_user)
    correction = {"fields": THEORY, "reason": "更正"}
    assert api.post(f"/api/records/{done.pk}/supersede", correction).status_code == 201
    assert api.post(f"/api/records/{done.pk}/supersede", correction).status_code == 409


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"hours": 0.125}, "hours", "too_precise"),
        ({"hours": "0.125"}, "hours", "too_precise"),
        ({"kind": "online_exam", "credits": 99999999999}, "credits", "too_large"),
        ({"title": "题" * 201}, "title", "too_long"),
        ({"title": "课\u0000程"}, "title", "bad_character"),
        ({"title": "\u2067课程"}, "title", "bad_character"),
        ({"date": "0001-01-01"}, "date", "date_out_of_range"),
        ({"count": 40000}, "count", "too_large"),
    ],
)
def test_values_the_ledger_cannot_keep_are_422_naming_the_field(
    world, change, field, code
) -> None:
    """Issue 9: these passed the API's checks and failed at commit on PostgreSQL (or were
    stored rounded); now the API refuses them as the command line does."""
    home = world.home
    response = api_for(home.employer_user, "en").post(
        "/api/records", {"person_id": home.learner.pk, **THEORY, **change}
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert all("\u0000" not in e["message"] for e in response.json()["errors"])
    assert CreditRecord.objects.count() == 0


def test_a_conference_of_days_from_its_date_is_registered_with_its_end_date(world) -> None:
    """Issue 9: "a 3-day conference from 10 May" is date + days, without an end date."""
    home = world.home
    response = api_for(home.employer_user).post(
        "/api/records",
        {
            "person_id": home.learner.pk,
            "date": "2023-05-10",
            "days": 3,
            "kind": "conference",
            "level": "national",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["end_date"], body["days"]) == ("2023-05-12", 3)
