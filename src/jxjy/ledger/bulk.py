"""Registering many records at once (roster imports): the same rows `record_register`
writes, inserted in bulk, with the stored standings of every person touched refreshed in
bulk. The caller holds the transaction, has checked each record (`record_approval`,
`can_register`) and leaves the audit row for the whole batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from jxjy.accounts.models import User
from jxjy.bulk import rows_insert
from jxjy.evaluation.api import person_years_refresh_many
from jxjy.ledger import codec
from jxjy.ledger.models import CreditRecord, Source
from jxjy.policy.records import Record

CHUNK = 2000


@dataclass(frozen=True, slots=True)
class NewRecord:
    person_id: int
    project_id: int | None
    record: Record
    approved: bool


def records_register_many(
    *,
    actor: User,
    records: Sequence[NewRecord],
    source: Source,
    batch: str,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Insert `records` as registered by `actor` and its organisation; refresh the standings
    of their people for every year the records can change (`jxjy.policy.reach`). Must run
    inside the caller's transaction.
    `progress(phase, done, total)` hears of each chunk ("records"), then of "standings"."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("records_register_many must run inside a transaction")
    total = len(records)
    touched: dict[int, list[Record]] = {}
    now = timezone.now()
    for start in range(0, total, CHUNK):
        chunk = records[start : start + CHUNK]
        rows_insert(
            CreditRecord,
            [
                {
                    "person_id": new.person_id,
                    "project_id": new.project_id,
                    "registered_by_id": actor.organisation_id,
                    "registered_by_user_id": actor.pk,
                    "source": source.value,
                    "batch": batch,
                    "created": now,
                    **codec.columns(new.record),
                    "approved": new.approved,
                }
                for new in chunk
            ],
        )
        for new in chunk:
            touched.setdefault(new.person_id, []).append(new.record)
        if progress is not None:
            progress("records", start + len(chunk), total)
    if progress is not None:
        progress("standings", 0, len(touched))
    person_years_refresh_many(years_by_person={}, changed=touched)
    return total
