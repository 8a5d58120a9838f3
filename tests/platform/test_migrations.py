"""Migrations that move data: what they keep, run on rows as the old schema left them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from factories import CORRECTION_REASON, corrected, registered
from jxjy.audit.models import AuditEntry
from jxjy.ledger.models import CreditRecord, Status

BEFORE = [("ledger", "0006_evidence_targets")]
AFTER = [("ledger", "0007_rejection_reason_apart")]


def _migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.ledger_rewritten
@pytest.mark.django_db(transaction=True)
def test_rejection_reasons_move_to_their_column_and_corrections_get_theirs_back(world) -> None:
    """Before 0007 one column held a rejection's reason or a correction's, and rejecting a
    correction overwrote why it was made; the audit trail kept those words."""
    home = world.home
    plain = registered(
        home.provider_user, home.learner, date="2023-03-02", kind="offline_theory", hours="2"
    )
    first, fixed = corrected(home.provider_user, home.learner)
    assert AuditEntry.objects.filter(action="record.supersede", target_id=str(first.pk)).exists()
    _migrate(BEFORE)
    with connection.cursor() as cursor:  # what the old rejection wrote
        table = CreditRecord._meta.db_table
        cursor.execute(
            f"UPDATE {table} SET status = %s, reason = %s WHERE id = %s",
            [Status.REJECTED, "无考核记录", plain.pk],
        )
        cursor.execute(
            f"UPDATE {table} SET status = %s, reason = %s WHERE id = %s",
            [Status.REJECTED, "签到表不清晰", fixed.pk],
        )
    _migrate(AFTER)
    plain.refresh_from_db()
    fixed.refresh_from_db()
    assert (plain.reason, plain.rejection_reason) == ("", "无考核记录")
    assert (fixed.reason, fixed.rejection_reason) == (CORRECTION_REASON, "签到表不清晰")
