"""Reads of people, always through the acting user's scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from jxjy.accounts.models import User
from jxjy.accounts.scope import people_q
from jxjy.people.models import Person


def person_list(*, user: User) -> QuerySet[Person]:
    """The people `user` may see. Every scope is a filter on people's own columns or a
    subquery, never a join that repeats rows, so no DISTINCT is needed (it would make an
    employer's list sort all its people on every page)."""
    return Person.objects.filter(people_q(user))


def person_get(*, user: User, pk: int) -> Person:
    """The person, if `user` may see them; 404 otherwise (not 403: no hint they exist)."""
    person = (
        Person.objects.filter(people_q(user), pk=pk)
        .select_related("region", "employer")
        .first()
    )
    if person is None:
        raise Http404
    return person


def person_find_by_id_number(*, id_number: str) -> Person | None:
    """Exact lookup for registering a record (a provider finds a trainee by their number);
    returns nothing to browse."""
    return Person.objects.filter(id_number=id_number.strip().upper()).first()
