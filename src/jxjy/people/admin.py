"""People in the admin. Lists show the ID number masked and search by name only, so an ID
number never appears in a list or a URL; the form shows it whole, to operators only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from jxjy.audit.admin_mixins import AuditedModelAdmin
from jxjy.evaluation.services import PERSON_INPUTS, person_standings_refresh
from jxjy.people.models import Person


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ("name", "masked_id", "gender", "talent", "region", "employer")
    list_filter = ("talent", "gender", "region__parent")
    search_fields = ("name",)
    list_select_related = ("region", "employer")
    autocomplete_fields = ("employer", "region")
    fieldsets = (
        (None, {"fields": ("name", "gender", "id_number", "phone", "region", "employer")}),
        (_("Talent type"), {"fields": ("talent",)}),
        (
            _("Skilled worker"),
            {"fields": ("occupation", "skill_grade", "certificate_number", "certificate_date")},
        ),
        (
            _("Professional technical personnel"),
            {"fields": ("title_series", "title_level", "title_date")},
        ),
    )

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        """Saved and audited as every admin write is; when a field their standings depend
        on changed (region, talent type, employer, grade), the person's stored standings
        are recomputed in the same transaction (`person_standings_refresh`)."""
        with self._atomic():
            super().save_model(request, obj, form, change)
            if change and PERSON_INPUTS & set(form.changed_data):
                person_standings_refresh(person=obj)

    @admin.display(description=Person._meta.get_field("id_number").verbose_name)
    def masked_id(self, person: Person) -> str:
        return person.masked_id_number
