"""People and their talent type.

Holds personal data: name, resident ID number, phone. The ID number is shown whole only to
the person themself and to operators; everyone else sees `masked_id_number`. It never goes
into a URL or a log.
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.orgs.models import Organisation
from jxjy.people import id_number
from jxjy.policy.records import MAX_NAME_LENGTH
from jxjy.regions.models import Region, Talent


def validate_id_number(value: str) -> None:
    try:
        id_number.parse(value)
    except id_number.InvalidIdNumber as exc:
        raise ValidationError(
            _("Not a valid resident ID number: %(reason)s."), params={"reason": str(exc)}
        ) from exc


class Person(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class SkillGrade(models.IntegerChoices):
        GRADE_5 = 5, _("Grade 5 (junior worker)")
        GRADE_4 = 4, _("Grade 4 (intermediate worker)")
        GRADE_3 = 3, _("Grade 3 (senior worker)")
        GRADE_2 = 2, _("Grade 2 (technician)")
        GRADE_1 = 1, _("Grade 1 (senior technician)")

    class TitleLevel(models.TextChoices):
        JUNIOR = "junior", _("Junior")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ASSOCIATE_SENIOR = "associate_senior", _("Associate senior")
        SENIOR = "senior", _("Senior")

    name = models.CharField(_("name"), max_length=MAX_NAME_LENGTH)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_number = models.CharField(
        _("resident ID number"), max_length=18, unique=True, validators=[validate_id_number]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    employer = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        limit_choices_to={"kind": Organisation.Kind.EMPLOYER},
    )
    region = models.ForeignKey(Region, models.PROTECT, related_name="people")
    talent = models.CharField(_("talent type"), max_length=16, choices=Talent.choices)
    # Skilled workers (金华（七）: 职业（工种）、等级、证书编号、发证时间).
    occupation = models.CharField(_("occupation"), max_length=64, blank=True)
    skill_grade = models.PositiveSmallIntegerField(
        _("skill grade"), choices=SkillGrade.choices, null=True, blank=True
    )
    certificate_number = models.CharField(_("certificate number"), max_length=32, blank=True)
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)
    # Professional technical personnel (宁波 第二十二条: 职称资格取得时间).
    title_series = models.CharField(_("title series"), max_length=64, blank=True)
    title_level = models.CharField(
        _("title level"), max_length=16, choices=TitleLevel.choices, blank=True
    )
    title_date = models.DateField(_("title date"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["employer", "name"]), models.Index(fields=["region"])]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_id_number})"

    @property
    def masked_id_number(self) -> str:
        return id_number.mask(self.id_number)

    def clean(self) -> None:
        """The birth date and gender must agree with those the ID number encodes."""
        try:
            parsed = id_number.parse(self.id_number)
        except id_number.InvalidIdNumber:
            return  # the field validator reports it
        errors = {}
        if self.gender and self.gender != parsed.gender:
            errors["gender"] = _("The gender does not match the one the ID number encodes.")
        if self.birth_date and self.birth_date != parsed.birth_date:
            errors["birth_date"] = _(
                "The birth date does not match the one the ID number encodes."
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        """A missing birth date is taken from the ID number."""
        if self.birth_date is None:
            with contextlib.suppress(id_number.InvalidIdNumber):  # the validator reports it
                self.birth_date = id_number.parse(self.id_number).birth_date
        super().save(*args, **kwargs)  # type: ignore[arg-type]
