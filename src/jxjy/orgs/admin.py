"""Organisations, with a training base's filing and public disclosure; every write audited."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jxjy.audit.admin_mixins import AuditedModelAdmin
from jxjy.orgs.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "region", "credit_code", "provider_level", "filing")
    list_filter = ("kind", "filing", "provider_level")
    search_fields = ("name", "credit_code")
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    fieldsets = (
        (None, {"fields": ("kind", "name", "credit_code", "region")}),
        (_("Filing"), {"fields": ("provider_level", "filing")}),
        (
            _("Public disclosure"),
            {"fields": ("scope", "content", "fees", "teachers", "address")},
        ),
    )
