"""End to end: the `jxjy` command line on CSV and JSON Lines files.

Every expected figure below is worked out by hand from the policy files in
`src/jxjy/policy/policies/`, never by calling the engine; the arithmetic is in the comments.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from jxjy.cli import main
from jxjy.policy.citations import display_path
from jxjy.policy.loader import POLICY_DIR

JINHUA = "jinhua-skills-2020"
NANTONG = "nantong-pro-2021"
NINGXIA = "ningxia-pro-2016"

JINHUA_DOC = "金人社发〔2020〕64号"

Row = dict[str, Any]


# ---------------------------------------------------------------------------------------
# Helpers


def write_csv(
    path: Path, rows: Sequence[Row], columns: Sequence[str] | None = None, bom: bool = False
) -> Path:
    """`rows` as CSV with the given column order (default: first seen); absent = empty cell."""
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else str(row[c]) for c in columns])
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


def write_jsonl(path: Path, rows: Sequence[Row]) -> Path:
    """`rows` as JSON Lines; numbers stay JSON numbers, absent fields are left out."""
    lines = [
        json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False)
        for row in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    """Run the CLI in process; (exit status, stdout, stderr)."""
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> list[dict[str, Any]]:
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    assert err == ""
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def one(items: list[dict[str, Any]], **where: Any) -> dict[str, Any]:
    found = [i for i in items if all(i.get(k) == v for k, v in where.items())]
    assert len(found) == 1, (where, items)
    return found[0]


def block(out: str, person: str) -> str:
    """The report of one person: from its "人员 ID · " line to the next person's."""
    lines = out.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(("人员 ", "Person "))]
    mine = [i for i in starts if lines[i].split(" · ")[0].split(" ", 1)[1] == person]
    assert len(mine) == 1, out
    end = next((i for i in starts if i > mine[0]), len(lines))
    return "\n".join(lines[mine[0] : end])


# ---------------------------------------------------------------------------------------
# Jinhua data for `evaluate` (金人社发〔2020〕64号), year 2021.
#
# JH-A: row 1 online_exam 10 credits -> 10 （十）
#       row 2 offline_theory 8 h x 2 = 16, daily cap 12 -> 12, 4 cut （十）第二款
#       row 4 offline_practice 4 h x 3 = 12 (cap 18) -> 12
#       row 5 online_course public 18 credits -> 18
#       row 6 online_course 30 credits dated 2020 -> raw 30, counted 0 (other year)
#       row 10 offline_theory 30 h over 2 days = 60, 30 a day, cap 12 a day -> 24, 36 cut
#       total 10+12+12+18+24 = 76; public 18; professional 10+12+12+24 = 58
#       （九）: total 90 -> 14 short; public 18 met; professional 2/3 x 90 = 60 -> 2 short;
#       online exam > 0 met.
# JH-B: row 3 public online_course 20; row 7 online_exam 10; row 8 offline_practice
#       15 h over 3 days = 45 (15 a day <= 18); row 9 online_course 15
#       total 90; public 20; professional 70 -> compliant.

JINHUA_ROWS: list[Row] = [
    {"person_id": "JH-A", "date": "2021-03-02", "kind": "online_exam", "credits": 10},
    {"person_id": "JH-A", "date": "2021-04-10", "kind": "offline_theory", "hours": 8},
    {
        "person_id": "JH-B",
        "date": "2021-02-01",
        "kind": "online_course",
        "subject": "public",
        "credits": 20,
    },
    {"person_id": "JH-A", "date": "2021-05-06", "kind": "offline_practice", "hours": 4},
    {
        "person_id": "JH-A",
        "date": "2021-06-01",
        "kind": "online_course",
        "subject": "public",
        "credits": 18,
    },
    {"person_id": "JH-A", "date": "2020-12-30", "kind": "online_course", "credits": 30},
    {"person_id": "JH-B", "date": "2021-07-01", "kind": "online_exam", "credits": 10},
    {
        "person_id": "JH-B",
        "date": "2021-08-01",
        "end_date": "2021-08-03",
        "kind": "offline_practice",
        "hours": 15,
    },
    {"person_id": "JH-B", "date": "2021-09-01", "kind": "online_course", "credits": 15},
    {
        "person_id": "JH-A",
        "date": "2021-10-11",
        "end_date": "2021-10-12",
        "kind": "offline_theory",
        "hours": 30,
    },
]

EVALUATE = ("evaluate", "--policy", JINHUA, "--year", "2021")


@pytest.fixture
def jinhua_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "jinhua.csv", JINHUA_ROWS)


# ---------------------------------------------------------------------------------------
# policies


