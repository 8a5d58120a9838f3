"""The ledger in the admin: read-only. A record is never edited; corrections go through
`jxjy.ledger.services.record_supersede`, decisions through `record_verify`/`record_reject`.
Evidence is attached and removed through `jxjy.ledger.evidence`; the admin lists it and
links to the one view that serves its file."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from jxjy.audit.admin_mixins import ReadOnlyModelAdmin
from jxjy.ledger.models import CreditRecord, Evidence


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


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "kind", "content_type", "size", "record", "project", "session")
    list_filter = ("kind", "content_type")
    search_fields = ("description", "sha256")
    list_select_related = ("record", "project", "session")
    # The stored name stays out of the page: the file is served only by the scoped view.
    exclude = ("file",)
    readonly_fields = ("download",)
    show_full_result_count = False

    @admin.display(description=_("file"))
    def download(self, evidence: Evidence) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', reverse("evidence-download", args=[evidence.pk]), _("open")
        )
