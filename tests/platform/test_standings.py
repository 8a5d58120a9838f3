"""Stored standings never go stale: every write refreshes each year it can change
(`jxjy.policy.reach`), and `jxjy standings check` finds any that differ (ADR 7)."""

from __future__ import annotations

import datetime as dt
import io
import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client

from factories import PASSWORD, THEORY, registered, signed_in, verified
from jxjy.audit.models import AuditEntry
from jxjy.cli import main
from jxjy.evaluation import marks, services
from jxjy.evaluation.checks import people_checked, standings_command, standings_differences
from jxjy.evaluation.marks import standings_mark_outdated
from jxjy.evaluation.models import PersonYear
from jxjy.evaluation.services import stale_refresh
from jxjy.ledger import services as ledger
from jxjy.people.models import Person
from jxjy.policy.loader import load_policy
from jxjy.policy.reach import YearsFrom, audit_years_affected, years_affected
from jxjy.policy.records import Kind, Record, Subject
from jxjy.regions.models import RegionPolicy, Talent

pytestmark = pytest.mark.django_db

CERTIFICATE = {
    "date": "2020-10-01",
    "kind": "public_course",
    "title": "第五轮公需课",
    "hours": "24",
}


def _record(date: str, end: str | None = None, **fields: object) -> Record:
    return Record(
        row=1,
        person_id="1",
        date=dt.date.fromisoformat(date),
        end_date=dt.date.fromisoformat(end) if end else None,
        kind=Kind(fields.pop("kind", "offline_theory")),
        subject=Subject(fields.pop("subject", "professional")),
        **fields,  # type: ignore[arg-type]
    )


def _differences(person: Person) -> list[object]:
    return list(standings_differences(Person.objects.filter(pk=person.pk)))


# ------------------------------------------------------------------ the pure reach


def test_reach_of_a_round_five_certificate_includes_2021_nantong_si_yi() -> None:
    """南通 2021 通知 四（一）: a 2020 round-5 certificate waives 2021's public hours."""
    policy = load_policy("nantong-pro-2021")
    certificate = _record("2020-10-01", kind="public_course", title="第五轮公需课", hours=24)
    assert years_affected(policy, certificate) == {2020, 2021}
    other = _record("2020-10-01", kind="public_course", title="公需课", hours=24)
    assert years_affected(policy, other) == {2020}
    later = _record("2022-10-01", kind="public_course", title="第五轮公需课", hours=24)
    assert years_affected(policy, later) == {2022}


def test_reach_of_a_record_over_new_year_is_both_years_jinhua_shi_daily_caps() -> None:
    """金华 （十）第二款: 每天 … 一般不超过 12 学分 — a day is capped over every record
    touching it, so one of 31 Dec–1 Jan reaches both years, and a record of 31 Dec reaches
    the year of a record spanning into the next."""
    policy = load_policy("jinhua-skills-2020")
    spanning = _record("2021-12-31", "2022-01-01", hours=24)
    assert years_affected(policy, spanning) == {2021, 2022}
    single = _record("2021-12-31", hours=12)
    assert years_affected(policy, single) == {2021}
    assert years_affected(policy, single, [spanning]) == {2021, 2022}


def test_reach_of_audits_since_a_grade_is_open_ended_jinhua_shi_si() -> None:
    """金华 （十四）: the window starts at the grade date, so every later year is reached."""
    policy = load_policy("jinhua-skills-2020")
    reach = audit_years_affected(policy, _record("2021-03-01", hours=8))
    assert isinstance(reach, YearsFrom)
    assert 2030 in reach
    assert 2020 not in reach


# ------------------------------------------------------------------ the ledger's writes


def test_registering_a_2020_round_five_certificate_refreshes_the_2021_standing_nantong_si_yi(
    world,
) -> None:
    """南通 2021 通知 四（一）: 已取得第五轮公需课合格证明的 … 今年不需要再进行公需科目学习."""
    city = world.other
    verified(
        city.provider_user,
        city.reviewer_user,
        city.learner,
        date="2021-05-01",
        kind="public_course",
        title="专业课",
        hours="10",
    )
    before = PersonYear.objects.get(person=city.learner, year=2021).unmet
    verified(city.provider_user, city.reviewer_user, city.learner, **CERTIFICATE)
    assert PersonYear.objects.get(person=city.learner, year=2021).unmet == before - 1
    assert _differences(city.learner) == []


@pytest.mark.parametrize("spanning_first", [True, False])
def test_a_record_spanning_31_dec_to_1_jan_refreshes_both_years_daily_caps(
    world, spanning_first: bool
) -> None:
    """金华 （十）第二款 daily caps: a day is capped over every record touching it, whichever
    year each belongs to; both years' stored standings follow."""
    city = world.home
    spanning = {"date": "2021-12-31", "end_date": "2022-01-01", "kind": "offline_theory"}
    spanning["hours"] = "24"
    single = {"date": "2021-12-31", "kind": "offline_theory", "hours": "12"}
    order = [spanning, single] if spanning_first else [single, spanning]
    for fields in order:
        verified(city.provider_user, city.reviewer_user, city.learner, **fields)
    assert {2021, 2022} <= set(
        PersonYear.objects.filter(person=city.learner).values_list("year", flat=True)
    )
    assert _differences(city.learner) == []


