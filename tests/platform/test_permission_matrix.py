"""The role × endpoint matrix, over every page and API operation the URL resolver knows.

`MATRIX` holds, for each URL name, its path (the URL contract other parts rely on), how to
call it, and what each role gets: anonymous, learner, employer admin, provider admin, HR
reviewer and operator of the home city. Endpoints that take a person or a record are also
called with the OTHER city's person or record, which only the operator may reach.

- Every URL pattern Django resolves must be in the table: a new page or API operation fails
  `test_every_url_is_in_the_matrix` until its row is written.
- Every row whose URL exists is tested; a row for a page not written yet waits for it.
- Every response is checked for leaks: nobody sees a person outside their scope (name or ID
  number, masked or not), and only the person themself and operators see a whole resident
  ID number.
- A write must happen exactly when the outcome says it is allowed.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import openpyxl
import pytest
import training_matrix as tm
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from factories import registered
from imports_helpers import roster_batch
from jxjy.accounts.models import ApiToken, User
from jxjy.disputes.models import Dispute, DisputeMessage
from jxjy.disputes.services import dispute_open
from jxjy.imports.models import ImportBatch
from jxjy.ledger.evidence import evidence_attach
from jxjy.ledger.models import CreditRecord, Evidence, Status
from jxjy.people.models import Person
from jxjy.training.models import Enrolment, Project
from samples import upload
from training_helpers import scene_projects

ROLES = ("anonymous", "learner", "employer", "provider", "reviewer", "operator")
THEORY = {"date": "2023-03-01", "kind": "offline_theory", "hours": "8"}


# ---------------------------------------------------------------------------------------
# Outcomes


@dataclass(frozen=True)
class Expect:
    """An outcome: the status (one of `statuses`), where a redirect goes (a prefix of the
    Location, or a callable of the scene), and whether it counts as allowed (a write
    must then have happened, and must not have otherwise)."""

    statuses: frozenset[int]
    allowed: bool
    location: str | Callable[[Scene], str] | None = None
    label: str = ""

    def __str__(self) -> str:
        return self.label or "/".join(map(str, sorted(self.statuses)))


def _expect(*statuses: int, allowed: bool, location: Any = None, label: str = "") -> Expect:
    return Expect(frozenset(statuses), allowed, location, label)


OK = _expect(200, allowed=True, label="200")
CREATED = _expect(201, allowed=True, label="201")
EMPTY = _expect(204, allowed=True, label="204")
DENIED = _expect(403, 404, allowed=False, label="denied 403/404")
FORBIDDEN = _expect(403, allowed=False, label="403")
HIDDEN = _expect(404, allowed=False, label="404")
UNAUTHORIZED = _expect(401, allowed=False, label="401")
TO_LOGIN = _expect(302, allowed=False, location="/login/?next=", label="302 to /login/")
FORM_OR_HOME = _expect(200, 302, allowed=True, label="200, or 302 home")
TO_ADMIN_LOGIN = _expect(
    302, allowed=False, location="/admin/login/?next=", label="302 to /admin/login/"
)


def redirect(to: str | Callable[[Scene], str], *, allowed: bool = True) -> Expect:
    return _expect(302, allowed=allowed, location=to, label=f"302 to {to}")


def roles(default: Expect, **by_role: Expect) -> dict[str, Expect]:
    """Each role's outcome: `default` unless named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {role: by_role.get(role, default) for role in ROLES}


def page(allowed: tuple[str, ...], ok: Expect = OK, denied: Expect = DENIED) -> dict[str, Expect]:
    """A page behind a login: anonymous visitors go to the login page."""
    return roles(denied, anonymous=TO_LOGIN, **dict.fromkeys(allowed, ok))


def api(allowed: dict[str, Expect], denied: Expect = FORBIDDEN) -> dict[str, Expect]:
    """An API operation: anonymous callers get 401."""
    return roles(denied, anonymous=UNAUTHORIZED, **allowed)


def everyone(outcome: Expect) -> dict[str, Expect]:
    return roles(outcome)


# ---------------------------------------------------------------------------------------
# The scene


@dataclass
class Scene:
    """The `world` fixture with records: the home learner's pending record (registered by
    the home provider) and the other city learner's pending record."""

    world: Any
    pending: CreditRecord
    other_pending: CreditRecord
    other_token: ApiToken
    users: dict[str, User | None] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)

    @property
    def home(self) -> Any:
        return self.world.home

    @property
    def other(self) -> Any:
        return self.world.other


@pytest.fixture
def scene(world) -> Scene:
    home, other = world.home, world.other
    pending = registered(home.provider_user, home.learner, **THEORY)
    other_pending = registered(other.provider_user, other.learner, **THEORY)
    other_token, _ = ApiToken.issue(other.learner_user, "theirs")
    users: dict[str, User | None] = {
        "anonymous": None,
        "learner": home.learner_user,
        "employer": home.employer_user,
        "provider": home.provider_user,
        "reviewer": home.reviewer_user,
        "operator": world.operator,
    }
    return Scene(world, pending, other_pending, other_token, users, scene_projects(world))


Args = Callable[[Scene, User | None], dict[str, Any]]
Check = Callable[[Scene], bool]


def _none(scene: Scene, user: User | None) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Case:
    """One way of calling an endpoint (`variant`: "home" or "other" city), and each role's
    outcome."""

    method: str
    expect: dict[str, Expect]
    variant: str = "home"
    kwargs: Args = _none
    query: Args = _none
    data: Args = _none
    wrote: Check | None = None  # did the write happen?
    auth: str = "token"  # API only: "token" or "session"
    multipart: bool = False  # API only: send `data` as multipart/form-data (file uploads)


@dataclass(frozen=True)
class Row:
    """The URL contract of one name and its cases."""

    route: str
    kind: str  # "page", "api" or "admin"
    cases: tuple[Case, ...]


def _status_of(record: Callable[[Scene], CreditRecord], status: str) -> Check:
    def check(scene: Scene) -> bool:
        return CreditRecord.objects.get(pk=record(scene).pk).status == status

    return check


def _home_record(scene: Scene) -> CreditRecord:
    return scene.pending


def _other_record(scene: Scene) -> CreditRecord:
    return scene.other_pending


def _records_of(person: Callable[[Scene], Person], count: int) -> Check:
    def check(scene: Scene) -> bool:
        return CreditRecord.objects.filter(person=person(scene)).count() > count

    return check


def _home_person(scene: Scene) -> Person:
    return scene.home.learner


def _other_person(scene: Scene) -> Person:
    return scene.other.learner


def _person_kwargs(person: Callable[[Scene], Person], **extra: Any) -> Args:
    return lambda scene, user: {"person_id": person(scene).pk, **extra}


def _record_kwargs(record: Callable[[Scene], CreditRecord], name: str = "record_id") -> Args:
    return lambda scene, user: {name: record(scene).pk}


def _constant(**values: Any) -> Args:
    return lambda scene, user: values


def _own_token(scene: Scene, user: User | None) -> dict[str, Any]:
    token, _ = ApiToken.issue(user or scene.other.learner_user, "mine")
    return {"token_id": token.pk}


def _token_gone(scene: Scene) -> bool:
    return not ApiToken.objects.filter(name="mine").exists()


def _other_token_gone(scene: Scene) -> bool:
    return not ApiToken.objects.filter(pk=scene.other_token.pk).exists()


def _new_token(scene: Scene) -> bool:
    return ApiToken.objects.filter(name="matrix").exists()


START = {
    "anonymous": TO_LOGIN,
    "learner": redirect("/me/"),
    "employer": redirect("/employer/people/"),
    "provider": redirect("/provider/records/"),
    "reviewer": redirect("/reviewer/"),
    "operator": redirect("/admin/"),
}

LEARNER = ("learner",)
EMPLOYER = ("employer", "operator")
PROVIDER = ("provider", "operator")
REVIEWER = ("reviewer", "operator")
STAFF_OF_PEOPLE = ("employer", "provider", "reviewer", "operator")
SEES_STANDING = ("employer", "reviewer", "operator")  # accounts.scope.sees_standing
SIGNED_IN = ("learner", "employer", "provider", "reviewer", "operator")
BACK_TO_QUEUE = redirect("/reviewer/queue/")


