"""Each person-year's standing, as the engine last computed it.

Kept current by the ledger's services in the same transaction as every write that touches
the person, so employer lists and region statistics are plain indexed queries. The
learner's own page always asks the engine afresh.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.people.models import Person

AMOUNT = {"max_digits": 12, "decimal_places": 2}


class PersonYear(models.Model):
    person = models.ForeignKey(Person, models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    policy = models.CharField(_("policy"), max_length=64)
    policy_version = models.CharField(max_length=32)
    unit = models.CharField(max_length=8)
    total = models.DecimalField(_("total"), **AMOUNT)  # type: ignore[arg-type]
    required = models.DecimalField(_("required"), **AMOUNT)  # type: ignore[arg-type]
    short_by = models.DecimalField(  # the largest gap among the unmet requirements
        _("short by"),
        **AMOUNT,  # type: ignore[arg-type]
    )
    unmet = models.PositiveSmallIntegerField(_("unmet requirements"), default=0)
    compliant = models.BooleanField(_("compliant"))
    deemed = models.BooleanField(_("deemed complete"), default=False)
    pending = models.PositiveIntegerField(_("records pending verification"), default=0)
    # Set when something the standing depends on changed (a region's policy, a policy
    # file's version) and a queued refresh has yet to recompute it: pages say 待更新.
    stale = models.BooleanField(_("awaiting refresh"), default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="one_standing_per_year")
        ]
        indexes = [models.Index(fields=["year", "compliant"])]
        verbose_name = _("person-year standing")
        verbose_name_plural = _("person-year standings")
