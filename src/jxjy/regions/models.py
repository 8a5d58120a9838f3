"""Regions and the policy each applies to each kind of talent."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from jxjy.policy.loader import policy_ids


class Region(models.Model):
    """A province, city or county (district), by its GB/T 2260 code.

    `path` is the chain of codes from the province down ("330000/330700/330702/"), so
    "this region and every region below it" is one indexed prefix query.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County or district")

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        """Keep `path` true, for this region and, when it moves, for every region below."""
        old = Region.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = f"{self.parent.path if self.parent else ''}{self.code}/"
        with transaction.atomic():
            super().save(*args, **kwargs)  # type: ignore[arg-type]
            if old and old != self.path:
                below = Region.objects.filter(path__startswith=old).exclude(pk=self.pk)
                for pk, path in below.values_list("pk", "path"):
                    Region.objects.filter(pk=pk).update(path=self.path + path[len(old) :])

    def lineage(self) -> list[Region]:
        """This region and its ancestors, nearest first."""
        chain: list[Region] = []
        region: Region | None = self
        while region is not None:
            chain.append(region)
            region = region.parent
        return chain


class Talent(models.TextChoices):
    SKILLED = "skilled", _("Skilled worker")
    PROFESSIONAL = "professional", _("Professional technical personnel")


class RegionPolicy(models.Model):
    """From `valid_from`, people of `talent` in `region` (and below, unless a region below
    says otherwise) are evaluated under the policy `policy_id`."""

    region = models.ForeignKey(Region, models.CASCADE, related_name="policies")
    talent = models.CharField(_("talent type"), max_length=16, choices=Talent.choices)
    policy_id = models.CharField(
        _("policy"), max_length=64, choices=[(p, p) for p in policy_ids()]
    )
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["region__code", "talent", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "talent", "valid_from"], name="one_policy_per_start"
            )
        ]
        verbose_name = _("region policy")
        verbose_name_plural = _("region policies")

    def __str__(self) -> str:
        return f"{self.region} {self.talent} {self.policy_id} ({self.valid_from})"


def policy_for(region: Region, talent: str, on: dt.date) -> str | None:
    """The policy id for `talent` in `region` on the day `on`: the region's own assignment,
    else its city's, else its province's (the latest that has begun)."""
    for place in region.lineage():
        found = (
            RegionPolicy.objects.filter(region=place, talent=talent, valid_from__lte=on)
            .order_by("-valid_from")
            .values_list("policy_id", flat=True)
            .first()
        )
        if found:
            return str(found)
    return None
