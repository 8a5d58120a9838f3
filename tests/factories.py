"""factory_boy factories for the platform's data. Records go through the ledger's services
(`registered`, `verified`) so tests exercise the real invariants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.test import Client

from jxjy.accounts.models import ApiToken, Role, User
from jxjy.ledger import services as ledger
from jxjy.ledger.models import CreditRecord
from jxjy.orgs import credit_code
from jxjy.orgs.models import Organisation
from jxjy.people import id_number
from jxjy.people.models import Person
from jxjy.regions.models import Region, RegionPolicy, Talent

PASSWORD = "jxjy-test-pass"
#: Eight hours of offline theory on one day: the plain record most page tests need.
THEORY = {"date": "2023-03-01", "kind": "offline_theory", "hours": "8"}


def signed_in(user: User) -> Client:
    """A test client with `user`'s session."""
    client = Client()
    client.force_login(user)
    return client


def bearer(user: User) -> dict[str, str]:
    """The headers of an API call with a fresh token of `user`."""
    return {"Authorization": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def make_id_number(region_code: str, birth: dt.date, serial: int, gender: str) -> str:
    """A valid resident ID number: the sequence's last digit is odd for men."""
    seq = serial % 500 * 2 + (1 if gender == "M" else 0)
    first17 = f"{region_code}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_number.check_character(first17)


def make_credit_code(serial: int) -> str:
    first17 = f"91330700MA{serial:07d}"
    return first17 + credit_code.check_character(first17)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{330700 + n:06d}")
    name = factory.Sequence(lambda n: f"测试市{n}")
    level = Region.Level.CITY
    parent = None


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.EMPLOYER
    name = factory.Sequence(lambda n: f"测试单位{n}")
    credit_code = factory.Sequence(make_credit_code)
    region = factory.SubFactory(RegionFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"学员{n}")
    gender = "M"
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number(o.region.code, dt.date(1985, 1, 1), n, o.gender)
    )
    region = factory.SubFactory(RegionFactory)
    employer = factory.SubFactory(OrganisationFactory, region=factory.SelfAttribute("..region"))
    talent = Talent.SKILLED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.LEARNER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()


def registered(actor: User, person: Person, **fields: Any) -> CreditRecord:
    """A record registered through the ledger service (status registered)."""
    return ledger.record_register(actor=actor, person=person, fields=fields)


def verified(actor: User, reviewer: User, person: Person, **fields: Any) -> CreditRecord:
    """A record registered by `actor` and verified by `reviewer`."""
    return ledger.record_verify(actor=reviewer, record=registered(actor, person, **fields))


def corrected(actor: User, person: Person) -> tuple[CreditRecord, CreditRecord]:
    """A record of 8 hours of theory and its correction to 6, with the correction's reason
    `CORRECTION_REASON`: (the superseded record, the correction)."""
    first = registered(actor, person, date="2023-03-01", kind="offline_theory", hours="8")
    fixed = ledger.record_supersede(
        actor=actor,
        record=first,
        fields={"date": "2023-03-01", "kind": "offline_theory", "hours": "6"},
        reason=CORRECTION_REASON,
    )
    return first, fixed


CORRECTION_REASON = "签到表核对后更正为6学时"


def assign_policy(region: Region, talent: str, policy_id: str, since: str) -> RegionPolicy:
    return RegionPolicy.objects.create(
        region=region, talent=talent, policy_id=policy_id, valid_from=dt.date.fromisoformat(since)
    )
