"""Evaluation's background task: recompute the standings marked 待更新 (django-tasks, run
by `jxjy worker`; at once in the tests). It takes no arguments: what to do is in the
database, so a task queued twice does the work once."""

from __future__ import annotations

from django_tasks import task

from jxjy.evaluation.services import stale_refresh


@task()
def refresh_stale() -> None:
    stale_refresh()
