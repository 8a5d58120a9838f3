"""The command line and the platform agree on every record (issue 9): what the reader
accepts, the ledger stores as it is and evaluates as the `jxjy` command does; what the
platform refuses, the command line refuses with the same field and reason. Also the codec
(`jxjy.ledger.codec`) and the one year rule (`jxjy.policy.records.year_of`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from factories import PersonFactory, registered
from jxjy.evaluation.selectors import person_year
from jxjy.ledger import codec
from jxjy.ledger.models import CreditRecord
from jxjy.ledger.services import RecordInvalid, record_register, record_verify
from jxjy.policy.engine import Engine
from jxjy.policy.loader import load_policy
from jxjy.policy.reading import RecordError, parse_fields
from jxjy.policy.records import (
    FIELDS,
    LEVELS_BY_KIND,
    REQUIRED_BY_KIND,
    Kind,
    Level,
    Record,
    Subject,
    year_of,
)
from jxjy.policy.serialize import year_json

# Values on both sides of every limit, among ordinary ones (more often ordinary).
_EDGE_DATES = st.sampled_from(
    ["1949-01-01", "1948-12-31", "2100-12-31", "2101-01-01", "0001-01-01", "9999-12-31"]
)
_DAYS = st.dates(dt.date(2021, 1, 1), dt.date(2024, 12, 31))
_ORDINARY = st.decimals(0, 8, places=2).map(str) | st.integers(0, 8).map(str)
_AMOUNTS = (
    _ORDINARY
    | _ORDINARY
    | st.decimals(0, 30, places=3).map(str)
    | st.sampled_from(
        ["0.125", "1.500", "99999999999", "9999999999.99", "10000000000", "1e1", "-1", "0.1e-2"]
    )
)
_WHOLE = st.integers(1, 5).map(str) | st.sampled_from(["32767", "32768", "1.0", "40000"])
_TEXT = (
    st.sampled_from(["数控车床", "《公需课》", "上海市", "x" * 64, "题" * 200])
    | st.text(st.sampled_from("课程 aZ\x00\t\u202e\u2066\u200f\u061c题"), max_size=6)
    | st.sampled_from(["题" * 201, "x" * 65])
)


@st.composite
def _fields(draw: st.DrawFn) -> dict[str, Any]:
    """A record's fields as a form or an import sends them (no `approved`: the platform
    decides that from the project, `ledger.services.record_approval`)."""
    kind = draw(st.sampled_from(list(Kind)))
    start = draw(_DAYS)
    fields: dict[str, Any] = {"date": draw(st.just(start.isoformat()) | _EDGE_DATES)}
    fields["kind"] = kind.value
    levels = sorted(LEVELS_BY_KIND.get(kind, frozenset(Level)))
    optional: dict[str, st.SearchStrategy[Any]] = {
        "end_date": st.integers(0, 4).map(lambda n: (start + dt.timedelta(n)).isoformat())
        | _EDGE_DATES,
        "subject": st.sampled_from([s.value for s in Subject]),
        "hours": _AMOUNTS,
        "minutes": _AMOUNTS,
        "days": _AMOUNTS,
        "credits": _AMOUNTS,
        "level": st.sampled_from([v.value for v in levels]),
        "rank": _WHOLE,
        "count": _WHOLE,
        "title": _TEXT,
        "passed": st.sampled_from(["true", "false"]),
        "region": _TEXT,
    }
    for need in REQUIRED_BY_KIND.get(kind, ()):  # mostly what the kind needs
        names = (need,) if isinstance(need, str) else need
        if draw(st.integers(0, 5)):
            name = draw(st.sampled_from(names))
            fields[name] = draw(optional[name])
    for name in draw(st.sets(st.sampled_from(sorted(optional)), max_size=3)):
        fields[name] = draw(optional[name])
    return fields


@given(fields=_fields(), other_city=st.booleans())
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_platform_stores_and_evaluates_what_the_command_line_reads(
    world: Any, fields: dict[str, Any], other_city: bool
) -> None:
    """Issue 9: the reader's limits hold for the form, the import and the API alike, and a
    stored record evaluates as the command line evaluates it (金华 and 南通 policies)."""
    city = world.other if other_city else world.home
    operator = world.operator
    with transaction.atomic():
        person = PersonFactory(
            region=city.county, employer=city.employer, talent=city.learner.talent
        )
        read = parse_fields(1, {**fields, "person_id": str(person.pk)})
        refused: list[RecordError] = []
        try:
            row = record_register(actor=operator, person=person, fields=fields)
        except RecordInvalid as problem:
            refused = problem.errors
        if refused:
            event("refused")
            assert isinstance(read, list)
            assert [(e.field, e.code) for e in refused] == [(e.field, e.code) for e in read]
            transaction.set_rollback(True)
            return
        event("stored")
        assert isinstance(read, Record), read
        stored = CreditRecord.objects.get(pk=row.pk)
        expected = read._replace(row=row.pk)
        assert codec.to_record(stored) == expected
        assert codec.year(stored) == year_of(read.date, read.end_date)
        record_verify(actor=operator, record=stored)
        year = codec.year(stored)
        view = person_year(user=operator, person_id=person.pk, year=year)
        if view.policy_id is not None:
            assert view.result is not None
            command_line = Engine(load_policy(view.policy_id)).evaluate_year(
                [expected], year, person_id=str(person.pk)
            )
            assert year_json(view.result) == year_json(command_line)
            event(f"evaluated, {'counted' if view.result.total else 'nothing counted'}")
        transaction.set_rollback(True)


def test_codec_round_trips_every_field(world: Any) -> None:
    home = world.home
    row = registered(
        home.provider_user,
        home.learner,
        date="2023-12-30",
        days="3",
        kind="study_tour",
        title="华东考察",
        region="上海市",
        passed="false",
        count="2",
    )
    record = codec.to_record(row)
    assert (record.end_date, record.region, record.count, record.passed) == (
        dt.date(2024, 1, 1),
        "上海市",
        2,
        False,
    )
    assert codec.columns(record) == {
        codec.COLUMNS[name]: getattr(row, codec.COLUMNS[name]) for name in FIELDS[1:]
    }
    assert list(codec.COLUMNS) == list(FIELDS[1:])


@pytest.mark.parametrize(
    ("date", "end_date", "year"),
    [("2023-12-30", None, 2023), ("2023-12-30", "2024-01-01", 2024)],
)
def test_a_record_belongs_to_the_year_of_its_last_day_in_queries_too(
    world: Any, date: str, end_date: str | None, year: int
) -> None:
    """The year rule (records.year_of) and its query expression (codec.year_expression)
    agree: an activity over New Year counts in the year it ends."""
    home = world.home
    fields = {"date": date, "kind": "study_tour", "days": "1"}
    if end_date:
        fields["end_date"] = end_date
    row = registered(home.provider_user, home.learner, **fields)
    annotated = CreditRecord.objects.annotate(year=codec.year_expression()).get(pk=row.pk)
    assert annotated.year == codec.year(row) == year
