"""Training projects: filing and approval, enrolment, check-in, attendance, results and the
hours they register (宁夏 三（一）、三（四）; 宁波 第九条、第十七条; 金华（八）（十）)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from factories import PersonFactory, assign_policy, registered
from jxjy.audit.models import AuditEntry
from jxjy.evaluation.models import PersonYear
from jxjy.ledger import services as ledger
from jxjy.ledger.models import CreditRecord, Source, Status
from jxjy.regions.models import Talent
from jxjy.training import checkin, services
from jxjy.training.models import Attendance, Enrolment, Project
from training_helpers import approved, at, draft, session

pytestmark = pytest.mark.django_db


def _enrol(world, project: Project, *people) -> list[Enrolment]:
    lines = [p.id_number for p in people]
    return services.enrolments_create_bulk(
        actor=world.home.provider_user, project=project, lines=lines, at=at("2026-02-20", "09:00")
    )


# -- Filing ---------------------------------------------------------------------------------


def test_a_filed_project_is_approved_with_a_filing_number_of_its_region(world) -> None:
    """宁夏 三（一）: projects are filed online and approved before their hours count."""
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    assert project.status == Project.Status.APPROVED
    assert project.filing_number == "330700-2026-00001"
    assert project.region == home.provider.region
    second = approved(home.provider_user, home.reviewer_user, title="第二期")
    assert second.filing_number == "330700-2026-00002"
    actions = list(
        AuditEntry.objects.filter(target_type="training.project", target_id=str(project.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "project.create",
        "session.add",
        "session.add",
        "session.add",
        "project.file",
        "project.approve",
    ]


def test_a_project_without_sessions_cannot_be_filed(world) -> None:
    project = draft(world.home.provider_user)
    with pytest.raises(services.TrainingRefused) as refused:
        services.project_file(actor=world.home.provider_user, project=project)
    assert refused.value.field == "sessions"
    assert Project.objects.get(pk=project.pk).status == Project.Status.DRAFT


def test_a_session_outside_the_project_dates_is_refused(world) -> None:
    project = draft(world.home.provider_user)
    with pytest.raises(services.TrainingRefused) as refused:
        session(world.home.provider_user, project, "2026-03-09", "08:30", "11:30", "4")
    assert refused.value.field == "date"
    assert not project.sessions.exists()


def test_a_seminar_needs_a_level(world) -> None:
    """金华（十一）（1）: a seminar is valued by its level, so it must have one."""
    with pytest.raises(services.TrainingRefused) as refused:
        draft(world.home.provider_user, kind="seminar_program")
    assert refused.value.field == "level"
    assert not Project.objects.exists()


def test_a_filed_project_cannot_be_changed(world) -> None:
    home = world.home
    project = draft(home.provider_user)
    session(home.provider_user, project, "2026-03-02", "08:30", "11:30", "4")
    services.project_file(actor=home.provider_user, project=project)
    with pytest.raises(services.TrainingRefused):
        services.project_update(actor=home.provider_user, project=project, data={"title": "改"})
    assert Project.objects.get(pk=project.pk).title == "数控车工技能提升班"


def test_a_returned_project_says_why_and_can_be_filed_again(world) -> None:
    home = world.home
    project = draft(home.provider_user)
    session(home.provider_user, project, "2026-03-02", "08:30", "11:30", "4")
    services.project_file(actor=home.provider_user, project=project)
    with pytest.raises(services.TrainingRefused):
        services.project_return(actor=home.reviewer_user, project=project, reason="  ")
    services.project_return(actor=home.reviewer_user, project=project, reason="请补充师资")
    project.refresh_from_db()
    assert (project.status, project.return_reason) == (Project.Status.RETURNED, "请补充师资")
    services.project_update(actor=home.provider_user, project=project, data={"teachers": "李老师"})
    services.project_file(actor=home.provider_user, project=project)
    project.refresh_from_db()
    assert (project.status, project.return_reason) == (Project.Status.FILED, "")


@pytest.mark.parametrize("who", ["provider", "other_reviewer", "employer"])
def test_only_the_hr_bureau_of_the_region_or_above_decides(world, who) -> None:
    home = world.home
    project = draft(home.provider_user)
    session(home.provider_user, project, "2026-03-02", "08:30", "11:30", "4")
    services.project_file(actor=home.provider_user, project=project)
    actor = {
        "provider": home.provider_user,
        "other_reviewer": world.other.reviewer_user,
        "employer": home.employer_user,
    }[who]
    with pytest.raises(PermissionDenied):
        services.project_approve(actor=actor, project=project)
    assert Project.objects.get(pk=project.pk).status == Project.Status.FILED


# -- Enrolment ------------------------------------------------------------------------------


def test_a_learner_enrols_in_an_approved_project_before_it_closes(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    enrolment = services.enrolment_create(
        actor=home.learner_user, project=project, at=at("2026-02-28", "20:00")
    )
    assert (enrolment.person, enrolment.source) == (home.learner, Enrolment.Source.SELF)
    with pytest.raises(services.TrainingRefused):
        services.enrolment_create(
            actor=home.learner_user, project=project, at=at("2026-02-28", "20:01")
        )


@pytest.mark.parametrize(
    ("setup", "moment"),
    [
        ("draft", "2026-02-20"),
        ("closed", "2026-03-02"),
        ("full", "2026-02-20"),
        ("other_talent", "2026-02-20"),
    ],
)
def test_enrolment_is_refused_when_the_project_cannot_take_the_learner(
    world, setup, moment
) -> None:
    home = world.home
    if setup == "draft":
        project = draft(home.provider_user)
    elif setup == "full":
        project = approved(home.provider_user, home.reviewer_user, capacity=1)
        _enrol(world, project, home.colleague)
    elif setup == "other_talent":
        project = approved(home.provider_user, home.reviewer_user, talent=Talent.PROFESSIONAL)
    else:
        project = approved(home.provider_user, home.reviewer_user)
    with pytest.raises(services.TrainingRefused):
        services.enrolment_create(actor=home.learner_user, project=project, at=at(moment, "09:00"))
    assert not project.enrolments.filter(person=home.learner).exists()


def test_bulk_enrolment_is_all_or_nothing_with_every_problem_by_line(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    bad_digit = home.colleague.id_number[:-1] + (
        "0" if home.colleague.id_number[-1] != "0" else "1"
    )
    stranger = PersonFactory.build(region=home.county).id_number  # valid, not on file
    lines = [home.learner.id_number, bad_digit, "", stranger, home.learner.id_number.lower()]
    with pytest.raises(services.BulkRefused) as refused:
        services.enrolments_create_bulk(
            actor=home.provider_user, project=project, lines=lines, at=at("2026-02-20", "09:00")
        )
    assert [p.line for p in refused.value.problems] == [2, 4, 5]
    assert (
        "校验" in refused.value.problems[0].message or "check" in refused.value.problems[0].message
    )
    assert not project.enrolments.exists()
    enrolled = _enrol(world, project, home.learner, home.colleague)
    assert {e.person for e in enrolled} == {home.learner, home.colleague}


def test_only_the_organiser_enrols_people_in_bulk(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    with pytest.raises(PermissionDenied):
        services.enrolments_create_bulk(
            actor=world.other.provider_user, project=project, lines=[home.learner.id_number]
        )


# -- Check-in -------------------------------------------------------------------------------


@pytest.fixture
def course(world):
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    _enrol(world, project, home.learner)
    return project


def test_a_learner_checks_in_with_the_code_of_the_moment(world, course) -> None:
    """宁夏 三（四）: 考勤签到 online, during the session."""
    first = course.sessions.first()
    moment = at("2026-03-02", "08:40")
    code = checkin.code_at(first, moment)
    attendance = services.checkin_create(
        actor=world.home.learner_user, session=first, code=code, at=moment
    )
    assert attendance.method == Attendance.Method.CODE
    again = services.checkin_create(
        actor=world.home.learner_user, session=first, code=code, at=moment
    )
    assert again.pk == attendance.pk


@pytest.mark.parametrize(
    ("clock", "code_clock", "reason"),
    [
        ("07:30", "07:30", "not open"),  # an hour before the session
        ("12:00", "12:00", "not open"),  # after it ended
        ("09:00", "08:40", "expired"),  # a code twenty minutes old
    ],
)
def test_a_code_works_only_while_the_session_is_on(
    world, course, clock, code_clock, reason
) -> None:
    first = course.sessions.first()
    code = checkin.code_at(first, at("2026-03-02", code_clock))
    with pytest.raises(services.TrainingRefused) as refused:
        services.checkin_create(
            actor=world.home.learner_user, session=first, code=code, at=at("2026-03-02", clock)
        )
    assert (refused.value.field == "code") == (reason == "expired")
    assert not Attendance.objects.exists()


def test_a_code_of_a_future_session_does_not_check_in_to_it(world, course) -> None:
    """A code seen today cannot be used for tomorrow's session, nor another's code here."""
    today, _, tomorrow = course.sessions.all()
    moment = at("2026-03-02", "08:40")
    with pytest.raises(services.TrainingRefused):
        services.checkin_create(
            actor=world.home.learner_user,
            session=tomorrow,
            code=checkin.code_at(tomorrow, moment),
            at=moment,
        )
    with pytest.raises(services.TrainingRefused):
        services.checkin_create(
            actor=world.home.learner_user,
            session=today,
            code=checkin.code_at(tomorrow, moment),
            at=moment,
        )
    assert not Attendance.objects.exists()


def test_someone_not_enrolled_cannot_check_in(world, course) -> None:
    first = course.sessions.first()
    moment = at("2026-03-02", "08:40")
    from factories import UserFactory  # a learner of the same city, not enrolled

    outsider = UserFactory(role="learner", person=world.home.colleague)
    with pytest.raises(services.TrainingRefused):
        services.checkin_create(
            actor=outsider, session=first, code=checkin.code_at(first, moment), at=moment
        )
    assert not Attendance.objects.exists()


def test_the_organiser_records_attendance_by_hand_with_a_reason_once_the_session_began(
    world, course
) -> None:
    home = world.home
    first = course.sessions.first()
    enrolment = course.enrolments.get()
    record = {"actor": home.provider_user, "session": first, "enrolments": [enrolment]}
    with pytest.raises(services.TrainingRefused):
        services.attendance_record(
            **record,
            method=Attendance.Method.MANUAL,
            reason="手机没电",
            at=at("2026-03-01", "09:00"),
        )
    with pytest.raises(services.TrainingRefused):
        services.attendance_record(
            **record, method=Attendance.Method.MANUAL, reason=" ", at=at("2026-03-02", "09:00")
        )
    assert not Attendance.objects.exists()
    made = services.attendance_record(
        **record, method=Attendance.Method.SHEET, reason="纸质签到表", at=at("2026-03-04", "09:00")
    )
    assert [(a.method, a.reason) for a in made] == [(Attendance.Method.SHEET, "纸质签到表")]


# -- Results and registration ---------------------------------------------------------------


def _attend(world, project: Project, enrolment: Enrolment, *sessions) -> None:
    services.attendance_record(
        actor=world.home.provider_user,
        session=sessions[0],
        enrolments=[enrolment],
        method=Attendance.Method.SHEET,
        reason="纸质签到表",
        at=at("2026-03-04", "09:00"),
    )
    for other in sessions[1:]:
        _attend(world, project, enrolment, other)


def test_passed_participants_get_one_record_a_day_attended_and_failed_ones_none(world) -> None:
    """宁夏 三（一）: hours are granted online to those who passed; partial attendance counts
    per session. Two sessions on one day make one record of that day."""
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    mine, theirs = _enrol(world, project, home.learner, home.colleague)
    morning, afternoon, second_day = project.sessions.all()
    _attend(world, project, mine, morning, afternoon)  # missed the second day
    _attend(world, project, theirs, morning, afternoon, second_day)
    services.result_set(actor=home.provider_user, enrolment=mine, result=Enrolment.Result.PASSED)
    services.result_set(actor=home.provider_user, enrolment=theirs, result=Enrolment.Result.FAILED)
    granted = services.results_register(
        actor=home.provider_user, project=project, at=at("2026-03-05", "10:00")
    )
    assert (granted.records, granted.people) == (1, 1)
    record = CreditRecord.objects.get()
    assert (record.person, record.date, record.hours) == (home.learner, dt.date(2026, 3, 2), 8)
    assert (record.project, record.approved, record.source) == (project, True, Source.ATTENDANCE)
    assert record.status == Status.REGISTERED
    # Registering again registers nothing twice, and the result is now final.
    assert services.results_register(actor=home.provider_user, project=project).records == 0
    with pytest.raises(services.TrainingRefused):
        services.result_set(
            actor=home.provider_user, enrolment=mine, result=Enrolment.Result.FAILED
        )
    assert CreditRecord.objects.count() == 1


def test_a_day_of_project_hours_is_capped_like_any_other_day(world) -> None:
    """金华（十）: offline theory 1 学时 = 2 学分, at most 12 a day: 8 hours in one day of a
    project count 12 credits."""
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    (mine,) = _enrol(world, project, home.learner)
    morning, afternoon, _ = project.sessions.all()
    _attend(world, project, mine, morning, afternoon)
    services.result_set(actor=home.provider_user, enrolment=mine, result=Enrolment.Result.PASSED)
    services.results_register(actor=home.provider_user, project=project)
    ledger.records_verify(actor=home.reviewer_user, records=CreditRecord.objects.all())
    assert PersonYear.objects.get(person=home.learner, year=2026).total == Decimal(12)


def test_training_without_an_approved_project_is_not_recognised_in_ningxia(world) -> None:
    """宁夏 三（一）: 未经审核备案的继续教育培训活动，继续教育学时不予认可. The same hours
    count when they come from an approved project."""
    home = world.home
    ningxia = PersonFactory(region=home.county, talent=Talent.PROFESSIONAL, employer=home.employer)
    assign_policy(home.city, Talent.PROFESSIONAL, "ningxia-pro-2016", "2016-01-01")
    loose = registered(
        home.provider_user, ningxia, date="2026-03-02", kind="offline_theory", hours="6"
    )
    assert loose.approved is False
    ledger.record_verify(actor=home.reviewer_user, record=loose)
    assert PersonYear.objects.get(person=ningxia, year=2026).total == 0
    project = approved(home.provider_user, home.reviewer_user, talent=Talent.PROFESSIONAL)
    filed = ledger.record_register(
        actor=home.provider_user,
        person=ningxia,
        fields={"date": "2026-03-03", "kind": "offline_theory", "hours": "6"},
        project=project,
    )
    ledger.record_verify(actor=home.reviewer_user, record=filed)
    assert PersonYear.objects.get(person=ningxia, year=2026).total == 6


def test_an_unfiled_online_course_is_not_recognised_in_ningxia(world) -> None:
    """宁夏 三（一）: 未经审核备案的继续教育培训活动，继续教育学时不予认可. The policy's
    approval gate names online courses, so one registered without a project counts 0; the
    same course filed through an approved project counts its hours. Which kinds need a
    filing is the policy's to say, not the platform's."""
    home = world.home
    ningxia = PersonFactory(region=home.county, talent=Talent.PROFESSIONAL, employer=home.employer)
    assign_policy(home.city, Talent.PROFESSIONAL, "ningxia-pro-2016", "2016-01-01")
    loose = registered(
        home.provider_user, ningxia, date="2026-03-02", kind="online_course", hours="6"
    )
    assert loose.approved is False
    ledger.record_verify(actor=home.reviewer_user, record=loose)
    assert PersonYear.objects.get(person=ningxia, year=2026).total == 0
    project = approved(
        home.provider_user, home.reviewer_user, talent=Talent.PROFESSIONAL, kind="online_course"
    )
    filed = ledger.record_register(
        actor=home.provider_user,
        person=ningxia,
        fields={"date": "2026-03-03", "kind": "online_course", "hours": "6"},
        project=project,
    )
    assert filed.approved is True
    ledger.record_verify(actor=home.reviewer_user, record=filed)
    assert PersonYear.objects.get(person=ningxia, year=2026).total == 6


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"date": "2026-04-01", "kind": "offline_theory", "hours": "4"}, "date"),
        ({"date": "2026-03-02", "kind": "offline_practice", "hours": "4"}, "kind"),
    ],
)
def test_a_record_must_fit_its_project(world, fields, field) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    with pytest.raises(ledger.ProjectMismatch) as mismatch:
        ledger.record_register(
            actor=home.provider_user, person=home.learner, fields=fields, project=project
        )
    assert mismatch.value.field == field
    assert not CreditRecord.objects.exists()


def test_another_organisation_cannot_register_to_a_project(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    from factories import OrganisationFactory, UserFactory

    rival = OrganisationFactory(kind="provider", region=home.city)
    rival_user = UserFactory(role="provider", organisation=rival)
    with pytest.raises(ledger.ProjectMismatch):
        ledger.record_register(
            actor=rival_user,
            person=home.learner,
            fields={"date": "2026-03-02", "kind": "offline_theory", "hours": "4"},
            project=project,
        )
    assert not CreditRecord.objects.exists()


def test_a_learner_withdraws_only_before_the_project_begins(world) -> None:
    """The place is freed for someone else; once the project has begun the enrolment
    stays, as the organiser's attendance records rest on it."""
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    mine = services.enrolment_create(
        actor=home.learner_user, project=project, at=at("2026-02-20", "09:00")
    )
    from factories import UserFactory

    colleague = UserFactory(role="learner", person=home.colleague)
    with pytest.raises(PermissionDenied):
        services.enrolment_withdraw(actor=colleague, enrolment=mine, at=at("2026-02-21", "09:00"))
    with pytest.raises(services.TrainingRefused):
        services.enrolment_withdraw(
            actor=home.learner_user, enrolment=mine, at=at("2026-03-02", "07:00")
        )
    services.enrolment_withdraw(
        actor=home.learner_user, enrolment=mine, at=at("2026-02-21", "09:00")
    )
    assert not project.enrolments.exists()
    assert AuditEntry.objects.filter(action="enrolment.withdraw").count() == 1


