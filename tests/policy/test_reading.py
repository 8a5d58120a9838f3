"""Tests of jxjy.policy.reading: CSV and JSON Lines into Records, or into every error."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pathlib
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jxjy.policy import reading
from jxjy.policy.reading import (
    FIELDS,
    ReadResult,
    RecordError,
    parse_fields,
    read_csv_text,
    read_jsonl_text,
    read_records,
)
from jxjy.policy.records import (
    DATE_MAX,
    DATE_MIN,
    HOURS_PER_DAY_LIMIT,
    LEVELS_BY_KIND,
    MAX_WHOLE,
    REQUIRED_BY_KIND,
    Kind,
    Level,
    Record,
    Subject,
)


def codes(result: ReadResult | Record | list[RecordError]) -> list[tuple[int, str, str]]:
    """(row, field, code) of each error, in order."""
    if isinstance(result, ReadResult):
        errors = result.errors
    else:
        assert isinstance(result, list), f"expected errors, got {result!r}"
        errors = result
    return [(e.row, e.field, e.code) for e in errors]


def row_errors(**fields: object) -> list[tuple[int, str, str]]:
    """Errors of one row given as keyword fields, validated as row 5."""
    return codes(parse_fields(5, fields))


def valid(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "person_id": "P1",
        "date": "2023-01-05",
        "kind": "offline_theory",
        "hours": "8",
    }
    base.update(overrides)
    return base


# ---------------------------------------------------------------------------------------
# Happy paths

CSV_SHUFFLED = (
    "\ufeffhours, kind ,subject,person_id,date,end_date,title\r\n"
    "2.5,online_course,elective, P001 ,2023-01-05,,\r\n"
    "16,offline_theory,,P002,2023-03-01,2023-03-02,  Safety  \r\n"
)


def test_csv_with_bom_crlf_and_shuffled_columns_reads_records() -> None:
    result = read_csv_text(CSV_SHUFFLED)
    assert result.errors == []
    assert result.records == [
        Record(
            row=1,
            person_id="P001",
            date=dt.date(2023, 1, 5),
            kind=Kind.ONLINE_COURSE,
            subject=Subject.ELECTIVE,
            hours=Decimal("2.5"),
        ),
        Record(
            row=2,
            person_id="P002",
            date=dt.date(2023, 3, 1),
            end_date=dt.date(2023, 3, 2),
            kind=Kind.OFFLINE_THEORY,
            hours=Decimal(16),
            title="Safety",
        ),
    ]


def test_records_are_genuine_frozen_records() -> None:
    (record,) = read_csv_text("person_id,date,kind,hours\nP1,2023-01-05,teaching,2\n").records
    assert type(record) is Record
    with pytest.raises(AttributeError):
        record.hours = Decimal(3)  # type: ignore[misc]
    same = Record(
        row=1, person_id="P1", date=dt.date(2023, 1, 5), kind=Kind.TEACHING, hours=Decimal(2)
    )
    assert record == same
    assert hash(record) == hash(same)
    assert record._replace(hours=Decimal(3)).hours == Decimal(3)


def test_jsonl_equivalent_gives_equal_records() -> None:
    jsonl = (
        '{"hours": 2.5, "kind": "online_course", "subject": "elective",'
        ' "person_id": " P001 ", "date": "2023-01-05", "end_date": null}\n'
        '{"person_id": "P002", "date": "2023-03-01", "end_date": "2023-03-02",'
        ' "kind": "offline_theory", "hours": "16", "title": "  Safety  ", "subject": ""}\n'
    )
    result = read_jsonl_text(jsonl)
    assert result.errors == []
    assert result.records == read_csv_text(CSV_SHUFFLED).records


def test_csv_quoted_fields_read_like_unquoted_ones() -> None:
    plain = "person_id,date,kind,hours,title\nP1,2023-01-05,teaching,2,T\n"
    quoted = '"person_id","date","kind","hours","title"\n"P1","2023-01-05","teaching","2","T"\n'
    assert read_csv_text(quoted) == read_csv_text(plain)
    embedded = 'person_id,date,kind,hours,title\nP1,2023-01-05,teaching,2,"a, ""b"" c"\n'
    assert read_csv_text(embedded).records[0].title == 'a, "b" c'


def test_header_without_data_rows_gives_no_records_and_no_errors() -> None:
    assert read_csv_text("person_id,date,kind\n") == ReadResult([], [])
    assert read_csv_text("person_id,date,kind\n\n\n") == ReadResult([], [])


def test_days_stays_none_when_absent() -> None:
    record = parse_fields(
        1, valid(kind="training_class", hours="", date="2023-01-01", end_date="2023-01-03")
    )
    assert isinstance(record, Record)
    assert record.days is None
    assert record.effective_days == Decimal(3)


def test_explicit_days_within_span_is_kept() -> None:
    record = parse_fields(1, valid(end_date="2023-01-06", days="1.5"))
    assert isinstance(record, Record)
    assert record.days == Decimal("1.5")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("FALSE", False),
        (" 1 ", True),
        ("0", False),
        ("是", True),
        (" 否 ", False),
        (True, True),
        (False, False),
    ],
)
def test_booleans_accept_true_false_1_0_shi_fou(text: object, expected: bool) -> None:
    record = parse_fields(1, valid(approved=text, passed=text))
    assert isinstance(record, Record)
    assert record.approved is expected
    assert record.passed is expected


def test_booleans_default_to_true() -> None:
    record = parse_fields(1, valid(approved="", passed=None))
    assert isinstance(record, Record)
    assert record.approved is True
    assert record.passed is True


def test_public_course_defaults_to_public_subject() -> None:
    record = parse_fields(1, valid(kind="public_course", title="Law", hours=""))
    assert isinstance(record, Record)
    assert record.subject is Subject.PUBLIC
    other = parse_fields(1, valid())
    assert isinstance(other, Record)
    assert other.subject is Subject.PROFESSIONAL


def test_public_course_with_explicit_public_subject_is_valid() -> None:
    record = parse_fields(1, valid(kind="public_course", title="Law", subject=" public "))
    assert isinstance(record, Record)
    assert record.subject is Subject.PUBLIC


def test_csv_public_course_defaults_to_public_subject() -> None:
    text = "person_id,date,kind,title,subject\nP1,2023-01-05,public_course,Law,\n"
    assert read_csv_text(text).records[0].subject is Subject.PUBLIC


def test_whitespace_only_cells_are_absent_and_values_are_stripped() -> None:
    record = parse_fields(
        1,
        {
            "person_id": "  P1\t",
            "date": " 2023-01-05 ",
            "kind": " competition ",
            "level": " national ",
            "rank": " 3.0 ",
            "count": "   ",
            "region": " \t ",
        },
    )
    assert isinstance(record, Record)
    assert (record.person_id, record.date, record.kind) == (
        "P1",
        dt.date(2023, 1, 5),
        Kind.COMPETITION,
    )
    assert (record.level, record.rank, record.count, record.region) == (Level.NATIONAL, 3, 1, None)


def test_json_numbers_become_exact_decimals() -> None:
    result = read_jsonl_text(
        '{"person_id": "P1", "date": "2023-01-05", "kind": "online_exam", "credits": 0.1,'
        ' "hours": 3, "rank": 2, "count": 2.0}\n'
    )
    (record,) = result.records
    assert record.credits == Decimal("0.1")
    assert str(record.credits) == "0.1"
    assert record.hours == Decimal(3)
    assert (record.rank, record.count) == (2, 2)


def test_python_values_from_other_importers_are_accepted() -> None:
    record = parse_fields(
        1,
        {
            "person_id": 1234,
            "date": dt.datetime(2023, 1, 5),  # noqa: DTZ001 - a spreadsheet's naive midnight
            "end_date": dt.date(2023, 1, 6),
            "kind": Kind.OFFLINE_PRACTICE,
            "hours": 0.1,
            "credits": Decimal("1.50"),
            "rank": 2,
        },
    )
    assert isinstance(record, Record)
    assert record.person_id == "1234"
    assert record.date == dt.date(2023, 1, 5)
    assert record.hours == Decimal("0.1")
    assert record.credits == Decimal("1.5")


def test_csv_whitespace_cells_take_the_field_default() -> None:
    text = "person_id,date,kind,hours,count,approved,passed,subject\n"
    text += "P1,2023-01-05,teaching,1, , \t,  ,   \n"
    (record,) = read_csv_text(text).records
    assert (record.count, record.approved, record.passed) == (1, True, True)
    assert record.subject is Subject.PROFESSIONAL


def test_negative_zero_reads_as_zero() -> None:
    (record,) = read_csv_text("person_id,date,kind,hours\nP1,2023-01-05,teaching,-0.0\n").records
    assert str(record.hours) == "0.0"
    other = parse_fields(1, valid(hours=Decimal("-0")))
    assert isinstance(other, Record)
    assert str(other.hours) == "0"


def test_levels_are_free_for_kinds_without_a_level_table() -> None:
    assert Kind.TRAINING_CLASS not in LEVELS_BY_KIND
    record = parse_fields(1, valid(kind="training_class", level="core"))
    assert isinstance(record, Record)
    assert record.level is Level.CORE


# ---------------------------------------------------------------------------------------
# Errors of one row (parse_fields)


#: (fields of a row, its errors as row 5): each error code of one row.
ROW_CASES = [
    pytest.param(valid(person_id=" "), [(5, "person_id", "required")], id="required-person_id"),
    pytest.param(valid(date=None), [(5, "date", "required")], id="required-date"),
    pytest.param(
        {"person_id": "P1", "date": "2023-01-05"}, [(5, "kind", "required")], id="required-kind"
    ),
    pytest.param(valid(hours=""), [(5, "hours", "required")], id="required-by-kind"),
    pytest.param(
        valid(kind="online_course", hours=""),
        [(5, "minutes|credits|hours", "required")],
        id="required-one-of",
    ),
    pytest.param(
        valid(kind="award", hours=""),
        [(5, "level", "required"), (5, "rank", "required")],
        id="required-two",
    ),
    pytest.param(
        valid(kind="transfer", hours=""),
        [(5, "hours|credits", "required"), (5, "region", "required")],
        id="required-transfer",
    ),
    pytest.param(valid(kind="degree"), [(5, "end_date", "required")], id="required-degree"),
    pytest.param(valid(hours="abc"), [(5, "hours", "not_a_number")], id="not-a-number"),
    pytest.param(valid(hours="NaN"), [(5, "hours", "not_a_number")], id="nan"),
    pytest.param(valid(hours="-Infinity"), [(5, "hours", "not_a_number")], id="infinity"),
    pytest.param(valid(hours="1_000"), [(5, "hours", "not_a_number")], id="underscore"),
    pytest.param(valid(hours=True), [(5, "hours", "not_a_number")], id="json-bool"),
    pytest.param(valid(hours=float("nan")), [(5, "hours", "not_a_number")], id="float-nan"),
    pytest.param(valid(minutes=[1]), [(5, "minutes", "not_a_number")], id="list"),
    pytest.param(valid(hours="-0.5"), [(5, "hours", "negative")], id="negative"),
    pytest.param(valid(credits=-1), [(5, "credits", "negative")], id="negative-json"),
    pytest.param(valid(credits="1e12"), [(5, "credits", "too_large")], id="too-large"),
    pytest.param(valid(hours="0.125"), [(5, "hours", "too_precise")], id="three-places"),
    pytest.param(valid(hours=0.125), [(5, "hours", "too_precise")], id="three-places-json"),
    pytest.param(valid(hours=Decimal("1.001")), [(5, "hours", "too_precise")], id="places-dec"),
    pytest.param(valid(credits="1e10"), [(5, "credits", "too_large")], id="column-size"),
    pytest.param(valid(rank="32768"), [(5, "rank", "too_large")], id="rank-smallint"),
    pytest.param(valid(count=32768), [(5, "count", "too_large")], id="count-smallint"),
    pytest.param(valid(title="x" * 201), [(5, "title", "too_long")], id="title-too-long"),
    pytest.param(valid(region="x" * 65), [(5, "region", "too_long")], id="region-too-long"),
    pytest.param(valid(title="a\x00b"), [(5, "title", "bad_character")], id="title-nul"),
    pytest.param(valid(title="a\nb"), [(5, "title", "bad_character")], id="title-newline"),
    pytest.param(valid(title="abc\u202e"), [(5, "title", "bad_character")], id="title-rlo"),
    pytest.param(valid(region="\u2066x"), [(5, "region", "bad_character")], id="region-lri"),
    pytest.param(valid(date="0001-01-01"), [(5, "date", "date_out_of_range")], id="year-1"),
    pytest.param(
        valid(end_date="9999-12-31"), [(5, "end_date", "date_out_of_range")], id="year-9999"
    ),
    pytest.param(
        valid(date=dt.date(1948, 12, 31)), [(5, "date", "date_out_of_range")], id="date-1948"
    ),
    pytest.param(valid(kind="lecture"), [(5, "kind", "unknown_kind")], id="unknown-kind"),
    pytest.param(valid(kind=3), [(5, "kind", "unknown_kind")], id="unknown-kind-json"),
    pytest.param(valid(date="2023/1/5"), [(5, "date", "bad_date")], id="bad-date-slashes"),
    pytest.param(valid(date="20230105"), [(5, "date", "bad_date")], id="bad-date-compact"),
    pytest.param(valid(date="2023-1-5"), [(5, "date", "bad_date")], id="bad-date-short"),
    pytest.param(valid(date="２０２３-01-05"), [(5, "date", "bad_date")], id="bad-date-wide"),
    pytest.param(valid(date=20230105), [(5, "date", "bad_date")], id="bad-date-json"),
    pytest.param(valid(date="2023-02-30"), [(5, "date", "impossible_date")], id="impossible-date"),
    pytest.param(
        valid(end_date="2023-13-01"), [(5, "end_date", "impossible_date")], id="impossible-end"
    ),
    pytest.param(
        valid(end_date="2023-01-04"),
        [(5, "end_date", "end_before_start")],
        id="end-before-start",
    ),
    pytest.param(valid(hours="24.5"), [(5, "hours", "too_many_hours")], id="too-many-hours"),
    pytest.param(
        valid(hours="49", end_date="2023-01-06"),
        [(5, "hours", "too_many_hours")],
        id="too-many-hours-span",
    ),
    pytest.param(
        valid(days="2", end_date="2023-01-05"), [(5, "days", "too_many_days")], id="too-many-days"
    ),
    pytest.param(
        valid(days="3.5", end_date="2023-01-07"),
        [(5, "days", "too_many_days")],
        id="too-many-days-span",
    ),
    pytest.param(valid(approved="yes"), [(5, "approved", "bad_boolean")], id="bad-boolean"),
    pytest.param(valid(passed=2), [(5, "passed", "bad_boolean")], id="bad-boolean-json"),
    pytest.param(valid(rank="3.5"), [(5, "rank", "bad_integer")], id="bad-integer-fraction"),
    pytest.param(valid(rank="0"), [(5, "rank", "bad_integer")], id="bad-integer-zero"),
    pytest.param(valid(count="-2"), [(5, "count", "bad_integer")], id="bad-integer-negative"),
    pytest.param(valid(count="two"), [(5, "count", "bad_integer")], id="bad-integer-text"),
    pytest.param(valid(count=1.5), [(5, "count", "bad_integer")], id="bad-integer-json"),
    pytest.param(valid(rank=False), [(5, "rank", "bad_integer")], id="bad-integer-bool"),
    pytest.param(
        valid(kind="conference", level="provincial"),
        [(5, "level", "level_not_allowed")],
        id="level-not-allowed",
    ),
    pytest.param(valid(level="galactic"), [(5, "level", "unknown_level")], id="unknown-level"),
    pytest.param(valid(subject="math"), [(5, "subject", "unknown_subject")], id="unknown-subject"),
    pytest.param(
        valid(kind="public_course", title="Law", subject="professional"),
        [(5, "subject", "subject_mismatch")],
        id="subject-mismatch",
    ),
    pytest.param(valid(colour="red"), [(5, "colour", "unknown_column")], id="unknown-key"),
    pytest.param(valid(row="1"), [(5, "row", "unknown_column")], id="row-is-not-a-field"),
    pytest.param(valid(title=1.5), [(5, "title", "not_a_string")], id="not-a-string"),
]


def _plain(fields: dict[str, object]) -> bool:
    """Whether a CSV row can carry these fields: all text, in known columns, with the
    columns a header must have."""
    return {"person_id", "date", "kind"} <= fields.keys() and all(
        k in FIELDS and (v is None or isinstance(v, str)) for k, v in fields.items()
    )


CSV_CASES = [case for case in ROW_CASES if _plain(case.values[0])]  # type: ignore[arg-type]


@pytest.mark.parametrize(("fields", "expected"), ROW_CASES)
def test_each_error_code_names_its_row_and_field(
    fields: dict[str, object], expected: list[tuple[int, str, str]]
) -> None:
    assert codes(parse_fields(5, fields)) == expected


@pytest.mark.parametrize(("fields", "expected"), CSV_CASES)
def test_each_error_code_is_found_the_same_in_a_csv_row(
    fields: dict[str, object], expected: list[tuple[int, str, str]]
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    writer.writerows([[]] * 4)  # blank rows: the row below is row 5
    writer.writerow(["" if v is None else v for v in fields.values()])
    result = read_csv_text(out.getvalue())
    assert codes(result) == expected
    assert result.records == []


def test_csv_cases_cover_most_row_cases() -> None:
    assert len(CSV_CASES) >= 34


def test_all_errors_of_a_row_are_reported_together_in_field_order() -> None:
    fields = {
        "title": 7.5,
        "hours": "abc",
        "kind": "award",
        "date": "2023-02-30",
        "person_id": "",
        "level": "core",
        "approved": "maybe",
    }
    assert row_errors(**fields) == [
        (5, "title", "not_a_string"),
        (5, "hours", "not_a_number"),
        (5, "date", "impossible_date"),
        (5, "person_id", "required"),
        (5, "level", "level_not_allowed"),
        (5, "approved", "bad_boolean"),
        (5, "rank", "required"),
    ]


def test_cross_field_rules_wait_for_the_fields_they_involve() -> None:
    # end_date is invalid: no span, so no end_before_start/too_many_* guesses.
    assert row_errors(**valid(end_date="tomorrow", hours="100", days="9")) == [
        (5, "end_date", "bad_date")
    ]
    # date is invalid: nothing to compare end_date with.
    assert row_errors(**valid(date="x", end_date="2000-01-01", hours="30")) == [
        (5, "date", "bad_date")
    ]
    # end before start: the span is meaningless, so days and hours are not judged by it.
    assert row_errors(**valid(end_date="2023-01-01", hours="100", days="9")) == [
        (5, "end_date", "end_before_start")
    ]
    # an invalid supplied field is not also "required", and an unknown kind has no rules.
    assert row_errors(**valid(hours="x")) == [(5, "hours", "not_a_number")]
    assert row_errors(**valid(kind="?", hours="", level="core")) == [(5, "kind", "unknown_kind")]


def test_hours_limit_is_inclusive() -> None:
    assert isinstance(parse_fields(1, valid(hours=str(HOURS_PER_DAY_LIMIT))), Record)
    assert isinstance(parse_fields(1, valid(hours="48", end_date="2023-01-06")), Record)


@pytest.mark.parametrize(
    ("error", "zh", "en"),
    [
        (
            RecordError(3, "hours", "not_a_number", (("value", "abc"),)),
            "第 3 行，字段 hours：不是数字（abc）",
            "row 3, field hours: not a number (abc)",
        ),
        (
            RecordError(2, "minutes|credits|hours", "required"),
            "第 2 行，字段 minutes|credits|hours：至少需要填写其中一项",
            "row 2, field minutes|credits|hours: at least one of these fields is required",
        ),
        (
            RecordError(0, "colour", "unknown_column"),
            "表头，列 colour：未知字段",
            "header, column colour: unknown field",
        ),
        (
            RecordError(0, "", "empty_file"),
            "文件：文件为空或没有表头",
            "file: the file is empty or has no header",
        ),
        (
            RecordError(4, "", "not_an_object", (("value", "[1]"),)),
            "第 4 行：不是 JSON 对象（[1]）",
            "row 4: not a JSON object ([1])",
        ),
    ],
)
def test_messages_name_row_and_field_in_chinese_and_english(
    error: RecordError, zh: str, en: str
) -> None:
    assert error.message() == zh
    assert error.message("zh") == zh
    assert error.message("en") == en


def test_every_produced_message_is_a_full_sentence_in_both_languages() -> None:
    result = parse_fields(
        9,
        valid(
            kind="conference",
            level="county",
            end_date="2023-01-05",
            hours="30",
            days="2",
            subject="x",
        ),
    )
    assert isinstance(result, list)
    for error in result:
        for lang in ("zh", "en"):
            text = error.message(lang)
            assert "9" in text
            assert error.field in text
            assert "{" not in text
            assert "?" not in text
    assert "county" in result[-1].message("en") or any("county" in e.message() for e in result)


def test_message_of_an_unknown_code_still_names_row_field_and_code() -> None:
    error = RecordError(1, "hours", "new_code", (("value", "x"),))
    assert error.message("en") == "row 1, field hours: new_code (value=x)"
    assert error.message().startswith("第 1 行，字段 hours：")


def test_error_params_carry_the_offending_value() -> None:
    (error,) = parse_fields(1, valid(hours="abc"))  # type: ignore[misc]
    assert error.params == (("value", "abc"),)
    (long,) = parse_fields(1, valid(title={"a": "b" * 500}))  # type: ignore[misc]
    assert len(dict(long.params)["value"]) <= 60


# ---------------------------------------------------------------------------------------
# CSV files


def test_csv_unknown_columns_are_each_reported_and_stop_the_file() -> None:
    text = "person_id,date,kind,colour,hours,Size\nP1,2023-01-05,teaching,red,2,1\n"
    result = read_csv_text(text)
    assert result.records == []
    assert codes(result) == [(0, "colour", "unknown_column"), (0, "Size", "unknown_column")]


def test_csv_missing_core_columns_are_reported() -> None:
    result = read_csv_text("person_id,hours\nP1,2\n")
    assert result.records == []
    assert codes(result) == [(0, "date", "missing_column"), (0, "kind", "missing_column")]


def test_csv_duplicate_and_blank_column_names_are_header_errors() -> None:
    result = read_csv_text(
        "person_id,date,kind,hours, hours ,,hours\nP1,2023-01-05,teaching,1,2,,3\n"
    )
    assert codes(result) == [(0, "hours", "duplicate_column"), (0, "", "blank_column")]
    assert result.errors[1].params == (("column", "6"),)
    assert result.records == []


def test_csv_header_errors_hide_row_errors() -> None:
    result = read_csv_text("person_id,date,kind,bogus\n,,,\nx,y,z,w\n")
    assert codes(result) == [(0, "bogus", "unknown_column")]


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n", " , \n", "\r\n"])
def test_csv_without_header_is_empty_file(text: str) -> None:
    assert codes(read_csv_text(text)) == [(0, "", "empty_file")]


def test_csv_blank_rows_are_skipped_but_keep_their_numbers() -> None:
    text = (
        "person_id,date,kind,hours\n"
        "P1,2023-01-05,teaching,2\n"
        "\n"
        " , ,,\n"
        "P4,2023-01-05,teaching,x\n"
        "P5,2023-01-05,teaching,3\n"
    )
    result = read_csv_text(text)
    assert [r.row for r in result.records] == [1, 5]
    assert codes(result) == [(4, "hours", "not_a_number")]


def test_csv_errors_come_sorted_by_row_then_column_order() -> None:
    text = "hours,kind,date,person_id\nx,teaching,2023-01-05,\n1,teaching,2023-01-05,P2\n,,bad,P3\n"
    assert codes(read_csv_text(text)) == [
        (1, "hours", "not_a_number"),
        (1, "person_id", "required"),
        (3, "kind", "required"),  # the kind column comes before date
        (3, "date", "bad_date"),
    ]


def test_csv_short_rows_leave_missing_cells_absent() -> None:
    result = read_csv_text("person_id,date,kind,hours,title\nP1,2023-01-05,teaching,2\n")
    assert result.errors == []
    assert result.records[0].title is None


def test_csv_extra_nonempty_cells_are_an_error_but_empty_ones_are_not() -> None:
    text = "person_id,date,kind,hours\nP1,2023-01-05,teaching,2,,\nP2,2023-01-05,teaching,x,5,6\n"
    result = read_csv_text(text)
    assert [r.person_id for r in result.records] == ["P1"]
    assert codes(result) == [(2, "", "extra_cells"), (2, "hours", "not_a_number")]
    assert result.errors[0].params == (("count", "2"),)


def test_csv_field_beyond_the_csv_module_limit_is_bad_csv() -> None:
    text = 'person_id,date,kind,title\nP1,2023-01-05,teaching,"' + "x" * 200_000 + '"\n'
    assert codes(read_csv_text(text)) == [(1, "", "bad_csv")]


def test_csv_memo_overflow_keeps_results_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "_CACHE_LIMIT", 3)
    lines = ["person_id,date,kind,hours"]
    lines += [f"P{i},2023-01-{i:02d},teaching,{i}.5" for i in range(1, 24)]
    result = read_csv_text("\n".join(lines))
    assert result.errors == []
    assert [(r.date.day, r.hours) for r in result.records] == [
        (i, Decimal(f"{i}.5")) for i in range(1, 24)
    ]


# ---------------------------------------------------------------------------------------
# JSON Lines files


def test_jsonl_blank_lines_are_skipped_but_keep_their_numbers() -> None:
    good = json.dumps(valid())
    text = f"\n{good}\n   \n{good}\r\n\n"
    result = read_jsonl_text(text)
    assert result.errors == []
    assert [r.row for r in result.records] == [2, 4]


def test_jsonl_bad_lines_are_reported_and_others_read() -> None:
    good = json.dumps(valid())
    text = "\n".join(
        [
            good,
            '{"person_id": "P1",',
            "[1, 2]",
            '"text"',
            json.dumps(valid(colour="red", hours="x")),
            '{"person_id": "P1", "person_id": "P2", "date": "2023-01-05", "kind": "teaching"}',
            "NaN",
            good,
        ]
    )
    result = read_jsonl_text(text)
    assert [r.row for r in result.records] == [1, 8]
    assert codes(result) == [
        (2, "", "bad_json"),
        (3, "", "not_an_object"),
        (4, "", "not_an_object"),
        (5, "hours", "not_a_number"),
        (5, "colour", "unknown_column"),
        (6, "person_id", "duplicate_column"),
        (6, "hours", "required"),
        (7, "", "not_an_object"),
    ]


def test_jsonl_nan_and_huge_numbers_are_refused() -> None:
    text = "\n".join(
        [
            json.dumps(valid(hours=float("nan"))),
            '{"person_id": "P1", "date": "2023-01-05", "kind": "online_exam", "credits": 1e400}',
            '{"person_id": "P1", "date": "2023-01-05", "kind": "online_exam", "credits": '
            + "9" * 5000
            + "}",
        ]
    )
    assert codes(read_jsonl_text(text)) == [
        (1, "hours", "not_a_number"),
        (2, "credits", "too_large"),
        (3, "", "bad_json"),
    ]


@pytest.mark.parametrize("text", ["", "\n", "\ufeff  \n\n"])
def test_jsonl_without_any_line_is_empty_file(text: str) -> None:
    assert codes(read_jsonl_text(text)) == [(0, "", "empty_file")]


# ---------------------------------------------------------------------------------------
# read_records


def test_read_records_reads_csv_with_bom(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "records.CSV"
    path.write_bytes(CSV_SHUFFLED.encode("utf-8"))  # the text starts with a BOM
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_records(path) == read_csv_text(CSV_SHUFFLED)
    assert len(read_records(path).records) == 2


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".json"])
def test_read_records_reads_json_lines(tmp_path: pathlib.Path, suffix: str) -> None:
    path = tmp_path / f"records{suffix}"
    path.write_text("\ufeff" + json.dumps(valid()) + "\n", encoding="utf-8")
    result = read_records(path)
    assert result.errors == []
    assert [r.person_id for r in result.records] == ["P1"]


@pytest.mark.parametrize("name", ["records.xlsx", "records.txt", "records"])
def test_read_records_refuses_other_formats(tmp_path: pathlib.Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("person_id,date,kind\n", encoding="utf-8")
    result = read_records(path)
    assert codes(result) == [(0, "", "unsupported_format")]
    assert result.records == []


def test_read_records_reports_invalid_utf8(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "records.csv"
    path.write_bytes("person_id,date,kind\n张三,".encode("gbk"))
    result = read_records(path)
    assert codes(result) == [(0, "", "bad_encoding")]
    assert result.errors[0].params == (("position", "20"),)
    assert "20" in result.errors[0].message("en")


# ---------------------------------------------------------------------------------------
# Properties

#: Text a name or title may hold: no control or text-direction characters.
_TEXT = (
    st.text(
        st.characters(
            blacklist_categories=("Cc", "Cs"),
            blacklist_characters="\u202a\u202b"
            "\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
        ),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
_BOOL_TEXT = {True: ["true", "TRUE", "1", "是"], False: ["false", "False", "0", "否"]}


@st.composite
def valid_records(draw: st.DrawFn) -> Record:
    kind = draw(st.sampled_from(list(Kind)))
    start = draw(st.dates(min_value=DATE_MIN, max_value=DATE_MAX - dt.timedelta(days=800)))
    end = draw(st.none() | st.integers(0, 800).map(lambda n: start + dt.timedelta(days=n)))
    span = ((end or start) - start).days + 1

    def quantity(limit: int) -> st.SearchStrategy[Decimal]:
        return st.decimals(
            min_value=0, max_value=limit, allow_nan=False, allow_infinity=False, places=2
        ) | st.integers(0, limit).map(Decimal)

    values: dict[str, Any] = {
        "hours": draw(st.none() | quantity(int(HOURS_PER_DAY_LIMIT) * span)),
        "minutes": draw(st.none() | quantity(10**6)),
        "days": draw(st.none() | quantity(span)),
        "credits": draw(st.none() | quantity(10**4)),
        "rank": draw(st.none() | st.integers(1, MAX_WHOLE)),
        "title": draw(st.none() | _TEXT),
        "region": draw(st.none() | _TEXT),
        "end_date": end,
    }
    levels = sorted(LEVELS_BY_KIND.get(kind, frozenset(Level)))
    values["level"] = draw(st.none() | st.sampled_from(levels))
    for need in REQUIRED_BY_KIND.get(kind, ()):
        names = (need,) if isinstance(need, str) else need
        if all(values[name] is None for name in names):
            name = draw(st.sampled_from(names))
            values[name] = {
                "hours": Decimal(1),
                "minutes": Decimal(30),
                "credits": Decimal(2),
                "level": levels[0],
                "rank": 1,
                "title": "T",
                "region": "R",
                "end_date": start,
            }[name]
    subject = Subject.PUBLIC if kind is Kind.PUBLIC_COURSE else draw(st.sampled_from(list(Subject)))
    return Record(
        row=draw(st.integers(1, 5)),
        person_id=draw(_TEXT),
        date=start,
        kind=kind,
        subject=subject,
        count=draw(st.integers(1, 1000)),
        approved=draw(st.booleans()),
        passed=draw(st.booleans()),
        **values,
    )


def _cell(value: object, draw: st.DrawFn) -> str:
    if value is None:
        return draw(st.sampled_from(["", " "]))
    if isinstance(value, bool):
        return draw(st.sampled_from(_BOOL_TEXT[value]))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@given(data=st.data(), record=valid_records())
@settings(max_examples=300, deadline=None)
def test_valid_record_round_trips_through_a_csv_row(data: st.DataObject, record: Record) -> None:
    header = data.draw(st.permutations(list(FIELDS)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for _ in range(record.row - 1):  # blank rows before it keep the row number right
        writer.writerow([])
    writer.writerow([_cell(getattr(record, name), data.draw) for name in header])
    result = read_csv_text(out.getvalue())
    assert result.errors == []
    assert result.records == [record]


@given(record=valid_records())
@settings(max_examples=100, deadline=None)
def test_valid_record_round_trips_through_a_json_line(record: Record) -> None:
    obj = {
        name: (
            value
            if isinstance(value, bool | int | str) or value is None
            else value.isoformat()
            if isinstance(value, dt.date)
            else str(value)
        )
        for name in FIELDS
        for value in [getattr(record, name)]
    }
    text = "\n" * (record.row - 1) + json.dumps(obj, ensure_ascii=False) + "\n"
    assert read_jsonl_text(text) == ReadResult([record], [])


#: Cell texts by column: mostly valid (though not always valid together) ...
_GOOD: dict[str, list[str]] = {
    "person_id": ["P1", " P2 "],
    "date": ["2023-01-05", " 2023-01-06 "],
    "kind": [k.value for k in Kind],
    "subject": ["", "public", "professional", "elective", " PUBLIC "],
    "end_date": ["", "2023-01-10"],
    "hours": ["", "0", "2.5", "24", "30", "1e1", "-0"],
    "minutes": ["", "45"],
    "days": ["", "1", "2"],
    "credits": ["", "0.5"],
    "level": ["", "national", "core", "local", "international", "county"],
    "rank": ["", "1", "3.0"],
    "count": ["", "2", " "],
    "title": ["", "T"],
    "approved": ["", "是", "否", "TRUE", "\t"],
    "passed": ["", "0", "  "],
    "region": ["", "R"],
}
#: ... and invalid or blank.
_BAD: dict[str, list[str]] = {
    "person_id": ["", "  "],
    "date": ["2023-02-30", "2023/1/5", ""],
    "kind": ["", "lecture", " Online_Course "],
    "subject": ["math"],
    "end_date": ["2023-01-04", "soon"],
    "hours": ["200", "-1", "abc", "NaN"],
    "minutes": ["x"],
    "days": ["-3", "9"],
    "credits": ["1e20"],
    "level": ["galactic"],
    "rank": ["3.5", "0"],
    "count": ["0"],
    "title": ["  "],
    "approved": ["maybe"],
    "passed": ["yes"],
    "region": [" "],
}


@st.composite
def csv_cells(draw: st.DrawFn, header: list[str]) -> list[str]:
    """A row of cells for `header`: good ones, and now and then a bad one."""
    spoilt = draw(st.sets(st.sampled_from(header), max_size=2)) if draw(st.booleans()) else set()
    return [draw(st.sampled_from(_BAD[n] if n in spoilt else _GOOD[n])) for n in header]


@given(data=st.data())
@settings(max_examples=500, deadline=None)
def test_csv_reading_agrees_with_parse_fields_row_by_row(data: st.DataObject) -> None:
    optional = [name for name in FIELDS if name not in ("person_id", "date", "kind")]
    chosen = data.draw(st.lists(st.sampled_from(optional), unique=True))
    header = data.draw(st.permutations(["person_id", "date", "kind", *chosen]))
    rows = data.draw(st.lists(csv_cells(header) | st.just([]), max_size=8))
    quoting = data.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    out = io.StringIO()
    writer = csv.writer(out, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)

    assert read_csv_text(out.getvalue()) == row_by_row(header, rows)


def row_by_row(header: list[str], rows: list[list[str]]) -> ReadResult:
    """What reading the rows should give: each row as `parse_fields` reads it alone."""
    records: list[Record] = []
    errors: list[RecordError] = []
    for number, cells in enumerate(rows, start=1):
        if all(not cell.strip() for cell in cells):  # a blank row
            continue
        result = parse_fields(number, dict(zip(header, cells, strict=True)))
        if isinstance(result, Record):
            records.append(result)
        else:
            errors.extend(result)
    return ReadResult(records, errors)


@given(data=st.data())
@settings(max_examples=300, deadline=None)
def test_rows_repeating_anothers_text_after_the_date_read_as_parse_fields_says(
    data: st.DataObject,
) -> None:
    """A file that starts with person_id and date remembers a row by its text after the
    date (`_lines_memo`); rows that repeat it with another person and day, or with one that
    is wrong or blank, read exactly as `parse_fields` reads each of them alone."""
    optional = [name for name in FIELDS if name not in ("person_id", "date", "kind")]
    chosen = data.draw(st.lists(st.sampled_from(optional), unique=True))
    header = ["person_id", "date", *data.draw(st.permutations(["kind", *chosen]))]
    first = data.draw(st.lists(csv_cells(header), min_size=1, max_size=4))
    again = [
        [
            data.draw(st.sampled_from([*_GOOD["person_id"], *_BAD["person_id"]])),
            data.draw(st.sampled_from([*_GOOD["date"], *_BAD["date"]])),
            *cells[2:],
        ]
        for cells in data.draw(st.lists(st.sampled_from(first), max_size=6))
    ]
    rows = first + again
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    assert read_csv_text(out.getvalue()) == row_by_row(header, rows)


# ---------------------------------------------------------------------------------------
# The limits (`jxjy.policy.records`): what the reader accepts, the ledger stores as it is.


def test_0125_hours_are_refused_not_rounded() -> None:
    """Issue 9: 0.125 h was read as 0.125 by the command line and stored as 0.12."""
    result = parse_fields(3, valid(hours="0.125"))
    assert codes(result) == [(3, "hours", "too_precise")]
    assert isinstance(result, list)
    assert "hours" in result[0].message("en")
    assert "2" in result[0].message("en")
    assert "小数位数过多" in result[0].message()
    csv_text = "person_id,date,kind,hours\nP1,2023-01-05,teaching,0.125\n"
    assert codes(read_csv_text(csv_text)) == [(1, "hours", "too_precise")]


def test_trailing_zeros_beyond_two_places_are_exact_and_kept() -> None:
    record = parse_fields(1, valid(hours="1.500"))
    assert isinstance(record, Record)
    assert record.hours == Decimal("1.5")
    assert record.hours.as_tuple().exponent == -2


def test_99999999999_credits_are_refused() -> None:
    """Issue 9: 99999999999 credits overflowed Decimal(12,2) on the platform."""
    result = parse_fields(1, valid(kind="online_exam", hours=None, credits="99999999999"))
    assert codes(result) == [(1, "credits", "too_large")]
    assert isinstance(result, list)
    assert "10000000000" in result[0].message("en")
    assert isinstance(
        parse_fields(1, valid(kind="online_exam", hours=None, credits="9999999999.99")), Record
    )


def test_201_character_title_is_refused() -> None:
    """Issue 9: a 201-character title failed only at commit on PostgreSQL."""
    assert codes(parse_fields(1, valid(title="题" * 201))) == [(1, "title", "too_long")]
    assert isinstance(parse_fields(1, valid(title="题" * 200)), Record)


def test_nul_byte_in_a_title_is_refused_and_never_quoted_back() -> None:
    """Issue 9: a NUL byte passed every check and failed at commit on PostgreSQL."""
    result = parse_fields(1, valid(title="课程\x00名称"))
    assert codes(result) == [(1, "title", "bad_character")]
    assert isinstance(result, list)
    assert "U+0000" in result[0].message("en")
    assert all("\x00" not in v for _, v in result[0].params)
    shown = parse_fields(1, valid(kind="a\x00b"))
    assert isinstance(shown, list)
    assert "\x00" not in shown[0].message()


def test_limits_hold_on_the_csv_fast_path_after_a_valid_row() -> None:
    """The memoised path refuses what the general one does, whatever came before."""
    good = "P1,2023-01-05,teaching,2,T"
    text = (
        "person_id,date,kind,hours,title\n"
        + "\n".join(
            [
                good,
                good,
                "P2,2023-01-05,teaching,2.001,T",
                "P3,2100-12-31,teaching,2,T",
                "P4,2101-01-01,teaching,2,T",
                good,
            ]
        )
        + "\n"
    )
    result = read_csv_text(text)
    assert codes(result) == [(3, "hours", "too_precise"), (5, "date", "date_out_of_range")]
    assert [r.row for r in result.records] == [1, 2, 4, 6]


def test_date_range_is_documented_range() -> None:
    assert (dt.date(1949, 1, 1), dt.date(2100, 12, 31)) == (DATE_MIN, DATE_MAX)
    assert isinstance(parse_fields(1, valid(date="1949-01-01", end_date="1949-01-01")), Record)
    assert MAX_WHOLE == 32767


# ---------------------------------------------------------------------------------------
# Multi-day records given by their date and days


def test_date_plus_days_without_end_date_spans_days_from_the_date() -> None:
    """Issue 9: "a 3-day conference from 10 May" was refused (天数 2 超过…1 个日历天)."""
    fields = valid(kind="conference", level="national", hours=None, date="2023-05-10")
    record = parse_fields(1, {**fields, "days": "3"})
    assert isinstance(record, Record)
    assert (record.end_date, record.days, record.span_days) == (
        dt.date(2023, 5, 12),
        Decimal(3),
        3,
    )
    two = parse_fields(1, {**fields, "days": "2"})
    assert isinstance(two, Record)
    assert two.end_date == dt.date(2023, 5, 11)


@pytest.mark.parametrize(
    ("days", "end_date", "span"),
    [("0.5", None, 1), ("1", None, 1), ("1.5", "2023-05-11", 2), ("2.01", "2023-05-12", 3)],
)
def test_fractional_days_span_whole_calendar_days(
    days: str, end_date: str | None, span: int
) -> None:
    record = parse_fields(1, valid(kind="study_tour", hours=None, date="2023-05-10", days=days))
    assert isinstance(record, Record)
    assert record.end_date == (dt.date.fromisoformat(end_date) if end_date else None)
    assert record.span_days == span
    assert record.days == Decimal(days)


def test_days_from_the_date_belong_to_the_year_they_end_in() -> None:
    record = parse_fields(1, valid(kind="training_class", date="2023-12-31", days="2", hours="16"))
    assert isinstance(record, Record)
    assert record.last_day == dt.date(2024, 1, 1)


def test_days_from_the_date_still_bound_the_hours() -> None:
    result = parse_fields(1, valid(days="2", hours="49"))
    assert codes(result) == [(1, "hours", "too_many_hours")]
    assert isinstance(parse_fields(1, valid(days="2", hours="48")), Record)


def test_end_date_and_days_must_still_agree() -> None:
    result = parse_fields(1, valid(end_date="2023-01-06", days="3"))
    assert codes(result) == [(1, "days", "too_many_days")]


def test_days_running_past_the_last_allowed_date_are_refused() -> None:
    result = parse_fields(1, valid(date="2100-12-30", days="3", hours=None, kind="study_tour"))
    assert codes(result) == [(1, "days", "span_out_of_range")]
    text = "person_id,date,kind,days\nP1,2100-12-30,study_tour,3\nP1,2100-12-30,study_tour,2\n"
    result_csv = read_csv_text(text)
    assert codes(result_csv) == [(1, "days", "span_out_of_range")]
    assert [r.end_date for r in result_csv.records] == [dt.date(2100, 12, 31)]


def test_csv_rows_of_days_from_their_date_read_alike_on_every_path() -> None:
    """The memoised path gives each row its own end date (never one remembered from a row
    of another date)."""
    rows = [f"P{n},2023-05-{10 + n:02d},study_tour,3" for n in range(5)]
    text = "person_id,date,kind,days\n" + "\n".join(rows) + "\n"
    result = read_csv_text(text)
    assert result.errors == []
    assert [r.end_date for r in result.records] == [dt.date(2023, 5, 12 + n) for n in range(5)]
    reordered = (
        "kind,days,person_id,date\n"
        + "\n".join(",".join([*row.split(",")[2:], *row.split(",")[:2]]) for row in rows)
        + "\n"
    )
    assert read_csv_text(reordered).records == result.records
    for record in result.records:
        fields = {
            "person_id": record.person_id,
            "date": record.date.isoformat(),
            "kind": "study_tour",
            "days": "3",
        }
        assert parse_fields(record.row, fields) == record
