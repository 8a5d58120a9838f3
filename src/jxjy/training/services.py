"""Writes of training: filing a project and deciding on it, sessions, enrolment,
attendance, results, and registering the hours earned to the ledger.

Each function is one transaction, checks permission in `accounts.scope`, and leaves an
audit row. A step the rules refuse raises `TrainingRefused`, which names the field at
fault and says why in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jxjy.accounts import scope
from jxjy.accounts.models import Role, User
from jxjy.audit.models import audit_log
from jxjy.ledger.api import NewRecord, project_check, record_checked, records_register_many
from jxjy.ledger.models import Source
from jxjy.orgs.models import Organisation
from jxjy.people import id_number
from jxjy.people.models import Person
from jxjy.policy.records import LEVELS_BY_KIND, REQUIRED_BY_KIND, Kind, Level
from jxjy.refusals import Refusal, Refused, worded
from jxjy.regions.models import Region
from jxjy.training import checkin, grants
from jxjy.training.models import Attendance, Enrolment, Project, ProjectSession

#: What a project's organiser may set; the rest (status, region, filing number...) the
#: platform sets.
PROJECT_FIELDS = (
    "title",
    "kind",
    "subject",
    "level",
    "talent",
    "occupation",
    "start_date",
    "end_date",
    "planned_hours",
    "planned_credits",
    "teachers",
    "fees",
    "capacity",
    "enrol_until",
    "description",
)
SESSION_FIELDS = ("date", "starts", "ends", "place", "online", "hours")


class TrainingRefused(Refused):
    """A step the rules do not allow. `code` says which, for programs (docs/api.md lists
    them); `field` names the field at fault ("" for the whole request); `message` says
    why, translated when shown. Without a field it is the project's state that refuses
    (409), unless the model's own validation did."""

    def __init__(
        self, code: str, message: str | Promise, field: str = "", **params: object
    ) -> None:
        self.code = code
        self.message = message
        self.field = field
        self.params = params
        super().__init__([Refusal(code, worded(message, **params), field)])

    @property
    def conflict(self) -> bool:
        return not self.field and not isinstance(self.__cause__, ValidationError)

    def text(self) -> str:
        return self.refusals[0].text


def _now(moment: dt.datetime | None) -> dt.datetime:
    return moment if moment is not None else timezone.now()


def _today(moment: dt.datetime | None) -> dt.date:
    return timezone.localdate(_now(moment))


def _refuse_invalid(instance: Project | ProjectSession) -> None:
    """Django's field validation, as `TrainingRefused` of the first field at fault. The
    database's constraints are the services' own checks, which name their field."""
    try:
        instance.full_clean(
            exclude=["provider", "region", "created_by", "project"], validate_constraints=False
        )
    except ValidationError as invalid:
        field, problems = next(iter(invalid.message_dict.items()))
        raise TrainingRefused(
            "invalid", problems[0], "" if field == "__all__" else field
        ) from invalid


def _check_project(project: Project) -> None:
    _refuse_invalid(project)
    if project.end_date < project.start_date:
        raise TrainingRefused(
            "end_before_start", _("The last day is before the first."), "end_date"
        )
    if project.enrol_until > project.end_date:
        raise TrainingRefused(
            "enrolment_after_end",
            _("Enrolment must close by the project's last day."),
            "enrol_until",
        )
    kind = Kind(project.kind)
    if "level" in REQUIRED_BY_KIND.get(kind, ()) and not project.level:
        raise TrainingRefused("level_required", _("This kind of activity needs a level."), "level")
    allowed = LEVELS_BY_KIND.get(kind)
    if project.level and allowed is not None and Level(project.level) not in allowed:
        raise TrainingRefused(
            "level_not_allowed", _("This level does not apply to this kind of activity."), "level"
        )


def _organiser(actor: User, data: Mapping[str, Any]) -> Organisation:
    if scope.runs_projects(actor) and actor.organisation is not None:
        return actor.organisation
    organiser = data.get("provider")
    if actor.role == Role.OPERATOR and isinstance(organiser, Organisation):
        return organiser
    raise PermissionDenied


