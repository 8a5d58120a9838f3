"""通职称办〔2021〕24号 with 通政办发〔2011〕84号 (南通): one test per rule."""

from __future__ import annotations

import pytest
from builders import audit, codes, counted, rec, requirement, year

P = "nantong-pro-2021"


def _full_year(y: int, public: int = 24) -> list:
    """A compliant year: `public` public hours, then training-class days to reach 90."""
    records = [rec("public_course", f"{y}-03-01", title="公需课", hours=public)] if public else []
    days = (90 - public + 5) // 6
    records.append(rec("training_class", f"{y}-05-01", end=f"{y}-05-{days:02d}"))
    return records


def test_yi_90_hours_a_year_with_24_public() -> None:
    """2021 通知 一: 每年 … 不少于90学时，其中公需课不少于24学时."""
    result = year(P, 2022, *_full_year(2022))
    assert result.total >= 90
    assert result.compliant
    short = year(P, 2022, *_full_year(2022, public=20))
    assert [s.requirement for s in short.shortfalls] == ["public"]
    assert requirement(short, "public").citation.label() == "通职称办〔2021〕24号 一"


@pytest.mark.parametrize(
    ("level", "per_day"),
    [("international", 10), ("national", 10), ("regional", 10), ("local", 6)],
)
def test_shi_qi_yi_conferences_by_level_per_day(level: str, per_day: int) -> None:
    """第十七条（一）: 国际、国家、地区级学术会议每天10学时; 地区以下每天6学时."""
    result = year(P, 2022, rec("conference", "2022-04-01", end="2022-04-02", level=level))
    assert result.total == 2 * per_day
    assert result.records[0].citation is not None
    assert result.records[0].citation.label() == "通政办发〔2011〕84号 第十七条（一）"


def test_shi_qi_er_city_high_level_talent_base_training_8_a_day() -> None:
    """第十七条（二）: 参加市高层次人才培训基地培训的，每天以4学分（8学时）计算."""
    result = year(P, 2022, rec("high_level_base_training", "2022-04-01", end="2022-04-03"))
    assert result.total == 24


def test_shi_qi_san_training_classes_and_lectures_6_a_day() -> None:
    """第十七条（三）: 培训班、进修班、学术讲座 每天以3学分（6学时）计算."""
    assert year(P, 2022, rec("training_class", "2022-04-01", days=2, end="2022-04-02")).total == 12


def test_shi_qi_one_credit_is_two_hours() -> None:
    """第十七条: 5学分（10学时） — a distance course registered as 3 credits counts 6 hours."""
    assert year(P, 2022, rec("online_course", "2022-04-01", credits=3)).total == 6


def test_san_hours_earned_in_the_yangtze_river_delta_are_recognised() -> None:
    """三: 长三角地区流动到南通市的专业技能人才，已取得的继续教育学时予以认可."""
    shanghai = year(P, 2022, rec("transfer", "2022-02-01", hours=30, region="上海市"))
    assert shanghai.total == 30
    by_code = year(P, 2022, rec("transfer", "2022-02-01", credits=10, region="330100"))
    assert by_code.total == 20
    beijing = year(P, 2022, rec("transfer", "2022-02-01", hours=30, region="北京市"))
    assert beijing.total == 0
    assert beijing.records[0].notes[0].param("reason") == "region"


def test_si_yi_round_five_certificate_holders_are_exempt_from_public_hours_in_2021() -> None:
    """四（一）: 已取得第五轮公需课合格证明的 … 今年不需要再进行公需科目学习."""
    certificate = rec("public_course", "2019-10-01", title="第五轮公需课", hours=24)
    training = rec("training_class", "2021-05-01", end="2021-05-15")
    result = year(P, 2021, certificate, training)
    assert requirement(result, "public").waived_by is not None
    assert result.compliant
    later = year(P, 2022, certificate, rec("training_class", "2022-05-01", end="2022-05-15"))
    assert not later.compliant


def test_shi_qi_si_award_third_prize_or_higher_completes_the_appointment_period() -> None:
    """第十七条（四）1: 市（厅）级科技进步三等奖及以上 … 视为完成其相应聘期内继续教育."""
    award = rec("award", "2022-12-01", level="municipal", rank=3)
    result = audit(P, "appointment-period", 2023, award)
    assert result.passed
    assert result.deemed_complete is not None
    assert result.deemed_complete.scope == "appointment_period"


