"""人社部令第25号: the national baseline for professional technical personnel."""

from __future__ import annotations

from builders import rec, requirement, year

P = "national-pro-2015"


def test_di_ba_tiao_90_hours_a_year_professional_two_thirds() -> None:
    """第八条: 每年累计应不少于90学时，其中，专业科目一般不少于总学时的三分之二."""
    result = year(
        P,
        2020,
        rec("training_class", "2020-05-01", end="2020-05-10", hours=60),
        rec("online_course", "2020-06-01", hours=30, subject="public"),
    )
    assert result.total == 90
    assert requirement(result, "professional").required == 60
    assert result.compliant


def test_di_ba_tiao_59_professional_hours_fall_short() -> None:
    """第八条: 专业科目 … 三分之二 of 90 is 60."""
    result = year(
        P,
        2020,
        rec("training_class", "2020-05-01", end="2020-05-10", hours=59),
        rec("online_course", "2020-06-01", hours=40, subject="public"),
    )
    assert [(s.requirement, s.missing) for s in result.shortfalls] == [("professional", 1)]