def project_create(*, actor: User, data: Mapping[str, Any]) -> Project:
    """A draft project of the actor's organisation, to be filed with the HR bureau of the
    organisation's region."""
    organiser = _organiser(actor, data)
    project = Project(
        provider=organiser,
        region=organiser.region,
        created_by=actor,
        **{name: data[name] for name in PROJECT_FIELDS if name in data},
    )
    if project.enrol_until is None and project.start_date is not None:
        project.enrol_until = project.start_date
    _check_project(project)
    with transaction.atomic():
        project.save()
        audit_log(actor, "project.create", project, title=project.title)
    return project


def _editable(actor: User, project: Project) -> Project:
    """The project, locked, if the actor may change it and it is a draft or returned."""
    if not scope.can_manage_project(actor, project):
        raise PermissionDenied
    locked = Project.objects.select_for_update().select_related("region").get(pk=project.pk)
    if not locked.editable:
        raise TrainingRefused("not_editable", _("A filed or approved project cannot be changed."))
    return locked


def project_update(*, actor: User, project: Project, data: Mapping[str, Any]) -> Project:
    with transaction.atomic():
        locked = _editable(actor, project)
        for name in PROJECT_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        _check_project(locked)
        locked.save()
        audit_log(actor, "project.update", locked, fields=sorted(set(data) & set(PROJECT_FIELDS)))
    return locked


def session_add(*, actor: User, project: Project, data: Mapping[str, Any]) -> ProjectSession:
    """A session of a draft or returned project, inside its dates."""
    with transaction.atomic():
        locked = _editable(actor, project)
        session = ProjectSession(
            project=locked, **{name: data[name] for name in SESSION_FIELDS if name in data}
        )
        _refuse_invalid(session)
        if not locked.covers(session.date):
            raise TrainingRefused(
                "session_outside_project",
                _("The session falls outside the project's dates."),
                "date",
            )
        if session.ends <= session.starts:
            raise TrainingRefused(
                "session_ends_before_start", _("The session must end after it starts."), "ends"
            )
        session.save()
        audit_log(actor, "session.add", locked, session=session.pk, date=str(session.date))
    return session


def session_remove(*, actor: User, session: ProjectSession) -> None:
    with transaction.atomic():
        locked = _editable(actor, session.project)
        audit_log(actor, "session.remove", locked, session=session.pk, date=str(session.date))
        session.delete()


def project_file(*, actor: User, project: Project, at: dt.datetime | None = None) -> Project:
    """File the project with the HR bureau (宁夏 三（一）: 网上申报备案)."""
    with transaction.atomic():
        locked = _editable(actor, project)
        _check_project(locked)
        sessions = list(locked.sessions.all())
        if not sessions:
            raise TrainingRefused(
                "no_sessions", _("Add at least one session before filing."), "sessions"
            )
        if any(not locked.covers(s.date) for s in sessions):
            raise TrainingRefused(
                "session_outside_project",
                _("A session falls outside the project's dates."),
                "sessions",
            )
        locked.status = Project.Status.FILED
        locked.filed_at = _now(at)
        locked.return_reason = ""
        locked.save(update_fields=["status", "filed_at", "return_reason"])
        audit_log(actor, "project.file", locked)
    return locked


def _deciding(actor: User, project: Project) -> Project:
    if not scope.can_decide_project(actor, project):
        raise PermissionDenied
    locked = Project.objects.select_for_update().select_related("region").get(pk=project.pk)
    if locked.status != Project.Status.FILED:
        raise TrainingRefused("not_filed", _("Only a filed project can be approved or returned."))
    return locked


def _next_filing_number(region: Region, year: int) -> str:
    """`<region code>-<year>-<serial>`: serials count up per region and year. The caller
    holds a lock on the region's row, so two approvals never take the same serial."""
    prefix = f"{region.code}-{year}-"
    taken = Project.objects.filter(filing_number__startswith=prefix).count()
    return f"{prefix}{taken + 1:05d}"


def project_approve(*, actor: User, project: Project, at: dt.datetime | None = None) -> Project:
    """Approve a filing and give it its filing number; its activities now count where a
    policy requires filing (宁夏 三（一）)."""
    with transaction.atomic():
        locked = _deciding(actor, project)
        region = Region.objects.select_for_update().get(pk=locked.region_id)
        moment = _now(at)
        locked.status = Project.Status.APPROVED
        locked.filing_number = _next_filing_number(region, timezone.localdate(moment).year)
        locked.decided_by = actor
        locked.decided_at = moment
        locked.save(update_fields=["status", "filing_number", "decided_by", "decided_at"])
        audit_log(actor, "project.approve", locked, filing_number=locked.filing_number)
    return locked


