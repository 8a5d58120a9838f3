"""The foundation's invariants: ID numbers, credit codes, policy by region, the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from factories import (
    CORRECTION_REASON,
    corrected,
    make_credit_code,
    make_id_number,
    registered,
    verified,
)
from jxjy.audit.models import AuditEntry
from jxjy.evaluation.models import PersonYear
from jxjy.ledger import services as ledger
from jxjy.ledger.models import CreditRecord, Status
from jxjy.orgs import credit_code
from jxjy.people import id_number
from jxjy.refusals import ReasonRequired
from jxjy.regions.models import policy_for


def test_id_number_check_digit_birth_date_and_gender() -> None:
    """GB 11643: the check digit, the birth date and the gender digit are verified."""
    number = make_id_number("330702", dt.date(1990, 2, 28), 7, "F")
    parsed = id_number.parse(number)
    assert parsed == id_number.Parsed(dt.date(1990, 2, 28), "F")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(id_number.InvalidIdNumber, match="校验码"):
        id_number.parse(wrong)
    impossible = "330702" + "19900230" + "123"
    with pytest.raises(id_number.InvalidIdNumber, match="出生日期"):
        id_number.parse(impossible + id_number.check_character(impossible))


def test_id_number_with_a_birth_date_in_the_future_is_refused() -> None:
    """GB 11643: the number encodes a birth date; nobody is born tomorrow (issue 9: people
    are created from these numbers)."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(id_number.InvalidIdNumber) as raised:
        id_number.parse(make_id_number("330702", tomorrow, 7, "F"))
    assert raised.value.code == "birth_future"
    today = id_number.parse(make_id_number("330702", timezone.localdate(), 7, "F"))
    assert today.birth_date == timezone.localdate()


def test_id_number_is_masked_to_first_and_last_four() -> None:
    assert id_number.mask("330702199002281234") == "3307**********1234"


def test_credit_code_check_character() -> None:
    """GB 32100: the 18th character checks the first 17."""
    code = make_credit_code(42)
    assert credit_code.is_valid(code)
    assert not credit_code.is_valid(code[:17] + ("0" if code[17] != "0" else "1"))


def test_a_county_inherits_its_citys_policy(world) -> None:
    """金华市 skilled workers → jinhua-skills-2020 from 2020-10-10, for its districts too."""
    county = world.home.county
    assert policy_for(county, "skilled", dt.date(2021, 1, 1)) == "jinhua-skills-2020"
    assert policy_for(county, "skilled", dt.date(2020, 10, 9)) is None
    assert policy_for(county, "professional", dt.date(2021, 1, 1)) is None


def test_a_record_counts_once_verified_and_the_standing_follows(world) -> None:
    home = world.home
    record = registered(
        home.provider_user, home.learner, date="2023-03-01", kind="offline_theory", hours="8"
    )
    standing = PersonYear.objects.get(person=home.learner, year=2023)
    assert (standing.total, standing.pending, standing.compliant) == (0, 1, False)
    ledger.record_verify(actor=home.reviewer_user, record=record)
    standing.refresh_from_db()
    assert standing.total == Decimal(12)  # 金华（十）: 8 theory hours count 12 credits a day
    assert standing.pending == 0
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert sorted(actions) == ["record.register", "record.verified"]


def test_bad_fields_name_the_field_and_write_nothing(world) -> None:
    home = world.home
    with pytest.raises(ledger.RecordInvalid) as caught:
        registered(
            home.provider_user, home.learner, date="2023-02-30", kind="offline_theory", hours="-1"
        )
    assert {e.field for e in caught.value.errors} == {"date", "hours"}
    assert CreditRecord.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_a_correction_supersedes_and_keeps_history(world) -> None:
    home = world.home
    old = verified(
        home.provider_user,
        home.reviewer_user,
        home.learner,
        date="2023-03-01",
        kind="offline_theory",
        hours="8",
    )
    new = ledger.record_supersede(
        actor=home.provider_user,
        record=old,
        fields={"date": "2023-03-01", "kind": "offline_theory", "hours": "4"},
        reason="录入错误",
    )
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert new.supersedes == old
    assert new.status == Status.REGISTERED
    assert PersonYear.objects.get(person=home.learner, year=2023).total == 0


