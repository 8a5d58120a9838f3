"""The audit log in the admin: read-only."""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jxjy.audit.admin_mixins import ReadOnlyModelAdmin
from jxjy.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    list_display = ("at", "actor", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    search_fields = ("action", "target_type", "target_id", "actor__username")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    fields = ("at", "actor", "action", "target_type", "target_id", "detail_shown")
    readonly_fields = fields

    @admin.display(description=_("detail"))
    def detail_shown(self, entry: AuditEntry) -> str:
        return json.dumps(entry.detail, ensure_ascii=False, indent=2, sort_keys=True)
