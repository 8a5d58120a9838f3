"""Credit records: the canonical record fields (`jxjy.policy.records`), their provenance and
their status. A record is never edited: a correction is a new record that supersedes it."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jxjy.orgs.models import Organisation
from jxjy.people.models import Person
from jxjy.policy.records import (
    DECIMAL_PLACES,
    INTEGER_DIGITS,
    MAX_LENGTHS,
    Kind,
    Level,
    Subject,
    last_day,
)

#: A quantity's column, sized from the record's limits (`jxjy.policy.records`).
AMOUNT = {
    "max_digits": INTEGER_DIGITS + DECIMAL_PLACES,
    "decimal_places": DECIMAL_PLACES,
    "null": True,
    "blank": True,
}


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
    title = models.CharField(_("title"), max_length=MAX_LENGTHS["title"], blank=True)
    approved = models.BooleanField(_("filed and approved"), default=True)
    passed = models.BooleanField(_("passed"), default=True)
    origin_region = models.CharField(
        _("region of origin"), max_length=MAX_LENGTHS["region"], blank=True
    )
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
    # Why this version replaced the one it supersedes (set by a correction, kept after).
    reason = models.TextField(_("reason for correcting"), blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
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
        """The record's last day (`jxjy.policy.records.last_day`)."""
        return last_day(self.date, self.end_date)


def evidence_storage() -> Storage:
    """The storage of evidence files: `STORAGES["evidence"]` (the data directory, or a
    private bucket in production). Never served by its own address."""
    return storages["evidence"]


def evidence_name(instance: Evidence | None, filename: str) -> str:
    """A random name under the month: never the uploader's file name (it may hold a
    person's name or ID number). The extension is the detected type's."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Evidence(models.Model):
    """A photo, video or scan of training (金华（八）: 照片、视频), attached to exactly one
    of a credit record, a training project or one of its sessions. Served only to those
    who may see what it is attached to. It may show people: personal data."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        VIDEO = "video", _("Video")
        SCAN = "scan", _("Scan")

    record = models.ForeignKey(
        CreditRecord, models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    project = models.ForeignKey(
        "training.Project", models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    session = models.ForeignKey(
        "training.ProjectSession", models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_name, storage=evidence_storage, max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(record__isnull=False, project__isnull=True, session__isnull=True)
                    | models.Q(record__isnull=True, project__isnull=False, session__isnull=True)
                    | models.Q(record__isnull=True, project__isnull=True, session__isnull=False)
                ),
                name="evidence_has_one_target",
            )
        ]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"