def test_rejection_needs_a_reason_and_the_right_reviewer(world) -> None:
    home, other = world.home, world.other
    record = registered(
        home.provider_user, home.learner, date="2023-03-01", kind="offline_theory", hours="2"
    )
    with pytest.raises(ReasonRequired) as refused:
        ledger.record_reject(actor=home.reviewer_user, record=record, reason=" ")
    assert [(r.field, r.code) for r in refused.value.refusals] == [("reason", "required")]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ledger.record_reject(actor=other.reviewer_user, record=record, reason="不属于本地区")
    ledger.record_reject(actor=home.reviewer_user, record=record, reason="无考核记录")
    record.refresh_from_db()
    assert (record.status, record.rejection_reason) == (Status.REJECTED, "无考核记录")


def test_bulk_verification_is_all_or_nothing(world) -> None:
    home = world.home
    first = registered(
        home.provider_user, home.learner, date="2023-03-01", kind="offline_theory", hours="2"
    )
    second = registered(
        home.provider_user, home.learner, date="2023-03-02", kind="offline_theory", hours="2"
    )
    ledger.record_verify(actor=home.reviewer_user, record=second)
    with pytest.raises(ledger.InvalidTransition):
        ledger.records_verify(actor=home.reviewer_user, records=[first, second])
    first.refresh_from_db()
    assert first.status == Status.REGISTERED


def test_birth_date_and_gender_are_cross_checked_with_the_id_number(world) -> None:
    """GB 11643: the number encodes the birth date and gender; a record that disagrees
    is refused, and a missing birth date is taken from the number."""
    from django.core.exceptions import ValidationError

    person = world.home.learner
    assert person.birth_date == id_number.parse(person.id_number).birth_date
    person.birth_date = dt.date(2000, 1, 1)
    person.gender = "F"
    with pytest.raises(ValidationError) as caught:
        person.full_clean()
    assert set(caught.value.message_dict) == {"birth_date", "gender"}


def test_short_by_is_the_largest_gap_even_when_the_total_is_met(world) -> None:
    """金华（九）: 90 credits with only 8 public are 10 short of the public minimum."""
    home = world.home
    verified(
        home.provider_user,
        home.reviewer_user,
        home.learner,
        date="2023-03-01",
        kind="online_course",
        credits="82",
    )
    verified(
        home.provider_user,
        home.reviewer_user,
        home.learner,
        date="2023-03-02",
        kind="online_exam",
        subject="public",
        credits="8",
    )
    standing = PersonYear.objects.get(person=home.learner, year=2023)
    assert (standing.total, standing.compliant, standing.short_by) == (90, False, 10)


def test_only_operators_may_be_staff(world) -> None:
    from django.core.exceptions import ValidationError

    user = world.home.employer_user
    user.is_staff = True
    with pytest.raises(ValidationError):
        user.full_clean()


def test_verifying_a_correction_keeps_its_reason(world) -> None:
    """A correction says why it was made; the reviewer's verification does not erase that."""
    home = world.home
    _, fixed = corrected(home.provider_user, home.learner)
    ledger.record_verify(actor=home.reviewer_user, record=fixed)
    fixed.refresh_from_db()
    assert (fixed.status, fixed.reason) == ("verified", CORRECTION_REASON)


def test_rejecting_a_correction_keeps_why_it_was_made(world) -> None:
    """The correction's reason and the rejection's are two things: the learner's page shows
    both, and neither overwrites the other."""
    home = world.home
    _, fixed = corrected(home.provider_user, home.learner)
    ledger.record_reject(actor=home.reviewer_user, record=fixed, reason="签到表不清晰")
    fixed.refresh_from_db()
    assert (fixed.status, fixed.reason, fixed.rejection_reason) == (
        Status.REJECTED,
        CORRECTION_REASON,
        "签到表不清晰",
    )
