"""The training pages as their users meet them: forms that say what is wrong by field and
write nothing, the walk from filing to hours, and what each page shows of people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from factories import PersonFactory, signed_in
from jxjy.ledger.models import CreditRecord
from jxjy.training import checkin, services
from jxjy.training.models import Attendance, Enrolment, Project
from training_helpers import approved, draft, session

pytestmark = pytest.mark.django_db


PROJECT_FORM = {
    "title": "电工安全操作培训",
    "kind": "offline_practice",
    "subject": "professional",
    "level": "",
    "talent": "skilled",
    "occupation": "电工",
    "start_date": "2027-01-10",
    "end_date": "2027-01-11",
    "enrol_until": "2027-01-08",
    "capacity": "40",
    "planned_hours": "16",
    "teachers": "张工",
    "fees": "免费",
}


def test_a_provider_drafts_a_project_by_form(world) -> None:
    provider = signed_in(world.home.provider_user)
    response = provider.post("/projects/new/", PROJECT_FORM)
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/"
    assert (project.status, project.provider, project.region) == (
        Project.Status.DRAFT,
        world.home.provider,
        world.home.provider.region,
    )
    history = provider.get(response["Location"]).content.decode()
    assert "起草" in history  # the project's history names each step


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"end_date": "2027-01-09"}, "end_date", "结束日期早于开始日期"),
        ({"enrol_until": "2027-01-12"}, "enrol_until", "报名须在项目结束日期前截止"),
        ({"kind": "seminar_program"}, "level", "这类活动需要填写级别"),
        ({"capacity": "0"}, "capacity", ""),
    ],
)
def test_a_bad_project_form_names_the_field_and_saves_nothing(
    world, change, field, message
) -> None:
    response = signed_in(world.home.provider_user).post(
        "/projects/new/", {**PROJECT_FORM, **change}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Project.objects.exists()


def test_the_employer_files_its_own_training_for_its_own_people(world) -> None:
    """宁波 第十七条: employers organise continuing education of their own."""
    home = world.home
    project = approved(home.employer_user, home.reviewer_user)
    assert project.provider == home.employer
    outsider = PersonFactory(region=home.county)  # a skilled worker of another employer
    with pytest.raises(services.BulkRefused) as refused:
        services.enrolments_create_bulk(
            actor=home.employer_user,
            project=project,
            lines=[home.learner.id_number, outsider.id_number],
            at=timezone.now().replace(year=2026, month=2, day=20),
        )
    assert [p.line for p in refused.value.problems] == [2]
    assert "本单位人员" in refused.value.problems[0].message
    assert not project.enrolments.exists()


def test_a_learner_enrols_and_checks_in_by_typing_the_code(world) -> None:
    home = world.home
    today = timezone.localdate()
    project = draft(
        home.provider_user,
        start=today,
        enrol_until=today,
        end_date=today + dt.timedelta(days=1),
    )
    on_now = session(home.provider_user, project, today, "00:00", "23:59", "6")
    services.project_file(actor=home.provider_user, project=project)
    services.project_approve(actor=home.reviewer_user, project=project)
    learner = signed_in(home.learner_user)

    response = learner.post(f"/catalogue/{project.pk}/enrol/")
    assert response["Location"] == "/me/training/"
    assert "数控车工技能提升班" in learner.get("/me/training/").content.decode()

    wrong = learner.post(f"/checkin/{on_now.pk}/", {"code": "000000"})
    if checkin.code_matches(on_now, "000000", timezone.now()):  # one chance in a million
        pytest.skip("the wrong code happened to be right")
    assert wrong.status_code == 400
    assert "签到码错误或已过期" in wrong.content.decode()
    assert not Attendance.objects.exists()
    right = learner.post(
        f"/checkin/{on_now.pk}/", {"code": checkin.code_at(on_now, timezone.now())}
    )
    assert right.status_code == 302
    assert Enrolment.objects.get().attendance.get().method == Attendance.Method.CODE


def test_the_participants_page_shows_masked_id_numbers_only(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    services.enrolments_create_bulk(
        actor=home.provider_user,
        project=project,
        lines=[home.learner.id_number],
        at=timezone.now().replace(year=2026, month=2, day=20),
    )
    page = (
        signed_in(home.provider_user).get(f"/projects/{project.pk}/participants/").content.decode()
    )
    assert home.learner.masked_id_number in page
    assert home.learner.id_number not in page


def test_bulk_enrolment_by_page_lists_each_bad_line_and_enrols_nobody(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user, start=timezone.localdate())
    lines = f"{home.learner.id_number}\n123\n"
    response = signed_in(home.provider_user).post(
        f"/projects/{project.pk}/enrol/", {"id_numbers": lines}
    )
    assert response.status_code == 400
    assert "第 2 行" in response.content.decode()
    assert not project.enrolments.exists()


def test_registering_results_by_page_puts_the_hours_in_the_ledger(world) -> None:
    home = world.home
    project = approved(home.provider_user, home.reviewer_user)
    (enrolment,) = services.enrolments_create_bulk(
        actor=home.provider_user,
        project=project,
        lines=[home.learner.id_number],
        at=timezone.now().replace(year=2026, month=2, day=20),
    )
    first = project.sessions.first()
    services.attendance_record(
        actor=home.provider_user,
        session=first,
        enrolments=[enrolment],
        method=Attendance.Method.SHEET,
        reason="纸质签到表",
    )
    provider = signed_in(home.provider_user)
    provider.post(f"/projects/{project.pk}/results/", {f"result-{enrolment.pk}": "passed"})
    response = provider.post(f"/projects/{project.pk}/register/", follow=True)
    assert "已登记 1 条记录" in response.content.decode()
    record = CreditRecord.objects.get()
    assert (record.project, record.hours, record.date) == (project, 4, first.date)


def test_an_employer_registers_converted_self_study_for_its_own_people_only(world) -> None:
    """南通 第十七条（六）: planned self-study as the employer converts it; the engine caps it.
    An employer registers for its own people, not for others."""
    home = world.home
    employer = signed_in(home.employer_user)
    form = {
        "date": "2026-06-30",
        "kind": "self_study",
        "hours": "20",
        "title": "自学《机床数控技术》",
    }
    own = employer.post("/provider/records/new/", {**form, "id_number": home.learner.id_number})
    assert own.status_code == 302
    record = CreditRecord.objects.get()
    assert (record.person, record.registered_by, record.approved) == (
        home.learner,
        home.employer,
        False,  # self-study is not filed with anyone: no policy's approval gate names it
    )
    stranger = employer.post(
        "/provider/records/new/", {**form, "id_number": world.other.learner.id_number}
    )
    assert stranger.status_code == 403
    assert CreditRecord.objects.count() == 1
    listed = employer.get("/provider/records/").content.decode()
    assert "自学《机床数控技术》" in listed


def test_an_employers_own_training_is_in_the_catalogue_of_its_own_people_only(world) -> None:
    """宁波 第十七条: an employer's own training is for its people; strangers do not see it."""
    home = world.home
    own = approved(home.employer_user, home.reviewer_user, title="本厂岗前安全培训")
    base = approved(home.provider_user, home.reviewer_user, title="基地公开课")
    anyone = Client().get("/catalogue/").content.decode()
    assert "基地公开课" in anyone
    assert "本厂岗前安全培训" not in anyone
    assert Client().get(f"/catalogue/{own.pk}/").status_code == 404
    staff = signed_in(home.learner_user)  # the employer's own learner
    assert "本厂岗前安全培训" in staff.get("/catalogue/").content.decode()
    assert staff.get(f"/catalogue/{own.pk}/").status_code == 200
    outsider = signed_in(world.other.learner_user)
    assert outsider.get(f"/catalogue/{own.pk}/").status_code == 404
    assert outsider.get(f"/catalogue/{base.pk}/").status_code == 200


