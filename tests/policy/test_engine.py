"""Engine behaviour that is not one city's rule: days, rounding, explanations."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from builders import codes, counted, numbered, rec, year

from jxjy.policy.engine import Engine
from jxjy.policy.loader import POLICY_DIR, load_policy, load_policy_file
from jxjy.policy.serialize import year_dict


def test_a_day_is_capped_across_the_new_year() -> None:
    """宁波 第二十条: 31 December holds at most 8 face-to-face hours, even when one record
    there ends in the new year and another does not."""
    records = [
        rec("training_class", "2022-12-31", hours=8),
        rec("training_class", "2022-12-31", end="2023-01-01", hours=16),
    ]
    result = year("ningbo-skills-2020", 2023, *records)
    assert counted(result, 2) == 8  # 1 January only; 31 December was full
    assert codes(result, 2) == ["capped"]
    assert year("ningbo-skills-2020", 2022, *records).total == 8


def test_a_conversion_that_does_not_terminate_is_rounded_down_to_the_cent(tmp_path: Path) -> None:
    """1 学时 at 3 学时 a 学分 is 0.33 学分, never more."""
    text = (POLICY_DIR / "nantong-pro-2021.yaml").read_text(encoding="utf-8")
    text = text.replace("unit: hour", "unit: credit").replace(
        "hours_per_credit: 2", "hours_per_credit: 3"
    )
    # A policy in 学分 cannot extend the national one in 学时: stand alone.
    extends = "extends:\n  policy: national-pro-2015\n  omit: [registered-hours, professional]\n"
    assert extends in text
    text = text.replace(extends, "").replace("    overrides: true", "    #")
    path = tmp_path / "thirds.yaml"
    path.write_text(text, encoding="utf-8")
    engine = Engine(load_policy_file(path))
    result = engine.evaluate_year(numbered(rec("self_study", "2022-03-01", hours=1)), 2022)
    assert result.total == Decimal("0.33")


def test_every_note_in_the_json_carries_its_parameters() -> None:
    result = year("ningbo-skills-2020", 2023, rec("training_class", "2023-03-01", hours=10))
    note = year_dict(result)["records"][0]["notes"][0]
    assert note["code"] == "capped"
    assert note["params"]["amount"] == "2"
    assert "核减 2学时" in note["message"]


def test_a_record_outside_the_year_is_listed_with_the_year_it_belongs_to() -> None:
    result = year("ningbo-skills-2020", 2023, rec("training_class", "2022-03-01", hours=4))
    assert result.total == 0
    assert result.records[0].notes[-1].param("year") == "2022"


def test_equal_amounts_written_differently_are_credited_as_written() -> None:
    """The engine remembers credits by content; 2 and 2.0 hours are equal but not the same
    content, and each gives what it would give alone."""
    engine = Engine(load_policy("jinhua-skills-2020"))
    first = rec("offline_theory", "2023-03-01", hours=2)
    records = [
        first,
        first._replace(row=2, date=first.date.replace(day=2), hours=Decimal("2.0")),
        first._replace(row=3, date=first.date.replace(day=3)),  # the very same content
    ]
    credited = engine.evaluate_year(records, 2023).records
    assert [str(r.raw) for r in credited] == ["4", "4.0", "4"]
    for record, result in zip(records, credited, strict=True):
        alone = Engine(load_policy("jinhua-skills-2020")).evaluate_year([record], 2023)
        assert alone.records[0]._replace(row=result.row) == result
        assert str(alone.records[0].raw) == str(result.raw)


def test_records_repeating_another_s_content_get_their_own_row_and_year() -> None:
    engine = Engine(load_policy("jinhua-skills-2020"))
    first = rec("online_course", "2023-05-01", credits=3)
    again = first._replace(row=2, person_id="P2", date=first.date.replace(year=2022))
    assert engine.evaluate_year([first], 2023).records[0].counted == 3
    result = engine.evaluate_year([again], 2023)
    assert (result.person_id, result.records[0].row, result.records[0].counted) == ("P2", 2, 0)
    assert result.records[0].notes[-1].param("year") == "2022"


def _nantong_with(tmp_path: Path, old: str, new: str) -> Engine:
    text = (POLICY_DIR / "nantong-pro-2021.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "nantong-pro-2021.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return Engine(load_policy_file(path))


def test_a_dated_credit_rule_applies_by_the_records_date(tmp_path: Path) -> None:
    """南通 第十七条（三） dated from 2022-01-01 (a change of law as an added date): a training
    class on 2021-12-31 is not credited by it; one on 2022-01-01 is, 6 学时 a day."""
    engine = _nantong_with(
        tmp_path, "  - id: training-class\n", "  - id: training-class\n    from: 2022-01-01\n"
    )
    before = engine.evaluate_year(numbered(rec("training_class", "2021-12-31", days=1)), 2021)
    after = engine.evaluate_year(numbered(rec("training_class", "2022-01-01", days=1)), 2022)
    assert (before.total, after.total) == (0, 6)
    assert before.records[0].rule is None


def test_a_dated_requirement_applies_in_the_years_it_touches(tmp_path: Path) -> None:
    """南通 一 "其中公需课不少于24学时", dated to 2021: in 2022 only the total is required."""
    engine = _nantong_with(tmp_path, "  - id: public\n", "  - id: public\n    to: 2021-12-31\n")
    assert [r.id for r in engine.evaluate_year([], 2021).requirements] == ["total", "public"]
    assert [r.id for r in engine.evaluate_year([], 2022).requirements] == ["total"]
