"""Writes of evaluation: refreshing a person's stored standing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q

from jxjy.bulk import rows_upsert
from jxjy.evaluation.bridge import engine, policy_id_for, to_records
from jxjy.evaluation.models import PersonYear
from jxjy.ledger.codec import year_expression
from jxjy.ledger.models import CreditRecord, Status
from jxjy.people.models import Person
from jxjy.policy.model import Policy
from jxjy.policy.reach import years_affected
from jxjy.policy.records import Record
from jxjy.policy.results import YearResult
from jxjy.regions.models import Region, RegionPolicy, policy_for

#: The columns a refresh writes besides person and year.
STANDING_FIELDS = (
    "policy",
    "policy_version",
    "unit",
    "total",
    "required",
    "short_by",
    "unmet",
    "compliant",
    "deemed",
    "stale",
    "pending",
)


def policies_of(person: Person) -> list[Policy]:
    """Every policy that may apply to `person` in some year: those assigned to their
    talent type in their region or any region above it."""
    return policies_where(person.region, person.talent)


def policies_where(region: Region, talent: str) -> list[Policy]:
    ids = (
        RegionPolicy.objects.filter(region__in=region.lineage(), talent=talent)
        .values_list("policy_id", flat=True)
        .distinct()
        .order_by("policy_id")
    )
    return [engine(policy_id).policy for policy_id in ids]


def years_reached(
    policies: Iterable[Policy], changed: Iterable[Record], alongside: Sequence[Record]
) -> set[int]:
    """The years whose standing `changed` records can alter under any of `policies`
    (`jxjy.policy.reach`), the last day's year of each in any case."""
    policies = list(policies)
    years: set[int] = set()
    for record in changed:
        years.add(record.last_day.year)
        for policy in policies:
            years |= years_affected(policy, record, alongside)
    return years


def _lock(person_id: int) -> None:
    """Hold the person's row until the transaction ends: two writers of the same person's
    records recompute one after the other, so an older result never lands on a newer one
    (PostgreSQL; SQLite writes one transaction at a time anyway)."""
    list(Person.objects.select_for_update().filter(pk=person_id).values_list("pk"))