@pytest.mark.parametrize(
    ("policy_id", "kind", "level", "title", "expected"),
    [
        ("nantong-pro-2021", "training_class", "", "进修班", "days"),  # 第十七条（三） 每天6学时
        ("nantong-pro-2021", "conference", "national", "年会", "days"),  # 第十七条（一）
        ("ningbo-skills-2020", "training_class", "", "面授班", "hours"),  # 第二十条 面授
        ("jinhua-skills-2020", "seminar_program", "provincial", "研修班", "once"),  # （十一）（1）
        ("ningxia-pro-2016", "conference", "", "年会", "hours"),  # 三（一） 授予学时
        ("ningxia-pro-2016", "public_course", "", "当代科学技术新知识", "once"),  # 一（四） 30学时
        ("ningxia-pro-2016", "public_course", "", "学术道德与学术规范", "hours"),  # 三（一）
        (None, "conference", "", "年会", "hours"),  # no policy: what was attended
    ],
)
def test_the_participants_policy_says_how_attendance_is_valued(
    policy_id, kind, level, title, expected
) -> None:
    """Each policy's first credit rule that fits the project names its measure (南通
    第十七条 by the day, 宁波 第二十条 by the hour, 金华（十一）（1） once by level, 宁夏
    一（四） the round-8 course once): the platform keeps no list of kinds by hours or days."""
    from jxjy.policy.loader import load_policy
    from jxjy.training import grants

    project = Project(kind=kind, subject="public", level=level, title=title)
    policy = load_policy(policy_id) if policy_id else None
    assert grants.measure(policy, project, dt.date(2023, 3, 2)) == expected


