"""Page-specific reads. Each goes through a real selector (or the scope rules) first, so
it never shows more than the acting user may see; these only shape rows for a page.

Missing in the domain selectors, and kept here until they exist there:
- `people_with_standing`: an employer's people left-joined to their standing for a year
  (`evaluation.selectors.standing_list` leaves out people with no standing yet);
- `standings_of_person`: one person's stored standings over the years.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, FilteredRelation, OrderBy, Q, QuerySet

from jxjy.accounts.models import User
from jxjy.evaluation.models import PersonYear
from jxjy.orgs.models import Organisation
from jxjy.people.models import Person
from jxjy.people.selectors import person_get, person_list, person_search_q

#: The status filter of the employer's list.
COMPLIANT, SHORT, PENDING = "compliant", "short", "pending"
STATUSES = (COMPLIANT, SHORT, PENDING)
#: The sort keys of the employer's list.
SORTS = ("name", "total", "short_by")


def people_with_standing(
    *, user: User, year: int, q: str = "", status: str = "", sort: str = "name"
) -> QuerySet[Person]:
    """The people `user` may see, each with their stored standing for `year` (or nulls when
    nothing of theirs has been registered for it yet), filtered and sorted as asked.

    One query a page: the standing comes by a LEFT JOIN, not a query per person."""
    # No DISTINCT: every scope is a filter or a subquery (person_list), and a person has
    # at most one standing a year, which keeps the count and sort cheap for a large employer.
    people = (
        person_list(user=user)
        .select_related("employer", "region")
        .annotate(
            standing=FilteredRelation("years", condition=Q(years__year=year)),
        )
        .annotate(
            st_id=F("standing__id"),
            st_total=F("standing__total"),
            st_required=F("standing__required"),
            st_short_by=F("standing__short_by"),
            st_unit=F("standing__unit"),
            st_compliant=F("standing__compliant"),
            st_deemed=F("standing__deemed"),
            st_pending=F("standing__pending"),
            st_stale=F("standing__stale"),
        )
    )
    q = q.strip()
    if q:
        people = people.filter(person_search_q(q))
    if status == COMPLIANT:
        people = people.filter(standing__compliant=True)
    elif status == SHORT:
        people = people.filter(Q(standing__compliant=False) | Q(standing__id__isnull=True))
    elif status == PENDING:
        people = people.filter(standing__pending__gt=0)
    first: list[OrderBy] = []
    if sort == "total":
        first = [F("st_total").desc(nulls_last=True)]
    elif sort == "short_by":
        # Furthest behind first; people with nothing registered yet are furthest of all.
        first = [F("st_short_by").desc(nulls_first=True)]
    return people.order_by(*first, "name", "id")


def standings_of_person(*, user: User, person_id: int) -> list[PersonYear]:
    """The stored standings of a person `user` may see, latest year first (404 if not)."""
    person = person_get(user=user, pk=person_id)
    return list(PersonYear.objects.filter(person=person).order_by("-year"))


def organisation_names(ids: Iterable[int | None]) -> dict[int, str]:
    """Names of the organisations that registered records already on a page."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return {}
    return dict(Organisation.objects.filter(pk__in=wanted).values_list("pk", "name"))
