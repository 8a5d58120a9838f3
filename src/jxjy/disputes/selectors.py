"""Reads of disputes, always through the acting user's scope (`accounts.scope.disputes_q`)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from jxjy.accounts.models import User
from jxjy.accounts.scope import disputes_q
from jxjy.disputes.models import Dispute, DisputeMessage


def dispute_list(*, user: User, status: str = "") -> QuerySet[Dispute]:
    """The disputes `user` may see, newest first, of one status if asked."""
    disputes = Dispute.objects.filter(disputes_q(user)).select_related(
        "person", "record", "organisation"
    )
    if status:
        disputes = disputes.filter(status=status)
    return disputes


def dispute_get(*, user: User, pk: int) -> Dispute:
    dispute = dispute_list(user=user).select_related("person__region").filter(pk=pk).first()
    if dispute is None:
        raise Http404
    return dispute


def dispute_messages(*, user: User, dispute: Dispute) -> QuerySet[DisputeMessage]:
    """The messages of `dispute`, if `user` may see it (else none), oldest first."""
    return (
        DisputeMessage.objects.filter(dispute=dispute, dispute__in=dispute_list(user=user))
        .select_related("author", "correction")
        .order_by("at", "id")
    )


def open_disputes_of_records(*, user: User, record_ids: list[int]) -> dict[int, Dispute]:
    """The dispute that is not closed of each record, among those `user` may see."""
    disputes = (
        dispute_list(user=user)
        .filter(record_id__in=record_ids)
        .exclude(status=Dispute.Status.CLOSED)
    )
    return {d.record_id: d for d in disputes}
