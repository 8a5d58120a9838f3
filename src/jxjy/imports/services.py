"""Writes of imports a user asks for: uploading a roster file, and asking for a checked
batch to be registered. The long work (checking every row, the commit) runs in the
background (`jxjy.imports.tasks`, `jxjy.imports.work`)."""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jxjy.accounts import scope
from jxjy.accounts.models import User
from jxjy.audit.models import audit_log
from jxjy.imports import tasks
from jxjy.imports.files import FileRefused, format_of, read_table, refuse
from jxjy.imports.models import ImportBatch
from jxjy.imports.problems import Problem
from jxjy.imports.progress import progress_clear, progress_stalled
from jxjy.refusals import Refusal, Refused


class SameFile(FileRefused):
    """The same file (by SHA-256) was uploaded before: `earlier` is that batch."""

    def __init__(self, earlier: ImportBatch) -> None:
        at = timezone.localtime(earlier.uploaded_at).strftime("%Y-%m-%d %H:%M")
        super().__init__([Problem(0, "", "same_file", (("at", at), ("batch", str(earlier.pk))))])
        self.earlier = earlier


class NotReady(Refused):
    """The batch cannot be registered now: it is not checked, or has problems (409).
    `detail` is for developers and never shown."""

    conflicting = True

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            [
                Refusal(
                    "not_ready",
                    _("This batch cannot be registered: it has problems or is not checked yet."),
                )
            ]
        )
        self.detail = detail


def batch_upload(*, actor: User, filename: str, chunks: Iterable[bytes], size: int) -> ImportBatch:
    """Keep an uploaded roster and queue it to be checked. Refuses (`FileRefused`, nothing
    kept) an empty or oversized upload, a file that is not XLSX or CSV, one without a
    header, with missing or unknown columns or without rows, and a file uploaded before
    (`SameFile`)."""
    if not scope.can_import(actor):
        raise PermissionDenied
    limit = settings.IMPORT_MAX_BYTES
    if size == 0:
        raise refuse("empty_upload")
    if size > limit:
        raise too_big(size)
    fmt = format_of(filename)
    folder = Path(settings.IMPORTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    relative = f"{uuid.uuid4().hex}.{fmt}"
    path = folder / relative
    digest = hashlib.sha256()
    written = 0
    try:
        with path.open("xb") as out:
            for chunk in chunks:
                written += len(chunk)
                if written > limit:
                    raise too_big(written)
                digest.update(chunk)
                out.write(chunk)
        if written == 0:
            raise refuse("empty_upload")
        read_table(path, fmt, first_row_only=True)
        sha256 = digest.hexdigest()
        earlier = (
            ImportBatch.objects.filter(scope.import_batches_q(actor), sha256=sha256)
            .exclude(status=ImportBatch.Status.FAILED)
            .first()
        )
        with transaction.atomic():
            if earlier is not None and not _interrupted(actor, earlier):
                raise SameFile(earlier)
            batch = ImportBatch.objects.create(
                organisation_id=actor.organisation_id,
                uploaded_by=actor,
                filename=Path(filename).name[:200],
                path=relative,
                size=written,
                sha256=sha256,
                format=fmt,
            )
            audit_log(actor, "import.upload", batch, filename=batch.filename, size=written)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    tasks.validate_batch.enqueue(batch.pk)
    return batch


def _interrupted(actor: User, batch: ImportBatch) -> bool:
    """A batch whose worker stopped mid-way (killed, the machine restarted) left nothing in
    the ledger (its transaction rolled back); it is marked failed so the file may be
    uploaded again."""
    working = (ImportBatch.Status.VALIDATING, ImportBatch.Status.COMMITTING)
    if batch.status not in working or not progress_stalled(batch.pk):
        return False
    stopped = ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(
        status=ImportBatch.Status.FAILED, failure="Interrupted"
    )
    if stopped:
        audit_log(actor, "import.interrupted", batch, was=batch.status)
    return bool(stopped)


def too_big(size: int) -> FileRefused:
    """The refusal of a roster of `size` bytes, over `IMPORT_MAX_BYTES`."""
    return refuse("too_big", size=_megabytes(size), limit=_megabytes(settings.IMPORT_MAX_BYTES))


def _megabytes(size: int) -> str:
    """Megabytes to one decimal, rounded up: a file just over the limit does not read as
    being at it."""
    tenths = math.ceil(size * 10 / 1024 / 1024)
    return f"{tenths // 10}.{tenths % 10}".removesuffix(".0")


def batch_commit_request(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Ask for a checked batch without problems to be registered, in the background, all
    or nothing. Only the uploader's organisation or an operator."""
    if not scope.can_import(actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            ImportBatch.objects.select_for_update()
            .filter(scope.import_batches_q(actor), pk=batch.pk)
            .first()
        )
        if locked is None:
            raise PermissionDenied
        if not locked.can_commit:
            raise NotReady(f"batch {locked.pk} is {locked.status} with {locked.problem_count}")
        locked.status = ImportBatch.Status.COMMITTING
        locked.committed_by = actor
        locked.save(update_fields=["status", "committed_by"])
        audit_log(actor, "import.commit_request", locked, rows=locked.rows)
    progress_clear(locked.pk)
    tasks.commit_batch.enqueue(locked.pk)
    return locked
