"""Training projects over the API: the public catalogue, the organiser's projects, sessions,
rosters, attendance and results, the HR bureau's filings, and the learner's enrolments and
check-in.

Reads go through `jxjy.training.selectors` and writes through `jxjy.training.services`,
exactly as the pages do, so the scoping is the same: a project you may not see is 404; one
you may see but may not act on is 403. Operations addressed by a session are 404 unless you
organise its project (check-in: unless you are enrolled in it); a roster likewise.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from jxjy.accounts import scope
from jxjy.accounts.models import User
from jxjy.api.auth import ANYONE, OPTIONAL_AUTH, actor
from jxjy.api.errors import ApiError, field_error, request_lang
from jxjy.api.records import WRITE_ERRORS
from jxjy.api.schemas import ErrorOut, PageQuery, page_of
from jxjy.api.training_schemas import (
    AttendanceIn,
    AttendanceOut,
    BasePage,
    BaseQuery,
    BulkErrorOut,
    BulkIn,
    BulkOut,
    CatalogueProjectOut,
    CatalogueQuery,
    CheckinIn,
    CodeOut,
    EnrolmentOut,
    EnrolmentPage,
    GrantedOut,
    MyEnrolmentPage,
    ProjectChange,
    ProjectCreate,
    ProjectOut,
    ProjectPage,
    ProjectQuery,
    ResultIn,
    ReturnIn,
    SessionIn,
    SessionOut,
    attendance_out,
    base_out,
    enrolment_out,
    my_enrolment_out,
    project_out,
    session_out,
)
from jxjy.orgs.models import Organisation
from jxjy.policy.messages import Lang
from jxjy.training import checkin, selectors, services
from jxjy.training.models import Attendance, Enrolment, Project

router = Router(tags=["training"])

NOT_FOUND = {404: ErrorOut}


def _project(user: User, project_id: int) -> dict[str, Any]:
    """The project as `user` sees it now (after a write, with its new state)."""
    project = selectors.project_get(user=user, pk=project_id)
    return project_out(project)


def _managed_enrolment(user: User, enrolment_id: int) -> Enrolment:
    """An enrolment in a project `user` organises; 404 otherwise."""
    projects = selectors.projects_managed(user=user).values("pk")
    enrolment = (
        Enrolment.objects.select_related("project")
        .filter(pk=enrolment_id, project__in=projects)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


# -- The public catalogue ------------------------------------------------------------------


@router.get(
    "/catalogue",
    response=ProjectPage,
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    url_name="catalogue",
)
def catalogue_view(request: HttpRequest, query: Query[CatalogueQuery]) -> dict[str, Any]:
    """Approved projects, for anyone, newest first: by words in the title, occupation or
    organiser, by region (and those below it), by subject, and still open for enrolment. A
    signed-in learner also finds their employer's own training (宁波 第十七条)."""
    projects = selectors.catalogue(
        employer_id=selectors.employer_of(request.auth),  # type: ignore[attr-defined]
        q=query.q.strip(),
        region=query.region.strip(),
        subject=query.subject.value if query.subject else "",
        open_on=timezone.localdate() if query.open else None,
    ).prefetch_related("sessions")
    return page_of(projects, query.page, query.size, project_out)