def test_rejecting_a_round_five_certificate_keeps_2021_as_it_was_nantong_si_yi(world) -> None:
    """四（一）: only a certificate that counts waives; rejecting it changes nothing."""
    city = world.other
    row = registered(city.provider_user, city.learner, **CERTIFICATE)
    ledger.record_reject(actor=city.reviewer_user, record=row, reason="证书不清晰")
    assert _differences(city.learner) == []


# ------------------------------------------------------------------ the check


def test_a_policy_version_bump_is_found_by_standings_check_and_fixed_by_rebuild(world) -> None:
    """A stored standing computed under an older version of the policy file differs."""
    city = world.home
    verified(
        city.provider_user,
        city.reviewer_user,
        city.learner,
        **{
            "date": "2023-03-01",
            "kind": "offline_theory",
            "hours": "8",
        },
    )
    PersonYear.objects.filter(person=city.learner).update(policy_version="0.9-old")
    out = io.StringIO()
    assert standings_command(rebuild=False, out=out) == 1
    assert f"person {city.learner.pk} year 2023: policy_version" in out.getvalue()
    assert city.learner.id_number not in out.getvalue()
    assert standings_command(rebuild=True, out=io.StringIO()) == 0
    assert standings_command(rebuild=False, out=io.StringIO()) == 0
    [entry] = AuditEntry.objects.filter(action="standings.rebuild")
    assert (entry.target_id, entry.detail) == (
        str(city.learner.pk),
        {"years": [2023], "fields": ["policy_version"]},
    )


def test_standings_of_an_older_policy_version_are_marked_stale_and_refreshed(
    world, django_capture_on_commit_callbacks
) -> None:
    """What `jxjy serve` does at start: standings computed under another version of their
    policy file are marked 待更新 and their refresh queued."""
    learner = world.home.learner
    verified(world.home.provider_user, world.home.reviewer_user, learner, **THEORY)
    verified(world.other.provider_user, world.other.reviewer_user, world.other.learner, **{
        **THEORY, "kind": "training_class", "end_date": "2023-03-05",
    })
    PersonYear.objects.filter(person=learner).update(policy_version="2019.1")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert standings_mark_outdated() == 1
        assert PersonYear.objects.get(person=learner, year=2023).stale
    standing = PersonYear.objects.get(person=learner, year=2023)
    assert not standing.stale
    assert standing.policy_version == load_policy("jinhua-skills-2020").version


def test_jxjy_standings_check_and_rebuild_on_the_command_line(world, capsys) -> None:
    """As an operator types it: exit 1 naming person pk, year and field (never the ID
    number) when a policy's version moved on; `rebuild` fixes it; the check is then clean."""
    learner = world.home.learner
    verified(world.home.provider_user, world.home.reviewer_user, learner, **THEORY)
    PersonYear.objects.filter(person=learner).update(policy_version="2019.1")
    assert main(["standings", "check", "--all"]) == 1
    out = capsys.readouterr().out
    assert f"person {learner.pk} year 2023: policy_version" in out
    assert learner.id_number not in out
    assert main(["standings", "rebuild"]) == 0
    assert main(["standings", "check", "--sample", "5", "--year", "2023"]) == 0


def test_standings_check_narrows_to_a_region_and_a_year(world) -> None:
    verified(
        world.home.provider_user,
        world.home.reviewer_user,
        world.home.learner,
        **{
            "date": "2023-03-01",
            "kind": "offline_theory",
            "hours": "8",
        },
    )
    PersonYear.objects.update(total=999)
    assert list(people_checked(region=world.other.city.code)).count(world.home.learner) == 0
    out = io.StringIO()
    assert standings_command(rebuild=False, region=world.other.city.code, out=out) == 0
    assert standings_command(rebuild=False, year=2022, out=io.StringIO()) == 0
    assert standings_command(rebuild=False, year=2023, sample=10, out=io.StringIO()) == 1
    assert standings_command(rebuild=True, out=io.StringIO()) == 0


# ------------------------------------------------------------------ people and regions


def _operator(world) -> Client:
    client = Client()
    assert client.login(username=world.operator.username, password=PASSWORD)
    return client


def _theory_2023(city) -> None:
    verified(city.provider_user, city.reviewer_user, city.learner, **THEORY)


def test_moving_a_person_to_another_citys_region_refreshes_their_standings(world) -> None:
    """A person moved from 金华 to 南通 (and made a professional) is evaluated under 南通's
    rules at once: the employer list stops showing 金华's 学分."""
    home = world.home
    _theory_2023(home)
    assert PersonYear.objects.get(person=home.learner, year=2023).policy == "jinhua-skills-2020"
    person = home.learner
    form = {
        "name": person.name,
        "gender": person.gender,
        "id_number": person.id_number,
        "region": world.other.county.pk,
        "employer": person.employer_id,
        "talent": Talent.PROFESSIONAL,
    }
    response = _operator(world).post(f"/admin/people/person/{person.pk}/change/", form)
    assert response.status_code == 302
    standing = PersonYear.objects.get(person=person, year=2023)
    assert (standing.policy, standing.unit) == ("nantong-pro-2021", "hour")
    assert _differences(person) == []


