"""Accounts in the admin: Django's user admin with each user's role and the scope it works
in. Only operators may be staff (the admin is theirs); every write is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from jxjy.accounts.models import Role, User
from jxjy.audit.admin_mixins import AuditedAdminMixin
from jxjy.audit.models import audit_log

if TYPE_CHECKING:
    _ChangeForm = UserChangeForm[User]
    _UserAdmin = UserAdmin[User]
else:
    _ChangeForm = UserChangeForm
    _UserAdmin = UserAdmin

SCOPE_FIELDS = ("role", "person", "organisation", "region")


class AccountChangeForm(_ChangeForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        privileged = data.get("is_staff") or data.get("is_superuser")
        if privileged and data.get("role") != Role.OPERATOR:
            raise forms.ValidationError(_("Only operators may use the admin site."))
        return data


@admin.register(User)
class AccountAdmin(AuditedAdminMixin, _UserAdmin):
    form = AccountChangeForm
    list_display = ("username", "role", "person", "organisation", "region", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("person", "organisation", "region")
    autocomplete_fields = ("person", "organisation", "region")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Role and scope"), {"fields": SCOPE_FIELDS}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (_("Role and scope"), {"fields": SCOPE_FIELDS}),
    )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's password page, audited when the password is set (it answers with a
        redirect only then)."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                audit_log(request.user, "admin.change", user, fields=["password"])
        return response
