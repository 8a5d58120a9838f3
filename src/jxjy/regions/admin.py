"""Regions and the policy each applies, maintained by operators; every write audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from jxjy.audit.admin_mixins import AuditedModelAdmin
from jxjy.evaluation.marks import standings_mark_stale
from jxjy.evaluation.services import region_policy_lock
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

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        """A region given another parent falls under other regions' policies: its people's
        standings are marked 待更新 and their refresh queued."""
        with self._atomic():
            if change and "parent" in form.changed_data:
                region_policy_lock(obj)
            super().save_model(request, obj, form, change)
            if change and "parent" in form.changed_data:
                standings_mark_stale(region=obj)


@admin.register(RegionPolicy)
class RegionPolicyAdmin(AuditedModelAdmin):
    list_display = ("region", "talent", "policy_id", "valid_from")
    list_filter = ("talent", "policy_id")
    search_fields = ("region__name", "region__code", "policy_id")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)

    # Assigning, changing or removing a region's policy marks the standings of every person
    # of that talent type in the region and below 待更新 and queues their refresh (one
    # UPDATE here; the recomputation runs in the worker, never in the admin's request).

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        with self._atomic():
            before = RegionPolicy.objects.filter(pk=obj.pk).select_related("region").first()
            regions = {obj.region, *([before.region] if before else [])}
            for region in sorted(regions, key=lambda r: r.pk):
                region_policy_lock(region)
            super().save_model(request, obj, form, change)
            if before is not None and (before.region_id, before.talent) != (
                obj.region_id,
                obj.talent,
            ):
                standings_mark_stale(region=before.region, talent=before.talent)
            standings_mark_stale(region=obj.region, talent=obj.talent)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with self._atomic():
            region, talent = obj.region, obj.talent
            region_policy_lock(region)
            super().delete_model(request, obj)
            standings_mark_stale(region=region, talent=talent)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[RegionPolicy]) -> None:
        with self._atomic():
            where = {(p.region, p.talent) for p in queryset.select_related("region")}
            for region in sorted({region for region, _ in where}, key=lambda r: r.pk):
                region_policy_lock(region)
            super().delete_queryset(request, queryset)
            for region, talent in where:
                standings_mark_stale(region=region, talent=talent)
