"""金华市技能人才继续教育学分管理办法（试行）, 金人社发〔2020〕64号: one test per rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from builders import audit, codes, counted, rec, requirement, year

from jxjy.policy.engine import AuditTargetError
from jxjy.policy.reading import parse_fields
from jxjy.policy.records import Record

P = "jinhua-skills-2020"


def test_jiu_requires_90_credits_a_year() -> None:
    """（九）: 89 credits fall short of 90 by exactly one credit."""
    result = year(
        P,
        2023,
        rec("online_course", "2023-02-01", credits=71),
        rec("online_exam", "2023-02-02", credits=18, subject="public"),
    )
    assert result.total == 89
    assert not requirement(result, "total").met
    assert [(s.requirement, s.missing) for s in result.shortfalls] == [("total", 1)]


def test_jiu_public_at_least_18_and_professional_two_thirds_of_90() -> None:
    """（九）: public ≥ 18; professional ≥ two thirds of the 90 required, i.e. 60."""
    result = year(
        P,
        2023,
        rec("online_course", "2023-02-01", credits=59),
        rec("online_course", "2023-02-01", credits=17, subject="public"),
        rec("online_exam", "2023-02-02", credits=20, subject="elective"),
    )
    assert requirement(result, "professional").required == 60
    assert not requirement(result, "professional").met
    assert not requirement(result, "public").met
    assert requirement(result, "total").met


def test_jiu_part_of_credits_must_come_from_online_special_exams() -> None:
    """（九）: 部分学分须通过在线专项考试取得 — 100 credits without an exam are not enough."""
    result = year(
        P,
        2023,
        rec("online_course", "2023-03-01", credits=80),
        rec("online_course", "2023-03-01", credits=20, subject="public"),
    )
    assert not result.compliant
    assert [s.requirement for s in result.shortfalls] == ["online-exam"]
    with_exam = year(
        P,
        2023,
        rec("online_course", "2023-03-01", credits=80),
        rec("online_course", "2023-03-01", credits=19, subject="public"),
        rec("online_exam", "2023-03-02", credits=1, subject="public"),
    )
    assert with_exam.compliant


def test_shi_online_courses_and_exams_count_their_set_credits() -> None:
    """（十）: 线上课程学习及在线专项考试依据设定学分登记."""
    result = year(P, 2023, rec("online_course", "2023-05-05", credits="2.5"))
    assert result.total == Decimal("2.5")
    assert result.records[0].citation is not None
    assert result.records[0].citation.article == "（十）"


def test_shi_online_course_without_set_credits_counts_nothing_and_says_why() -> None:
    """（十）: a course given only in minutes has no set credits to register."""
    result = year(P, 2023, rec("online_course", "2023-05-05", minutes=90))
    assert result.total == 0
    assert codes(result, 1) == ["missing_field"]


def test_shi_theory_hour_is_two_credits_capped_at_12_a_day() -> None:
    """（十）: 8 hours of theory in one day count 12 credits, not 16."""
    result = year(P, 2023, rec("offline_theory", "2023-06-01", hours=8))
    assert result.records[0].raw == 16
    assert counted(result, 1) == 12
    assert codes(result, 1) == ["capped"]


def test_shi_practice_hour_is_three_credits_capped_at_18_a_day() -> None:
    """（十）: 5 hours of practice count 15; 7 hours count 18, not 21."""
    assert year(P, 2023, rec("offline_practice", "2023-06-01", hours=5)).total == 15
    assert year(P, 2023, rec("offline_practice", "2023-06-01", hours=7)).total == 18


def test_shi_theory_and_practice_caps_are_separate() -> None:
    """（十）: each sentence sets its own daily cap, so one day can hold 12 + 18 credits."""
    result = year(
        P,
        2023,
        rec("offline_theory", "2023-06-01", hours=8),
        rec("offline_practice", "2023-06-01", hours=8),
    )
    assert result.total == 30


def test_shi_daily_cap_spreads_a_multi_day_record_over_its_days() -> None:
    """（十）: 30 theory hours over three days are 20 credits a day, capped to 12 each: 36."""
    result = year(P, 2023, rec("offline_theory", "2023-06-01", end="2023-06-03", hours=30))
    assert counted(result, 1) == 36


def test_shi_daily_cap_spreads_a_record_given_by_date_and_days_over_those_days() -> None:
    """（十）: "30 theory hours, 3 days from 1 June" (no end date, as providers write it)
    spans 1-3 June: 20 credits a day, capped to 12 each, 36; not 12 for one day."""
    parsed = parse_fields(
        1,
        {
            "person_id": "P1",
            "date": "2023-06-01",
            "days": "3",
            "kind": "offline_theory",
            "hours": "30",
        },
    )
    assert isinstance(parsed, Record)
    assert parsed.end_date == dt.date(2023, 6, 3)
    assert counted(year(P, 2023, parsed), 1) == 36


def test_shi_daily_cap_counts_records_of_the_same_day_together() -> None:
    """（十）: two 4-hour theory records on one day are 16 credits, capped to 12."""
    result = year(
        P,
        2023,
        rec("offline_theory", "2023-06-01", hours=4),
        rec("offline_theory", "2023-06-01", hours=4),
    )
    assert result.total == 12


@pytest.mark.parametrize(
    ("level", "expected"),
    [("national", 60), ("provincial", 48), ("municipal", 36), ("county", 24)],
)
def test_shi_yi_1_approved_seminars_by_level(level: str, expected: int) -> None:
    """（十一）（1）: 国家级、省部级、市厅级、县处级 60/48/36/24."""
    assert year(P, 2023, rec("seminar_program", "2023-04-01", level=level)).total == expected


def test_shi_yi_1_seminar_not_approved_by_hr_counts_nothing() -> None:
    """（十一）（1）: only seminars 人力资源社会保障部门批准的 count."""
    result = year(P, 2023, rec("seminar_program", "2023-04-01", level="national", approved=False))
    assert result.total == 0
    assert codes(result, 1) == ["not_approved"]


@pytest.mark.parametrize(
    ("level", "expected"),
    [("national", 60), ("provincial", 48), ("municipal", 36), ("county", 24)],
)
def test_shi_yi_2_research_legislation_standards_per_item(level: str, expected: int) -> None:
    """（十一）（2）: each item by level, 60/48/36/24."""
    assert year(P, 2023, rec("research_project", "2023-04-01", level=level)).total == expected


@pytest.mark.parametrize(
    ("level", "expected"),
    [("core", 60), ("national", 60), ("provincial", 48), ("other", 24)],
)
def test_shi_yi_3_publications_by_journal(level: str, expected: int) -> None:
    """（十一）（3）: 核心刊物(全国性刊物) 60, 省级刊物 48, 其他 24."""
    assert year(P, 2023, rec("publication", "2023-04-01", level=level)).total == expected


@pytest.mark.parametrize(
    ("level", "rank", "expected"),
    [("national", 1, 60), ("provincial", 2, 48), ("municipal", 3, 36), ("county", 3, 24)],
)
def test_shi_yi_4_competition_top_three_by_level(level: str, rank: int, expected: int) -> None:
    """（十一）（4）: 获得国家级、省级、市级、县级前三名 60/48/36/24."""
    result = year(P, 2023, rec("competition", "2023-04-01", level=level, rank=rank))
    assert result.total == expected


def test_shi_yi_4_fourth_place_counts_nothing() -> None:
    """（十一）（4）: only the top three count; fourth place is explained, not silently 0."""
    result = year(P, 2023, rec("competition", "2023-04-01", level="national", rank=4))
    assert result.total == 0
    note = result.records[0].notes[0]
    assert note.code == "conditions_not_met"
    assert note.param("reason") == "rank"
    assert note.citation is not None
    assert note.citation.item == "（4）"


def test_shi_yi_the_four_pathways_together_at_most_60_a_year() -> None:
    """（十一）: 以下途径学习每年度最多计 60 学分 — 60 + 48 + 24 count 60."""
    result = year(
        P,
        2023,
        rec("competition", "2023-03-01", level="national", rank=1),
        rec("publication", "2023-04-01", level="provincial"),
        rec("seminar_program", "2023-05-01", level="county"),
    )
    assert result.total == 60
    assert sorted(n for r in result.records for n in (x.code for x in r.notes)) == [
        "capped",
        "capped",
    ]


def test_shi_yi_cap_is_per_year() -> None:
    """（十一）: the 60 cap restarts each year."""
    records = [
        rec("competition", "2022-03-01", level="national", rank=1),
        rec("competition", "2023-03-01", level="national", rank=1),
    ]
    assert year(P, 2022, *records).total == 60
    assert year(P, 2023, *records).total == 60


def test_shi_si_credits_above_the_total_allow_early_application() -> None:
    """（十四）: cumulative credits since the grade above the required total: may apply early,
    up to 2 years for 高级工 and below and 1 year for 技师 and above."""
    records = [rec("online_course", f"{y}-03-01", credits=91) for y in (2022, 2023)]
    result = audit(P, "early-application", 2023, *records, since=dt.date(2022, 1, 1))
    assert result.window == (2022, 2023)
    assert (result.total, result.required_total) == (182, 180)
    assert result.passed
    assert result.max_years_early == {"高级工及以下": 2, "技师及以上": 1}


def test_shi_si_exactly_the_required_total_is_not_above_it() -> None:
    """（十四）: 超规定学分总额 means above, so exactly 90 a year does not qualify."""
    records = [rec("online_course", "2023-03-01", credits=90)]
    result = audit(P, "early-application", 2023, *records, since=dt.date(2023, 1, 1))
    assert not result.passed


def test_er_shi_credits_reset_to_zero_on_promotion() -> None:
    """（二十）: credits earned before the current grade do not carry over."""
    records = [
        rec("online_course", "2023-03-01", credits=100),
        rec("online_course", "2023-09-01", credits=20),
    ]
    result = audit(P, "early-application", 2023, *records, since=dt.date(2023, 6, 1))
    assert result.total == 20
    assert codes(result, 1) == ["reset_on_promotion"]
    assert not result.passed


def test_shi_si_early_application_needs_the_grade_date() -> None:
    """（十四）/（二十）: the window starts at the grade; without its date there is no answer."""
    with pytest.raises(AuditTargetError):
        audit(P, "early-application", 2023, rec("online_course", "2023-03-01", credits=1))


def test_shi_wu_examiners_need_the_yearly_minimum() -> None:
    """（十五）: 考评人员、竞赛裁判员 … 每年度继续教育学分不低于最低要求."""
    short = audit(P, "examiner", 2023, rec("online_course", "2023-03-01", credits=50))
    assert not short.passed
    assert [p.code for p in short.problems] == ["year_not_compliant"]


def test_ba_failed_assessment_counts_nothing() -> None:
    """（八）: registration follows the 考试考核结果; a failed record counts 0."""
    result = year(P, 2023, rec("offline_theory", "2023-06-01", hours=2, passed=False))
    assert result.total == 0
    assert codes(result, 1) == ["not_passed"]


def test_kind_this_policy_does_not_credit_counts_zero_with_a_note() -> None:
    """A known kind Jinhua does not credit (a conference) counts 0 and says so."""
    result = year(P, 2023, rec("conference", "2023-06-01", level="national"))
    assert result.total == 0
    assert codes(result, 1) == ["not_credited"]


def test_shi_liu_training_programmes_need_last_years_minimum() -> None:
    """（十六）: 入选各类高技能人才培养项目的人员，近一年继续教育学分不低于最低要求."""
    full = [
        rec("online_course", "2023-03-01", credits=52),
        rec("online_course", "2023-03-02", credits=18, subject="public"),
        rec("online_exam", "2023-03-03", credits=20),
    ]
    assert audit(P, "training-program", 2023, *full).passed
    assert not audit(P, "training-program", 2024, *full).passed