def _regions_shared(region_ids: Iterable[int]) -> None:
    """Share-lock the people's regions and every region above them until the transaction
    ends (PostgreSQL `FOR SHARE`: refreshes do not wait for one another). A change of the
    policies there (`region_policy_lock`) takes the region exclusively first, so either the
    refresh reads the new policies, or the change marks what the refresh wrote 待更新 after
    it committed: an old policy's result is never left unmarked."""
    if connection.vendor != "postgresql":
        return
    ids = set(region_ids)
    frontier = set(ids)
    while frontier:  # the regions above, a level at a time (three at most in GB/T 2260)
        parents = set(
            Region.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        frontier = parents - ids
        ids |= parents
    table = connection.ops.quote_name(Region._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE id = ANY(%s) ORDER BY id FOR SHARE", [sorted(ids)]
        )


def region_policy_lock(region: Region) -> None:
    """Take `region` exclusively until the transaction ends, before changing which policy
    applies there (or its parent): refreshes of its people wait (`_regions_shared`)."""
    list(Region.objects.select_for_update().filter(pk=region.pk).values_list("pk"))


def person_years_refresh(
    *, person: Person, years: Iterable[int] = (), changed: Iterable[CreditRecord] = ()
) -> None:
    """Recompute the stored standing of `person` for `years` and for every year the
    `changed` rows can alter (`years_reached`), from verified records. Call inside the
    transaction of the write that changed the person's records; it locks the person."""
    _lock(person.pk)
    _regions_shared([person.region_id])
    rows = list(CreditRecord.objects.filter(person=person, status=Status.VERIFIED).order_by("id"))
    records = to_records(rows)
    wanted = set(years)
    changed = list(changed)
    if changed:
        wanted |= years_reached(policies_of(person), to_records(changed), records)
    if not wanted:
        return
    pending = CreditRecord.objects.filter(person=person, status=Status.REGISTERED)
    for year in sorted(wanted):
        policy_id = policy_id_for(person, year)
        if policy_id is None:
            PersonYear.objects.filter(person=person, year=year).delete()
            continue
        result = engine(policy_id).evaluate_year(records, year, person_id=str(person.pk))
        PersonYear.objects.update_or_create(
            person=person,
            year=year,
            defaults=standing_of(
                policy_id, result, sum(1 for r in pending if r.last_day.year == year)
            ),
        )


def standing_of(policy_id: str, result: YearResult, pending: int) -> dict[str, Any]:
    """The columns of a stored standing (`STANDING_FIELDS`) for the engine's `result`."""
    total_req = next(r for r in result.requirements if r.id == _total_id(policy_id))
    return {
        "policy": result.policy,
        "policy_version": result.policy_version,
        "unit": result.unit,
        "total": result.total,
        "required": total_req.required,
        # The largest gap among unmet requirements: someone whose total is met but
        # whose public subject is 8 short is 8 short, not 0.
        "short_by": max((s.missing for s in result.shortfalls), default=Decimal(0)),
        "unmet": len(result.shortfalls),
        "compliant": result.compliant,
        "deemed": result.deemed_complete is not None,
        "pending": pending,
        "stale": False,
    }


def person_years_refresh_many(
    *,
    years_by_person: Mapping[int, Iterable[int]],
    changed: Mapping[int, Sequence[Record]] | None = None,
) -> None:
    """`person_years_refresh` for many people at once (person id -> years), with the same
    result: a few queries per thousand people instead of a few per person, the policy of
    each region, talent and year looked up once, and the engine run once per policy and
    year for all the people without verified records (an evaluation of no records does
    not depend on whose they are). `changed` (person id -> records) adds the years those
    records can alter (`years_reached`). Call inside the write's transaction; it locks
    the people, in the order of their ids."""
    changed = changed or {}
    ids = sorted(
        pk for pk in {*years_by_person, *changed} if years_by_person.get(pk) or changed.get(pk)
    )
    memo = _Memo()
    for start in range(0, len(ids), _CHUNK):
        _refresh_chunk(ids[start : start + _CHUNK], years_by_person, changed, memo)


_CHUNK = 900  # ids in one IN (...): below SQLite's oldest limit on parameters


class _Memo:
    """What does not depend on the person: the policy of a region, talent and year, and
    the standing of a year without verified records under a policy."""

    def __init__(self) -> None:
        self.regions: dict[int, Region] = {}
        self.policies: dict[tuple[int, str, int], str | None] = {}
        self.empty: dict[tuple[str, int], dict[str, Any]] = {}
        self.policies_where: dict[tuple[int, str], list[Policy]] = {}

    def policies_of(self, region_id: int, talent: str) -> list[Policy]:
        if (region_id, talent) not in self.policies_where:
            found = policies_where(self.region(region_id), talent)
            self.policies_where[(region_id, talent)] = found
        return self.policies_where[(region_id, talent)]

    def policy(self, region_id: int, talent: str, year: int) -> str | None:
        """What `policy_id_for` gives: the policy in force at the end of the year."""
        where = (region_id, talent, year)
        if where not in self.policies:
            year_end = dt.date(year, 12, 31)
            self.policies[where] = policy_for(self.region(region_id), talent, year_end)
        return self.policies[where]

    def region(self, region_id: int) -> Region:
        if region_id not in self.regions:
            self.regions[region_id] = Region.objects.get(pk=region_id)
        return self.regions[region_id]

    def empty_standing(self, policy_id: str, year: int, person_id: int) -> dict[str, Any]:
        if (policy_id, year) not in self.empty:
            result = engine(policy_id).evaluate_year([], year, person_id=str(person_id))
            self.empty[(policy_id, year)] = standing_of(policy_id, result, 0)
        return self.empty[(policy_id, year)]


def _refresh_chunk(
    ids: list[int],
    years_by_person: Mapping[int, Iterable[int]],
    changed: Mapping[int, Sequence[Record]],
    memo: _Memo,
) -> None:
    people = list(
        Person.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "region_id", "talent")
    )
    _regions_shared({region_id for _, region_id, _ in people})
    verified: dict[int, list[CreditRecord]] = {}
    for row in CreditRecord.objects.filter(person_id__in=ids, status=Status.VERIFIED).order_by(
        "id"
    ):
        verified.setdefault(row.person_id, []).append(row)
    pending = {
        (person_id, year): count
        for person_id, year, count in CreditRecord.objects.filter(
            person_id__in=ids, status=Status.REGISTERED
        )
        .annotate(year=year_expression())
        .values("person_id", "year")
        .annotate(count=Count("id"))
        .values_list("person_id", "year", "count")
        .order_by()
    }
    upsert: list[dict[str, Any]] = []
    drop = Q(pk__in=[])
    for pk, region_id, talent in people:
        rows = verified.get(pk)
        records: list[Record] = to_records(rows) if rows else []
        years = set(years_by_person.get(pk, ()))
        if changed.get(pk):
            years |= years_reached(memo.policies_of(region_id, talent), changed[pk], records)
        for year in sorted(years):
            policy_id = memo.policy(region_id, talent, year)
            if policy_id is None:
                drop |= Q(person_id=pk, year=year)
                continue
            if records:
                result = engine(policy_id).evaluate_year(records, year, person_id=str(pk))
                standing = standing_of(policy_id, result, 0)
            else:
                standing = memo.empty_standing(policy_id, year, pk)
            pending_count = pending.get((pk, year), 0)
            upsert.append({**standing, "person_id": pk, "year": year, "pending": pending_count})
    PersonYear.objects.filter(drop).delete()
    rows_upsert(PersonYear, upsert, unique=["person", "year"], update=[*STANDING_FIELDS, "updated"])


def _total_id(policy_id: str) -> str:
    return engine(policy_id).policy.total_requirement.id


#: The fields of a person a standing depends on (region and talent choose the policy; the
#: grade dates open audit windows; the employer decides who sees the standing).
PERSON_INPUTS = frozenset(
    {"region", "talent", "employer", "certificate_date", "title_date", "skill_grade"}
)


def person_standings_refresh(*, person: Person) -> None:
    """After `person`'s region, talent type, employer or grade changed: recompute every
    year they have a standing for, or a record in (and each year those records reach),
    under the policy that now applies. Call inside the transaction of the change."""
    rows = list(CreditRecord.objects.filter(person=person).order_by("id"))
    years = set(PersonYear.objects.filter(person=person).values_list("year", flat=True))
    person_years_refresh(person=person, years=years, changed=rows)


def stale_refresh(*, limit: int | None = None) -> int:
    """Recompute standings marked 待更新, a chunk of people per transaction (each locked
    while it is recomputed), until none is left or `limit` people are done; the number
    of people refreshed. The queued task runs this."""
    done = 0
    while limit is None or done < limit:
        size = _CHUNK if limit is None else min(_CHUNK, limit - done)
        with transaction.atomic():
            ids = list(
                PersonYear.objects.filter(stale=True)
                .values_list("person_id", flat=True)
                .distinct()
                .order_by("person_id")[:size]
            )
            if not ids:
                break
            years: dict[int, set[int]] = {}
            for pk, year in PersonYear.objects.filter(person_id__in=ids, stale=True).values_list(
                "person_id", "year"
            ):
                years.setdefault(pk, set()).add(year)
            person_years_refresh_many(years_by_person=years)
        done += len(ids)
    return done