def test_bases_are_found_by_region(world) -> None:
    """宁波 第九条: bases disclose their scope; the list narrows to a city."""
    home, other = world.home, world.other
    in_home = Client().get("/bases/", {"region": home.city.code}).content.decode()
    assert home.provider.name in in_home
    assert other.provider.name not in in_home


def test_my_training_offers_to_withdraw_only_before_the_project_begins(world) -> None:
    home = world.home
    today = timezone.localdate()
    later = approved(home.provider_user, home.reviewer_user, start=today + dt.timedelta(days=5))
    begun = approved(home.provider_user, home.reviewer_user, start=today, title="已开班")
    for project in (later, begun):
        services.enrolments_create_bulk(
            actor=home.provider_user, project=project, lines=[home.learner.id_number]
        )
    learner = signed_in(home.learner_user)
    page = learner.get("/me/training/").content.decode()
    mine = {e.project_id: e.pk for e in Enrolment.objects.filter(person=home.learner)}
    assert f"/me/training/{mine[later.pk]}/withdraw/" in page
    assert f"/me/training/{mine[begun.pk]}/withdraw/" not in page
    refused = learner.post(f"/me/training/{mine[begun.pk]}/withdraw/", follow=True)
    assert "项目已经开始" in refused.content.decode()
    assert Enrolment.objects.filter(pk=mine[begun.pk]).exists()
