"""Engine behaviour that is not one city's rule: days, rounding, explanations."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from builders import codes, counted, numbered, rec, year

from jxjy.policy.engine import Engine
from jxjy.policy.loader import POLICY_DIR, load_policy_file
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
