"""Shared fixtures. `world` is a small city with one user of every role and a second city
whose people and records nobody in the first may see."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from factories import (
    THEORY,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
    assign_policy,
    registered,
)
from jxjy.accounts.models import Role, User
from jxjy.ledger.models import CreditRecord
from jxjy.orgs.models import Organisation
from jxjy.people.models import Person
from jxjy.regions.models import Region, Talent


@dataclass
class City:
    province: Region
    city: Region
    county: Region
    employer: Organisation
    provider: Organisation
    learner: Person  # has an account
    colleague: Person  # same employer, no account
    learner_user: User
    employer_user: User
    provider_user: User
    reviewer_user: User  # the city's HR reviewer


@dataclass
class World:
    home: City  # 金华 (jinhua-skills-2020 for skilled workers)
    other: City  # 南通 (nantong-pro-2021 for professionals): out of home's scope
    operator: User


def _city(prefix: str, province: str, city: str, county: str, talent: str) -> City:
    prov = RegionFactory(code=province, name=f"{prefix}省", level=Region.Level.PROVINCE)
    cty = RegionFactory(code=city, name=f"{prefix}市", level=Region.Level.CITY, parent=prov)
    cnty = RegionFactory(code=county, name=f"{prefix}区", level=Region.Level.COUNTY, parent=cty)
    employer = OrganisationFactory(name=f"{prefix}机床厂", region=cnty)
    provider = OrganisationFactory(
        name=f"{prefix}技师学院",
        kind=Organisation.Kind.PROVIDER,
        region=cty,
        provider_level=Organisation.ProviderLevel.CITY,
        filing=Organisation.Filing.FILED,
    )
    learner = PersonFactory(name=f"{prefix}学员", region=cnty, employer=employer, talent=talent)
    colleague = PersonFactory(name=f"{prefix}同事", region=cnty, employer=employer, talent=talent)
    return City(
        province=prov,
        city=cty,
        county=cnty,
        employer=employer,
        provider=provider,
        learner=learner,
        colleague=colleague,
        learner_user=UserFactory(username=f"{prefix}-learner", role=Role.LEARNER, person=learner),
        employer_user=UserFactory(
            username=f"{prefix}-employer", role=Role.EMPLOYER, organisation=employer
        ),
        provider_user=UserFactory(
            username=f"{prefix}-provider", role=Role.PROVIDER, organisation=provider
        ),
        reviewer_user=UserFactory(username=f"{prefix}-reviewer", role=Role.REVIEWER, region=cty),
    )


@pytest.fixture
def world(db: None) -> World:
    home = _city("jh", "330000", "330700", "330702", Talent.SKILLED)
    assign_policy(home.city, Talent.SKILLED, "jinhua-skills-2020", "2020-10-10")
    other = _city("nt", "320000", "320600", "320602", Talent.PROFESSIONAL)
    assign_policy(other.city, Talent.PROFESSIONAL, "nantong-pro-2021", "2021-01-01")
    operator = UserFactory(
        username="operator", role=Role.OPERATOR, is_staff=True, is_superuser=True
    )
    return World(home, other, operator)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Tests create many users; a full-strength hasher would make each cost a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings) -> None:
    """Background tasks (imports) run at once, in the test's own transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def store(settings, tmp_path) -> Path:
    """Evidence stored in a folder of this test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "evidence"},
        },
    }
    return tmp_path / "evidence"


@pytest.fixture
def record(world: World) -> CreditRecord:
    """The home learner's eight hours of theory, registered by the home provider."""
    return registered(world.home.provider_user, world.home.learner, **THEORY)
