"""宁人社函〔2016〕156号 (宁夏 2016): one test per rule."""

from __future__ import annotations

from builders import audit, codes, counted, rec, year

P = "ningxia-pro-2016"
SENIOR_COURSES = [
    "专业技术人员创新案例",
    "心理健康与心理调适",
    "学术道德与学术规范",
    "专业技术人员能力建设读本",
]


def _courses(titles: list[str], y: int = 2013) -> list:
    return [rec("public_course", f"{y}-05-0{i + 1}", title=t) for i, t in enumerate(titles)]


def _training(hours: int, y: int) -> list:
    """`hours` of filed training in year `y`, in 8-hour days."""
    full, rest = divmod(hours, 8)
    records = (
        [rec("training_class", f"{y}-03-01", end=f"{y}-03-{full:02d}", hours=full * 8)]
        if full
        else []
    )
    if rest:
        records.append(rec("training_class", f"{y}-09-01", hours=rest))
    return records


def test_yi_san_teaching_one_hour_counts_three() -> None:
    """一（三）: 按照授课1学时授予3学时的标准."""
    result = year(P, 2016, rec("teaching", "2016-04-01", hours=4))
    assert result.total == 12


def test_yi_si_round_eight_public_course_counts_30_on_passing() -> None:
    """一（四）: 《当代科学技术新知识》 在线考试合格后 … 记录（30学时）."""
    passed = year(P, 2016, rec("public_course", "2016-06-01", title="《当代科学技术新知识》"))
    assert passed.total == 30
    assert passed.by_subject["public"] == 30
    failed = year(
        P, 2016, rec("public_course", "2016-06-01", title="当代科学技术新知识", passed=False)
    )
    assert failed.total == 0


def test_si_er_each_public_course_counts_30_hours() -> None:
    """四（二）: 公需课每个课程按照 30 学时计算."""
    assert year(P, 2014, *_courses(["学术道德与学术规范"], 2014)).total == 30


def test_san_yi_activities_not_filed_and_approved_are_not_recognised() -> None:
    """三（一）: 未经审核备案的继续教育培训活动，继续教育学时不予认可."""
    result = year(P, 2016, rec("training_class", "2016-04-01", hours=6, approved=False))
    assert result.total == 0
    assert codes(result, 1) == ["not_approved"]
    note = result.records[0].notes[0]
    assert note.citation is not None
    assert note.citation.label() == "宁人社函〔2016〕156号 三（一）"


def test_si_san_study_tour_six_hours_a_day_as_professional_travel_excluded() -> None:
    """四（三）: 考察 … 按实际考察培训时间（路程时间除外），每天以 6 学时 … 专业课程."""
    result = year(
        P, 2016, rec("study_tour", "2016-07-01", end="2016-07-05", days=3, subject="elective")
    )
    assert result.total == 18
    assert result.by_subject["professional"] == 18


def test_si_san_exam_prep_for_title_language_and_computer_exams_does_not_count() -> None:
    """四（三）: 参加职称外语、计算机模块考试前的培训学习不计入继续教育学时."""
    result = year(P, 2016, rec("exam_prep_training", "2016-04-01", hours=20))
    assert result.total == 0
    assert codes(result, 1) == ["excluded"]


def test_si_yi_senior_audit_five_years_360_hours_and_four_courses() -> None:
    """四（一）: 副高级及以上 审验近 5 年（2011-2015 年）, 360 学时, 4 门公需课."""
    records = _courses(SENIOR_COURSES) + [r for y in range(2011, 2016) for r in _training(48, y)]
    result = audit(P, "senior", 2015, *records)
    assert result.window == (2011, 2015)
    assert (result.total, result.required_total) == (360, 360)
    assert result.missing_courses == ()
    assert result.passed


def test_si_yi_senior_audit_fails_without_a_named_course() -> None:
    """四（一）: 须完成 … 4 门公需课 — 360 hours without 《心理健康与心理调适》 fail."""
    titles = [t for t in SENIOR_COURSES if t != "心理健康与心理调适"]
    records = _courses(titles) + [r for y in range(2011, 2016) for r in _training(54, y)]
    result = audit(P, "senior", 2015, *records)
    assert result.total == 360
    assert result.missing_courses == ("《心理健康与心理调适》",)
    assert not result.passed


def test_si_yi_senior_audit_fails_at_359_hours() -> None:
    """四（一）: 总学时须累计 360 学时."""
    records = _courses(SENIOR_COURSES) + [r for y in range(2011, 2015) for r in _training(48, y)]
    records += _training(47, 2015)
    result = audit(P, "senior", 2015, *records)
    assert result.total == 359
    assert not result.passed


def test_si_er_intermediate_audit_four_years_288_and_two_courses() -> None:
    """四（二）: 中级 审验近 4 年（2012-2015 年）, 288 学时, 《学术道德与学术规范》 and
    《专业技术人员团队建设与创新》 or 《专业技术人员能力建设读本》."""
    records = _courses(["学术道德与学术规范", "专业技术人员团队建设与创新"]) + [
        r for y in range(2012, 2016) for r in _training(57, y)
    ]
    result = audit(P, "intermediate", 2015, *records)
    assert result.window == (2012, 2015)
    assert (result.total, result.required_total) == (288, 288)
    assert result.passed


def test_si_hours_outside_the_window_do_not_count() -> None:
    """四（二）: 审验近 4 年 — hours of 2011 do not count for a 2012–2015 window."""
    result = audit(P, "intermediate", 2015, rec("training_class", "2011-03-01", hours=8))
    assert result.total == 0
    assert codes(result, 1) == ["outside_window"]


def test_si_san_degree_begun_and_finished_inside_the_window_completes_it() -> None:
    """四（三）: 在审验期内入学并毕业的，视同完成审验期继续教育任务，只需提交学历证明."""
    result = audit(P, "senior", 2015, rec("degree", "2012-09-01", end="2015-07-01"))
    assert result.passed
    assert result.deemed_complete is not None
    assert result.missing_courses == ()


def test_si_san_degree_spanning_the_edge_counts_certified_hours_and_needs_courses() -> None:
    """四（三）: 跨在审验期内入学并毕业的，具体学时需由院校提供学时证明，并需完成 … 公需课目."""
    degree = rec("degree", "2009-09-01", end="2012-07-01", hours=200)
    result = audit(P, "senior", 2015, degree)
    assert result.deemed_complete is None
    assert counted(result, 1) == 200
    assert len(result.missing_courses) == 4
    assert not result.passed


def test_si_san_degree_begun_inside_and_finished_after_counts_certified_hours() -> None:
    """四（三）: enrolled in the window, graduating after it: the certified hours count."""
    degree = rec("degree", "2014-09-01", end="2017-07-01", hours=120)
    result = audit(P, "senior", 2015, degree)
    assert counted(result, 1) == 120
    assert codes(result, 1) == ["degree_spans_window"]