def test_policies_lists_every_policy_with_its_document(capsys: pytest.CaptureFixture[str]) -> None:
    """Each shipped policy on one line with its 文号 (the `document` of each policy file)."""
    status, out, err = run(capsys, "policies")
    assert status == 0
    assert err == ""
    expected = {
        "jinhua-skills-2020": "金人社发〔2020〕64号",
        "nantong-pro-2021": "通职称办〔2021〕24号",
        "national-pro-2015": "人社部令第25号",
        "ningbo-skills-2020": "宁波市技能人才继续教育管理办法（征求意见稿）",
        "ningxia-pro-2016": "宁人社函〔2016〕156号",
    }
    lines = out.splitlines()
    assert "文号" in lines[0]
    for policy_id, document in expected.items():
        matching = [line for line in lines if line.startswith(policy_id + " ")]
        assert len(matching) == 1, policy_id
        assert document in matching[0]
    assert len(lines) == 1 + len(expected)


def test_policies_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """The policy list with English headers and unit names (学分 -> credits, 学时 -> hours)."""
    status, out, _ = run(capsys, "policies", "--lang", "en")
    assert status == 0
    assert out.splitlines()[0].split() == ["Id", "Title", "Document", "In", "force", "Unit"]
    jinhua = next(line for line in out.splitlines() if line.startswith(JINHUA))
    assert jinhua.endswith("credits")
    nantong = next(line for line in out.splitlines() if line.startswith(NANTONG))
    assert nantong.endswith("hours")


# ---------------------------------------------------------------------------------------
# evaluate: text


def test_evaluate_text_names_requirement_shortfall_and_article(
    capsys: pytest.CaptureFixture[str], jinhua_csv: Path
) -> None:
    """金人社发〔2020〕64号 （九） (90 a year, public 18, professional 2/3) and （十）第二款
    (2 per theory hour, 12 a day): JH-A is 14 short of 90 and 2 short of 60; JH-B complies."""
    status, out, err = run(capsys, *EVALUATE, jinhua_csv)
    assert status == 0
    assert err == ""
    a = block(out, "JH-A")
    assert "2021 年度" in a.splitlines()[0]
    assert "合计 76 学分（公共科目 18，专业科目 58，选修科目 0）" in a
    assert "结论：未达标" in a
    assert "  - 年度总学分还差 14学分 · 金人社发〔2020〕64号 （九）" in a
    assert "  - 专业科目学分还差 2学分 · 金人社发〔2020〕64号 （九）" in a
    assert "公共科目学分还差" not in a
    # the requirement table: name, required, actual, met, citation
    [professional] = [line.split() for line in a.splitlines() if line.startswith("专业科目学分")]
    assert professional[1:4] == ["≥60", "58", "✗"]
    assert "受「线下理论学习每天不超过12学分」限制（上限 12学分），核减 4学分" in a
    assert "核减 36学分" in a
    assert "记入 2020 年度（按结束日期），不计入本年度" in a
    assert "金人社发〔2020〕64号 （十）第二款" in a

    b = block(out, "JH-B")
    assert "合计 90 学分（公共科目 20，专业科目 70，选修科目 0）" in b
    assert "结论：达标" in b
    assert "差额" not in b
    # people in order of first appearance
    assert out.index("人员 JH-A") < out.index("人员 JH-B")


