"""Credit records: the canonical record fields (`jxjy.policy.records`), their provenance and
their status. A record is never edited: a correction is a new record that supersedes it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jxjy.orgs.models import Organisation
from jxjy.people.models import Person
from jxjy.policy.records import Kind, Level, Record, Subject

AMOUNT = {"max_digits": 12, "decimal_places": 2, "null": True, "blank": True}


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered, pending verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")


class Source(models.TextChoices):
    FORM = "form", _("Form")
    IMPORT = "import", _("Import")
    API = "api", _("API")
    ATTENDANCE = "attendance", _("Attendance at a training project")
    DEMO = "demo", _("Demo data")


class CreditRecord(models.Model):
    person = models.ForeignKey(Person, models.PROTECT, related_name="records")
    # The canonical fields.
    date = models.DateField(_("date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=[(k.value, k.value) for k in Kind])
    subject = models.CharField(
        _("subject"),
        max_length=16,
        choices=[(s.value, s.value) for s in Subject],
        default=Subject.PROFESSIONAL.value,
    )
    hours = models.DecimalField(_("hours"), **AMOUNT)  # type: ignore[arg-type]
    minutes = models.DecimalField(_("minutes"), **AMOUNT)  # type: ignore[arg-type]
    days = models.DecimalField(_("days"), **AMOUNT)  # type: ignore[arg-type]
    credits = models.DecimalField(_("credits"), **AMOUNT)  # type: ignore[arg-type]
    level = models.CharField(
        _("level"), max_length=16, blank=True, choices=[(v.value, v.value) for v in Level]
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("count"), default=1)
    title = models.CharField(_("title"), max_length=200, blank=True)
    approved = models.BooleanField(_("filed and approved"), default=True)
    passed = models.BooleanField(_("passed"), default=True)
    origin_region = models.CharField(_("region of origin"), max_length=64, blank=True)
    # Provenance.
    project = models.ForeignKey(
        "training.Project",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("training project"),
    )
    registered_by = models.ForeignKey(
        Organisation, models.PROTECT, null=True, related_name="registered_records"
    )
    registered_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+"
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    batch = models.CharField(_("import batch"), max_length=64, blank=True)
    created = models.DateTimeField(_("registered at"), default=timezone.now)  # imports keep theirs
    # Status.
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # of a rejection or a correction
    supersedes = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    class Meta:
        ordering = ["person_id", "date", "id"]  # the column: no join to people
        indexes = [
            models.Index(fields=["person", "status"]),
            models.Index(fields=["registered_by", "status"]),
            models.Index(fields=["status", "created"]),
        ]
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.date}"

    @property
    def last_day(self) -> dt.date:
        """The day the record belongs to a year by (its end, else its start)."""
        return self.end_date or self.date


class Evidence(models.Model):
    """A photo, video or scan attached to a record (金华（八）). Served only to those who may
    see the record."""

    record = models.ForeignKey(CreditRecord, models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="records/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)


def record_columns(record: Record) -> dict[str, object]:
    """The canonical fields of an engine `Record` as `CreditRecord` columns (the inverse of
    `evaluation.bridge.to_record`). Every writer of the ledger uses it."""
    return {
        "date": record.date,
        "end_date": record.end_date,
        "kind": record.kind.value,
        "subject": record.subject.value,
        "hours": record.hours,
        "minutes": record.minutes,
        "days": record.days,
        "credits": record.credits,
        "level": record.level.value if record.level else "",
        "rank": record.rank,
        "count": record.count,
        "title": record.title or "",
        "approved": record.approved,
        "passed": record.passed,
        "origin_region": record.region or "",
    }
