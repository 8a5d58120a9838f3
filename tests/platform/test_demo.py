"""The demo data: 300+ learners in four cities under their own policies, valid ID numbers
and credit codes, one account per role that can log in, and featured learners whose notes
say where each case is. Seeded once for the module (it takes seconds), then each test runs
in its own transaction on top of it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db.models import Count
from django.test import Client, override_settings
from django.utils import timezone

from factories import OrganisationFactory, RegionFactory
from jxjy.accounts import scope
from jxjy.accounts.models import Role, User
from jxjy.audit.models import AuditEntry
from jxjy.demo import data as demo
from jxjy.evaluation.bridge import engine, policy_id_for, to_records
from jxjy.evaluation.models import PersonYear
from jxjy.ledger import services as ledger
from jxjy.ledger.models import CreditRecord, Source, Status
from jxjy.orgs import credit_code
from jxjy.orgs.models import Organisation
from jxjy.people import id_number
from jxjy.people.models import Person
from jxjy.policy.results import YearResult
from jxjy.regions.models import Region

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TODAY = timezone.localdate()


@pytest.fixture(scope="module")
def accounts(django_db_setup: None, django_db_blocker) -> Iterator[list[demo.DemoAccount]]:
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        seeded = demo.load(reset=True)
    yield seeded
    with django_db_blocker.unblock():
        demo.clear()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Region, Organisation, Person, User, CreditRecord, PersonYear, AuditEntry)
    }


def learner(username: str) -> Person:
    person = User.objects.get(username=username).person
    assert person is not None
    return person


def year(username: str, year: int) -> YearResult:
    """The engine's answer for a featured learner's year, over verified records."""
    person = learner(username)
    policy_id = policy_id_for(person, year)
    assert policy_id is not None
    rows = CreditRecord.objects.filter(person=person, status=Status.VERIFIED).order_by("id")
    return engine(policy_id).evaluate_year(to_records(rows), year)


def notes(result: YearResult) -> set[str]:
    return {note.code for record in result.records for note in record.notes}


def requirement(result: YearResult, rid: str) -> tuple[Decimal, bool]:
    found = next(r for r in result.requirements if r.id == rid)
    return found.actual, found.met


@pytest.mark.django_db
def test_more_than_300_learners_in_four_cities_each_under_its_policy(accounts) -> None:
    assert Person.objects.count() >= 300
    cities = (
        PersonYear.objects.values("person__region__parent__name")
        .annotate(policies=Count("policy", distinct=True))
        .values_list("person__region__parent__name", flat=True)
    )
    assert {"宁波市", "金华市", "银川市", "南通市"} <= set(cities)
    policies = set(PersonYear.objects.values_list("policy", flat=True))
    assert policies == {
        "ningbo-skills-2020",
        "jinhua-skills-2020",
        "ningxia-pro-2016",
        "nantong-pro-2021",
        "national-pro-2015",
    }
    # Every learner is under a policy in the current year: no one is left out.
    assert PersonYear.objects.filter(year=TODAY.year).count() == Person.objects.count()


@pytest.mark.django_db
def test_every_id_number_is_valid_and_agrees_with_the_person(accounts) -> None:
    """GB 11643: check digit, a real birth date, the gender digit, the district's code."""
    people = list(Person.objects.select_related("region"))
    for person in people:
        parsed = id_number.parse(person.id_number)
        assert parsed.gender == person.gender
        assert person.id_number[:6] == person.region.code
        assert dt.date(1960, 1, 1) <= parsed.birth_date <= dt.date(2005, 12, 31)
        person.full_clean()
    assert len({p.id_number for p in people}) == len(people)


@pytest.mark.django_db
def test_organisations_have_valid_credit_codes_and_bases_disclose(accounts) -> None:
    for org in Organisation.objects.all():
        assert credit_code.is_valid(org.credit_code), org.name
    providers = Organisation.objects.filter(kind=Organisation.Kind.PROVIDER)
    assert providers.count() >= 4
    assert {p.filing for p in providers} >= {"filed", "pending"}
    for provider in providers:
        assert all((provider.scope, provider.fees, provider.teachers, provider.address))
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {k.value for k in Organisation.Kind}