def _register(person: Callable[[Scene], Person]) -> Args:
    return lambda scene, user: {"person_id": person(scene).pk, **THEORY}


def _bulk(record: Callable[[Scene], CreditRecord]) -> Args:
    return lambda scene, user: {"ids": [record(scene).pk]}



# -- Roster imports -----------------------------------------------------------------------
IMPORTERS = ("provider", "employer", "operator")
BAD_UPLOAD = _expect(400, allowed=False, label="400, nothing kept")
BAD_REQUEST_BODY = _expect(422, allowed=False, label="422, nothing kept")
ACCEPTED = _expect(202, allowed=True, label="202")


def _batch_kwargs(city: str, *, valid: bool = True, name: str = "pk") -> Args:
    """A one-row roster batch of the city's provider, made for the call."""

    def make(scene: Scene, user: User | None) -> dict[str, Any]:
        place = scene.home if city == "home" else scene.other
        return {name: roster_batch(place.provider_user, place.county.code, valid=valid).pk}

    return make


def _api_batch(city: str, *, valid: bool = True) -> Args:
    return _batch_kwargs(city, valid=valid, name="batch_id")


def _batches_made(scene: Scene) -> bool:
    return ImportBatch.objects.exists()


def _batch_committed(scene: Scene) -> bool:
    return ImportBatch.objects.filter(status=ImportBatch.Status.COMMITTED).exists()


_SUPERSEDE = _constant(fields=THEORY, reason="更正")
_SESSION = {"starts": "08:30", "ends": "11:30", "hours": 4}
_REASON = _constant(reason="无考核记录")


# -- Evidence and disputes (issue 4): made inside each role's rolled-back call ------------


def _evidence(record: Callable[[Scene], CreditRecord]) -> Callable[[Scene], Evidence]:
    """Evidence the record's registrant attached (its file stays in the test data folder)."""

    def make(scene: Scene) -> Evidence:
        row = record(scene)
        file = upload()
        return evidence_attach(actor=row.registered_by_user, target=row, file=file, name="x.jpg")

    return make


def _dispute(record: Callable[[Scene], CreditRecord]) -> Callable[[Scene], Dispute]:
    def make(scene: Scene) -> Dispute:
        row = record(scene)
        return dispute_open(actor=row.person.account, record=row, reason="学时不对")

    return make


def _pk_of(make: Callable[[Scene], Any], name: str) -> Args:
    return lambda scene, user: {name: make(scene).pk}


def _evidence_count(record: Callable[[Scene], CreditRecord], count: int) -> Check:
    return lambda scene: Evidence.objects.filter(record=record(scene)).count() == count


def _dispute_with(record: Callable[[Scene], CreditRecord], **state: Any) -> Check:
    return lambda scene: Dispute.objects.filter(record=record(scene), **state).exists()


def _answered(record: Callable[[Scene], CreditRecord]) -> Check:
    return lambda scene: DisputeMessage.objects.filter(dispute__record=record(scene)).exists()


def _page_upload(record: Callable[[Scene], CreditRecord]) -> Args:
    return lambda scene, user: {
        "target": f"record:{record(scene).pk}",
        "file": upload(),
        "next": "/provider/records/",
    }


def _api_upload(record: Callable[[Scene], CreditRecord]) -> Args:
    return lambda scene, user: {"target": "record", "target_id": record(scene).pk, "file": upload()}


def _dispute_in(record: Callable[[Scene], CreditRecord]) -> Args:
    return lambda scene, user: {"record_id": record(scene).pk, "reason": "学时不对"}


_HOME_EVIDENCE, _OTHER_EVIDENCE = _evidence(_home_record), _evidence(_other_record)
_HOME_DISPUTE, _OTHER_DISPUTE = _dispute(_home_record), _dispute(_other_record)
SEES_RECORD = ("learner", "employer", "provider", "reviewer", "operator")
DISPUTE_PARTIES = ("learner", "provider", "reviewer", "operator")  # accounts.scope.disputes_q
CLOSERS = ("learner", "reviewer", "operator")  # accounts.scope.can_close_dispute
TO_DISPUTES = redirect("/disputes/")
_TEXT = _constant(text="已核对")
_CORRECTION = _constant(**THEORY, reason="学时录错")

# Training: the scene's projects (see `training_helpers.scene_projects`).
ORGANISERS = ("provider", "employer", "operator")


def _project(name: str, key: str = "pk") -> Args:
    return lambda scene, user: {key: scene.projects[name].pk}


def _session(name: str, key: str = "pk") -> Args:
    return lambda scene, user: {key: scene.projects[name].sessions.first().pk}


def _past_session(scene: Scene) -> Any:
    return scene.projects["approved"].sessions.order_by("date").first()


def _enrolment(scene: Scene) -> Enrolment:
    return scene.projects["approved"].enrolments.get(person=scene.home.learner)


def _booking(scene: Scene, user: User | None) -> dict[str, Any]:
    """The home learner's enrolment in a project that has not begun."""
    booked = scene.projects["booked"].enrolments.get(person=scene.home.learner)
    return {"pk": booked.pk}


def _enrolled(name: str) -> Check:
    return lambda scene: scene.projects[name].enrolments.filter(person=scene.home.learner).exists()


def _project_status(name: str, status: str) -> Check:
    return lambda scene: Project.objects.get(pk=scene.projects[name].pk).status == status


def _new_session(scene: Scene, user: User | None) -> dict[str, Any]:
    day = scene.projects["draft"].start_date
    return {
        "date": day.isoformat(),
        "starts": "14:00",
        "ends": "17:00",
        "hours": "4",
        "place": "一楼",
    }