def project_return(
    *, actor: User, project: Project, reason: str, at: dt.datetime | None = None
) -> Project:
    """Return a filing to its organiser with the reasons, to change and file again."""
    if not reason.strip():
        raise TrainingRefused("reason_required", _("Say why the filing is returned."), "reason")
    with transaction.atomic():
        locked = _deciding(actor, project)
        locked.status = Project.Status.RETURNED
        locked.return_reason = reason.strip()
        locked.decided_by = actor
        locked.decided_at = _now(at)
        locked.save(update_fields=["status", "return_reason", "decided_by", "decided_at"])
        audit_log(actor, "project.return", locked, reason=locked.return_reason)
    return locked


# -- Enrolment ---------------------------------------------------------------------------


def _open_for_enrolment(project: Project, today: dt.date, *, by_organiser: bool) -> None:
    if not project.approved:
        raise TrainingRefused("not_approved", _("Only an approved project takes enrolments."))
    # The organiser may still add people after enrolment closes, until the last day.
    closes = project.end_date if by_organiser else project.enrol_until
    if today > closes:
        raise TrainingRefused("enrolment_closed", _("Enrolment for this project has closed."))


def _eligible(project: Project, person: Person) -> None:
    """The project is for the person's type of talent; an employer's own training is for
    its own people (宁波 第十七条)."""
    if person.talent != project.talent:
        raise TrainingRefused("other_talent", _("This project is for another type of talent."))
    own_training = project.provider.kind == Organisation.Kind.EMPLOYER
    if own_training and person.employer_id != project.provider_id:
        raise TrainingRefused(
            "own_people_only", _("This is an employer's training for its own people.")
        )


def _ineligible(project: Project, person: Person) -> TrainingRefused | None:
    try:
        _eligible(project, person)
    except TrainingRefused as refused:
        return refused
    return None


def enrolment_create(*, actor: User, project: Project, at: dt.datetime | None = None) -> Enrolment:
    """A learner enrols themself: the project is approved, enrolment is open, there is
    room, and the project is for their type of talent."""
    if actor.role != Role.LEARNER or actor.person is None:
        raise PermissionDenied
    person = actor.person
    with transaction.atomic():
        locked = Project.objects.select_for_update().select_related("provider").get(pk=project.pk)
        _open_for_enrolment(locked, _today(at), by_organiser=False)
        _eligible(locked, person)
        if locked.enrolments.filter(person=person).exists():
            raise TrainingRefused("already_enrolled", _("You are already enrolled."))
        if locked.enrolments.count() >= locked.capacity:
            raise TrainingRefused("full", _("The project is full."))
        enrolment = Enrolment.objects.create(
            project=locked, person=person, source=Enrolment.Source.SELF, enrolled_by=actor
        )
        audit_log(actor, "enrolment.create", locked, person=person.pk)
    return enrolment


def enrolment_withdraw(*, actor: User, enrolment: Enrolment, at: dt.datetime | None = None) -> None:
    """A learner withdraws from a project that has not begun and frees the place. The
    audit trail keeps the step; once the project begins, only its organiser's records
    speak for who was there."""
    if actor.role != Role.LEARNER or enrolment.person_id != actor.person_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            Enrolment.objects.select_for_update().select_related("project").get(pk=enrolment.pk)
        )
        if _today(at) >= locked.project.start_date:
            raise TrainingRefused("begun", _("The project has begun; ask its organiser."))
        if locked.attendance.exists() or locked.granted_at is not None:
            raise TrainingRefused("attended", _("You have attended this project."))
        audit_log(actor, "enrolment.withdraw", locked.project, person=locked.person_id)
        locked.delete()


@dataclass(frozen=True)
class LineProblem:
    """A problem with one line of a bulk enrolment (1-based)."""

    line: int
    code: str
    message: str


class BulkRefused(Refused):
    """Some lines of a bulk enrolment cannot be taken; nothing was enrolled."""

    def __init__(self, problems: Sequence[LineProblem]) -> None:
        self.problems = list(problems)
        super().__init__(
            Refusal(
                p.code,
                worded(_("line %(line)s: %(message)s"), line=p.line, message=p.message)
                if p.line
                else p.message,
                "id_numbers",
                p.line,
            )
            for p in self.problems
        )