def test_evaluate_text_in_english(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """（十一）: a national seminar is 60 credits, a provincial top-three competition 48, but
    those pathways count at most 60 a year; (十一)(1) needs approval. 60 in all, so
    （九）: 30 short of 90, 18 short of public 18, and no online-exam credits (> 0)."""
    rows: list[Row] = [
        {"person_id": "JH-C", "date": "2021-03-01", "kind": "seminar_program", "level": "national"},
        {
            "person_id": "JH-C",
            "date": "2021-04-01",
            "kind": "seminar_program",
            "level": "municipal",
            "approved": "false",
        },
        {
            "person_id": "JH-C",
            "date": "2021-06-01",
            "kind": "competition",
            "level": "provincial",
            "rank": 2,
        },
    ]
    path = write_csv(tmp_path / "pathways.csv", rows)
    status, out, err = run(capsys, *EVALUATE, "--lang", "en", path)
    assert status == 0
    assert err == ""
    assert out.startswith("Person JH-C · ")
    assert "Total 60 credits (public 0, professional 60, elective 0)  Result: not compliant" in out
    assert "Shortfalls:" in out
    assert "  - 30 credits short of 年度总学分 · 金人社发〔2020〕64号 （九）" in out
    assert "  - 18 credits short of 公共科目学分 · 金人社发〔2020〕64号 （九）" in out
    assert (
        "  - 在线专项考试学分: more than 0 credits needed, 0 so far · 金人社发〔2020〕64号 （九）"
        in out
    )
    assert "short of 专业科目学分" not in out
    assert "not filed and approved, so not recognised" in out
    assert (
        "capped by '（十一）所列途径每年度最多计60学分' (limit 60 credits): 48 credits not counted"
        in out
    )
    for label in ("Requirement", "Required", "Actual", "Met", "Citation", "Records:"):
        assert label in out
    assert "结论" not in out
    assert "差额" not in out


# ---------------------------------------------------------------------------------------
# evaluate: JSON


# The keys in the order docs/results-json.md §2 and §4 document.
TOP_KEYS = [
    "person_id",
    "policy",
    "policy_version",
    "year",
    "unit",
    "total",
    "by_subject",
    "requirements",
    "compliant",
    "deemed_complete",
    "shortfalls",
    "records",
]
RECORD_KEYS = ["row", "kind", "subject", "raw", "counted", "rule", "citation", "notes"]
SHORTFALL_KEYS = ["requirement", "name", "missing", "strictly_more", "message", "citation"]


def test_evaluate_json_shape_and_figures(
    capsys: pytest.CaptureFixture[str], jinhua_csv: Path
) -> None:
    """The JSON of 金人社发〔2020〕64号 （九）/（十）: one object per person in order of first
    appearance, each record with its raw and counted credits and its citation."""
    data = run_json(capsys, *EVALUATE, jinhua_csv)
    assert [p["person_id"] for p in data] == ["JH-A", "JH-B"]
    for person in data:
        assert list(person) == TOP_KEYS
        assert list(person["by_subject"]) == ["public", "professional", "elective"]
        assert person["policy"] == JINHUA
        assert person["year"] == 2021
        assert person["unit"] == "credit"
        for record in person["records"]:
            assert list(record) == RECORD_KEYS
            for note in record["notes"]:
                assert note.keys() >= {"code", "message", "citation"}
        for shortfall in person["shortfalls"]:
            assert list(shortfall) == SHORTFALL_KEYS

    a, b = data
    assert a["total"] == 76
    assert a["by_subject"] == {"public": 18, "professional": 58, "elective": 0}
    assert a["compliant"] is False
    assert a["deemed_complete"] is False
    requirements = {r["id"]: (r["required"], r["actual"], r["met"]) for r in a["requirements"]}
    assert requirements == {
        "total": (90, 76, False),
        "public": (18, 18, True),
        "professional": (60, 58, False),
        "online-exam": (0, 10, True),
    }
    assert one(a["requirements"], id="online-exam")["strictly_more"] is True
    assert [(s["requirement"], s["missing"]) for s in a["shortfalls"]] == [
        ("total", 14),
        ("professional", 2),
    ]
    shortfall = a["shortfalls"][0]
    assert shortfall["message"] == "年度总学分还差 14学分"
    assert shortfall["citation"]["label"] == "金人社发〔2020〕64号 （九）"
    assert shortfall["citation"]["document"] == JINHUA_DOC
    assert shortfall["citation"]["article"] == "（九）"

    rows = [(r["row"], r["kind"], r["raw"], r["counted"]) for r in a["records"]]
    assert rows == [
        (1, "online_exam", 10, 10),
        (2, "offline_theory", 16, 12),
        (4, "offline_practice", 12, 12),
        (5, "online_course", 18, 18),
        (6, "online_course", 30, 0),
        (10, "offline_theory", 60, 24),
    ]
    theory = one(a["records"], row=2)
    assert theory["citation"]["label"] == "金人社发〔2020〕64号 （十）第二款"
    assert theory["citation"]["paragraph"] == "第二款"
    assert [n["code"] for n in theory["notes"]] == ["capped"]
    assert theory["notes"][0]["message"].endswith("核减 4学分")
    assert theory["notes"][0]["citation"]["article"] == "（十）"
    assert [n["code"] for n in one(a["records"], row=6)["notes"]] == ["outside_year"]
    assert one(a["records"], row=1)["notes"] == []
    assert one(a["records"], row=1)["citation"]["label"] == "金人社发〔2020〕64号 （十）"

    assert b["total"] == 90
    assert b["by_subject"] == {"public": 20, "professional": 70, "elective": 0}
    assert b["compliant"] is True
    assert b["shortfalls"] == []
    assert [(r["row"], r["counted"]) for r in b["records"]] == [(3, 20), (7, 10), (8, 45), (9, 15)]


def test_evaluate_json_english_messages(
    capsys: pytest.CaptureFixture[str], jinhua_csv: Path
) -> None:
    """--lang en translates messages, never the cited text (（九） stays as written)."""
    data = run_json(capsys, *EVALUATE, "--lang", "en", jinhua_csv)
    shortfall = data[0]["shortfalls"][0]
    assert shortfall["message"] == "14 credits short of 年度总学分"
    assert shortfall["citation"]["label"] == "金人社发〔2020〕64号 （九）"
    note = one(data[0]["records"], row=2)["notes"][0]
    assert note["message"] == (
        "capped by '线下理论学习每天不超过12学分' (limit 12 credits): 4 credits not counted"
    )


def test_csv_with_bom_and_shuffled_columns_equals_jsonl(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Same records, same answer: CSV (BOM, columns in another order) and JSON Lines give
    identical JSON for 金人社发〔2020〕64号 （九）/（十）."""
    columns = ["hours", "kind", "credits", "end_date", "subject", "person_id", "date"]
    as_csv = write_csv(tmp_path / "shuffled.csv", JINHUA_ROWS, columns=columns, bom=True)
    assert as_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    as_jsonl = write_jsonl(tmp_path / "records.jsonl", JINHUA_ROWS)
    from_csv = run_json(capsys, *EVALUATE, as_csv)
    from_jsonl = run_json(capsys, *EVALUATE, as_jsonl)
    assert from_csv == from_jsonl
    assert [p["total"] for p in from_csv] == [76, 90]


# ---------------------------------------------------------------------------------------
# invalid input


def test_invalid_rows_all_listed_nothing_on_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Invalid rows: exit 2, every error with its row and field on stderr, stdout empty."""
    path = tmp_path / "bad.csv"
    path.write_text(
        "person_id,date,kind,hours,credits,level,rank\n"
        "P1,2021-01-05,online_exam,,5,,\n"  # 1: valid
        "P1,2021-02-30,offline_theory,abc,,,\n"  # 2: no such date; hours not a number
        "P2,2021-03-01,lecture,,,,\n"  # 3: unknown kind
        "P2,2021-03-02,offline_theory,,,,\n"  # 4: offline_theory needs hours
        ",2021-03-03,competition,,,national,0\n",  # 5: no person; rank 0
        encoding="utf-8",
    )
    status, out, err = run(capsys, *EVALUATE, path)
    assert status == 2
    assert out == ""
    assert err.splitlines() == [
        "第 2 行，字段 date：日期不存在（2021-02-30）",
        "第 2 行，字段 hours：不是数字（abc）",
        "第 3 行，字段 kind：未知的活动类型（lecture）",
        "第 4 行，字段 hours：缺少必填字段",
        "第 5 行，字段 person_id：缺少必填字段",
        "第 5 行，字段 rank：不是大于等于 1 的整数（0）",
    ]

    status, out, err = run(capsys, *EVALUATE, "--lang", "en", path)
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 6
    assert lines[0] == "row 2, field date: no such date (2021-02-30)"
    assert lines[3] == "row 4, field hours: required field is missing"


def test_invalid_jsonl_lines_all_listed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """JSON Lines: broken JSON, a non-object and a negative amount, each with its line."""
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"person_id": "P1", "date": "2021-01-05", "kind": "online_exam", "credits": 5}\n'
        '{"person_id": "P1", "date": "2021-01-06"\n'
        "[1, 2]\n"
        '{"person_id": "P1", "date": "2021-01-07", "kind": "online_exam", "credits": -1}\n',
        encoding="utf-8",
    )
    status, out, err = run(capsys, *EVALUATE, "--lang", "en", path)
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("row 2: not valid JSON (")
    assert lines[1] == "row 3: not a JSON object ([1, 2])"
    assert lines[2] == "row 4, field credits: must not be negative (-1)"