MATRIX: dict[str, Row] = {
    # -- Pages -----------------------------------------------------------------------------
    "home": Row("", "page", (Case("get", START),)),
    # Signed in, the login page shows its form again or sends the user home: either is safe.
    "login": Row("login/", "page", (Case("get", roles(FORM_OR_HOME, anonymous=OK)),)),
    "logout": Row("logout/", "page", (Case("post", everyone(redirect("/login/"))),)),
    "password_change": Row("password/", "page", (Case("get", page(SIGNED_IN)),)),
    "password_change_done": Row("password/done/", "page", (Case("get", page(SIGNED_IN)),)),
    "learner-home": Row("me/", "page", (Case("get", page(LEARNER)),)),
    "learner-years": Row("me/years/", "page", (Case("get", page(LEARNER)),)),
    "learner-year": Row(
        "me/<int:year>/", "page", (Case("get", page(LEARNER), kwargs=_constant(year=2023)),)
    ),
    "learner-audit": Row(
        "me/audit/<str:target>/",
        "page",
        (Case("get", page(LEARNER), kwargs=_constant(target="training-program")),),
    ),
    "person-year": Row(
        "people/<int:pk>/<int:year>/",
        "page",
        (
            Case(
                "get",
                # A provider sees the records it registered, not a person's whole year.
                page(SEES_STANDING) | {"provider": HIDDEN},
                kwargs=lambda s, u: {"pk": s.home.learner.pk, "year": 2023},
            ),
            Case(
                "get",
                page(("operator",), denied=HIDDEN) | {"learner": DENIED},
                variant="other",
                kwargs=lambda s, u: {"pk": s.other.learner.pk, "year": 2023},
            ),
        ),
    ),
    "employer-people": Row("employer/people/", "page", (Case("get", page(EMPLOYER)),)),
    "employer-people-export": Row("employer/people.xlsx", "page", (Case("get", page(EMPLOYER)),)),
    "provider-records": Row("provider/records/", "page", (Case("get", page(ORGANISERS)),)),
    "provider-register": Row("provider/records/new/", "page", (Case("get", page(ORGANISERS)),)),
    "reviewer-overview": Row("reviewer/", "page", (Case("get", page(REVIEWER)),)),
    "reviewer-queue": Row("reviewer/queue/", "page", (Case("get", page(REVIEWER)),)),
    "reviewer-verify": Row(
        "reviewer/records/<int:pk>/verify/",
        "page",
        (
            Case(
                "post",
                page(REVIEWER, ok=BACK_TO_QUEUE),
                kwargs=_record_kwargs(_home_record, "pk"),
                wrote=_status_of(_home_record, Status.VERIFIED),
            ),
            Case(
                "post",
                page(("operator",), ok=BACK_TO_QUEUE) | {"reviewer": HIDDEN},
                variant="other",
                kwargs=_record_kwargs(_other_record, "pk"),
                wrote=_status_of(_other_record, Status.VERIFIED),
            ),
        ),
    ),
    "reviewer-reject": Row(
        "reviewer/records/<int:pk>/reject/",
        "page",
        (
            Case(
                "post",
                page(REVIEWER, ok=BACK_TO_QUEUE),
                kwargs=_record_kwargs(_home_record, "pk"),
                data=_REASON,
                wrote=_status_of(_home_record, Status.REJECTED),
            ),
            Case(
                "post",
                page(("operator",), ok=BACK_TO_QUEUE) | {"reviewer": HIDDEN},
                variant="other",
                kwargs=_record_kwargs(_other_record, "pk"),
                data=_REASON,
                wrote=_status_of(_other_record, Status.REJECTED),
            ),
        ),
    ),
    "reviewer-verify-bulk": Row(
        "reviewer/queue/verify/",
        "page",
        (
            Case(
                "post",
                page(REVIEWER, ok=BACK_TO_QUEUE),
                data=_bulk(_home_record),
                wrote=_status_of(_home_record, Status.VERIFIED),
            ),
            # The ids travel in the form: a record out of scope is "no longer waiting".
            Case(
                "post",
                page(("operator",), ok=BACK_TO_QUEUE)
                | {"reviewer": redirect("/reviewer/queue/", allowed=False)},
                variant="other",
                data=_bulk(_other_record),
                wrote=_status_of(_other_record, Status.VERIFIED),
            ),
        ),
    ),
    # -- Training: the public catalogue and the learner ------------------------------------
    "catalogue": Row("catalogue/", "page", (Case("get", everyone(OK)),)),
    "catalogue-project": Row(
        "catalogue/<int:pk>/",
        "page",
        (
            Case("get", everyone(OK), kwargs=_project("approved")),
            # Only approved projects are in the catalogue.
            Case("get", everyone(HIDDEN), variant="draft", kwargs=_project("draft")),
        ),
    ),
    "bases": Row("bases/", "page", (Case("get", everyone(OK)),)),
    "catalogue-enrol": Row(
        "catalogue/<int:pk>/enrol/",
        "page",
        (
            Case(
                "post",
                page(LEARNER, ok=redirect("/me/training/")),
                kwargs=_project("open"),
                wrote=_enrolled("open"),
            ),
        ),
    ),
    "learner-training": Row("me/training/", "page", (Case("get", page(LEARNER)),)),
    "learner-withdraw": Row(
        "me/training/<int:pk>/withdraw/",
        "page",
        (
            Case(
                "post",
                page(LEARNER, ok=redirect("/me/training/")),
                kwargs=_booking,
                wrote=lambda s: not _enrolled("booked")(s),
            ),
        ),
    ),
    "learner-checkin": Row(
        "checkin/<int:pk>/",
        "page",
        (
            Case("get", page(LEARNER), kwargs=_session("approved")),
            Case("get", page((), denied=DENIED), variant="other", kwargs=_session("other")),
        ),
    ),
    # -- Training: the organiser -------------------------------------------------------------
    "projects": Row("projects/", "page", (Case("get", page(ORGANISERS)),)),
    "project-new": Row("projects/new/", "page", (Case("get", page(("provider", "employer"))),)),
    "project-detail": Row(
        "projects/<int:pk>/",
        "page",
        (
            Case("get", page(PROVIDER), kwargs=_project("approved", "pk")),
            Case("get", page(("operator",)), variant="other", kwargs=_project("other", "pk")),
        ),
    ),
    "project-edit": Row(
        "projects/<int:pk>/edit/",
        "page",
        (Case("get", page(PROVIDER), kwargs=_project("draft", "pk")),),
    ),
    "project-file": Row(
        "projects/<int:pk>/file/",
        "page",
        (
            Case(
                "post",
                page(PROVIDER, ok=redirect(lambda s: f"/projects/{s.projects['draft'].pk}/")),
                kwargs=_project("draft", "pk"),
                wrote=_project_status("draft", Project.Status.FILED),
            ),
        ),
    ),
    "session-add": Row(
        "projects/<int:pk>/sessions/",
        "page",
        (
            Case(
                "post",
                page(PROVIDER, ok=redirect(lambda s: f"/projects/{s.projects['draft'].pk}/")),
                kwargs=_project("draft", "pk"),
                data=_new_session,
                wrote=lambda s: s.projects["draft"].sessions.count() > 1,
            ),
        ),
    ),
    "session-remove": Row(
        "projects/<int:pk>/sessions/<int:session_pk>/remove/",
        "page",
        (
            Case(
                "post",
                page(PROVIDER, ok=redirect(lambda s: f"/projects/{s.projects['draft'].pk}/")),
                kwargs=lambda s, u: {
                    "pk": s.projects["draft"].pk,
                    "session_pk": s.projects["draft"].sessions.first().pk,
                },
                wrote=lambda s: not s.projects["draft"].sessions.exists(),
            ),
        ),
    ),
    "project-participants": Row(
        "projects/<int:pk>/participants/",
        "page",
        (Case("get", page(PROVIDER), kwargs=_project("approved", "pk")),),
    ),
    "project-enrol": Row(
        "projects/<int:pk>/enrol/",
        "page",
        (
            Case(
                "post",
                page(
                    PROVIDER,
                    ok=redirect(lambda s: f"/projects/{s.projects['open'].pk}/participants/"),
                ),
                kwargs=_project("open", "pk"),
                data=lambda s, u: {"id_numbers": s.home.learner.id_number},
                wrote=_enrolled("open"),
            ),
        ),
    ),
    "project-results": Row(
        "projects/<int:pk>/results/",
        "page",
        (
            Case(
                "post",
                page(
                    PROVIDER,
                    ok=redirect(lambda s: f"/projects/{s.projects['approved'].pk}/participants/"),
                ),
                kwargs=_project("approved", "pk"),
                data=lambda s, u: {f"result-{_enrolment(s).pk}": "passed"},
                wrote=lambda s: _enrolment(s).result == Enrolment.Result.PASSED,
            ),
        ),
    ),
    "project-register": Row(
        "projects/<int:pk>/register/",
        "page",
        (
            Case(
                "post",
                page(
                    PROVIDER,
                    ok=redirect(lambda s: f"/projects/{s.projects['approved'].pk}/participants/"),
                ),
                kwargs=_project("approved", "pk"),
            ),
        ),
    ),
    "session-live": Row(
        "sessions/<int:pk>/",
        "page",
        (Case("get", page(PROVIDER), kwargs=_session("approved", "pk")),),
    ),
    "session-code": Row(
        "sessions/<int:pk>/code/",
        "page",
        (
            Case("get", page(PROVIDER), kwargs=_session("approved", "pk")),
            Case("get", page(("operator",)), variant="other", kwargs=_session("other", "pk")),
        ),
    ),
    "session-sheet": Row(
        "sessions/<int:pk>/sheet/",
        "page",
        (Case("get", page(PROVIDER), kwargs=_session("approved", "pk")),),
    ),
    "session-attendance": Row(
        "sessions/<int:pk>/attendance/",
        "page",
        (
            Case(
                "post",
                page(PROVIDER, ok=redirect(lambda s: f"/sessions/{_past_session(s).pk}/")),
                kwargs=lambda s, u: {"pk": _past_session(s).pk},
                data=lambda s, u: {
                    "enrolments": [_enrolment(s).pk],
                    "method": "sheet",
                    "reason": "纸质签到表",
                },
                wrote=lambda s: _past_session(s).attendance.exists(),
            ),
        ),
    ),
    # -- Training: the HR bureau's filings ---------------------------------------------------
    "filings": Row("reviewer/filings/", "page", (Case("get", page(REVIEWER)),)),
    "filing": Row(
        "reviewer/filings/<int:pk>/",
        "page",
        (Case("get", page(REVIEWER), kwargs=_project("filed", "pk")),),
    ),
    "filing-approve": Row(
        "reviewer/filings/<int:pk>/approve/",
        "page",
        (
            Case(
                "post",
                page(REVIEWER, ok=redirect("/reviewer/filings/")),
                kwargs=_project("filed", "pk"),
                wrote=_project_status("filed", Project.Status.APPROVED),
            ),
            Case(
                "post",
                page(("operator",), ok=redirect("/reviewer/filings/")) | {"reviewer": HIDDEN},
                variant="other",
                kwargs=_project("other", "pk"),
                wrote=_project_status("other", Project.Status.APPROVED),
            ),
        ),
    ),
    "filing-return": Row(
        "reviewer/filings/<int:pk>/return/",
        "page",
        (
            Case(
                "post",
                page(REVIEWER, ok=redirect("/reviewer/filings/")),
                kwargs=_project("filed", "pk"),
                data=_constant(reason="请补充师资情况"),
                wrote=_project_status("filed", Project.Status.RETURNED),
            ),
        ),
    ),
    "set_language": Row(
        "i18n/setlang/",
        "page",
        (Case("post", everyone(redirect("/")), data=_constant(language="en", next="/")),),
    ),
    # -- API -------------------------------------------------------------------------------
    "api:openapi-json": Row("api/openapi.json", "api", (Case("get", everyone(OK)),)),
    "api:openapi-view": Row("api/docs", "api", (Case("get", everyone(OK)),)),
    "api:api-root": Row("api/", "api", (Case("get", everyone(HIDDEN)),)),
    "api:csrf": Row("api/csrf", "api", (Case("get", everyone(OK)),)),
    "api:person_list": Row("api/people", "api", (Case("get", api(dict.fromkeys(SIGNED_IN, OK))),)),
    "api:person_detail": Row(
        "api/people/<person_id>",
        "api",
        (
            Case("get", api(dict.fromkeys(SIGNED_IN, OK)), kwargs=_person_kwargs(_home_person)),
            Case(
                "get",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=_person_kwargs(_other_person),
            ),
        ),
    ),
    "api:person_evaluation": Row(
        "api/people/<person_id>/evaluation/<year>",
        "api",
        (
            Case(
                "get",
                api(dict.fromkeys((*SEES_STANDING, "learner"), OK) | {"provider": HIDDEN}),
                kwargs=_person_kwargs(_home_person, year=2023),
            ),
            Case(
                "get",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=_person_kwargs(_other_person, year=2023),
            ),
        ),
    ),
    "api:person_audit": Row(
        "api/people/<person_id>/audit/<target>",
        "api",
        (
            Case(
                "get",
                api(dict.fromkeys((*SEES_STANDING, "learner"), OK) | {"provider": HIDDEN}),
                kwargs=_person_kwargs(_home_person, target="training-program"),
                query=_constant(through=2023),
            ),
            Case(
                "get",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=_person_kwargs(_other_person, target="appointment-period"),
                query=_constant(through=2023),
            ),
        ),
    ),
    "api:record_list": Row("api/records", "api", (Case("get", api(dict.fromkeys(SIGNED_IN, OK))),)),
    "api:record_register": Row(
        "api/records",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(("employer", "provider", "operator"), CREATED)),
                data=_register(_home_person),
                wrote=_records_of(_home_person, 1),
            ),
            Case(
                "post",
                api({"operator": CREATED}, denied=HIDDEN),
                variant="other",
                data=_register(_other_person),
                wrote=_records_of(_other_person, 1),
            ),
        ),
    ),
    "api:record_detail": Row(
        "api/records/<record_id>",
        "api",
        (
            Case("get", api(dict.fromkeys(SIGNED_IN, OK)), kwargs=_record_kwargs(_home_record)),
            Case(
                "get",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=_record_kwargs(_other_record),
            ),
        ),
    ),
    "api:record_verify": Row(
        "api/records/<record_id>/verify",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(REVIEWER, OK)),
                kwargs=_record_kwargs(_home_record),
                wrote=_status_of(_home_record, Status.VERIFIED),
            ),
            Case(
                "post",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=_record_kwargs(_other_record),
                wrote=_status_of(_other_record, Status.VERIFIED),
            ),
        ),
    ),
    "api:record_reject": Row(
        "api/records/<record_id>/reject",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(REVIEWER, OK)),
                kwargs=_record_kwargs(_home_record),
                data=_REASON,
                wrote=_status_of(_home_record, Status.REJECTED),
            ),
            Case(
                "post",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=_record_kwargs(_other_record),
                data=_REASON,
                wrote=_status_of(_other_record, Status.REJECTED),
            ),
        ),
    ),
    "api:record_supersede": Row(
        "api/records/<record_id>/supersede",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(PROVIDER, CREATED)),
                kwargs=_record_kwargs(_home_record),
                data=_SUPERSEDE,
                wrote=_status_of(_home_record, Status.SUPERSEDED),
            ),
            Case(
                "post",
                api({"operator": CREATED}, denied=HIDDEN),
                variant="other",
                kwargs=_record_kwargs(_other_record),
                data=_SUPERSEDE,
                wrote=_status_of(_other_record, Status.SUPERSEDED),
            ),
        ),
    ),
    "api:token_list": Row("api/tokens", "api", (Case("get", api(dict.fromkeys(SIGNED_IN, OK))),)),
    "api:token_create": Row(
        "api/tokens",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(SIGNED_IN, CREATED)),
                data=_constant(name="matrix"),
                wrote=_new_token,
                auth="session",
            ),
        ),
    ),
    "api:token_revoke": Row(
        "api/tokens/<token_id>",
        "api",
        (
            Case(
                "delete", api(dict.fromkeys(SIGNED_IN, EMPTY)), kwargs=_own_token, wrote=_token_gone
            ),
            # Someone else's token: nobody may revoke it, operators included.
            Case(
                "delete",
                api({}, denied=HIDDEN),
                variant="other",
                kwargs=lambda s, u: {"token_id": s.other_token.pk},
                wrote=_other_token_gone,
            ),
        ),
    ),
    # -- API: training projects (api/training.py; scenes in training_matrix.py) ---------
    # A project you cannot see is 404; one you see but may not act on is 403. Approved
    # projects are public, so "other city" cases use the other city's draft or filing
    # where that hides them, and its approved project where it does not.
    "api:catalogue": Row("api/catalogue", "api", (Case("get", everyone(OK)),)),
    "api:catalogue_detail": Row(
        "api/catalogue/<project_id>",
        "api",
        (
            Case("get", everyone(OK), kwargs=tm.project("approved")),
            Case("get", everyone(HIDDEN), variant="other", kwargs=tm.project("draft", "other")),
        ),
    ),
    "api:base_list": Row("api/bases", "api", (Case("get", everyone(OK)),)),
    "api:project_list": Row(
        "api/projects", "api", (Case("get", api(dict.fromkeys(SIGNED_IN, OK))),)
    ),
    "api:project_create": Row(
        "api/projects",
        "api",
        (
            # Employers file their own training too (宁波 第十七条).
            Case(
                "post",
                api(dict.fromkeys(("employer", *PROVIDER), CREATED)),
                data=tm.new_project("home"),
                wrote=tm.created_new,
            ),
            Case(
                "post",
                api({"operator": CREATED}),
                variant="other",
                data=tm.new_project("other"),
                wrote=tm.created_new,
            ),
        ),
    ),
    "api:project_detail": Row(
        "api/projects/<project_id>",
        "api",
        (
            Case(
                "get", api(dict.fromkeys(PROVIDER, OK), denied=HIDDEN), kwargs=tm.project("draft")
            ),
            # A filing is the HR bureau's business too; a draft is not.
            Case(
                "get",
                api(dict.fromkeys((*PROVIDER, "reviewer"), OK), denied=HIDDEN),
                variant="filed",
                kwargs=tm.project("filed"),
            ),
            Case(
                "get",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=tm.project("draft", "other"),
            ),
        ),
    ),
    "api:project_update": Row(
        "api/projects/<project_id>",
        "api",
        (
            Case(
                "patch",
                api(dict.fromkeys(PROVIDER, OK), denied=HIDDEN),
                kwargs=tm.project("draft"),
                data=_constant(title=tm.CHANGED_TITLE),
                wrote=tm.retitled("draft"),
            ),
            # Approved: everyone sees it; its organiser may no longer change it.
            Case(
                "patch",
                api(dict.fromkeys(PROVIDER, _expect(409, allowed=False, label="409"))),
                variant="approved",
                kwargs=tm.project("approved"),
                data=_constant(title=tm.CHANGED_TITLE),
                wrote=tm.retitled("approved"),
            ),
            Case(
                "patch",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=tm.project("draft", "other"),
                data=_constant(title=tm.CHANGED_TITLE),
                wrote=tm.retitled("draft", "other"),
            ),
        ),
    ),
    "api:session_add": Row(
        "api/projects/<project_id>/sessions",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(PROVIDER, CREATED), denied=HIDDEN),
                kwargs=tm.project("draft"),
                data=lambda s, u: {"date": str(timezone.localdate()), **_SESSION},
                wrote=tm.sessions_are(2),
            ),
            Case(
                "post",
                api({"operator": CREATED}, denied=HIDDEN),
                variant="other",
                kwargs=tm.project("draft", "other"),
                data=lambda s, u: {"date": str(timezone.localdate()), **_SESSION},
                wrote=tm.sessions_are(2, "other"),
            ),
        ),
    ),
    "api:session_remove": Row(
        "api/projects/<project_id>/sessions/<session_id>",
        "api",
        (
            Case(
                "delete",
                api(dict.fromkeys(PROVIDER, EMPTY), denied=HIDDEN),
                kwargs=tm.session("draft", with_project=True),
                wrote=tm.sessions_are(0),
            ),
            Case(
                "delete",
                api({"operator": EMPTY}, denied=HIDDEN),
                variant="other",
                kwargs=tm.session("draft", "other", with_project=True),
                wrote=tm.sessions_are(0, "other"),
            ),
        ),
    ),
    "api:project_file": Row(
        "api/projects/<project_id>/file",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(PROVIDER, OK), denied=HIDDEN),
                kwargs=tm.project("draft"),
                wrote=tm.status_is("draft", "filed"),
            ),
            Case(
                "post",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=tm.project("draft", "other"),
                wrote=tm.status_is("draft", "filed", "other"),
            ),
        ),
    ),
    "api:filing_list": Row("api/filings", "api", (Case("get", api(dict.fromkeys(SIGNED_IN, OK))),)),
    "api:project_approve": Row(
        "api/projects/<project_id>/approve",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(REVIEWER, OK) | {"learner": HIDDEN, "employer": HIDDEN}),
                kwargs=tm.project("filed"),
                wrote=tm.status_is("filed", "approved"),
            ),
            Case(
                "post",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=tm.project("filed", "other"),
                wrote=tm.status_is("filed", "approved", "other"),
            ),
        ),
    ),
    "api:project_return": Row(
        "api/projects/<project_id>/return",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(REVIEWER, OK) | {"learner": HIDDEN, "employer": HIDDEN}),
                kwargs=tm.project("filed"),
                data=_constant(reason="请补充师资"),
                wrote=tm.status_is("filed", "returned"),
            ),
            Case(
                "post",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=tm.project("filed", "other"),
                data=_constant(reason="请补充师资"),
                wrote=tm.status_is("filed", "returned", "other"),
            ),
        ),
    ),
    "api:project_enrol": Row(
        "api/projects/<project_id>/enrol",
        "api",
        (
            Case(
                "post",
                api({"learner": CREATED}),
                kwargs=tm.project("open"),
                wrote=tm.enrolled("home"),
            ),
            # Public, but for the other city's type of talent: refused, not hidden.
            Case(
                "post",
                api({"learner": _expect(409, allowed=False, label="409")}),
                variant="other",
                kwargs=tm.project("open", "other"),
                wrote=tm.enrolled("home", "other"),
            ),
        ),
    ),
    "api:enrolment_list": Row(
        "api/projects/<project_id>/enrolments",
        "api",
        (
            Case(
                "get",
                api(dict.fromkeys(PROVIDER, OK), denied=HIDDEN),
                kwargs=tm.project("approved"),
            ),
            Case(
                "get",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=tm.project("approved", "other"),
            ),
        ),
    ),
    "api:enrolment_bulk": Row(
        "api/projects/<project_id>/enrolments",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(PROVIDER, CREATED)),
                kwargs=tm.project("open"),
                data=tm.learners_number(),
                wrote=tm.enrolled("home"),
            ),
            Case(
                "post",
                api({"operator": CREATED}),
                variant="other",
                kwargs=tm.project("open", "other"),
                data=tm.learners_number("other"),
                wrote=tm.enrolled("other"),
            ),
        ),
    ),
    "api:my_enrolments": Row(
        "api/me/enrolments", "api", (Case("get", api(dict.fromkeys(SIGNED_IN, OK))),)
    ),
    # Only one's own enrolment is found: anyone else's is 404, whatever the role.
    "api:my_enrolment_withdraw": Row(
        "api/me/enrolments/<enrolment_id>",
        "api",
        (
            Case(
                "delete",
                api({"learner": EMPTY}, denied=HIDDEN),
                kwargs=lambda s, u: {"enrolment_id": _booking(s, u)["pk"]},
                wrote=lambda s: not _enrolled("booked")(s),
            ),
        ),
    ),
    "api:session_code": Row(
        "api/sessions/<session_id>/code",
        "api",
        (
            Case(
                "get",
                api(dict.fromkeys(PROVIDER, OK), denied=HIDDEN),
                kwargs=tm.session("approved"),
            ),
            Case(
                "get",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=tm.session("approved", "other"),
            ),
        ),
    ),
    "api:session_checkin": Row(
        "api/sessions/<session_id>/checkin",
        "api",
        (
            Case(
                "post",
                api({"learner": OK}, denied=HIDDEN),
                kwargs=tm.session("approved"),
                data=tm.the_code("approved"),
                wrote=tm.attended("code"),
            ),
            Case(
                "post",
                api({}, denied=HIDDEN),
                variant="other",
                kwargs=tm.session("approved", "other"),
                data=tm.the_code("approved", "other"),
                wrote=tm.attended("code", "other"),
            ),
        ),
    ),
    "api:session_attendance": Row(
        "api/sessions/<session_id>/attendance",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(PROVIDER, CREATED), denied=HIDDEN),
                kwargs=tm.session("approved"),
                data=tm.present("approved"),
                wrote=tm.attended("manual"),
            ),
            Case(
                "post",
                api({"operator": CREATED}, denied=HIDDEN),
                variant="other",
                kwargs=tm.session("approved", "other"),
                data=tm.present("approved", "other"),
                wrote=tm.attended("manual", "other"),
            ),
        ),
    ),
    "api:enrolment_result": Row(
        "api/enrolments/<enrolment_id>/result",
        "api",
        (
            Case(
                "put",
                api(dict.fromkeys(PROVIDER, OK), denied=HIDDEN),
                kwargs=tm.enrolment("approved"),
                data=_constant(result="failed"),
                wrote=tm.result_is("failed"),
            ),
            Case(
                "put",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=tm.enrolment("approved", "other"),
                data=_constant(result="failed"),
                wrote=tm.result_is("failed", "other"),
            ),
        ),
    ),
    "api:results_register": Row(
        "api/projects/<project_id>/register-results",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(PROVIDER, OK)),
                kwargs=tm.project("graded"),
                wrote=tm.registered(),
            ),
            Case(
                "post",
                api({"operator": OK}),
                variant="other",
                kwargs=tm.project("graded", "other"),
                wrote=tm.registered("other"),
            ),
        ),
    ),
    # -- Evidence, corrections and disputes (issue 4) -------------------------------------
    "provider-record": Row(
        "provider/records/<int:pk>/",
        "page",
        (
            Case(
                "get",
                page(("provider", "employer", "operator")),
                kwargs=_record_kwargs(_home_record, "pk"),
            ),
            Case(
                "get",
                page(("operator",)) | {"provider": HIDDEN, "employer": HIDDEN},
                variant="other",
                kwargs=_record_kwargs(_other_record, "pk"),
            ),
            # The correction: only the registrant (or an operator) supersedes the record.
            Case(
                "post",
                page(PROVIDER, ok=redirect("/provider/records/")) | {"employer": FORBIDDEN},
                variant="correct",
                kwargs=_record_kwargs(_home_record, "pk"),
                data=_CORRECTION,
                wrote=_status_of(_home_record, Status.SUPERSEDED),
            ),
        ),
    ),
    "evidence-upload": Row(
        "evidence/new/",
        "page",
        (
            Case(
                "post",
                page(PROVIDER, ok=redirect("/provider/records/"))
                | {"employer": redirect("/provider/records/", allowed=False)},
                data=_page_upload(_home_record),
                wrote=_evidence_count(_home_record, 1),
            ),
            Case(
                "post",
                page(("operator",), ok=redirect("/provider/records/"))
                | {"provider": HIDDEN, "employer": HIDDEN},
                variant="other",
                data=_page_upload(_other_record),
                wrote=_evidence_count(_other_record, 1),
            ),
        ),
    ),
    "evidence-download": Row(
        "evidence/<int:pk>/",
        "page",
        (
            Case("get", page(SEES_RECORD), kwargs=_pk_of(_HOME_EVIDENCE, "pk")),
            Case(
                "get",
                page(("operator",), denied=HIDDEN),
                variant="other",
                kwargs=_pk_of(_OTHER_EVIDENCE, "pk"),
            ),
        ),
    ),
    "evidence-remove": Row(
        "evidence/<int:pk>/remove/",
        "page",
        (
            Case(
                "post",
                page(PROVIDER, ok=redirect("/")) | {"employer": redirect("/", allowed=False)},
                kwargs=_pk_of(_HOME_EVIDENCE, "pk"),
                wrote=_evidence_count(_home_record, 0),
            ),
            Case(
                "post",
                page(("operator",), ok=redirect("/")) | {"provider": HIDDEN, "employer": HIDDEN},
                variant="other",
                kwargs=_pk_of(_OTHER_EVIDENCE, "pk"),
                wrote=_evidence_count(_other_record, 0),
            ),
        ),
    ),
    "project-evidence": Row(
        "evidence/projects/<int:pk>/",
        "page",
        (
            Case(
                "get",
                page(("provider", "reviewer", "operator")) | {"employer": HIDDEN},
                kwargs=_project("approved"),
            ),
            Case(
                "get",
                page(("operator",)) | dict.fromkeys(("employer", "provider", "reviewer"), HIDDEN),
                variant="other",
                kwargs=_project("other"),
            ),
        ),
    ),
    "dispute-open": Row(
        "me/records/<int:pk>/dispute/",
        "page",
        (
            Case("get", page(LEARNER), kwargs=_record_kwargs(_home_record, "pk")),
            Case(
                "post",
                page(LEARNER, ok=TO_DISPUTES),
                variant="open",
                kwargs=_record_kwargs(_home_record, "pk"),
                data=_constant(reason="学时不对"),
                wrote=_dispute_with(_home_record),
            ),
            Case(
                "get",
                page(LEARNER, ok=HIDDEN),
                variant="other",
                kwargs=_record_kwargs(_other_record, "pk"),
            ),
        ),
    ),
    "disputes": Row("disputes/", "page", (Case("get", page(SIGNED_IN)),)),
    "dispute": Row(
        "disputes/<int:pk>/",
        "page",
        (
            Case("get", page(DISPUTE_PARTIES, denied=HIDDEN), kwargs=_pk_of(_HOME_DISPUTE, "pk")),
            Case(
                "get",
                page(("operator",), denied=HIDDEN),
                variant="other",
                kwargs=_pk_of(_OTHER_DISPUTE, "pk"),
            ),
        ),
    ),
    "dispute-answer": Row(
        "disputes/<int:pk>/answer/",
        "page",
        (
            Case(
                "post",
                page(DISPUTE_PARTIES, ok=TO_DISPUTES, denied=HIDDEN),
                kwargs=_pk_of(_HOME_DISPUTE, "pk"),
                data=_TEXT,
                wrote=_answered(_home_record),
            ),
            Case(
                "post",
                page(("operator",), ok=TO_DISPUTES, denied=HIDDEN),
                variant="other",
                kwargs=_pk_of(_OTHER_DISPUTE, "pk"),
                data=_TEXT,
                wrote=_answered(_other_record),
            ),
        ),
    ),
    "dispute-close": Row(
        "disputes/<int:pk>/close/",
        "page",
        (
            Case(
                "post",
                page(CLOSERS, ok=TO_DISPUTES, denied=HIDDEN) | {"provider": FORBIDDEN},
                kwargs=_pk_of(_HOME_DISPUTE, "pk"),
                data=_TEXT,
                wrote=_dispute_with(_home_record, status="closed"),
            ),
            Case(
                "post",
                page(("operator",), ok=TO_DISPUTES, denied=HIDDEN),
                variant="other",
                kwargs=_pk_of(_OTHER_DISPUTE, "pk"),
                data=_TEXT,
                wrote=_dispute_with(_other_record, status="closed"),
            ),
        ),
    ),
    "api:evidence_list": Row(
        "api/evidence", "api", (Case("get", api(dict.fromkeys(SIGNED_IN, OK))),)
    ),
    "api:evidence_upload": Row(
        "api/evidence",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(PROVIDER, CREATED)),
                data=_api_upload(_home_record),
                wrote=_evidence_count(_home_record, 1),
                multipart=True,
            ),
            Case(
                "post",
                api({"operator": CREATED}, denied=HIDDEN),
                variant="other",
                data=_api_upload(_other_record),
                wrote=_evidence_count(_other_record, 1),
                multipart=True,
            ),
        ),
    ),
    **{
        name: Row(
            route,
            "api",
            (
                Case(
                    "get",
                    api(dict.fromkeys(SEES_RECORD, OK)),
                    kwargs=_pk_of(_HOME_EVIDENCE, "evidence_id"),
                ),
                Case(
                    "get",
                    api({"operator": OK}, denied=HIDDEN),
                    variant="other",
                    kwargs=_pk_of(_OTHER_EVIDENCE, "evidence_id"),
                ),
            ),
        )
        for name, route in (
            ("api:evidence_detail", "api/evidence/<evidence_id>"),
            ("api:evidence_file", "api/evidence/<evidence_id>/file"),
        )
    },
    "api:evidence_remove": Row(
        "api/evidence/<evidence_id>",
        "api",
        (
            Case(
                "delete",
                api(dict.fromkeys(PROVIDER, EMPTY)),
                kwargs=_pk_of(_HOME_EVIDENCE, "evidence_id"),
                wrote=_evidence_count(_home_record, 0),
            ),
            Case(
                "delete",
                api({"operator": EMPTY}, denied=HIDDEN),
                variant="other",
                kwargs=_pk_of(_OTHER_EVIDENCE, "evidence_id"),
                wrote=_evidence_count(_other_record, 0),
            ),
        ),
    ),
    "api:dispute_list": Row(
        "api/disputes", "api", (Case("get", api(dict.fromkeys(SIGNED_IN, OK))),)
    ),
    "api:dispute_open": Row(
        "api/disputes",
        "api",
        (
            Case(
                "post",
                api({"learner": CREATED}),
                data=_dispute_in(_home_record),
                wrote=_dispute_with(_home_record),
            ),
            Case(
                "post",
                api({"operator": FORBIDDEN}, denied=HIDDEN),
                variant="other",
                data=_dispute_in(_other_record),
                wrote=_dispute_with(_other_record),
            ),
        ),
    ),
    "api:dispute_detail": Row(
        "api/disputes/<dispute_id>",
        "api",
        (
            Case(
                "get",
                api(dict.fromkeys(DISPUTE_PARTIES, OK), denied=HIDDEN),
                kwargs=_pk_of(_HOME_DISPUTE, "dispute_id"),
            ),
            Case(
                "get",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=_pk_of(_OTHER_DISPUTE, "dispute_id"),
            ),
        ),
    ),
    "api:dispute_answer": Row(
        "api/disputes/<dispute_id>/answer",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(DISPUTE_PARTIES, OK), denied=HIDDEN),
                kwargs=_pk_of(_HOME_DISPUTE, "dispute_id"),
                data=_TEXT,
                wrote=_answered(_home_record),
            ),
            Case(
                "post",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=_pk_of(_OTHER_DISPUTE, "dispute_id"),
                data=_TEXT,
                wrote=_answered(_other_record),
            ),
        ),
    ),
    "api:dispute_close": Row(
        "api/disputes/<dispute_id>/close",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(CLOSERS, OK) | {"provider": FORBIDDEN}, denied=HIDDEN),
                kwargs=_pk_of(_HOME_DISPUTE, "dispute_id"),
                data=_TEXT,
                wrote=_dispute_with(_home_record, status="closed"),
            ),
            Case(
                "post",
                api({"operator": OK}, denied=HIDDEN),
                variant="other",
                kwargs=_pk_of(_OTHER_DISPUTE, "dispute_id"),
                data=_TEXT,
                wrote=_dispute_with(_other_record, status="closed"),
            ),
        ),
    ),
    # -- Roster imports (issue 4, section 3) -------------------------------------------------
    # Providers and employers see their organisation's batches, operators all. A batch is
    # made inside each role's call: the home provider's (or the other city's) one-row roster.
    "imports": Row("provider/imports/", "page", (Case("get", page(IMPORTERS)),)),
    "imports-template-xlsx": Row(
        "provider/imports/template.xlsx", "page", (Case("get", page(IMPORTERS)),)
    ),
    "imports-template-csv": Row(
        "provider/imports/template.csv", "page", (Case("get", page(IMPORTERS)),)
    ),
    # Without a file: the page says so (400) and keeps nothing.
    "imports-upload": Row(
        "provider/imports/upload/",
        "page",
        (Case("post", page(IMPORTERS, ok=BAD_UPLOAD), wrote=_batches_made),),
    ),
    "imports-detail": Row(
        "provider/imports/<int:pk>/",
        "page",
        (
            Case("get", page(PROVIDER), kwargs=_batch_kwargs("home")),
            Case("get", page(("operator",)), variant="other", kwargs=_batch_kwargs("other")),
        ),
    ),
    "imports-status": Row(
        "provider/imports/<int:pk>/status/",
        "page",
        (
            Case("get", page(PROVIDER), kwargs=_batch_kwargs("home")),
            Case("get", page(("operator",)), variant="other", kwargs=_batch_kwargs("other")),
        ),
    ),
    "imports-report": Row(
        "provider/imports/<int:pk>/report.xlsx",
        "page",
        (
            Case("get", page(PROVIDER), kwargs=_batch_kwargs("home", valid=False)),
            Case(
                "get",
                page(("operator",)),
                variant="other",
                kwargs=_batch_kwargs("other", valid=False),
            ),
        ),
    ),
    "imports-commit": Row(
        "provider/imports/<int:pk>/commit/",
        "page",
        (
            Case(
                "post",
                page(PROVIDER, ok=redirect("/provider/imports/")),
                kwargs=_batch_kwargs("home"),
                wrote=_batch_committed,
            ),
            Case(
                "post",
                page(("operator",), ok=redirect("/provider/imports/")),
                variant="other",
                kwargs=_batch_kwargs("other"),
                wrote=_batch_committed,
            ),
        ),
    ),
    "api:import_list": Row(
        "api/imports", "api", (Case("get", api(dict.fromkeys(IMPORTERS, OK))),)
    ),
    # Without a file: 422 for those who may upload, and nothing kept.
    "api:import_upload": Row(
        "api/imports",
        "api",
        (Case("post", api(dict.fromkeys(IMPORTERS, BAD_REQUEST_BODY)), wrote=_batches_made),),
    ),
    "api:import_detail": Row(
        "api/imports/<batch_id>",
        "api",
        (
            Case("get", api(dict.fromkeys(PROVIDER, OK), denied=DENIED), kwargs=_api_batch("home")),
            Case(
                "get",
                api({"operator": OK}, denied=DENIED),
                variant="other",
                kwargs=_api_batch("other"),
            ),
        ),
    ),
    "api:import_problems": Row(
        "api/imports/<batch_id>/problems",
        "api",
        (
            Case(
                "get",
                api(dict.fromkeys(PROVIDER, OK), denied=DENIED),
                kwargs=_api_batch("home", valid=False),
            ),
            Case(
                "get",
                api({"operator": OK}, denied=DENIED),
                variant="other",
                kwargs=_api_batch("other", valid=False),
            ),
        ),
    ),
    "api:import_report": Row(
        "api/imports/<batch_id>/report",
        "api",
        (
            Case(
                "get",
                api(dict.fromkeys(PROVIDER, OK), denied=DENIED),
                kwargs=_api_batch("home", valid=False),
            ),
            Case(
                "get",
                api({"operator": OK}, denied=DENIED),
                variant="other",
                kwargs=_api_batch("other", valid=False),
            ),
        ),
    ),
    "api:import_commit": Row(
        "api/imports/<batch_id>/commit",
        "api",
        (
            Case(
                "post",
                api(dict.fromkeys(PROVIDER, ACCEPTED), denied=DENIED),
                kwargs=_api_batch("home"),
                wrote=_batch_committed,
            ),
            Case(
                "post",
                api({"operator": ACCEPTED}, denied=DENIED),
                variant="other",
                kwargs=_api_batch("other"),
                wrote=_batch_committed,
            ),
        ),
    ),
    # -- The admin site: staff (operators) only --------------------------------------------
    "admin:index": Row("admin/", "admin", (Case("get", roles(TO_ADMIN_LOGIN, operator=OK)),)),
    "admin:login": Row(
        "admin/login/",
        "admin",
        (Case("get", roles(OK, operator=redirect("/admin/"))),),
    ),
    # Non-staff are sent to the admin index (and on to its login); staff are signed out.
    "admin:logout": Row(
        "admin/logout/",
        "admin",
        (Case("post", roles(redirect("/admin/"), operator=redirect("/login/"))),),
    ),
    "admin:password_change": Row(
        "admin/password_change/", "admin", (Case("get", roles(TO_ADMIN_LOGIN, operator=OK)),)
    ),
    "admin:password_change_done": Row(
        "admin/password_change/done/",
        "admin",
        (Case("get", roles(TO_ADMIN_LOGIN, operator=OK)),),
    ),
    "admin:jsi18n": Row(
        "admin/jsi18n/", "admin", (Case("get", roles(TO_ADMIN_LOGIN, operator=OK)),)
    ),
    "admin:autocomplete": Row(
        "admin/autocomplete/",
        "admin",
        # Without its query parameters the view refuses even staff.
        (Case("get", roles(TO_ADMIN_LOGIN, operator=FORBIDDEN)),),
    ),
    "admin:view_on_site": Row(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        "admin",
        (
            Case(
                "get",
                roles(TO_ADMIN_LOGIN, operator=HIDDEN),
                kwargs=_constant(content_type_id="0", object_id="0"),
            ),
        ),
    ),
}