@pytest.mark.django_db
def test_every_role_has_an_account_that_logs_in(accounts, client: Client) -> None:
    users = {u.username: u for u in User.objects.all()}
    assert {users[a.username].role for a in accounts} == {r.value for r in Role}
    for account in accounts:
        assert account.password == demo.PASSWORD
        assert account.note
        assert client.login(username=account.username, password=account.password)
        client.logout()
    operator = users["demo-operator"]
    assert operator.is_staff
    assert operator.is_superuser
    assert not any(u.is_staff for u in users.values() if u.role != Role.OPERATOR)
    reviewer = users["demo-reviewer"]
    assert reviewer.region is not None
    assert reviewer.region.code == "330700"
    employer = users["demo-employer"]
    assert employer.organisation == learner("demo-learner").employer
    assert 20 <= Person.objects.filter(employer=employer.organisation).count() <= 60


@pytest.mark.django_db
def test_records_mostly_verified_with_some_pending_rejected_and_corrected(accounts) -> None:
    by_status = dict(CreditRecord.objects.values_list("status").annotate(n=Count("id")).order_by())
    total = sum(by_status.values())
    assert by_status[Status.VERIFIED] > 0.9 * total
    assert by_status[Status.REGISTERED] >= 20
    assert by_status[Status.REJECTED] >= 5
    assert by_status[Status.SUPERSEDED] >= 5
    # Seeded records, and those the demo's finished training project registered.
    assert not CreditRecord.objects.exclude(source__in=[Source.DEMO, Source.ATTENDANCE]).exists()
    assert not CreditRecord.objects.filter(source=Source.ATTENDANCE, project=None).exists()
    assert not CreditRecord.objects.filter(status=Status.REJECTED, reason="").exists()
    for old in CreditRecord.objects.filter(status=Status.SUPERSEDED):
        assert old.superseded_by.reason  # the correction says why
    # Registered over the years, not all at the moment of seeding; decided after that.
    assert CreditRecord.objects.filter(created__year__lt=TODAY.year).exists()
    for row in CreditRecord.objects.exclude(decided_at=None)[:500]:
        assert row.decided_at is not None
        assert row.decided_at >= row.created
    assert not CreditRecord.objects.filter(date__gt=TODAY).exists()
    assert not CreditRecord.objects.filter(end_date__gt=TODAY).exists()


@pytest.mark.django_db
def test_the_demo_learner_is_short_this_year_and_a_reviewer_can_close_part_of_it(
    accounts,
) -> None:
    """What the browser test walks through: the shortfall, the pending record, the change."""
    person = learner("demo-learner")
    standing = PersonYear.objects.get(person=person, year=TODAY.year)
    assert not standing.compliant
    assert standing.short_by > 0
    assert standing.pending >= 1
    result = year("demo-learner", TODAY.year)
    assert {s.requirement for s in result.shortfalls} >= {"total", "public"}
    assert all(s.citation.article for s in result.shortfalls)

    reviewer = User.objects.get(username="demo-reviewer")
    pending = CreditRecord.objects.filter(person=person, status=Status.REGISTERED)
    record = pending.filter(kind="offline_practice").get()
    assert scope.can_decide(reviewer, record)
    before = standing.total
    ledger.record_verify(actor=reviewer, record=record)
    standing.refresh_from_db()
    assert standing.total == before + 18  # 金华（十）: 6 hours of practice, 3 credits each
    assert not standing.compliant


@pytest.mark.django_db
def test_the_jinhua_learners_years_are_as_the_note_says(accounts) -> None:
    assert "capped" in notes(year("demo-learner", 2022))  # （十）: 8 theory hours count 12
    pathways = year("demo-learner", 2023)  # （十一）: 48 + 36 count 60
    assert pathways.compliant
    pathways_kinds = ("competition", "seminar_program")
    counted = [r for r in pathways.records if r.kind in pathways_kinds and r.counted]
    assert sum(r.raw for r in counted) == 84
    assert sum(r.counted for r in counted) == 60
    assert [s.requirement for s in year("demo-learner", 2024).shortfalls] == ["online-exam"]
    assert year("demo-learner", 2025).compliant
    person = learner("demo-learner")
    assert CreditRecord.objects.filter(person=person, status=Status.SUPERSEDED).count() == 1
    assert CreditRecord.objects.filter(person=person, status=Status.REJECTED).count() == 2


