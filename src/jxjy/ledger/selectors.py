"""Reads of the ledger, always through the acting user's scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from jxjy.accounts.models import Role, User
from jxjy.accounts.scope import records_q
from jxjy.ledger.models import CreditRecord, Status


def record_list(*, user: User) -> QuerySet[CreditRecord]:
    return CreditRecord.objects.filter(records_q(user)).select_related(
        "person", "registered_by"
    )


def records_registered(*, user: User) -> QuerySet[CreditRecord]:
    """The records the user's organisation registered (all of them, for an operator)."""
    records = record_list(user=user)
    if user.role == Role.OPERATOR:
        return records
    return records.filter(registered_by_id=user.organisation_id)


def record_get(*, user: User, pk: int) -> CreditRecord:
    record = record_list(user=user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def record_list_for_person(*, user: User, person_id: int) -> QuerySet[CreditRecord]:
    return record_list(user=user).filter(person_id=person_id).order_by("date", "id")


def verification_queue(*, user: User) -> QuerySet[CreditRecord]:
    """Records waiting for verification that `user` may decide, oldest first."""
    return record_list(user=user).filter(status=Status.REGISTERED).order_by("created", "id")