#: Admin URLs that exist once per registered model or app, matched by name (or by route
#: for the two unnamed patterns), and how to call them.
#: Rows only services write: the admin shows them to operators and adds or deletes none.
ADMIN_READ_ONLY = (
    "ledger_creditrecord",
    "audit_auditentry",
    "evaluation_personyear",
    "training_project",
    "training_enrolment",
    "django_tasks_database_dbtaskresult",  # background tasks: the worker writes them
    "ledger_evidence",
    "disputes_dispute",
)

ADMIN_FAMILIES: tuple[tuple[re.Pattern[str], Case], ...] = (
    (
        re.compile(rf"admin:({'|'.join(ADMIN_READ_ONLY)})_(add)"),
        Case("get", roles(TO_ADMIN_LOGIN, operator=FORBIDDEN)),
    ),
    (
        re.compile(rf"admin:({'|'.join(ADMIN_READ_ONLY)})_(delete)"),
        Case("get", roles(TO_ADMIN_LOGIN, operator=FORBIDDEN), kwargs=_constant(object_id="0")),
    ),
    (
        re.compile(r"admin:\w+_password_change"),
        Case("get", roles(TO_ADMIN_LOGIN, operator=HIDDEN), kwargs=_constant(id="0")),
    ),
    (
        re.compile(r"admin:\w+_(changelist|add)"),
        Case("get", roles(TO_ADMIN_LOGIN, operator=OK)),
    ),
    (
        re.compile(r"admin:\w+_(change|delete|history)"),
        # No such object: the admin sends staff back to the index with a message.
        Case(
            "get",
            roles(TO_ADMIN_LOGIN, operator=redirect("/admin/")),
            kwargs=_constant(object_id="0"),
        ),
    ),
    (
        re.compile(r"admin:app_list"),
        Case("get", roles(TO_ADMIN_LOGIN, operator=OK), kwargs=_constant(app_label="auth")),
    ),
    # admin/<app>/<model>/<id>/ redirects staff to the object's change page.
    (
        re.compile(r"admin:admin/\w+/\w+/<path:object_id>/"),
        Case("get", roles(TO_ADMIN_LOGIN, operator=redirect("/admin/"))),
    ),
    # The catch-all after every admin URL.
    (
        re.compile(re.escape("admin:admin/(?P<url>.*)$")),
        Case("get", roles(TO_ADMIN_LOGIN, operator=HIDDEN)),
    ),
)