@pytest.mark.django_db
def test_the_ningbo_learners_years_are_as_the_note_says(accounts) -> None:
    day_cap = year("demo-learner-nb", 2021)  # 第二十条: 6 + 4 hours of 面授 count 8
    assert "capped" in notes(day_cap)
    assert day_cap.compliant
    courseware = year("demo-learner-nb", 2022)  # 555 minutes are 18 学时, 45 are 1
    assert requirement(courseware, "public") == (Decimal(18), True)
    assert requirement(year("demo-learner-nb", 2023), "public") == (Decimal(15), False)
    competition = year("demo-learner-nb", 2024)
    assert any(r.kind == "competition" and r.counted == 0 for r in competition.records)
    assert competition.compliant
    assert year("demo-learner-nb", 2025).compliant


@pytest.mark.django_db
def test_the_ningxia_learners_years_are_as_the_note_says(accounts) -> None:
    unfiled = year("demo-learner-nx", 2023)  # 三（一）, 四（三）
    assert {"not_approved", "excluded"} <= notes(unfiled)
    assert not unfiled.compliant
    teaching = year("demo-learner-nx", 2024)
    assert any(r.kind == "teaching" and r.counted == 24 for r in teaching.records)
    person = learner("demo-learner-nx")
    rows = CreditRecord.objects.filter(person=person, status=Status.VERIFIED).order_by("id")
    audit = engine("ningxia-pro-2016").audit(to_records(rows), "intermediate", 2025)
    assert audit.passed
    assert audit.deemed_complete is not None
    assert audit.deemed_complete.rule == "degree-in-window"


@pytest.mark.django_db
def test_the_nantong_learners_years_are_as_the_note_says(accounts) -> None:
    waived = year("demo-learner-nt", 2021)  # 四（一）: round-five certificate
    public = next(r for r in waived.requirements if r.id == "public")
    assert waived.compliant
    assert public.waived_by is not None
    for deemed_year in (2022, 2023, 2025):  # 第十七条（五）and（四）
        assert year("demo-learner-nt", deemed_year).deemed_complete is not None
    capped = year("demo-learner-nt", 2024)  # 第十四条, 第十七条（六）
    assert "capped" in notes(capped)
    assert capped.compliant


@pytest.mark.django_db
def test_nantong_has_transfers_from_inside_and_outside_the_yangtze_river_delta(accounts) -> None:
    transfers = CreditRecord.objects.filter(kind="transfer", status=Status.VERIFIED)
    origins = set(transfers.values_list("origin_region", flat=True))
    assert "宁夏回族自治区" in origins
    assert origins - {"宁夏回族自治区"}


@pytest.mark.django_db
def test_no_id_number_in_the_audit_entries_or_the_accounts(accounts) -> None:
    """One entry for the seeding; the rest are the training projects' steps, which the
    demo takes through the services like anyone else."""
    seeding = AuditEntry.objects.get(action=demo.SEED_ACTION)
    assert seeding.detail["people"] == Person.objects.count()
    others = set(AuditEntry.objects.exclude(pk=seeding.pk).values_list("action", flat=True))
    assert others
    assert {a.split(".")[0] for a in others} <= {
        "project",
        "session",
        "enrolment",
        "attendance",
        "record",
    }
    numbers = set(Person.objects.values_list("id_number", flat=True))
    shown = "".join(str(e.detail) for e in AuditEntry.objects.all())
    shown += "".join(str(a) for a in accounts)
    assert not numbers & set(re.findall(r"\d{17}[\dX]", shown))


@pytest.mark.django_db
def test_a_second_load_creates_nothing(accounts) -> None:
    before = counts()
    again = demo.load(reset=False)
    assert again == accounts
    assert counts() == before


@pytest.mark.django_db
def test_load_refuses_to_mix_with_other_data(accounts) -> None:
    demo.clear()
    OrganisationFactory(region=RegionFactory(code="110000", name="北京市"))
    with pytest.raises(demo.DemoDataConflict):
        demo.load(reset=False)


@pytest.mark.django_db
def test_reset_starts_over(accounts) -> None:
    before = counts()
    old_ids = set(Person.objects.values_list("pk", flat=True))
    stray = RegionFactory(code="110000", name="北京市", level=Region.Level.PROVINCE)
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        demo.load(reset=True)
    assert counts() == before  # the same demo again, and nothing else
    assert not Region.objects.filter(pk=stray.pk).exists()
    assert not old_ids & set(Person.objects.values_list("pk", flat=True))
