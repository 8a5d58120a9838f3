"""Regions and the policy each applies, maintained by operators; every write audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jxjy.audit.admin_mixins import AuditedModelAdmin
from jxjy.regions.models import Region, RegionPolicy


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    ordering = ("code",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        """`path` is derived. A region with regions below it keeps its code and parent:
        their paths are built from them and would not follow."""
        if obj is not None and obj.children.exists():
            return ("code", "parent", "path")
        return ("path",)


@admin.register(RegionPolicy)
class RegionPolicyAdmin(AuditedModelAdmin):
    list_display = ("region", "talent", "policy_id", "valid_from")
    list_filter = ("talent", "policy_id")
    search_fields = ("region__name", "region__code", "policy_id")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