# ---------------------------------------------------------------------------------------
# Walking the resolver


@dataclass(frozen=True)
class Resolved:
    key: str  # "namespace:name", or "namespace:route" for an unnamed pattern
    name: str | None  # the reversible name, if any
    route: str


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Resolved]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, route, ns)
        elif isinstance(entry, URLPattern):
            qualified = None
            if entry.name:
                qualified = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Resolved(qualified or f"{namespace}:{route}", qualified, route)


WALKED = list(_walk(get_resolver()))
RESOLVED = {item.key: item for item in reversed(WALKED)}  # the first of a name wins


def _admin_family(key: str) -> Case | None:
    for pattern, case in ADMIN_FAMILIES:
        if pattern.fullmatch(key):
            return case
    return None


def _cases() -> Iterator[Any]:
    for name, row in MATRIX.items():
        if name not in RESOLVED:
            continue  # a page not written yet: its row waits for it
        for case in row.cases:
            yield pytest.param(name, case, id=f"{name}[{case.variant}]")
    for key in RESOLVED:
        if key in MATRIX:
            continue
        family = _admin_family(key)
        if family is not None:
            yield pytest.param(key, family, id=f"{key}[admin]")


# ---------------------------------------------------------------------------------------
# The checks


def test_every_url_is_in_the_matrix() -> None:
    """A new page or API operation needs its row in MATRIX: who may call it, with what."""
    missing = [
        f"{item.key} ({item.route})"
        for key, item in RESOLVED.items()
        if key not in MATRIX and _admin_family(key) is None
    ]
    assert missing == []


