"""Disputes in the admin: read-only. A dispute is opened, answered and closed through
`jxjy.disputes.services`, so that each step reaches the right people and the audit log."""

from __future__ import annotations

from django.contrib import admin

from jxjy.audit.admin_mixins import ReadOnlyModelAdmin
from jxjy.disputes.models import Dispute, DisputeMessage


class MessageInline(admin.TabularInline[DisputeMessage, Dispute]):
    model = DisputeMessage
    extra = 0
    can_delete = False
    fields = ("at", "role", "text", "closes")
    readonly_fields = fields

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "status", "person", "organisation", "record", "opened_at", "closed_at")
    list_filter = ("status",)
    search_fields = ("person__name", "reason")
    list_select_related = ("person", "organisation", "record")
    date_hierarchy = "opened_at"
    inlines = (MessageInline,)