@router.get(
    "/catalogue/{project_id}",
    response={200: CatalogueProjectOut, **NOT_FOUND},
    auth=ANYONE,
    openapi_extra=OPTIONAL_AUTH,
    url_name="catalogue_detail",
)
def catalogue_detail_view(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """An approved project with its sessions and what its organiser discloses."""
    employer_id = selectors.employer_of(request.auth)  # type: ignore[attr-defined]
    project = selectors.catalogue(employer_id=employer_id).filter(pk=project_id).first()
    if project is None:
        raise Http404
    return {**project_out(project), "disclosure": base_out(project.provider)}


@router.get("/bases", response=BasePage, auth=None, url_name="base_list")
def base_list_view(request: HttpRequest, query: Query[BaseQuery]) -> dict[str, Any]:
    """Filed training bases and their disclosure (宁波 第九条; 南通 第二十二条)."""
    bases = selectors.bases(q=query.q.strip(), region=query.region.strip())
    return page_of(bases, query.page, query.size, base_out)


# -- Organisers: projects and sessions -------------------------------------------------------


@router.get("/projects", response=ProjectPage, url_name="project_list")
def project_list_view(request: HttpRequest, query: Query[ProjectQuery]) -> dict[str, Any]:
    """Your organisation's projects in every state (an operator's: all), newest first."""
    projects = selectors.projects_managed(user=actor(request)).prefetch_related("sessions")
    if query.status is not None:
        projects = projects.filter(status=query.status)
    return page_of(projects, query.page, query.size, project_out)


def _organiser(user: User, organiser_id: int, lang: Lang) -> Organisation:
    """The organisation named by `provider_id`, if `user` may file for it."""
    organiser = Organisation.objects.filter(
        pk=organiser_id, kind__in=[Organisation.Kind.PROVIDER, Organisation.Kind.EMPLOYER]
    ).first()
    if organiser is None:
        raise ApiError(422, "invalid", [field_error("provider_id", "unknown_organiser", lang)])
    if not scope.can_manage_project(user, Project(provider=organiser)):
        raise ApiError(403, "forbidden")
    return organiser


@router.post("/projects", response={201: ProjectOut, **WRITE_ERRORS}, url_name="project_create")
def project_create_view(request: HttpRequest, payload: ProjectCreate) -> Status[dict[str, Any]]:
    """A draft project of your organisation, to be filed with the HR bureau of its region."""
    user = actor(request)
    data = payload.sent()
    organiser_id = data.pop("provider_id", None)
    if organiser_id is not None:
        data["provider"] = _organiser(user, organiser_id, request_lang(request))
    project = services.project_create(actor=user, data=data)
    return Status(201, _project(user, project.pk))


@router.get(
    "/projects/{project_id}", response={200: ProjectOut, **NOT_FOUND}, url_name="project_detail"
)
def project_detail_view(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """A project you may see: your own in every state; as an HR reviewer, those filed in
    your region and below; approved ones for anyone."""
    return _project(actor(request), project_id)


@router.patch(
    "/projects/{project_id}", response={200: ProjectOut, **WRITE_ERRORS}, url_name="project_update"
)
def project_update_view(
    request: HttpRequest, project_id: int, payload: ProjectChange
) -> dict[str, Any]:
    """Change a draft or returned project: only the fields sent."""
    user = actor(request)
    project = selectors.project_get(user=user, pk=project_id)
    services.project_update(actor=user, project=project, data=payload.sent())
    return _project(user, project_id)


@router.post(
    "/projects/{project_id}/sessions",
    response={201: SessionOut, **WRITE_ERRORS},
    url_name="session_add",
)
def session_add_view(
    request: HttpRequest, project_id: int, payload: SessionIn
) -> Status[dict[str, Any]]:
    """A session of a draft or returned project, inside its dates."""
    user = actor(request)
    project = selectors.project_get(user=user, pk=project_id)
    session = services.session_add(actor=user, project=project, data=payload.model_dump())
    return Status(201, session_out(session))


@router.delete(
    "/projects/{project_id}/sessions/{session_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="session_remove",
)
def session_remove_view(request: HttpRequest, project_id: int, session_id: int) -> Status[None]:
    """Remove a session of a draft or returned project."""
    user = actor(request)
    session = selectors.session_managed_get(user=user, pk=session_id)
    if session.project_id != project_id:
        raise Http404
    services.session_remove(actor=user, session=session)
    return Status(204, None)


@router.post(
    "/projects/{project_id}/file",
    response={200: ProjectOut, **WRITE_ERRORS},
    url_name="project_file",
)
def project_file_view(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """File the project with the HR bureau (宁夏 三（一）: 网上申报备案)."""
    user = actor(request)
    services.project_file(actor=user, project=selectors.project_get(user=user, pk=project_id))
    return _project(user, project_id)


# -- HR bureaus: filings ------------------------------------------------------------------


@router.get("/filings", response=ProjectPage, url_name="filing_list")
def filing_list_view(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Filed projects waiting for your decision (HR reviewers: their region and below;
    operators: all), oldest first."""
    filings = selectors.filing_queue(user=actor(request)).prefetch_related("sessions")
    return page_of(filings, query.page, query.size, project_out)


@router.post(
    "/projects/{project_id}/approve",
    response={200: ProjectOut, **WRITE_ERRORS},
    url_name="project_approve",
)
def project_approve_view(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """Approve a filing; it gets its filing number and its activities count where a policy
    requires filing (宁夏 三（一）)."""
    user = actor(request)
    services.project_approve(actor=user, project=selectors.project_get(user=user, pk=project_id))
    return _project(user, project_id)


@router.post(
    "/projects/{project_id}/return",
    response={200: ProjectOut, **WRITE_ERRORS},
    url_name="project_return",
)
def project_return_view(request: HttpRequest, project_id: int, payload: ReturnIn) -> dict[str, Any]:
    """Return a filing to its organiser with the reason, to change and file again."""
    user = actor(request)
    project = selectors.project_get(user=user, pk=project_id)
    services.project_return(actor=user, project=project, reason=payload.reason)
    return _project(user, project_id)


# -- Enrolment --------------------------------------------------------------------------------


@router.post(
    "/projects/{project_id}/enrol",
    response={201: EnrolmentOut, **WRITE_ERRORS},
    url_name="project_enrol",
)
def project_enrol_view(request: HttpRequest, project_id: int) -> Status[dict[str, Any]]:
    """Enrol yourself (learners): the project is approved, enrolment is open, there is
    room, and it is for your type of talent."""
    user = actor(request)
    project = selectors.project_get(user=user, pk=project_id)
    enrolment = services.enrolment_create(actor=user, project=project)
    return Status(201, enrolment_out(user, enrolment))


@router.get(
    "/projects/{project_id}/enrolments",
    response={200: EnrolmentPage, **NOT_FOUND},
    url_name="enrolment_list",
)
def enrolment_list_view(
    request: HttpRequest, project_id: int, query: Query[PageQuery]
) -> dict[str, Any]:
    """The roster of a project you organise, by name: attendance and result of each."""
    user = actor(request)
    project = selectors.project_managed_get(user=user, pk=project_id)
    roster = selectors.roster(project=project)
    return page_of(roster, query.page, query.size, lambda e: enrolment_out(user, e))


@router.post(
    "/projects/{project_id}/enrolments",
    response={201: BulkOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: BulkErrorOut},
    url_name="enrolment_bulk",
)
def enrolment_bulk_view(
    request: HttpRequest, project_id: int, payload: BulkIn
) -> Status[dict[str, Any]]:
    """Enrol people by resident ID number (in the body, never the URL): all of them, or
    none and every problem by line."""
    user = actor(request)
    project = selectors.project_get(user=user, pk=project_id)
    made = services.enrolments_create_bulk(actor=user, project=project, lines=payload.id_numbers)
    roster = selectors.roster(project=project).filter(pk__in=[e.pk for e in made])
    return Status(201, {"enrolled": len(made), "items": [enrolment_out(user, e) for e in roster]})


@router.get("/me/enrolments", response=MyEnrolmentPage, url_name="my_enrolments")
def my_enrolments_view(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Your own enrolments (learners), newest project first, with the sessions you
    attended and your result."""
    user = actor(request)
    enrolments = selectors.enrolments_of(user=user)
    start = (query.page - 1) * query.size
    shown = list(enrolments.values_list("project_id", flat=True)[start : start + query.size])
    projects = {
        p.pk: p
        for p in selectors.project_list(user=user).filter(pk__in=shown).prefetch_related("sessions")
    }
    return page_of(
        enrolments, query.page, query.size, lambda e: my_enrolment_out(e, projects[e.project_id])
    )


@router.delete(
    "/me/enrolments/{enrolment_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="my_enrolment_withdraw",
)
def my_enrolment_withdraw_view(request: HttpRequest, enrolment_id: int) -> Status[None]:
    """Withdraw from a project that has not begun (learners, their own enrolments)."""
    user = actor(request)
    services.enrolment_withdraw(
        actor=user, enrolment=selectors.enrolment_of(user=user, pk=enrolment_id)
    )
    return Status(204, None)


# -- Attendance -----------------------------------------------------------------------------


@router.get(
    "/sessions/{session_id}/code", response={200: CodeOut, **NOT_FOUND}, url_name="session_code"
)
def session_code_view(request: HttpRequest, session_id: int) -> dict[str, Any]:
    """The session's check-in code of this moment, to show in the room (organisers only).
    It changes every `seconds_left` seconds; learners' codes are accepted only while
    check-in is `open`."""
    session = selectors.session_managed_get(user=actor(request), pk=session_id)
    now = timezone.now()
    opens, closes = checkin.window(session)
    return {
        "session": session.pk,
        "code": checkin.code_at(session, now),
        "seconds_left": checkin.seconds_to_next_code(now),
        "open": checkin.is_open(session, now),
        "opens": opens,
        "closes": closes,
    }


@router.post(
    "/sessions/{session_id}/checkin",
    response={200: AttendanceOut, **WRITE_ERRORS},
    url_name="session_checkin",
)
def session_checkin_view(
    request: HttpRequest, session_id: int, payload: CheckinIn
) -> dict[str, Any]:
    """Check in to a session you are enrolled in, with the code shown there, while the
    session is on. Checking in twice is harmless."""
    user = actor(request)
    session = selectors.session_for_checkin(user=user, pk=session_id)
    return attendance_out(services.checkin_create(actor=user, session=session, code=payload.code))


@router.post(
    "/sessions/{session_id}/attendance",
    response={201: list[AttendanceOut], **WRITE_ERRORS},
    url_name="session_attendance",
)
def session_attendance_view(
    request: HttpRequest, session_id: int, payload: AttendanceIn
) -> Status[list[dict[str, Any]]]:
    """Record participants as present, by hand or from the paper sign-in sheet, with the
    reason; once the session has begun. Answers the attendance newly recorded (those
    already present are left as they were)."""
    user = actor(request)
    session = selectors.session_managed_get(user=user, pk=session_id)
    wanted = set(payload.enrolments)
    enrolments = list(selectors.roster(project=session.project).filter(pk__in=wanted))
    unknown = sorted(wanted - {e.pk for e in enrolments})
    if unknown:
        lang = request_lang(request)
        raise ApiError(
            422,
            "invalid",
            [
                field_error(
                    "enrolments", "unknown_enrolment", lang, ids=", ".join(map(str, unknown))
                )
            ],
        )
    made = services.attendance_record(
        actor=user,
        session=session,
        enrolments=enrolments,
        method=Attendance.Method(payload.method),
        reason=payload.reason,
    )
    return Status(201, [attendance_out(a) for a in made])


# -- Results --------------------------------------------------------------------------------


@router.put(
    "/enrolments/{enrolment_id}/result",
    response={200: EnrolmentOut, **WRITE_ERRORS},
    url_name="enrolment_result",
)
def enrolment_result_view(
    request: HttpRequest, enrolment_id: int, payload: ResultIn
) -> dict[str, Any]:
    """A participant's assessment result (考试考核结果); final once their hours are
    registered."""
    user = actor(request)
    enrolment = _managed_enrolment(user, enrolment_id)
    services.result_set(
        actor=user, enrolment=enrolment, result=Enrolment.Result(payload.result), note=payload.note
    )
    done = selectors.roster(project=enrolment.project).get(pk=enrolment.pk)
    return enrolment_out(user, done)


@router.post(
    "/projects/{project_id}/register-results",
    response={200: GrantedOut, **WRITE_ERRORS},
    url_name="results_register",
)
def results_register_view(request: HttpRequest, project_id: int) -> dict[str, Any]:
    """Register to the ledger, in one step, the hours of everyone who passed and has not
    had them registered: each day attended becomes one record of this project (宁夏
    三（一）). Those who failed get nothing; registering again registers nothing twice."""
    user = actor(request)
    project = selectors.project_get(user=user, pk=project_id)
    granted = services.results_register(actor=user, project=project)
    return {
        "records": granted.records,
        "people": granted.people,
        "without_attendance": [
            {"id": e.pk, "name": e.person.name} for e in granted.without_attendance
        ],
    }