def test_every_url_has_its_own_name() -> None:
    """Two patterns under one name: `reverse` finds only one, so the other goes untested."""
    keys = [item.key for item in WALKED]
    assert sorted({k for k in keys if keys.count(k) > 1}) == []


def test_the_url_contract_holds() -> None:
    """Names map to the agreed paths (other parts of the platform and the browser tests
    rely on them)."""
    wrong = {
        name: (RESOLVED[name].route, row.route)
        for name, row in MATRIX.items()
        if name in RESOLVED and RESOLVED[name].route != row.route
    }
    assert wrong == {}


def test_every_api_operation_is_in_the_matrix() -> None:
    """The API's rows are all there now (the pages' rows may wait for their pages)."""
    api_rows = {name for name, row in MATRIX.items() if row.kind == "api"}
    assert api_rows <= set(RESOLVED)


def _visible(scene: Scene, role: str) -> tuple[set[int], set[int]]:
    """The people a role may see, and those whose whole ID number it may see."""
    home = scene.home
    if role == "operator":
        everybody = set(Person.objects.values_list("pk", flat=True))
        return everybody, everybody
    seen = {
        "anonymous": set(),
        "learner": {home.learner.pk},
        "employer": {home.learner.pk, home.colleague.pk},
        "provider": {home.learner.pk},
        "reviewer": {home.learner.pk, home.colleague.pk},
    }[role]
    whole = {home.learner.pk} if role == "learner" else set()
    return seen, whole


