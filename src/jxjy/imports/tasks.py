"""The import's background tasks (django-tasks; the database backend and its `db_worker`
in production, see ADR 5). They take the batch id only: the file and everything else are
read from the database when the task runs."""

from __future__ import annotations

from django_tasks import task

from jxjy.imports.work import batch_commit, batch_validate


@task()
def validate_batch(batch_id: int) -> None:
    batch_validate(batch_id=batch_id)


@task()
def commit_batch(batch_id: int) -> None:
    batch_commit(batch_id=batch_id)
