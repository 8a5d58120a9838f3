"""Reads of people, always through the acting user's scope."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
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


_LAST_FOUR = re.compile(r"^[0-9]{3}[0-9Xx]$")


def person_search_q(text: str, *, via: str = "") -> Q:
    """People matching a search box: by name, or by the last four characters of the ID
    number (what the masked number shows). Never by the whole number: a search is a GET,
    and a resident ID number must not appear in a URL or an access log. `via` is the path
    to the person from the model searched (e.g. "person__")."""
    text = text.strip()
    found = Q(**{f"{via}name__icontains": text})
    if _LAST_FOUR.match(text):
        found |= Q(**{f"{via}id_number__endswith": text.upper()})
    return found
