"""What every admin page of the platform shares: each write leaves an audit entry (who,
what, which fields), and the ledger's pages are read-only.

Only staff reach the admin at all (Django's admin site requires `is_staff`), and only
operators are staff. Audit entries name the fields changed, never their values, so a
resident ID number never reaches `AuditEntry.detail`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db import models, router, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from jxjy.audit.models import audit_log

if TYPE_CHECKING:
    from django.forms import ModelForm

    _Base = admin.ModelAdmin[Any]
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _Base = object
    _ModelAdmin = admin.ModelAdmin


class AuditedAdminMixin(_Base):
    """Writes `admin.add`, `admin.change` or `admin.delete` to the audit log with the names
    of the fields the form changed, in the same transaction as the write."""

    def _atomic(self) -> transaction.Atomic:
        return transaction.atomic(using=router.db_for_write(self.model))

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool
    ) -> None:
        with self._atomic():
            super().save_model(request, obj, form, change)
            action = "admin.change" if change else "admin.add"
            audit_log(request.user, action, obj, fields=sorted(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with self._atomic():
            audit_log(request.user, "admin.delete", obj, fields=[])  # while it has its pk
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with self._atomic():
            for obj in queryset:
                audit_log(request.user, "admin.delete", obj, fields=[])
            super().delete_queryset(request, queryset)


class ReadOnlyAdminMixin(_Base):
    """Rows that are only ever written by services (the ledger, standings, the audit log):
    the admin shows them and nothing more."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedModelAdmin(AuditedAdminMixin, _ModelAdmin):
    """A model admin whose writes are audited."""


class ReadOnlyModelAdmin(ReadOnlyAdminMixin, _ModelAdmin):
    """A model admin that only shows."""