def test_changing_a_regions_policy_marks_its_people_stale_then_refreshes_them(
    world, django_capture_on_commit_callbacks
) -> None:
    """Assigning 宁波's policy to the 金华 city from 2023 marks every skilled worker's
    standing there 待更新 in the admin's request, and the queued task recomputes them."""
    home = world.home
    _theory_2023(home)
    form = {
        "region": home.city.pk,
        "talent": Talent.SKILLED,
        "policy_id": "ningbo-skills-2020",
        "valid_from": "2023-01-01",
    }
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _operator(world).post("/admin/regions/regionpolicy/add/", form)
    assert response.status_code == 302
    assert PersonYear.objects.get(person=home.learner, year=2023).stale
    assert not PersonYear.objects.filter(person=world.other.learner, stale=True).exists()
    out = io.StringIO()
    assert standings_command(rebuild=False, out=out) == 0  # pending, not wrong
    assert "awaiting refresh" in out.getvalue()
    for callback in queued:
        callback()
    standing = PersonYear.objects.get(person=home.learner, year=2023)
    assert (standing.policy, standing.stale) == ("ningbo-skills-2020", False)
    assert _differences(home.learner) == []


def test_stale_standings_show_as_awaiting_refresh_and_are_not_counted_compliant(world) -> None:
    home = world.home
    _theory_2023(home)
    PersonYear.objects.filter(person=home.learner).update(stale=True, compliant=True)
    page = signed_in(home.employer_user).get("/employer/people/?year=2023")
    assert "待更新" in page.content.decode()
    overview = signed_in(home.reviewer_user).get("/reviewer/?year=2023")
    assert overview.context["totals"].compliant == 0
    assert overview.context["totals"].stale == 1
    assert 'data-testid="stale"' in overview.content.decode()
    own = signed_in(home.learner_user).get("/me/years/").content.decode()
    assert "待更新" in own
    stale_refresh()
    assert not PersonYear.objects.filter(stale=True).exists()


# ------------------------------------------------------------------ concurrency


@pytest.mark.django_db(transaction=True)
def test_two_workers_verifying_one_persons_records_at_once_leave_the_newest_standing(
    world, monkeypatch
) -> None:
    """Two reviewers verify two records of the same person at the same moment, each in
    its own transaction and connection. Both recompute only after both records are
    verified in their own transaction; the lock on the person makes the second wait for
    the first to commit and then see both records, so the stored standing counts both."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: there is no race to test")
    home = world.home
    rows = [
        registered(home.provider_user, home.learner, **{**THEORY, "date": day})
        for day in ("2023-03-01", "2023-03-02")
    ]
    both_decided = threading.Barrier(2, timeout=10)
    lock = services._lock

    def decided_then_lock(person_id: int) -> None:
        both_decided.wait()  # each has verified its record, not yet committed
        lock(person_id)

    monkeypatch.setattr(services, "_lock", decided_then_lock)
    failures: list[BaseException] = []

    def verify(row) -> None:
        try:
            ledger.record_verify(actor=home.reviewer_user, record=row)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=verify, args=(row,)) for row in rows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    standing = PersonYear.objects.get(person=home.learner, year=2023)
    assert standing.pending == 0
    assert _differences(home.learner) == []


@pytest.mark.django_db(transaction=True)
def test_a_region_policy_change_while_a_write_recomputes_leaves_no_old_result_unmarked(
    world, monkeypatch
) -> None:
    """A provider registers a 2024 record (a standing not stored before) while an operator
    gives the city another policy from 2024. The write has read the old policy when the
    change arrives: the change waits for the write's lock on the region, then marks what
    it wrote 待更新 and the queued refresh recomputes it under the new policy."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: there is no race to test")
    home = world.home
    policy_read = threading.Event()
    read = services.policy_id_for

    def slow_read(person: Person, year: int) -> str | None:
        found = read(person, year)
        if threading.current_thread().name == "write":
            policy_read.set()
            time.sleep(0.5)  # the change arrives now
        return found

    monkeypatch.setattr(services, "policy_id_for", slow_read)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            registered(home.provider_user, home.learner, **{**THEORY, "date": "2024-03-01"})
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)
        finally:
            connection.close()

    def change() -> None:
        try:
            assert policy_read.wait(10)
            with transaction.atomic():
                services.region_policy_lock(home.city)
                RegionPolicy.objects.create(
                    region=home.city,
                    talent=Talent.SKILLED,
                    policy_id="ningbo-skills-2020",
                    valid_from=dt.date(2024, 1, 1),
                )
                marks.standings_mark_stale(region=home.city, talent=Talent.SKILLED)
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, name="write"), threading.Thread(target=change)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    standing = PersonYear.objects.get(person=home.learner, year=2024)
    assert (standing.policy, standing.stale) == ("ningbo-skills-2020", False)
    assert _differences(home.learner) == []