@pytest.mark.parametrize(
    "record",
    [
        rec("monograph", "2022-06-01", title="某专著"),
        rec("degree", "2019-09-01", end="2022-06-30"),
        rec("award", "2022-06-01", level="provincial", rank=2),
    ],
)
def test_shi_qi_si_monograph_degree_or_higher_award_completes_the_period(record) -> None:
    """第十七条（四）2、3: 专著、译著，或 … 学历教育获得相应学历或学位."""
    assert audit(P, "appointment-period", 2023, record).passed


@pytest.mark.parametrize(
    "records",
    [
        [rec("award", "2022-06-01", level="municipal", rank=4)],
        [rec("award", "2022-06-01", level="county", rank=3)],
        [rec("publication", "2022-06-01", level="provincial", count=2)],
        [
            rec("publication", "2022-06-01", level="municipal", count=2),
            rec("publication", "2022-08-01", level="national"),
        ],
        [rec("publication", "2022-06-01", level="county", count=4)],
        [rec("qualification_exam", "2022-06-01")],
    ],
)
def test_shi_qi_wu_these_complete_the_year(records) -> None:
    """第十七条（五）: 四等奖、县级三四等奖; 部省级2篇/市级3篇/县级4篇; 资格考试合格."""
    result = year(P, 2022, *records)
    assert result.compliant
    assert result.deemed_complete is not None
    assert result.deemed_complete.scope == "year"
    assert result.shortfalls == ()


def test_shi_qi_wu_three_county_papers_or_a_failed_exam_do_not() -> None:
    """第十七条（五）: 县级4篇 — three are not enough; the exam must be 考试合格."""
    assert not year(P, 2022, rec("publication", "2022-06-01", level="county", count=3)).compliant
    assert not year(P, 2022, rec("qualification_exam", "2022-06-01", passed=False)).compliant


def test_shi_qi_liu_self_study_at_most_a_third_of_the_yearly_requirement() -> None:
    """第十七条（六）: 自学 … 不得超过本年度规定学分(学时)的三分之一 — 50 hours count 30."""
    result = year(P, 2022, rec("self_study", "2022-06-01", hours=50))
    assert counted(result, 1) == 30
    assert codes(result, 1) == ["capped"]


def test_shi_si_public_subject_generally_at_most_a_third_of_the_total() -> None:
    """第十四条: 公需科目 … 学习时间一般不超过 … 总学分(学时)的三分之一 — 40 public count 30."""
    result = year(P, 2022, rec("public_course", "2022-03-01", title="公需课", hours=40))
    assert result.by_subject["public"] == 30


def test_er_shi_qi_appointment_period_average_90_a_year_and_public_courses() -> None:
    """第二十七条: 聘任期内每年平均 … 达到规定要求; 公需课目 … 合格."""
    records = [r for y in (2021, 2022, 2023) for r in _full_year(y)]
    result = audit(P, "appointment-period", 2023, *records)
    assert result.window == (2021, 2023)
    assert result.required_total == 270
    assert result.passed


def test_er_shi_qi_average_lets_a_strong_year_make_up_for_a_weak_one() -> None:
    """第二十七条（二）: 每年平均 — 60 + 120 + 90 over three years is an average of 90."""
    records = [
        rec("public_course", "2021-03-01", title="公需课", hours=24),
        rec("training_class", "2021-05-01", days=6, end="2021-05-06"),
        rec("public_course", "2022-03-01", title="公需课", hours=24),
        rec("training_class", "2022-05-01", days=16, end="2022-05-16"),
        *_full_year(2023),
    ]
    result = audit(P, "appointment-period", 2023, *records)
    assert [y.compliant for y in result.years] == [False, True, True]
    assert result.total >= 270
    assert result.passed


def test_er_shi_qi_public_hours_short_over_the_period_fail_it() -> None:
    """第二十七条（三）: the period's public hours must reach the yearly minimums summed."""
    records = [r for y in (2022, 2023) for r in _full_year(y)]
    records += [rec("training_class", "2024-05-01", end="2024-05-16")]
    result = audit(P, "appointment-period", 2024, *records)
    assert result.total >= 270
    assert [p.code for p in result.problems] == ["subject_short_over_window"]
    assert not result.passed


def test_shi_si_elective_subjects_count_towards_the_total() -> None:
    """第十四条: 公需科目、专业科目和个人选修科目三类 — elective hours count in the total."""
    result = year(
        P,
        2022,
        rec("public_course", "2022-03-01", title="公需课", hours=24),
        rec("training_class", "2022-05-01", end="2022-05-06"),
        rec("training_class", "2022-06-01", end="2022-06-05", subject="elective"),
    )
    assert result.by_subject["elective"] == 30
    assert result.total == 90
    assert result.compliant
