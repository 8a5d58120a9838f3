"""Stored standings in the admin: read-only (the ledger's services keep them current)."""

from __future__ import annotations

from django.contrib import admin

from jxjy.audit.admin_mixins import ReadOnlyModelAdmin
from jxjy.evaluation.models import PersonYear


@admin.register(PersonYear)
class PersonYearAdmin(ReadOnlyModelAdmin):
    list_display = (
        "person",
        "year",
        "policy",
        "total",
        "required",
        "short_by",
        "unmet",
        "compliant",
        "deemed",
        "pending",
    )
    list_filter = ("year", "policy", "compliant", "deemed")
    search_fields = ("person__name",)
    list_select_related = ("person",)
    show_full_result_count = False
