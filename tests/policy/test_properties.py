"""Invariants of the engine, for every shipped policy, over generated records.

- the total is the sum of the subjects, and of the records' counted values;
- caps are never exceeded;
- the order of the records never matters;
- splitting one day's hours over several records changes nothing;
- adding a counted record never lowers the total;
- the command line's JSON is the documented dicts, encoded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxjy.policy.engine import Engine, matches
from jxjy.policy.loader import POLICY_DIR, load_policy, load_policy_file, policy_ids
from jxjy.policy.records import LEVELS_BY_KIND, Kind, Level, Record, Subject
from jxjy.policy.serialize import audit_dict, audit_json, year_dict, year_json

YEAR = 2023
POLICIES = policy_ids()
ENGINES = {pid: Engine(load_policy(pid)) for pid in POLICIES}
TITLES = ["当代科学技术新知识", "学术道德与学术规范", "第五轮公需课", "公需课", "专业课"]
REGIONS = ["上海市", "浙江省杭州市", "北京市", "320600"]


def quarter(max_value: int) -> st.SearchStrategy[Decimal]:
    return st.integers(0, max_value * 4).map(lambda n: Decimal(n) / 4)


@st.composite
def records(draw: st.DrawFn, single_day: bool = False) -> Record:
    kind = draw(st.sampled_from(list(Kind)))
    start = dt.date(YEAR, 1, 1) + dt.timedelta(days=draw(st.integers(-3, 20)))
    span = 1 if single_day else draw(st.sampled_from([1, 1, 1, 2, 3]))
    end = start + dt.timedelta(days=span - 1)
    levels = sorted(LEVELS_BY_KIND.get(kind, frozenset(Level)))
    subject = Subject.PUBLIC if kind is Kind.PUBLIC_COURSE else draw(st.sampled_from(list(Subject)))
    return Record(
        row=0,
        person_id="P",
        date=start,
        end_date=end if span > 1 or kind is Kind.DEGREE else None,
        kind=kind,
        subject=subject,
        hours=draw(quarter(10 * span)),
        minutes=draw(st.one_of(st.none(), st.integers(0, 600).map(Decimal))),
        days=draw(st.one_of(st.none(), st.integers(1, span).map(Decimal))),
        credits=draw(st.one_of(st.none(), quarter(30))),
        level=draw(st.sampled_from(levels)),
        rank=draw(st.integers(1, 5)),
        count=draw(st.integers(1, 4)),
        title=draw(st.sampled_from(TITLES)),
        approved=draw(st.booleans()),
        passed=draw(st.sampled_from([True, True, True, False])),
        region=draw(st.sampled_from(REGIONS)),
    )


def numbered(items: list[Record]) -> list[Record]:
    return [_with(r, row=i) for i, r in enumerate(items, start=1)]


def _with(record: Record, **changes: object) -> Record:
    return record._replace(**changes)


many = st.lists(records(), max_size=25)


@pytest.mark.parametrize("policy_id", POLICIES)
@given(items=many)
@settings(max_examples=60, deadline=None)
def test_total_is_the_sum_of_subjects_and_of_records(policy_id: str, items: list[Record]) -> None:
    result = ENGINES[policy_id].evaluate_year(numbered(items), YEAR)
    assert result.total == sum(result.by_subject.values())
    assert result.total == sum(r.counted for r in result.records)
    assert all(0 <= r.counted <= r.raw for r in result.records)


@pytest.mark.parametrize("policy_id", POLICIES)
@given(items=st.lists(records(single_day=True), max_size=25))
@settings(max_examples=60, deadline=None)
def test_caps_are_never_exceeded(policy_id: str, items: list[Record]) -> None:
    engine = ENGINES[policy_id]
    result = engine.evaluate_year(numbered(items), YEAR)
    by_row = {r.row: r for r in result.records}
    for cap in engine.policy.caps:
        sums: dict[object, Decimal] = defaultdict(Decimal)
        for record in numbered(items):
            if matches(cap.when, record):
                key = record.date if cap.per == "day" else record.date.year
                sums[key] += by_row[record.row].counted
        limit = engine._cap_limit(cap)
        assert all(total <= limit for total in sums.values()), (cap.id, dict(sums))


@pytest.mark.parametrize("policy_id", POLICIES)
@given(items=many, data=st.data())
@settings(max_examples=60, deadline=None)
def test_order_of_records_never_matters(
    policy_id: str, items: list[Record], data: st.DataObject
) -> None:
    engine = ENGINES[policy_id]
    before = engine.evaluate_year(numbered(items), YEAR)
    shuffled = data.draw(st.permutations(numbered(items)))
    after = engine.evaluate_year(shuffled, YEAR)
    assert after.total == before.total
    assert after.by_subject == before.by_subject
    assert after.compliant == before.compliant
    assert [r.actual for r in after.requirements] == [r.actual for r in before.requirements]


HOURLY = [Kind.OFFLINE_THEORY, Kind.OFFLINE_PRACTICE, Kind.SELF_STUDY, Kind.TEACHING]


@pytest.mark.parametrize("policy_id", POLICIES)
@given(items=many, kind=st.sampled_from(HOURLY), hours=quarter(10), cut=st.integers(0, 40))
@settings(max_examples=60, deadline=None)
def test_splitting_a_days_hours_changes_nothing(
    policy_id: str, items: list[Record], kind: Kind, hours: Decimal, cut: int
) -> None:
    engine = ENGINES[policy_id]
    whole = Record(row=0, person_id="P", date=dt.date(YEAR, 1, 5), kind=kind, hours=hours)
    first = min(hours, Decimal(cut) / 4)
    parts = [_with(whole, hours=first), _with(whole, hours=hours - first)]
    one = engine.evaluate_year(numbered([*items, whole]), YEAR)
    two = engine.evaluate_year(numbered([*items, *parts]), YEAR)
    assert two.total == one.total
    assert two.by_subject == one.by_subject


@pytest.mark.parametrize("policy_id", POLICIES)
@given(items=many, extra=records())
@settings(max_examples=60, deadline=None)
def test_adding_a_record_never_lowers_the_total(
    policy_id: str, items: list[Record], extra: Record
) -> None:
    """Over the years the records touch, the total never falls. (One year alone can: a record
    of 2022 on 31 December takes that day's capacity from a record ending in 2023.)"""
    engine = ENGINES[policy_id]
    before = numbered(items)
    after = numbered([*items, extra])
    years = (YEAR - 1, YEAR)
    total_before = sum(engine.evaluate_year(before, y).total for y in years)
    total_after = sum(engine.evaluate_year(after, y).total for y in years)
    assert total_after >= total_before


@pytest.mark.parametrize("policy_id", POLICIES)
@given(items=st.lists(records(single_day=True), max_size=25), extra=records(single_day=True))
@settings(max_examples=60, deadline=None)
def test_adding_a_record_of_the_year_never_lowers_that_year(
    policy_id: str, items: list[Record], extra: Record
) -> None:
    engine = ENGINES[policy_id]
    before = engine.evaluate_year(numbered(items), YEAR)
    after = engine.evaluate_year(numbered([*items, extra]), YEAR)
    assert after.total >= before.total


@given(items=many)
@settings(max_examples=40)
@pytest.mark.parametrize("policy_id", POLICIES)
def test_the_json_written_is_the_documented_dicts_encoded(
    policy_id: str, items: list[Record]
) -> None:
    """`year_json` and `audit_json` remember record entries by content; what they write is
    `orjson.dumps` of `year_dict` and `audit_dict`, byte for byte, in both languages."""
    engine = ENGINES[policy_id]
    rows = numbered(items)
    for lang in ("zh", "en"):
        result = engine.evaluate_year(rows, YEAR)
        assert year_json(result, lang) == orjson.dumps(year_dict(result, lang))
        for target in engine.policy.audits:
            since = dt.date(YEAR - 1, 6, 1) if target.since_grade is not None else None
            audited = engine.audit(rows, target.id, YEAR, since=since)
            assert audit_json(audited, lang) == orjson.dumps(audit_dict(audited, lang))


def _flattened_copy(tmp_path_factory: pytest.TempPathFactory, policy_id: str) -> Engine:
    """The policy written out by hand as before `extends`: the national 第八条 requirements
    copied in, citing 人社部令第25号, and no `extends`."""
    text = (POLICY_DIR / f"{policy_id}.yaml").read_text(encoding="utf-8")
    start = text.index("extends:\n")
    end = text.index("\n", text.index("  omit:", start)) + 1
    national = (POLICY_DIR / "national-pro-2015.yaml").read_text(encoding="utf-8")
    requirements = national[national.index("requirements:\n") :].replace(
        "{article: 第八条", "{document: 人社部令第25号, article: 第八条"
    )
    rest = text[end:].replace("window_deemed:\n", requirements + "\nwindow_deemed:\n")
    flat = text[:start] + rest
    path = tmp_path_factory.mktemp("flat") / f"{policy_id}.yaml"
    path.write_text(flat, encoding="utf-8")
    policy = load_policy_file(path)
    assert policy.extends is None
    assert not policy.inherited
    return Engine(policy)


@given(items=many, year=st.sampled_from([2015, YEAR]))
@settings(max_examples=80, deadline=None)
def test_a_policy_that_extends_the_baseline_evaluates_like_its_flattened_copy(
    tmp_path_factory: pytest.TempPathFactory, items: list[Record], year: int
) -> None:
    """宁夏 (宁人社函〔2016〕156号, relying on 人社部令第25号 第八条): inheriting the national
    requirements gives, for any records, the very result of copying them."""
    flat = FLAT.get("ningxia-pro-2016") or FLAT.setdefault(
        "ningxia-pro-2016", _flattened_copy(tmp_path_factory, "ningxia-pro-2016")
    )
    people = numbered(items)
    assert year_json(ENGINES["ningxia-pro-2016"].evaluate_year(people, year)) == year_json(
        flat.evaluate_year(people, year)
    )


FLAT: dict[str, Engine] = {}


def _all_dated(tmp_path_factory: pytest.TempPathFactory, policy_id: str) -> Engine:
    """The policy with every credit rule and exclusion dated over all time."""
    text = (POLICY_DIR / f"{policy_id}.yaml").read_text(encoding="utf-8")
    head, rules = text.split("\ncredit:\n", 1)
    rules, tail = rules.split("\nassessment:\n", 1)
    dated = rules.replace("  - id: ", "  - from: 1900-01-01\n    to: 2999-12-31\n    id: ")
    path = tmp_path_factory.mktemp("dated") / f"{policy_id}.yaml"
    path.write_text(f"{head}\ncredit:\n{dated}\nassessment:\n{tail}", encoding="utf-8")
    policy = load_policy_file(path)
    assert all(rule.dated for rule in policy.credit)
    return Engine(policy)


@given(items=many)
@settings(max_examples=60, deadline=None)
def test_rules_dated_over_all_time_evaluate_like_undated_ones(
    tmp_path_factory: pytest.TempPathFactory, items: list[Record]
) -> None:
    """宁波 第二十条: giving every crediting rule dates that contain every record changes
    nothing (the dated path of the engine agrees with the undated one)."""
    dated = FLAT.get("dated-ningbo") or FLAT.setdefault(
        "dated-ningbo", _all_dated(tmp_path_factory, "ningbo-skills-2020")
    )
    people = numbered(items)
    assert year_json(ENGINES["ningbo-skills-2020"].evaluate_year(people, YEAR)) == year_json(
        dated.evaluate_year(people, YEAR)
    )
