"""Stored standings against a fresh evaluation (`jxjy standings check` and `rebuild`).

A stored standing is wrong when the engine, run now over the person's verified records
under the policy now assigned to them, says something else: a write that forgot a year,
a person moved, a region given another policy, a policy file whose version changed. The
check names the person by primary key only, never by ID number.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from django.db import transaction
from django.db.models import QuerySet

from jxjy.audit.models import audit_log
from jxjy.evaluation.bridge import engine, policy_id_for, to_records
from jxjy.evaluation.models import PersonYear
from jxjy.evaluation.services import STANDING_FIELDS, person_years_refresh, standing_of
from jxjy.ledger.models import CreditRecord, Status
from jxjy.people.models import Person
from jxjy.regions.models import Region

#: Compared fields: all a refresh writes but the pending flag, which says a refresh is
#: queued rather than what the standing is.
COMPARED = tuple(f for f in STANDING_FIELDS if f != "stale")


@dataclass(frozen=True, slots=True)
class Difference:
    """A stored standing that differs from a fresh one: `fields` names the columns, or is
    ("missing",) when none is stored, ("extra",) when none should be (no policy)."""

    person_id: int
    year: int
    fields: tuple[str, ...]
    stale: bool = False  # already marked 待更新, its refresh queued


def people_checked(*, region: str | None = None, sample: int | None = None) -> QuerySet[Person]:
    """The people a check covers: all, or those of the region `region` (a GB/T 2260
    code) and below it, or a random sample of `sample` of them."""
    people = Person.objects.select_related("region").order_by("pk")
    if region is not None:
        place = Region.objects.get(code=region)
        people = people.filter(region__path__startswith=place.path)
    if sample is not None:
        people = people.order_by("?")[:sample]
    return people


def standings_differences(
    people: QuerySet[Person], *, year: int | None = None
) -> Iterator[Difference]:
    """Every stored standing of `people` (for `year`, or every year) that a fresh
    evaluation contradicts, and every year a record of theirs ends in that has a policy
    but no stored standing."""
    for person in people:
        yield from _person_differences(person, year)


def _person_differences(person: Person, only: int | None) -> Iterator[Difference]:
    stored = {row.year: row for row in PersonYear.objects.filter(person=person)}
    rows = list(CreditRecord.objects.filter(person=person).order_by("id"))
    verified = to_records(r for r in rows if r.status == Status.VERIFIED)
    years = set(stored) | {r.last_day.year for r in rows}
    for year in sorted(years):
        if only is not None and year != only:
            continue
        row = stored.get(year)
        fresh = _fresh(person, year, verified, rows)
        if fresh is None:
            if row is not None:
                yield Difference(person.pk, year, ("extra",), row.stale)
            continue
        if row is None:
            yield Difference(person.pk, year, ("missing",))
            continue
        fields = tuple(f for f in COMPARED if getattr(row, f) != fresh[f])
        if fields:
            yield Difference(person.pk, year, fields, row.stale)


def _fresh(
    person: Person, year: int, verified: list[Any], rows: list[CreditRecord]
) -> dict[str, Any] | None:
    policy_id = policy_id_for(person, year)
    if policy_id is None:
        return None
    result = engine(policy_id).evaluate_year(verified, year, person_id=str(person.pk))
    pending = sum(1 for r in rows if r.status == Status.REGISTERED and r.last_day.year == year)
    return standing_of(policy_id, result, pending)


def standings_rebuild(differences: list[Difference]) -> int:
    """Recompute the standings `differences` name, each person in a transaction of its
    own that locks them and leaves an audit row (`standings.rebuild`, by the command line:
    no acting user) naming the years and fields; the number of people refreshed."""
    by_person: dict[int, list[Difference]] = {}
    for difference in differences:
        by_person.setdefault(difference.person_id, []).append(difference)
    for person_id, found in sorted(by_person.items()):
        with transaction.atomic():
            person = Person.objects.select_related("region").get(pk=person_id)
            person_years_refresh(person=person, years={d.year for d in found})
            audit_log(
                None,
                "standings.rebuild",
                person,
                years=sorted({d.year for d in found}),
                fields=sorted({f for d in found for f in d.fields}),
            )
    return len(by_person)


def standings_command(
    *,
    rebuild: bool,
    sample: int | None = None,
    region: str | None = None,
    year: int | None = None,
    out: TextIO,
) -> int:
    """`jxjy standings check` (`rebuild=False`) and `rebuild`: one line per difference
    (person pk, year, the fields), then a summary. A check exits 1 when any stored
    standing differs from a fresh one (those already marked 待更新 are listed but do not
    count: their refresh is queued); a rebuild fixes them all and exits 0."""
    people = people_checked(region=region, sample=sample)
    found = list(standings_differences(people, year=year))
    for d in found:
        mark = " (待更新 stale, refresh queued)" if d.stale else ""
        out.write(f"person {d.person_id} year {d.year}: {', '.join(d.fields)}{mark}\n")
    if rebuild:
        refreshed = standings_rebuild(found)
        out.write(f"rebuilt {len(found)} standings of {refreshed} people\n")
        return 0
    wrong = [d for d in found if not d.stale]
    out.write(
        f"checked {people.count()} people: {len(wrong)} standings differ,"
        f" {len(found) - len(wrong)} awaiting refresh\n"
    )
    return 1 if wrong else 0