def _bulk_people(lines: Sequence[str], project: Project) -> tuple[list[Person], list[LineProblem]]:
    numbers: dict[int, str] = {}
    problems: list[LineProblem] = []
    for line, text in enumerate(lines, start=1):
        number = text.strip().upper()
        if not number:
            continue
        try:
            id_number.parse(number)
        except id_number.InvalidIdNumber as invalid:
            reason = _("Not a valid resident ID number: %(reason)s.") % {"reason": invalid}
            problems.append(LineProblem(line, "bad_id_number", str(reason)))
            continue
        numbers[line] = number
    found = {p.id_number: p for p in Person.objects.filter(id_number__in=numbers.values())}
    enrolled = set(project.enrolments.values_list("person__id_number", flat=True))
    people: list[Person] = []
    seen: dict[str, int] = {}
    for line, number in numbers.items():
        person = found.get(number)
        if number in seen:
            code, message = "repeated", str(_("Repeats line %(line)s.") % {"line": seen[number]})
        elif person is None:
            code, message = (
                "unknown_person",
                str(_("No person on file has this resident ID number.")),
            )
        elif number in enrolled:
            code = "already_enrolled"
            message = str(_("%(name)s is already enrolled.") % {"name": person.name})
        elif problem := _ineligible(project, person):
            code, message = problem.code, f"{person.name}: {problem.text()}"
        else:
            seen[number] = line
            people.append(person)
            continue
        seen.setdefault(number, line)
        problems.append(LineProblem(line, code, message))
    return people, sorted(problems, key=lambda p: p.line)


def enrolments_create_bulk(
    *, actor: User, project: Project, lines: Sequence[str], at: dt.datetime | None = None
) -> list[Enrolment]:
    """The organiser enrols people by resident ID number, one a line: all of them, or
    none and every problem by line."""
    if not scope.can_manage_project(actor, project):
        raise PermissionDenied
    with transaction.atomic():
        locked = Project.objects.select_for_update().select_related("provider").get(pk=project.pk)
        _open_for_enrolment(locked, _today(at), by_organiser=True)
        people, problems = _bulk_people(lines, locked)
        room = locked.capacity - locked.enrolments.count()
        if not problems and len(people) > room:
            left = str(_("Only %(room)s places are left.") % {"room": room})
            problems = [LineProblem(0, "full", left)]
        if not people and not problems:
            problems = [LineProblem(0, "empty", str(_("No resident ID numbers were given.")))]
        if problems:
            raise BulkRefused(problems)
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(project=locked, person=p, source=Enrolment.Source.PROVIDER, enrolled_by=actor)
            for p in people
        )
        audit_log(actor, "enrolment.create_bulk", locked, people=[p.pk for p in people])
    return enrolments


# -- Attendance --------------------------------------------------------------------------


def checkin_create(
    *, actor: User, session: ProjectSession, code: str, at: dt.datetime | None = None
) -> Attendance:
    """A learner checks in with the code shown at the session: only while the session is
    on, only with the code of the moment, only if enrolled."""
    if actor.role != Role.LEARNER or actor.person_id is None:
        raise PermissionDenied
    moment = _now(at)
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .filter(project_id=session.project_id, person_id=actor.person_id)
            .first()
        )
        if enrolment is None:
            raise TrainingRefused("not_enrolled", _("You are not enrolled in this project."))
        if not checkin.is_open(session, moment):
            raise TrainingRefused("checkin_closed", _("Check-in for this session is not open now."))
        if not checkin.code_matches(session, code, moment):
            raise TrainingRefused("wrong_code", _("The code is wrong or has expired."), "code")
        existing = Attendance.objects.filter(session=session, enrolment=enrolment).first()
        if existing is not None:
            return existing
        attendance = Attendance.objects.create(
            session=session,
            enrolment=enrolment,
            method=Attendance.Method.CODE,
            recorded_by=actor,
        )
        audit_log(actor, "attendance.checkin", session.project, session=session.pk)
    return attendance


