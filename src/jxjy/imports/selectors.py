"""Reads of imports, scoped to the acting user: a provider or employer sees its
organisation's batches, an operator all of them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jxjy.accounts.models import User
from jxjy.accounts.scope import import_batches_q
from jxjy.imports.models import ImportBatch, ImportProblem
from jxjy.imports.progress import Progress, progress_get, progress_stalled

#: The steps the background work reports, in words.
PHASES = {
    "reading": _("Reading the file"),
    "checking": _("Checking the rows"),
    "people": _("Creating people"),
    "records": _("Registering records"),
    "standings": _("Updating standings"),
    "done": _("Finishing"),
}


def batch_list(*, user: User) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(import_batches_q(user)).select_related("uploaded_by")


def batch_get(*, user: User, pk: int) -> ImportBatch:
    """The batch, if `user` may see it; 404 otherwise."""
    batch = batch_list(user=user).filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def batch_problems(*, batch: ImportBatch) -> QuerySet[ImportProblem]:
    return ImportProblem.objects.filter(batch=batch).order_by("row", "id")


def batch_status(*, batch: ImportBatch) -> dict[str, Any]:
    """What the page and the API show of a batch, with the progress of its background
    work (`done` of `total` in the current `phase`; `percent` is None when unknown)."""
    progress = progress_get(batch.pk) if batch.working else None
    done = progress["done"] if progress else 0
    total = progress["total"] if progress else 0
    return {
        "id": batch.pk,
        "key": str(batch.key),
        "filename": batch.filename,
        "format": batch.format,
        "size": batch.size,
        "sha256": batch.sha256,
        "uploaded_at": batch.uploaded_at,
        "uploaded_by": batch.uploaded_by.username,
        "status": batch.status,
        "status_label": str(ImportBatch.Status(batch.status).label),
        "working": batch.working,
        "stalled": batch.working and progress_stalled(batch.pk),
        "phase": progress["phase"] if progress else "",
        "phase_label": str(PHASES.get(progress["phase"], "")) if progress else "",
        "progress_text": _progress_text(progress),
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else None,
        "rows": batch.rows,
        "problems": batch.problem_count,
        "people_to_create": batch.people_to_create,
        "registered": batch.registered,
        "people_created": batch.people_created,
        "can_commit": batch.can_commit,
        "committed_at": batch.committed_at,
        "failure": batch.failure,
    }


def _progress_text(progress: Progress | None) -> str:
    """"Registering records: 26000 of 40000", in the request's language."""
    if progress is None:
        return ""
    phase = str(PHASES.get(progress["phase"], ""))
    if not progress["total"]:
        return phase
    return gettext("%(phase)s: %(done)s of %(total)s") % {
        "phase": phase,
        "done": progress["done"],
        "total": progress["total"],
    }
