"""How far a batch's background work has got, kept in Django's cache, not the database:
the worker's commit is one transaction, and the page must see its progress before it
ends (a file cache under the data directory by default, Redis with `JXJY_REDIS_URL`)."""

from __future__ import annotations

from typing import TypedDict

from django.core.cache import cache

TIMEOUT = 24 * 3600


class Progress(TypedDict):
    phase: str  # "reading", "checking", "people", "records", "standings"
    done: int
    total: int


def _key(batch_id: int) -> str:
    return f"jxjy:import:{batch_id}:progress"


def progress_set(batch_id: int, phase: str, done: int, total: int) -> None:
    cache.set(_key(batch_id), Progress(phase=phase, done=done, total=total), TIMEOUT)


def progress_get(batch_id: int) -> Progress | None:
    found: Progress | None = cache.get(_key(batch_id))
    return found


def progress_clear(batch_id: int) -> None:
    cache.delete(_key(batch_id))