def attendance_record(
    *,
    actor: User,
    session: ProjectSession,
    enrolments: Iterable[Enrolment],
    method: Attendance.Method,
    reason: str,
    at: dt.datetime | None = None,
) -> list[Attendance]:
    """The organiser records participants as present: by hand (with a reason) during or
    after the session, or from the paper sign-in sheet afterwards. Never for a session that
    has not begun."""
    if not scope.can_manage_project(actor, session.project):
        raise PermissionDenied
    if method == Attendance.Method.CODE:
        raise TrainingRefused(
            "code_method", _("Only the participant checks in with the code."), "method"
        )
    if not reason.strip():
        raise TrainingRefused(
            "reason_required", _("Say why attendance is recorded by hand."), "reason"
        )
    if not checkin.has_begun(session, _now(at)):
        raise TrainingRefused("not_begun", _("This session has not begun."))
    wanted = list(enrolments)
    if any(e.project_id != session.project_id for e in wanted):
        raise TrainingRefused(
            "not_enrolled", _("Someone here is not enrolled in this project."), "enrolments"
        )
    with transaction.atomic():
        present = set(session.attendance.values_list("enrolment_id", flat=True))
        created = Attendance.objects.bulk_create(
            Attendance(
                session=session,
                enrolment=e,
                method=method,
                reason=reason.strip(),
                recorded_by=actor,
            )
            for e in wanted
            if e.pk not in present
        )
        audit_log(
            actor,
            "attendance.record",
            session.project,
            session=session.pk,
            method=method,
            enrolments=[a.enrolment_id for a in created],
            reason=reason.strip(),
        )
    return created


# -- Results and registration --------------------------------------------------------------


def result_set(
    *, actor: User, enrolment: Enrolment, result: Enrolment.Result, note: str = ""
) -> Enrolment:
    """The participant's assessment result (考试考核结果, 宁波 第九条); fixed once their
    hours are registered."""
    if not scope.can_manage_project(actor, enrolment.project):
        raise PermissionDenied
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.granted_at is not None:
            raise TrainingRefused("final", _("The hours are registered; the result is final."))
        locked.result = result
        locked.result_note = note.strip()
        locked.save(update_fields=["result", "result_note"])
        audit_log(actor, "enrolment.result", locked.project, enrolment=locked.pk, result=result)
    return locked


@dataclass(frozen=True)
class Granted:
    """What `results_register` did: records registered, for how many people, and who
    passed but attended nothing."""

    records: int
    people: int
    without_attendance: list[Enrolment]


def results_register(*, actor: User, project: Project, at: dt.datetime | None = None) -> Granted:
    """Register to the ledger, in one step, the hours of every participant who passed and
    has not had them registered: each day attended becomes a record of this project
    (宁夏 三（一）: 在线上为培训考核合格学员授予学时). Those who failed get nothing. The
    records go in by the ledger's bulk path (one audit row for the step, standings
    refreshed once per person), so a large class is one quick transaction."""
    if not scope.can_manage_project(actor, project):
        raise PermissionDenied
    moment = _now(at)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not locked.approved:
            raise TrainingRefused(
                "not_approved", _("Only an approved project's hours can be registered.")
            )
        due = list(
            locked.enrolments.select_for_update()
            .filter(result=Enrolment.Result.PASSED, granted_at__isnull=True)
            .select_related("person__region")
            .prefetch_related("attendance__session")
        )
        new: list[NewRecord] = []
        granted: list[Enrolment] = []
        idle: list[Enrolment] = []
        for enrolment in due:
            attended = [a.session for a in enrolment.attendance.all()]
            earned = grants.record_fields(locked, attended, enrolment.person)
            if not earned:
                idle.append(enrolment)
                continue
            if not scope.can_register(actor, enrolment.person):
                raise PermissionDenied
            for fields in earned:
                record = record_checked(enrolment.person, fields)
                project_check(actor=actor, record=record, project=locked)
                new.append(NewRecord(enrolment.person_id, locked.pk, record, approved=True))
            enrolment.granted_at = moment
            granted.append(enrolment)
        records_register_many(actor=actor, records=new, source=Source.ATTENDANCE, batch="")
        Enrolment.objects.bulk_update(granted, ["granted_at"])
        records, people = len(new), len(granted)
        audit_log(
            actor,
            "project.register_results",
            locked,
            records=records,
            people=[e.person_id for e in granted],
        )
    return Granted(records, people, idle)
