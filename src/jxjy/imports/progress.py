"""How far a batch's background work has got, kept in Django's cache, not the database:
the worker's commit is one transaction, and the page must see its progress before it
ends (a file cache under the data directory by default, Redis with `JXJY_REDIS_URL`)."""

from __future__ import annotations

import time
from typing import TypedDict

from django.core.cache import cache

TIMEOUT = 24 * 3600
#: Work that has reported nothing for this long has stopped (its worker was killed):
#: a step of 2,000 rows, or a whole refresh of standings, takes seconds.
STALLED_AFTER = 15 * 60


class Progress(TypedDict):
    phase: str  # "reading", "checking", "people", "records", "standings", "done"
    done: int
    total: int
    at: float  # when it was reported (seconds since the epoch)


def _key(batch_id: int) -> str:
    return f"jxjy:import:{batch_id}:progress"


def progress_set(batch_id: int, phase: str, done: int, total: int) -> None:
    progress = Progress(phase=phase, done=done, total=total, at=time.time())
    cache.set(_key(batch_id), progress, TIMEOUT)


def progress_get(batch_id: int) -> Progress | None:
    found: Progress | None = cache.get(_key(batch_id))
    return found


def progress_clear(batch_id: int) -> None:
    cache.delete(_key(batch_id))


def progress_stalled(batch_id: int) -> bool:
    """Whether the work on the batch began and then stopped reporting."""
    progress = progress_get(batch_id)
    return progress is not None and time.time() - progress["at"] > STALLED_AFTER
