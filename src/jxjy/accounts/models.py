"""A user has one role, and the scope that role works in.

- learner: `person` (themself);
- employer admin, provider admin: `organisation`;
- HR reviewer: `region` (and every region below it);
- operator: everything (every action audited).
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.orgs.models import Organisation
from jxjy.people.models import Person
from jxjy.regions.models import Region


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    EMPLOYER = "employer", _("Employer admin")
    PROVIDER = "provider", _("Provider admin")
    REVIEWER = "reviewer", _("HR reviewer")
    OPERATOR = "operator", _("Operator")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    person = models.OneToOneField(
        Person, models.PROTECT, null=True, blank=True, related_name="account"
    )
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="admins"
    )
    region = models.ForeignKey(Region, models.PROTECT, null=True, blank=True, related_name="+")

    def clean(self) -> None:
        needs = {
            Role.LEARNER: ("person", self.person_id),
            Role.EMPLOYER: ("organisation", self.organisation_id),
            Role.PROVIDER: ("organisation", self.organisation_id),
            Role.REVIEWER: ("region", self.region_id),
        }
        if self.role in needs:
            field, value = needs[Role(self.role)]
            if value is None:
                raise ValidationError({field: _("This role needs it.")})
        if (self.is_staff or self.is_superuser) and self.role != Role.OPERATOR:
            raise ValidationError({"is_staff": _("Only operators may use the admin site.")})

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=64)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        token = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.hash(token)), token
