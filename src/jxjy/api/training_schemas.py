"""The shapes of the training API (`api/training.py`), and the functions that fill them.

Bodies that write forbid unknown fields, so a misspelt field is a 422 naming it rather
than a value silently ignored. The values themselves are checked by the training services
(`jxjy.training.services`), which name the field at fault.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from jxjy.accounts import scope
from jxjy.accounts.models import User
from jxjy.api.schemas import Amount, Error, PageQuery, Ref, RegionRef
from jxjy.orgs.models import Organisation
from jxjy.policy.records import Subject
from jxjy.policy.serialize import number
from jxjy.training.models import PROJECT_KINDS, Attendance, Enrolment, Project, ProjectSession

KINDS = ", ".join(k.value for k in PROJECT_KINDS)


class _Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class _Page(Schema):
    count: int = Field(description="Items in all pages")
    page: int
    size: int


# -- Projects and sessions ---------------------------------------------------------------


class ProjectChange(_Strict):
    """The fields an organiser sets; in a change, only those sent are changed."""

    title: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, description=f"One of: {KINDS}")
    subject: str | None = Field(None, description="public, professional (default) or elective")
    level: str | None = Field(None, description="national, provincial or city (by kind)")
    talent: str | None = Field(None, description="skilled or professional")
    occupation: str | None = Field(None, description="Occupation or title series served")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    planned_hours: Decimal | None = None
    planned_credits: Decimal | None = None
    teachers: str | None = None
    fees: str | None = None
    capacity: int | None = Field(None, description="Places, at least 1")
    enrol_until: dt.date | None = Field(
        None, description="Last day learners may enrol (default: the first day)"
    )
    description: str | None = None

    def sent(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class ProjectCreate(ProjectChange):
    provider_id: int | None = Field(
        None, description="The organiser; operators must name it, organisers may omit it"
    )
    title: str = Field(max_length=200)
    kind: str = Field(description=f"One of: {KINDS}")
    talent: str = Field(description="skilled or professional")
    start_date: dt.date
    end_date: dt.date
    capacity: int = Field(description="Places, at least 1")


class SessionIn(_Strict):
    date: dt.date
    starts: dt.time
    ends: dt.time
    place: str = Field("", max_length=200)
    online: bool = False
    hours: Decimal = Field(description="Class hours the session is worth")


class SessionOut(Schema):
    id: int
    date: dt.date
    starts: dt.time
    ends: dt.time
    place: str
    online: bool
    hours: Amount


class ProjectOut(Schema):
    id: int
    title: str
    kind: str
    subject: str
    level: str
    talent: str
    occupation: str
    organiser: Ref
    region: RegionRef = Field(description="Filed with the HR bureau of this region")
    start_date: dt.date
    end_date: dt.date
    planned_hours: Amount
    planned_credits: Amount
    teachers: str
    fees: str
    capacity: int
    enrolled: int
    enrol_until: dt.date
    description: str
    status: str = Field(description="draft, filed, approved or returned")
    filing_number: str = Field(description="Given on approval")
    return_reason: str = Field(description="Why the filing was returned")
    filed_at: dt.datetime | None
    decided_at: dt.datetime | None
    sessions: list[SessionOut]


class BaseOut(Schema):
    """A training base and what it discloses (宁波 第九条; 南通 第二十二条)."""

    id: int
    name: str
    kind: str
    region: RegionRef
    provider_level: str
    scope: str
    content: str
    fees: str
    teachers: str
    address: str


class CatalogueProjectOut(ProjectOut):
    disclosure: BaseOut = Field(description="The organiser and what it discloses")


class ProjectPage(_Page):
    items: list[ProjectOut]


class BasePage(_Page):
    items: list[BaseOut]


class CatalogueQuery(PageQuery):
    q: str = Field("", max_length=64, description="Words in the title, occupation or organiser")
    region: str = Field("", max_length=6, description="A region code: it and those below it")
    subject: Subject | None = None
    open: bool = Field(False, description="Only projects still taking enrolments today")


class BaseQuery(PageQuery):
    q: str = Field("", max_length=64, description="Words in the name or the scope")
    region: str = Field("", max_length=6, description="A region code: it and those below it")


class ProjectQuery(PageQuery):
    status: Project.Status | None = None


class ReturnIn(Schema):
    reason: str = Field(description="Why the filing is returned (required)")


# -- Enrolment, attendance, results -------------------------------------------------------


class ParticipantOut(Schema):
    id: int
    name: str
    id_number: str = Field(description="Masked unless you may see it whole")


class EnrolmentOut(Schema):
    id: int
    person: ParticipantOut
    source: str = Field(description="self or provider")
    created: dt.datetime
    attended: list[int] = Field(description="The ids of the sessions attended")
    result: str = Field(description='passed, failed, or "" (not assessed yet)')
    result_note: str
    granted_at: dt.datetime | None = Field(description="When the hours were registered")


class EnrolmentPage(_Page):
    items: list[EnrolmentOut]


class MyEnrolmentOut(Schema):
    id: int
    project: ProjectOut
    source: str
    created: dt.datetime
    attended: list[int]
    result: str
    result_note: str
    granted_at: dt.datetime | None


class MyEnrolmentPage(_Page):
    items: list[MyEnrolmentOut]


#: At most this many ID numbers in one bulk enrolment.
BULK_MAX = 10_000


class BulkIn(_Strict):
    id_numbers: list[str] = Field(
        max_length=BULK_MAX, description="Resident ID numbers, one per line; blanks are skipped"
    )


class BulkOut(Schema):
    enrolled: int
    items: list[EnrolmentOut]


class LineError(Error):
    line: int = Field(description="1-based line of `id_numbers`; 0 for the list as a whole")


class BulkErrorOut(Schema):
    detail: str
    errors: list[LineError]


class AttendanceIn(_Strict):
    enrolments: list[int] = Field(min_length=1, description="Enrolment ids of those present")
    method: Literal["manual", "sheet"] = Field(
        description="manual: recorded by the organiser; sheet: from the paper sign-in sheet"
    )
    reason: str = Field(description="Why attendance is recorded by hand (required)")


class AttendanceOut(Schema):
    session: int
    enrolment: int
    method: str = Field(description="code, manual or sheet")
    reason: str
    at: dt.datetime


class CheckinIn(_Strict):
    code: str = Field(max_length=16, description="The code shown at the session")


class CodeOut(Schema):
    session: int
    code: str = Field(description="Show it at the session; it changes every step")
    seconds_left: int = Field(description="Seconds until the code changes")
    open: bool = Field(description="Whether check-in is open now")
    opens: dt.datetime
    closes: dt.datetime


class ResultIn(_Strict):
    result: Literal["passed", "failed", ""] = Field(description='"" resets it to not assessed')
    note: str = Field("", max_length=200)


class GrantedOut(Schema):
    records: int = Field(description="Records registered to the ledger (one a day attended)")
    people: int = Field(description="People they were registered for")
    without_attendance: list[Ref] = Field(
        description="Enrolments (id, name) that passed but attended no session: nothing given"
    )


# -- Filling them -------------------------------------------------------------------------


def _amount(value: Decimal | None) -> Amount:
    return None if value is None else number(value)


def session_out(session: ProjectSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "date": session.date,
        "starts": session.starts,
        "ends": session.ends,
        "place": session.place,
        "online": session.online,
        "hours": _amount(session.hours),
    }


def project_out(project: Project) -> dict[str, Any]:
    """A project from a training selector (which counts its enrolments as `enrolled`)."""
    return {
        "id": project.pk,
        "title": project.title,
        "kind": project.kind,
        "subject": project.subject,
        "level": project.level,
        "talent": project.talent,
        "occupation": project.occupation,
        "organiser": {"id": project.provider_id, "name": project.provider.name},
        "region": {"code": project.region.code, "name": project.region.name},
        "start_date": project.start_date,
        "end_date": project.end_date,
        "planned_hours": _amount(project.planned_hours),
        "planned_credits": _amount(project.planned_credits),
        "teachers": project.teachers,
        "fees": project.fees,
        "capacity": project.capacity,
        "enrolled": project.enrolled,  # type: ignore[attr-defined]
        "enrol_until": project.enrol_until,
        "description": project.description,
        "status": project.status,
        "filing_number": project.filing_number,
        "return_reason": project.return_reason,
        "filed_at": project.filed_at,
        "decided_at": project.decided_at,
        "sessions": [session_out(s) for s in project.sessions.all()],
    }


def base_out(base: Organisation) -> dict[str, Any]:
    return {
        "id": base.pk,
        "name": base.name,
        "kind": base.kind,
        "region": {"code": base.region.code, "name": base.region.name},
        "provider_level": base.provider_level,
        "scope": base.scope,
        "content": base.content,
        "fees": base.fees,
        "teachers": base.teachers,
        "address": base.address,
    }


def _attended(enrolment: Enrolment) -> list[int]:
    return sorted(a.session_id for a in enrolment.attendance.all())


def enrolment_out(user: User, enrolment: Enrolment) -> dict[str, Any]:
    person = enrolment.person
    whole = scope.sees_whole_id_number(user, person)
    return {
        "id": enrolment.pk,
        "person": {
            "id": person.pk,
            "name": person.name,
            "id_number": person.id_number if whole else person.masked_id_number,
        },
        "source": enrolment.source,
        "created": enrolment.created,
        "attended": _attended(enrolment),
        "result": enrolment.result,
        "result_note": enrolment.result_note,
        "granted_at": enrolment.granted_at,
    }


def my_enrolment_out(enrolment: Enrolment, project: Project) -> dict[str, Any]:
    return {
        "id": enrolment.pk,
        "project": project_out(project),
        "source": enrolment.source,
        "created": enrolment.created,
        "attended": _attended(enrolment),
        "result": enrolment.result,
        "result_note": enrolment.result_note,
        "granted_at": enrolment.granted_at,
    }


def attendance_out(attendance: Attendance) -> dict[str, Any]:
    return {
        "session": attendance.session_id,
        "enrolment": attendance.enrolment_id,
        "method": attendance.method,
        "reason": attendance.reason,
        "at": attendance.at,
    }
