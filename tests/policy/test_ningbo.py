"""宁波市技能人才继续教育管理办法（征求意见稿）: one test per rule."""

from __future__ import annotations

import pytest
from builders import audit, codes, counted, rec, requirement, year

from jxjy.policy.reading import parse_fields
from jxjy.policy.records import Record

P = "ningbo-skills-2020"


def _compliant_year(y: int) -> list:
    return [rec("offline_theory", f"{y}-03-0{d}", hours=8) for d in range(1, 6)] + [
        rec("online_course", f"{y}-04-01", minutes=600, subject="public")
    ]


def test_di_er_shi_tiao_60_hours_a_year_public_18_professional_two_thirds() -> None:
    """第二十条: 40 professional + 20 public = 60 meets all three minimums."""
    result = year(P, 2023, *_compliant_year(2023))
    assert result.total == 60
    assert requirement(result, "professional").required == 40
    assert result.compliant


def test_di_er_shi_tiao_professional_is_two_thirds_of_the_requirement_not_of_earnings() -> None:
    """第二十条: 专业科目不少于总学时的三分之二 is read against the 60 required, so 40
    professional hours suffice even when the total earned is 70."""
    records = [rec("offline_theory", f"2023-03-0{d}", hours=8) for d in range(1, 6)]
    records.append(rec("online_course", "2023-04-01", minutes=900, subject="public"))
    result = year(P, 2023, *records)
    assert result.total == 70
    assert requirement(result, "professional").met


def test_di_er_shi_tiao_public_below_18_is_a_shortfall() -> None:
    """第二十条: 公共科目不少于18学时."""
    records = [rec("offline_theory", f"2023-03-{d:02d}", hours=8) for d in range(1, 10)]
    records.append(rec("online_course", "2023-04-01", minutes=510, subject="public"))
    result = year(P, 2023, *records)
    assert requirement(result, "public").actual == 17
    assert [(s.requirement, s.missing) for s in result.shortfalls] == [("public", 1)]


def test_di_er_shi_tiao_face_to_face_at_most_8_hours_a_day() -> None:
    """第二十条第二款: 线下学习（面授）每天 … 一般不超过8学时 — 10 hours count 8."""
    result = year(P, 2023, rec("training_class", "2023-05-01", hours=10))
    assert counted(result, 1) == 8
    assert codes(result, 1) == ["capped"]


@pytest.mark.parametrize(("days", "expected"), [("2", 16), ("2.5", 20), ("3", 20)])
def test_di_er_shi_tiao_a_class_of_days_from_its_date_is_capped_8_hours_each_day(
    days: str, expected: int
) -> None:
    """第二十条第二款: 20 hours "over N days from 10 May" are spread over ceil(N) calendar
    days: over 2 days 10 a day, 8 count each (16); over 2.5 (three calendar days) or 3 days
    fewer than 8 a day, all 20 count."""
    parsed = parse_fields(
        1,
        {
            "person_id": "P1",
            "date": "2023-05-10",
            "days": days,
            "kind": "training_class",
            "hours": "20",
        },
    )
    assert isinstance(parsed, Record)
    assert year(P, 2023, parsed).total == expected


def test_di_er_shi_tiao_the_daily_cap_covers_all_face_to_face_kinds_together() -> None:
    """第二十条第二款: theory 5 + practice 5 on one day is 10 face-to-face hours: 8 count."""
    result = year(
        P,
        2023,
        rec("offline_theory", "2023-05-01", hours=5),
        rec("offline_practice", "2023-05-01", hours=5),
    )
    assert result.total == 8


def test_di_er_shi_tiao_online_every_30_minutes_of_courseware_is_one_hour() -> None:
    """第二十条第二款: 在线学习按课件时长每30分钟折算1学时 — 90 minutes are 3 hours."""
    assert year(P, 2023, rec("online_course", "2023-05-01", minutes=90)).total == 3


def test_di_er_shi_tiao_45_minutes_of_courseware_make_one_hour_not_one_and_a_half() -> None:
    """第二十条第二款: only whole 30-minute blocks convert; the remainder is noted."""
    result = year(P, 2023, rec("online_course", "2023-05-01", minutes=45))
    assert result.total == 1
    assert codes(result, 1) == ["whole_units_only"]


def test_online_learning_has_no_daily_cap() -> None:
    """第二十条: the 8-hour cap is for 面授 only; 600 minutes online in one day are 20 hours."""
    assert year(P, 2023, rec("online_course", "2023-05-01", minutes=600)).total == 20


def test_di_san_shi_san_tiao_direct_recognition_needs_both_of_the_last_two_years() -> None:
    """第三十三条: 近两年继续教育学时不低于最低标准 — each of the two years."""
    both = audit(P, "direct-recognition", 2023, *_compliant_year(2022), *_compliant_year(2023))
    assert both.window == (2022, 2023)
    assert both.passed
    assert both.required_total == 120
    one = audit(
        P,
        "direct-recognition",
        2023,
        *_compliant_year(2023),
        *[rec("offline_theory", f"2022-03-{d:02d}", hours=8) for d in range(1, 15)],
    )
    assert one.total >= 120
    assert not one.passed
    assert [p.param("year") for p in one.problems] == ["2022"]


def test_di_san_shi_si_tiao_examiners_need_the_minimum_for_the_year() -> None:
    """第三十四条: 考评员、竞赛裁判 … 未达标者不予评定."""
    assert audit(P, "examiner", 2023, *_compliant_year(2023)).passed
    assert not audit(P, "examiner", 2023, *_compliant_year(2022)).passed


def test_di_jiu_tiao_certificates_follow_assessment_results() -> None:
    """第九条: 根据考试考核结果如实出具 … 证明 — a failed class counts nothing."""
    result = year(P, 2023, rec("training_class", "2023-05-01", hours=6, passed=False))
    assert result.total == 0
    assert codes(result, 1) == ["not_passed"]
