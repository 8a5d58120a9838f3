"""Training projects in the admin: read-only for operators. Filing, decisions, enrolment,
attendance and results go through `jxjy.training.services`, which audit each step."""

from __future__ import annotations

from django.contrib import admin

from jxjy.audit.admin_mixins import ReadOnlyModelAdmin
from jxjy.training.models import Enrolment, Project


@admin.register(Project)
class ProjectAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "title", "provider", "kind", "start_date", "status", "filing_number")
    list_filter = ("status", "kind", "subject", "talent")
    search_fields = ("title", "filing_number", "provider__name")
    list_select_related = ("provider",)
    date_hierarchy = "start_date"


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyModelAdmin):
    list_display = ("id", "project", "person", "source", "result", "granted_at")
    list_filter = ("result", "source")
    search_fields = ("project__title", "person__name")
    list_select_related = ("project", "person")
    show_full_result_count = False
