"""Template helpers for disputes on record lists: one query for a page's records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import template

from jxjy.accounts.models import User
from jxjy.disputes.models import Dispute
from jxjy.disputes.selectors import open_disputes_of_records

register = template.Library()


@register.simple_tag(takes_context=True)
def open_disputes(context: template.Context, lines: Iterable[object]) -> dict[int, Dispute]:
    """The disputes not closed of the records of `lines` (each with `.record`), by record
    id, among those the signed-in user may see."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    ids = [line.record.pk for line in lines]  # type: ignore[attr-defined]
    return open_disputes_of_records(user=user, record_ids=ids)


@register.filter
def dispute_of(disputes: Mapping[int, Dispute], record_id: int) -> Dispute | None:
    return disputes.get(record_id)
