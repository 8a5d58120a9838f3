"""The background work of a batch: checking every row, and the commit. Run by the worker
(`jxjy.imports.tasks`); each step records its progress in the cache (`progress`) so that
the page sees it while the work, and the commit's one transaction, are still running."""

from __future__ import annotations

import logging
import pickle
import traceback
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from jxjy.audit.models import audit_log
from jxjy.bulk import rows_insert
from jxjy.imports.check import CHUNK, Checked, check_table
from jxjy.imports.files import FileRefused, Table, read_table
from jxjy.imports.models import ImportBatch, ImportProblem
from jxjy.imports.problems import Problem
from jxjy.imports.progress import progress_set
from jxjy.ledger.api import NewRecord, records_register_many
from jxjy.ledger.models import Source
from jxjy.people.models import Person

logger = logging.getLogger(__name__)

Status = ImportBatch.Status


def _rows_path(batch: ImportBatch) -> Path:
    return batch.stored_path.with_suffix(".rows")


def _table(batch: ImportBatch) -> Table:
    """The batch's rows: read from the file (openpyxl parses some 10,000 cells a second),
    or, when the check has read it before, from the copy it kept beside the file for the
    commit (cell values only, written by this module, checked against the file's hash)."""
    kept = _rows_path(batch)
    if kept.exists():
        with kept.open("rb") as handle:
            sha256, table = pickle.load(handle)  # our own file: see the docstring
        if sha256 == batch.sha256 and isinstance(table, Table):
            return table
    table = read_table(batch.stored_path, batch.format)
    partial = kept.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump((batch.sha256, table), handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(kept)
    return table


def _check(batch: ImportBatch) -> Checked | list[Problem]:
    """Read and check the batch's file as its uploader registers it."""
    progress_set(batch.pk, "reading", 0, 0)
    try:
        table = _table(batch)
    except FileRefused as refused:
        return refused.problems
    return check_table(
        batch.uploaded_by,
        table,
        lambda done, total: progress_set(batch.pk, "checking", done, total),
    )


def _store(batch: ImportBatch, result: Checked | list[Problem]) -> None:
    """Keep the outcome of a check: its problems and counts; the batch is checked."""
    problems = result if isinstance(result, list) else result.problems
    ImportProblem.objects.filter(batch=batch).delete()
    ImportProblem.objects.bulk_create(
        (
            ImportProblem(
                batch=batch, row=p.row, column=p.column, code=p.code, params=dict(p.params)
            )
            for p in problems
        ),
        batch_size=2000,
    )
    batch.problem_count = len(problems)
    if not isinstance(result, list):
        batch.rows = result.rows
        batch.people_to_create = len(result.new_people)
    batch.status = Status.VALIDATED
    batch.save(update_fields=["problem_count", "rows", "people_to_create", "status"])


def batch_validate(*, batch_id: int) -> None:
    """Check every row of the batch and keep the problems found."""
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    if batch.status not in (Status.UPLOADED, Status.VALIDATING):
        return
    ImportBatch.objects.filter(pk=batch_id).update(status=Status.VALIDATING)
    try:
        result = _check(batch)
        with transaction.atomic():
            _store(batch, result)
            audit_log(batch.uploaded_by, "import.validate", batch, problems=batch.problem_count)
    except Exception as failure:  # noqa: BLE001 - any failure fails the batch; re-raised bare
        _fail(batch_id, failure)
        raise ImportFailed(type(failure).__name__) from None


def batch_commit(*, batch_id: int) -> None:
    """Register the batch, all or nothing, in one transaction: check every row again
    (the ledger may have changed since), create the people it needs, register the records
    (source import, the batch's key), refresh the standings and leave one audit row. If
    the check finds problems, they are kept and nothing is registered."""
    batch = ImportBatch.objects.select_related("uploaded_by", "committed_by").get(pk=batch_id)
    if batch.status != Status.COMMITTING:
        return
    try:
        with transaction.atomic():
            ImportBatch.objects.select_for_update().get(pk=batch_id)
            result = _check(batch)
            if isinstance(result, list) or result.problems:
                _store(batch, result)
                return
            _commit(batch, result)
    except Exception as failure:  # noqa: BLE001 - any failure fails the batch; re-raised bare
        _fail(batch_id, failure)
        raise ImportFailed(type(failure).__name__) from None


def _commit(batch: ImportBatch, checked: Checked) -> None:
    total = len(checked.ready)
    created = [
        {
            "id_number": p.id_number,
            "name": p.name,
            "gender": p.gender,
            "birth_date": p.birth_date,
            "region_id": p.region_id,
            "talent": p.talent,
            "employer_id": p.employer_id,
        }
        for p in checked.new_people.values()
    ]
    progress_set(batch.pk, "people", 0, len(created))
    rows_insert(Person, created)
    progress_set(batch.pk, "people", len(created), len(created))
    ids = {number: pk for number, (pk, _, _) in checked.known.items()}
    numbers = [p["id_number"] for p in created]
    for start in range(0, len(numbers), CHUNK):
        ids.update(
            Person.objects.filter(id_number__in=numbers[start : start + CHUNK]).values_list(
                "id_number", "pk"
            )
        )
    records = [
        NewRecord(ids[ready.id_number], ready.project_id, ready.record, ready.approved)
        for ready in checked.ready
    ]
    records_register_many(
        actor=batch.uploaded_by,
        records=records,
        source=Source.IMPORT,
        batch=str(batch.key),
        progress=lambda phase, done, of: progress_set(batch.pk, phase, done, of),
    )
    batch.status = Status.COMMITTED
    batch.registered = total
    batch.people_created = len(created)
    batch.committed_at = timezone.now()
    batch.save(update_fields=["status", "registered", "people_created", "committed_at"])
    audit_log(
        batch.committed_by,
        "import.commit",
        batch,
        records=total,
        people_created=len(created),
        batch=str(batch.key),
    )
    progress_set(batch.pk, "done", total, total)
    transaction.on_commit(lambda: _rows_path(batch).unlink(missing_ok=True))


class ImportFailed(RuntimeError):
    """What the task runner hears of a failed import: the type of the error, not its
    message or its chain, which may quote a row (see `_fail`)."""


def _fail(batch_id: int, failure: Exception) -> None:
    """The work broke off: nothing it began is kept (its transaction rolled back); the
    batch says it failed and why, without the rows (which hold ID numbers). The log gets
    the exception's type and where it was raised, never its message: a database error's
    message can quote the row it failed on (PostgreSQL's "Key (id_number)=(...)")."""
    frames = "".join(traceback.format_tb(failure.__traceback__))
    logger.error("import batch %s failed: %s\n%s", batch_id, type(failure).__name__, frames)
    ImportBatch.objects.filter(pk=batch_id).update(
        status=Status.FAILED, failure=type(failure).__name__
    )