def test_unsupported_file_format_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Only .csv and JSON Lines are read; another suffix is one error for the whole file."""
    path = tmp_path / "records.txt"
    path.write_text("person_id,date,kind\n", encoding="utf-8")
    status, out, err = run(capsys, *EVALUATE, path)
    assert status == 2
    assert out == ""
    assert err.splitlines() == [
        "文件：不支持的文件格式（.txt），应为 .csv、.jsonl、.ndjson 或 .json"
    ]


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A file that does not exist is invalid input: status 2 and a message, no traceback."""
    status, out, err = run(capsys, *EVALUATE, tmp_path / "absent.csv")
    assert status == 2
    assert out == ""
    assert err.strip().endswith("absent.csv：文件不存在")


def test_unknown_policy_exits_2(capsys: pytest.CaptureFixture[str], jinhua_csv: Path) -> None:
    """An id that names no policy file is refused with the known ids, status 2."""
    status, out, err = run(
        capsys, "evaluate", "--policy", "nope-2099", "--year", "2021", jinhua_csv
    )
    assert status == 2
    assert out == ""
    assert "nope-2099" in err
    assert JINHUA in err


def test_unknown_audit_target_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """宁人社函〔2016〕156号 defines only senior and intermediate reviews."""
    path = write_csv(
        tmp_path / "x.csv",
        [{"person_id": "P", "date": "2015-01-01", "kind": "self_study", "hours": 1}],
    )
    status, out, err = run(
        capsys, "audit", "--policy", NINGXIA, "--target", "junior", "--through", "2015", path
    )
    assert status == 2
    assert out == ""
    assert "junior" in err
    assert "senior" in err
    assert "intermediate" in err


# ---------------------------------------------------------------------------------------
# audit: 宁人社函〔2016〕156号