def test_a_nantong_participant_gets_one_record_of_one_day_a_day_attended(world) -> None:
    """南通 第十七条（三） "培训班…每天以3学分（6学时）计算": a training class is valued by
    the days attended, so a participant under 南通 gets `days: 1` records, each capped."""
    home = world.home
    nantong = PersonFactory(region=home.county, talent=Talent.PROFESSIONAL, employer=home.employer)
    assign_policy(home.city, Talent.PROFESSIONAL, "nantong-pro-2021", "2021-01-01")
    project = approved(
        home.provider_user, home.reviewer_user, talent=Talent.PROFESSIONAL, kind="training_class"
    )
    (mine,) = _enrol(world, project, nantong)
    _attend(world, project, mine, *project.sessions.all())
    services.result_set(actor=home.provider_user, enrolment=mine, result=Enrolment.Result.PASSED)
    services.results_register(actor=home.provider_user, project=project)
    rows = CreditRecord.objects.order_by("date")
    assert [(r.date, r.days, r.hours) for r in rows] == [
        (dt.date(2026, 3, 2), 1, None),
        (dt.date(2026, 3, 3), 1, None),
    ]
    ledger.records_verify(actor=home.reviewer_user, records=rows)
    assert PersonYear.objects.get(person=nantong, year=2026).total == 12


def test_an_unfiled_online_course_counts_its_set_credits_in_jinhua(world) -> None:
    """金华（十） "线上课程学习…依据设定学分登记": 金华's approval gate names only the 高研班
    and 培训班 of （十一）（1）, so an online course registered without a project is not
    filed and still counts its set credits."""
    home = world.home  # the home learner is under jinhua-skills-2020
    loose = registered(
        home.provider_user, home.learner, date="2026-03-02", kind="online_course", credits="10"
    )
    assert loose.approved is False
    ledger.record_verify(actor=home.reviewer_user, record=loose)
    assert PersonYear.objects.get(person=home.learner, year=2026).total == 10