def _text(response: Any) -> str:
    content = b"".join(response) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheet" in kind:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    text = content.decode("utf-8", errors="replace")
    if "json" in kind and text:
        return json.dumps(json.loads(text), ensure_ascii=False)
    return text


def _leaks(scene: Scene, role: str, text: str) -> list[str]:
    seen, whole = _visible(scene, role)
    problems = []
    for person in Person.objects.all():
        if person.pk not in seen:
            for shown in (person.name, person.id_number, person.masked_id_number):
                if shown in text:
                    problems.append(f"{role} sees {shown} of person {person.pk}")
        elif person.pk not in whole and person.id_number in text:
            problems.append(f"{role} sees the whole ID number of person {person.pk}")
    return problems


def _client(scene: Scene, role: str, kind: str, auth: str) -> tuple[Client, dict[str, str]]:
    user = scene.users[role]
    client = Client()
    headers: dict[str, str] = {}
    if user is None:
        return client, headers
    if kind == "api" and auth == "token":
        headers["Authorization"] = f"Bearer {ApiToken.issue(user, 'matrix-auth')[1]}"
    else:
        client.force_login(user)
    return client, headers


def _url(item: Resolved, kwargs: dict[str, Any]) -> str:
    if item.name:
        return reverse(item.name, kwargs=kwargs or None)
    if "(?P" in item.route:  # a regular expression: the admin's catch-all
        return "/admin/no-such-page/"
    return "/" + re.sub(r"<[^>]+>", "0", item.route)


