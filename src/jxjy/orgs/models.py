"""Organisations and what a training base must disclose (宁波 第九条; 南通 第二十二条)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.orgs import credit_code
from jxjy.regions.models import Region


def validate_credit_code(value: str) -> None:
    if not credit_code.is_valid(value):
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code (GB 32100)."),
            params={"value": value},
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        HR_BUREAU = "hr_bureau", _("HR bureau")
        OPERATOR = "operator", _("Platform operator")
        PROVIDER = "provider", _("Training base or provider")
        EMPLOYER = "employer", _("Employer")
        AUTHORITY = "authority", _("Industry authority")

    class ProviderLevel(models.TextChoices):
        CITY = "city", _("City level")
        COUNTY = "county", _("County level")

    class Filing(models.TextChoices):
        NONE = "", _("Not applicable")
        PENDING = "pending", _("Filing pending")
        FILED = "filed", _("Filed")
        REVOKED = "revoked", _("Revoked")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=128)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    region = models.ForeignKey(Region, models.PROTECT, related_name="organisations")
    provider_level = models.CharField(
        _("provider level"), max_length=8, choices=ProviderLevel.choices, blank=True
    )
    filing = models.CharField(
        _("filing status"), max_length=8, choices=Filing.choices, blank=True, default=""
    )
    # Public disclosure of a training base: 宁波 第九条, 南通 第二十二条.
    scope = models.TextField(_("scope of training"), blank=True)
    content = models.TextField(_("content"), blank=True)
    fees = models.TextField(_("fees and standards"), blank=True)
    teachers = models.TextField(_("teachers and managers"), blank=True)
    address = models.CharField(_("address and facilities"), max_length=256, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "region"])]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="unique_credit_code",
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