def test_ningxia_list_targets(capsys: pytest.CaptureFixture[str]) -> None:
    """四（一） senior review over 5 years, 四（二） intermediate over 4."""
    status, out, err = run(capsys, "audit", "--policy", NINGXIA, "--list-targets")
    assert status == 0
    assert err == ""
    rows = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert set(rows) == {"senior", "intermediate"}
    assert " 5 年 " in rows["senior"]
    assert " 4 年 " in rows["intermediate"]
    assert rows["senior"].endswith("宁人社函〔2016〕156号 四（一）")
    assert rows["intermediate"].endswith("宁人社函〔2016〕156号 四（二）")


SENIOR_COURSES = [
    "专业技术人员创新案例",
    "心理健康与心理调适",
    "学术道德与学术规范",
    "专业技术人员团队建设与创新",
]


def _training(person: str, year: int, month: int, hours: int = 40) -> Row:
    """A five-day approved training class (hours granted, 三（一）); 40 h <= 5 x 24."""
    start = f"{year}-{month:02d}-10"
    return {
        "person_id": person,
        "date": start,
        "end_date": f"{year}-{month:02d}-14",
        "kind": "training_class",
        "hours": hours,
    }


def _course(person: str, day: str, title: str) -> Row:
    return {"person_id": person, "date": day, "kind": "public_course", "title": title}


def test_ningxia_senior_audit_passes_with_360_hours_and_four_courses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """四（一）: senior review through 2015 covers 2011–2015 and needs 360 hours with the four
    public courses (the 4th may be 《专业技术人员能力建设读本》 instead). 四（二）: each public
    course counts 30 hours -> 4 x 30 = 120; six 40-hour classes 2011–2015 -> 240; 360 in all.
    Outside the window (2010) and 四（三） exam-preparation training count nothing."""
    rows = [
        _course("NX-1", "2011-03-01", "专业技术人员创新案例"),
        _course("NX-1", "2012-03-01", "心理健康与心理调适"),
        _course("NX-1", "2013-03-01", "《学术道德与学术规范》"),
        _course("NX-1", "2014-03-01", "专业技术人员能力建设读本"),
        _training("NX-1", 2011, 5),
        _training("NX-1", 2012, 5),
        _training("NX-1", 2013, 5),
        _training("NX-1", 2014, 5),
        _training("NX-1", 2015, 5),
        _training("NX-1", 2015, 9),
        _training("NX-1", 2010, 5),
        {"person_id": "NX-1", "date": "2015-10-10", "kind": "exam_prep_training", "hours": 20},
    ]
    path = write_csv(tmp_path / "nx.csv", rows)
    argv = ("audit", "--policy", NINGXIA, "--target", "senior", "--through", "2015", path)
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert "审验期 2011–2015：合计 360 / 360 学时  结论：通过" in out
    assert "宁人社函〔2016〕156号 四（一）" in out
    assert "未完成公需课" not in out

    [result] = run_json(capsys, *argv)
    assert result["window"] == [2011, 2015]
    assert result["total"] == 360
    assert result["required_total"] == 360
    assert result["missing_courses"] == []
    assert result["passed"] is True
    courses = [r for r in result["records"] if r["kind"] == "public_course"]
    assert [(r["raw"], r["counted"]) for r in courses] == [(30, 30)] * 4
    assert {r["citation"]["label"] for r in courses} == {"宁人社函〔2016〕156号 四（二）"}
    assert one(result["records"], row=11)["counted"] == 0
    assert one(result["records"], row=12)["counted"] == 0
    assert [n["code"] for n in one(result["records"], row=12)["notes"]] == ["excluded"]