def _call(scene: Scene, role: str, item: Resolved, kind: str, case: Case) -> tuple[Any, str]:
    client, headers = _client(scene, role, kind, case.auth)
    user = scene.users[role]
    url = _url(item, case.kwargs(scene, user))
    query = case.query(scene, user)
    data = case.data(scene, user)
    if case.method == "get":
        response = client.get(url, query, headers=headers)
    elif kind == "api" and not case.multipart:
        response = getattr(client, case.method)(
            url, json.dumps(data), content_type="application/json", headers=headers
        )
    else:
        response = client.post(url, data, headers=headers)
    return response, url


def _check(scene: Scene, role: str, item: Resolved, kind: str, case: Case) -> list[str]:
    expect = case.expect[role]
    response, url = _call(scene, role, item, kind, case)
    where = f"{case.method.upper()} {url} as {role}"
    problems = []
    if response.status_code not in expect.statuses:
        problems.append(f"{where}: {response.status_code}, expected {expect}")
    elif expect.location is not None:
        location = expect.location if isinstance(expect.location, str) else expect.location(scene)
        if not response["Location"].startswith(location):
            problems.append(f"{where}: to {response['Location']}, expected {expect}")
    if case.wrote is not None and case.wrote(scene) != expect.allowed:
        problems.append(f"{where}: wrote {not expect.allowed}, expected {expect.allowed}")
    problems += [f"{where}: {p}" for p in _leaks(scene, role, _text(response))]
    return problems


@pytest.mark.parametrize(("name", "case"), list(_cases()))
def test_role_matrix(scene, name, case) -> None:
    """Each role gets exactly its outcome, sees nobody outside its scope, and writes only
    when allowed. Each role's call is rolled back before the next one's."""
    kind = MATRIX[name].kind if name in MATRIX else "admin"
    problems: list[str] = []
    for role in ROLES:
        with transaction.atomic():
            problems += _check(scene, role, RESOLVED[name], kind, case)
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


def test_the_matrix_is_large_enough_to_mean_something() -> None:
    cases = list(_cases())
    assert len(cases) * len(ROLES) >= 200
