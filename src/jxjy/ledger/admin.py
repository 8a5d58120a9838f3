"""The ledger in the admin: read-only. A record is never edited; corrections go through
`jxjy.ledger.services.record_supersede`, decisions through `record_verify`/`record_reject`."""

from __future__ import annotations

from django.contrib import admin

from jxjy.audit.admin_mixins import ReadOnlyModelAdmin
from jxjy.ledger.models import CreditRecord


@admin.register(CreditRecord)
class CreditRecordAdmin(ReadOnlyModelAdmin):
    list_display = (
        "id",
        "person",
        "kind",
        "subject",
        "date",
        "end_date",
        "status",
        "registered_by",
        "source",
    )
    list_filter = ("status", "kind", "subject", "source")
    search_fields = ("person__name", "title")
    list_select_related = ("person", "registered_by")
    date_hierarchy = "date"
    show_full_result_count = False  # a count of the whole ledger is slow at a province's size