def test_ningxia_senior_audit_fails_listing_the_missing_course(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """四（一）: 370 hours (3 x 30 + 7 x 40) are enough, but 《心理健康与心理调适》 is missing
    in 2011–2015 (taken in 2010, outside the window), so the review fails."""
    rows = [
        _course("NX-2", "2010-03-01", "心理健康与心理调适"),
        _course("NX-2", "2011-03-01", "专业技术人员创新案例"),
        _course("NX-2", "2012-03-01", "学术道德与学术规范"),
        _course("NX-2", "2013-03-01", "专业技术人员团队建设与创新"),
        *(_training("NX-2", y, 5) for y in range(2011, 2016)),
        _training("NX-2", 2014, 9),
        _training("NX-2", 2015, 9),
    ]
    path = write_csv(tmp_path / "nx.csv", rows)
    argv = ("audit", "--policy", NINGXIA, "--target", "senior", "--through", "2015", path)
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert "审验期 2011–2015：合计 370 / 360 学时  结论：未通过" in out
    assert "未完成公需课：《心理健康与心理调适》" in out.splitlines()
    [result] = run_json(capsys, *argv)
    assert result["missing_courses"] == ["《心理健康与心理调适》"]
    assert result["passed"] is False


# ---------------------------------------------------------------------------------------
# audit: 通职称办〔2021〕24号 (with 通政办发〔2011〕84号)


def _class(person: str, year: int, days: int) -> Row:
    """A training class from 1 April lasting `days` days: 6 hours a day, 第十七条（三）."""
    return {
        "person_id": person,
        "date": f"{year}-04-01",
        "end_date": f"{year}-04-{days:02d}",
        "kind": "training_class",
    }


def _public(person: str, day: str, hours: int, end: str | None = None) -> Row:
    return {
        "person_id": person,
        "date": day,
        "end_date": end,
        "kind": "public_course",
        "hours": hours,
        "title": "公需科目培训",
    }


def test_nantong_appointment_period_audit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """第二十七条第二款: over the 3-year period 2021–2023 the yearly 90 (一) sum to 270, and
    public hours must reach 3 x 24 = 72. 第十四条: public hours count at most 1/3 x 90 = 30
    a year. NT-A: 24+66, 24+66, min(40, 30)+66 -> 90, 90, 96 = 276, public 78: passes.
    NT-B: 90 (15 days), 24+66, 24+66 = 270 but public 48 < 72: fails.
    NT-C: a provincial science award in 2022 (第十七条（四）) completes the period."""
    rows = [
        _public("NT-A", "2021-03-10", 24),
        _class("NT-A", 2021, 11),
        _public("NT-A", "2022-03-10", 24),
        _class("NT-A", 2022, 11),
        _public("NT-A", "2023-03-10", 40, end="2023-03-12"),
        _class("NT-A", 2023, 11),
        _class("NT-B", 2021, 15),
        _public("NT-B", "2022-03-10", 24),
        _class("NT-B", 2022, 11),
        _public("NT-B", "2023-03-10", 24),
        _class("NT-B", 2023, 11),
        {
            "person_id": "NT-C",
            "date": "2022-06-01",
            "kind": "award",
            "level": "provincial",
            "rank": 1,
        },
        _class("NT-C", 2021, 6),
    ]
    path = write_csv(tmp_path / "nt.csv", rows)
    argv = ("audit", "--policy", NANTONG, "--target", "appointment-period", "--through", "2023")
    status, out, err = run(capsys, *argv, path)
    assert status == 0, err

    a = block(out, "NT-A")
    assert "审验期 2021–2023：合计 276 / 270 学时  结论：通过" in a
    assert "通政办发〔2011〕84号 第二十七条第二款" in a
    cap = "公需科目学习时间一般不超过规定总学时的三分之一"
    assert f"受「{cap}」限制（上限 30学时），核减 10学时" in a

    b = block(out, "NT-B")
    assert "审验期 2021–2023：合计 270 / 270 学时  结论：未通过" in b
    assert "问题：期内公共科目累计 48学时，应达 72学时" in b

    c = block(out, "NT-C")
    assert "结论：通过" in c
    assert "视同完成：视为完成相应聘期内继续教育学时：省部级及以上科技进步奖" in c
    assert "通政办发〔2011〕84号 第十七条（四）" in c

    data = run_json(capsys, *argv, path)
    assert [d["person_id"] for d in data] == ["NT-A", "NT-B", "NT-C"]
    nt_a = data[0]
    assert nt_a["window"] == [2021, 2023]
    assert [(y["year"], y["total"], y["required"]) for y in nt_a["years"]] == [
        (2021, 90, 90),
        (2022, 90, 90),
        (2023, 96, 90),
    ]
    assert (nt_a["total"], nt_a["required_total"], nt_a["passed"]) == (276, 270, True)
    assert data[1]["passed"] is False
    assert [p["code"] for p in data[1]["problems"]] == ["subject_short_over_window"]
    assert data[2]["deemed_complete"]["scope"] == "appointment_period"
    assert data[2]["deemed_complete"]["rows"] == [12]


# ---------------------------------------------------------------------------------------
# audit: 金人社发〔2020〕64号 （十四）/（二十）


def test_jinhua_early_application_since_grade(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """（十四）: applying early needs more than the required total since the current grade
    (3 years, 2021–2023: 3 x 90 = 270); （二十）: credits before the grade (2021-07-01) are
    reset. J-1: 91 x 3 = 273 > 270 passes. J-2: 91 + 91 + 88 = 270 is not more than 270
    (and would pass if the 50 reset credits counted)."""
    rows: list[Row] = []
    for person, last in (("J-1", 91), ("J-2", 88)):
        for day, credits in (
            ("2021-03-01", 50),
            ("2021-09-01", 91),
            ("2022-05-01", 91),
            ("2023-05-01", last),
        ):
            rows.append(
                {"person_id": person, "date": day, "kind": "online_exam", "credits": credits}
            )
    path = write_jsonl(tmp_path / "early.jsonl", rows)
    argv = ("audit", "--policy", JINHUA, "--target", "early-application", "--through", "2023")
    status, out, err = run(capsys, *argv, "--since", "2021-07-01", path)
    assert status == 0, err
    j1 = block(out, "J-1")
    assert "审验期 2021–2023：合计 273 / 270 学分  结论：通过" in j1
    assert "金人社发〔2020〕64号 （十四）" in j1
    assert "最多可提前（年）：高级工及以下 2，技师及以上 1" in j1
    assert "取得现等级（2021-07-01）之前所获学分已清零" in j1
    j2 = block(out, "J-2")
    assert "审验期 2021–2023：合计 270 / 270 学分  结论：未通过" in j2

    data = run_json(capsys, *argv, "--since", "2021-07-01", path)
    assert [(d["total"], d["required_total"], d["passed"]) for d in data] == [
        (273, 270, True),
        (270, 270, False),
    ]
    assert data[0]["max_years_early"] == {"高级工及以下": 2, "技师及以上": 1}
    reset = one(data[0]["records"], row=1)
    assert (reset["raw"], reset["counted"]) == (50, 0)
    assert [n["code"] for n in reset["notes"]] == ["reset_on_promotion"]
    assert reset["notes"][0]["citation"]["article"] == "（二十）"


def test_jinhua_early_application_needs_since(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """（十四）/（二十）: without the date of the current grade there is no window: status 2."""
    path = write_jsonl(
        tmp_path / "early.jsonl",
        [{"person_id": "J", "date": "2022-01-01", "kind": "online_exam", "credits": 1}],
    )
    status, out, err = run(
        capsys,
        "audit",
        "--policy",
        JINHUA,
        "--target",
        "early-application",
        "--through",
        "2023",
        path,
    )
    assert status == 2
    assert out == ""
    assert "since" in err


# ---------------------------------------------------------------------------------------
# The module entry point, in a separate process


def _module(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "jxjy.cli", *map(str, argv)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )


def test_module_entry_point_json(jinhua_csv: Path) -> None:
    """`python -m jxjy.cli` runs the same command: 金人社发〔2020〕64号 （九）, JH-A 76, JH-B 90."""
    done = _module(*EVALUATE, "--json", jinhua_csv)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    data = json.loads(done.stdout)
    assert [(p["person_id"], p["total"], p["compliant"]) for p in data] == [
        ("JH-A", 76, False),
        ("JH-B", 90, True),
    ]


def test_module_entry_point_invalid_exits_2(tmp_path: Path) -> None:
    """The process exit status is 2 for invalid rows, errors on stderr only."""
    path = tmp_path / "bad.csv"
    path.write_text("person_id,date,kind\nP1,2021-13-01,online_exam\n", encoding="utf-8")
    done = _module(*EVALUATE, path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "第 1 行，字段 date：日期不存在（2021-13-01）",
        "第 1 行，字段 credits：缺少必填字段",
    ]


def test_json_puts_each_person_on_a_line_of_its_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The array is one JSON document whose elements are one per line."""
    path = tmp_path / "two.csv"
    path.write_text(
        "person_id,date,kind,credits\nA,2023-01-05,online_course,3\nB,2023-01-06,online_course,4\n",
        encoding="utf-8",
    )
    status, out, _ = run(
        capsys, "evaluate", "--policy", "jinhua-skills-2020", "--year", "2023", "--json", path
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "["
    assert lines[-1] == "]"
    assert [json.loads(line.rstrip(","))["person_id"] for line in lines[1:-1]] == ["A", "B"]
    assert [p["total"] for p in json.loads(out)] == [3, 4]


def test_a_file_with_a_header_only_says_there_are_no_records(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("person_id,date,kind\n", encoding="utf-8")
    status, out, err = run(
        capsys, "evaluate", "--policy", "ningbo-skills-2020", "--year", "2023", path
    )
    assert (status, out) == (0, "")
    assert "文件中没有记录" in err


def test_english_report_lines_have_no_trailing_spaces(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "one.csv"
    path.write_text("person_id,date,kind,hours\nA,2023-01-05,offline_theory,10\n", encoding="utf-8")
    status, out, _ = run(
        capsys, "evaluate", "--policy", "ningbo-skills-2020", "--year", "2023", "--lang", "en", path
    )
    assert status == 0
    assert "Shortfalls:" in out
    assert [line for line in out.splitlines() if line != line.rstrip()] == []


# ---------------------------------------------------------------------------------------
# policies show: from an article to the rules citing it


def test_show_nantong_article_17_item_4(capsys: pytest.CaptureFixture[str]) -> None:
    """通政办发〔2011〕84号 第十七条（四）: the period completion, its quote, and the line of
    nantong-pro-2021.yaml where its mapping starts (`- id: period-complete`)."""
    for form in ("第十七条（四）", "第十七条(四)", "通政办发〔2011〕84号 第十七条（四）"):
        status, out, err = run(capsys, "policies", "show", NANTONG, form)
        assert status == 0, err
        assert err == ""
        assert "视同完成 period-complete · 视为完成相应聘期内继续教育学时" in out
        assert "依据：通政办发〔2011〕84号 第十七条（四）" in out
        assert "原文：专业技术人员接受继续教育符合下列情形之一的" in out
        assert "distance-credits" not in out  # cites the whole of 第十七条, not its item （四）
    where = next(line for line in out.splitlines() if "位置：" in line)
    path, line = where.split("：", 1)[1].rsplit(":", 1)
    assert path == shipped("nantong-pro-2021")
    text = (Path(__file__).resolve().parents[1] / path).read_text(encoding="utf-8")
    assert text.splitlines()[int(line) - 1].strip() == "- id: period-complete"


def test_show_jinhua_item_11_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """金人社发〔2020〕64号（十一） in English: labels translate, citation and quote do not."""
    status, out, _ = run(capsys, "policies", "show", JINHUA, "(十一)", "--lang", "en")
    assert status == 0
    assert out.splitlines()[0].endswith("(十一): 6 rules")
    assert "cap pathways-yearly · （十一）所列途径每年度最多计60学分" in out
    assert "Citation: 金人社发〔2020〕64号 （十一）（4）" in out
    assert "Quote: 以下途径学习每年度最多计 60 学分" in out
    assert f"File: {shipped('jinhua-skills-2020')}:" in out
    assert "依据" not in out
    # --lang before `show` is kept too
    status, before, _ = run(capsys, "policies", "--lang", "en", "show", JINHUA, "十一")
    assert status == 0
    assert before.replace("十一", "(十一)", 1) == out


def test_show_without_article_lists_every_rule_by_article(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """宁人社函〔2016〕156号 in the text's order (一, 三, 四), then 人社部令第25号 第八条."""
    status, out, _ = run(capsys, "policies", "show", NINGXIA)
    assert status == 0
    headers = [line for line in out.splitlines()[1:] if line and not line.startswith(" ")]
    assert headers == [
        "宁人社函〔2016〕156号 一",
        "宁人社函〔2016〕156号 三",
        "宁人社函〔2016〕156号 四",
        "人社部令第25号 第八条",
    ]
    for rule_id in ("teaching-triple", "filed-and-approved", "senior", "total", "professional"):
        assert f" {rule_id} · " in out


def test_show_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--json: the query, its key, and each rule with kind, citation, file and line; 宁夏
    inherits 第八条's requirements from the national baseline, and they are found there."""
    status, out, err = run(capsys, "policies", "show", NINGXIA, "人社部令第25号 第八条", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["policy"] == NINGXIA
    assert data["article"] == "人社部令第25号 第八条"
    assert data["key"] == "八"
    assert [r["id"] for r in data["rules"]] == ["total", "professional"]
    total = data["rules"][0]
    assert set(total) == {"kind", "kind_label", "id", "name", "citation", "file", "line"}
    assert total["kind"] == "requirement"
    assert total["kind_label"] == "要求"
    assert total["citation"]["label"] == "人社部令第25号 第八条"
    assert total["citation"]["quote"] == "每年累计应不少于90学时"
    assert total["file"] == shipped("national-pro-2015")
    assert isinstance(total["line"], int)
    status, out, _ = run(capsys, "policies", "show", NINGXIA, "--json", "--lang", "en")
    assert json.loads(out)["rules"][0]["kind_label"] == "credit rule"


def test_show_an_article_no_rule_cites_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """通政办发〔2011〕84号 第二十九条 (30 days for a complaint) is cited by no rule: status 2,
    nothing on stdout, and the articles the policy does cite on stderr."""
    status, out, err = run(capsys, "policies", "show", NANTONG, "第二十九条")
    assert status == 2
    assert out == ""
    assert "第二十九条" in err
    assert "通职称办〔2021〕24号 一、三、四" in err
    assert "通政办发〔2011〕84号 第八条、第十四条、第十五条、第十七条、第二十七条" in err
    status, _, err = run(capsys, "policies", "show", NANTONG, "第二十九条", "--lang", "en")
    assert status == 2
    assert err.startswith("no rule of nantong-pro-2021 cites '第二十九条'")


def test_show_unknown_policy_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "policies", "show", "nope-2099", "一")
    assert status == 2
    assert out == ""
    assert "nope-2099" in err
    assert JINHUA in err


def shipped(policy_id: str) -> str:
    """How `policies show` names a shipped policy file: `src/jxjy/policy/policies/<id>.yaml`
    in a checkout, its installed path in a wheel (CI runs these tests on both)."""
    path = display_path(POLICY_DIR / f"{policy_id}.yaml")
    if POLICY_DIR.parents[2].name == "src":
        assert path == f"src/jxjy/policy/policies/{policy_id}.yaml"
    return path
