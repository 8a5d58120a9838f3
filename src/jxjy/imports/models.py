"""Roster imports: a file of records a provider, an employer or an operator uploads, its
validation, its problems and its commit into the ledger.

The file is kept under the data directory (`settings.IMPORTS_DIR`), never served by the web
server; it holds resident ID numbers, so only the uploader's organisation and operators
may download what is derived from it (the error report).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.orgs.models import Organisation


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded, waiting to be checked")
        VALIDATING = "validating", _("Being checked")
        VALIDATED = "validated", _("Checked")
        COMMITTING = "committing", _("Being registered")
        COMMITTED = "committed", _("Registered")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    #: Written into `CreditRecord.batch` of every record the batch registers.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, blank=True, related_name="import_batches"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=200)
    path = models.CharField(max_length=300, editable=False)  # relative to IMPORTS_DIR
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, db_index=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    people_to_create = models.PositiveIntegerField(_("people to create"), default=0)
    registered = models.PositiveIntegerField(_("records registered"), default=0)
    people_created = models.PositiveIntegerField(_("people created"), default=0)
    failure = models.TextField(_("why it failed"), blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    committed_at = models.DateTimeField(_("registered at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["organisation", "uploaded_at"])]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.filename}"

    @property
    def stored_path(self) -> Path:
        """Where the uploaded file is kept: under the data directory, never served."""
        return Path(settings.IMPORTS_DIR) / self.path

    @property
    def can_commit(self) -> bool:
        return self.status == self.Status.VALIDATED and self.problem_count == 0 and self.rows > 0

    @property
    def working(self) -> bool:
        return self.status in (
            self.Status.UPLOADED,
            self.Status.VALIDATING,
            self.Status.COMMITTING,
        )


class ImportProblem(models.Model):
    """One problem of a batch: the data row (1 = the first row under the header; 0 = the
    file or its header), the column's field name, a code and the values its message quotes
    (`jxjy.imports.problems`)."""

    batch = models.ForeignKey(ImportBatch, models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=64, blank=True)
    code = models.CharField(max_length=32)
    params = models.JSONField(default=dict)

    class Meta:
        ordering = ["batch", "row", "id"]
        indexes = [models.Index(fields=["batch", "row"])]
