"""Reading records: CSV and JSON Lines files of the canonical schema into `Record`s.

Every reader returns a `ReadResult`: the records of the rows that are valid, and a complete
list of `RecordError`s for the rows that are not (all errors of a row, not just the first).
`parse_fields` is the shared validator of one row, given as a mapping of field name to
value (strings from CSV, JSON values, or Python values from XLSX import and the web API).

The schema, in short (see `jxjy.policy.records` for the enums and per-kind tables):

* An absent field is a missing key, ``None``/JSON null, an empty string or a string of only
  whitespace. Strings are stripped; surrounding whitespace around numbers, dates and enum
  values is ignored.
* ``date``/``end_date`` are ``YYYY-MM-DD``; quantities (hours, minutes, days, credits) are
  finite decimals >= 0; ``rank`` and ``count`` are whole numbers >= 1; booleans are
  true/false/1/0/是/否 (case-insensitive) or JSON booleans.
* The limits of `jxjy.policy.records` hold (the ledger's columns are sized from them): at
  most two decimal places (more is refused, never rounded), quantities below 10**10, whole
  numbers up to 32767, title and region lengths, no control or text-direction characters
  in them, dates from 1949 to 2100. Each is checked once per distinct cell: the converters'
  results are memoised, on the CSV fast path as on the general one.
* ``days`` over one without an ``end_date`` span ceil(days) calendar days from ``date``:
  the record gets that end date (docs/records.md, "Several days from a date").
* ``subject`` defaults to professional, or to public for ``public_course``.
* Cross-field rules (end_date before date, days beyond the calendar span, hours beyond
  `HOURS_PER_DAY_LIMIT` a day) are checked only when the fields involved are valid.

Speed matters (a million rows at a time): per-kind tables are built at import time, cell
values are memoised, exceptions are raised only for invalid values, and CSV rows take a fast
path (see "The CSV fast path" below) that falls back to the general validator for any row
with a problem, so that both report the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import operator
import pathlib
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from itertools import compress
from typing import Any, Final, TypeVar

from jxjy.policy.records import (
    DATE_MAX,
    DATE_MIN,
    DECIMAL_PLACES,
    FIELDS,
    HOURS_PER_DAY_LIMIT,
    INTEGER_DIGITS,
    LEVELS_BY_KIND,
    MAX_LENGTHS,
    MAX_WHOLE,
    REQUIRED_BY_KIND,
    Kind,
    Level,
    Record,
    Subject,
    forbidden_character,
)

__all__ = [
    "FIELDS",
    "ReadResult",
    "RecordError",
    "parse_fields",
    "read_csv_text",
    "read_jsonl_text",
    "read_records",
]

#: Fields every row needs, whatever its kind; a CSV header must have these columns.
CORE_FIELDS: Final = ("person_id", "date", "kind")

#: Quantities at or above 10**_MAX_ADJUSTED are refused ("too_large"): they would not fit the
#: ledger's column (`jxjy.policy.records.INTEGER_DIGITS`), and no activity is that big.
_MAX_ADJUSTED: Final = INTEGER_DIGITS
_MAX_VALUE_TEXT: Final = str(10**INTEGER_DIGITS)
#: Whole numbers (rank, count) above MAX_WHOLE are refused: "must be below" this.
_MAX_WHOLE_TEXT: Final = str(MAX_WHOLE + 1)
#: A quantity with more decimal places than this exponent allows is refused ("too_precise").
_MIN_EXPONENT: Final = -DECIMAL_PLACES
_QUANTUM: Final = Decimal(1).scaleb(-DECIMAL_PLACES)
_PLACES_TEXT: Final = str(DECIMAL_PLACES)
_DATE_RANGE: Final = (("min", DATE_MIN.isoformat()), ("max", DATE_MAX.isoformat()))

_SUFFIXES_CSV: Final = frozenset({".csv"})
_SUFFIXES_JSONL: Final = frozenset({".jsonl", ".ndjson", ".json"})

_CACHE_LIMIT: Final = 1 << 16
_SHOW_LIMIT: Final = 60


# ---------------------------------------------------------------------------------------
# Errors


@dataclass(frozen=True, slots=True)
class RecordError:
    """One problem of the input.

    `row` is the 1-based data row (0 for the file or the CSV header); `field` the field or
    column name ("" for the whole row or file; "a|b" for "one of a, b is required"); `code`
    a stable machine code; `params` the values the message quotes.
    """

    row: int
    field: str
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "zh") -> str:
        """A full sentence naming the row and field: Chinese by default, or "en" English."""
        english = lang.lower().startswith("en")
        params = _Params(self.params)
        params["field"] = self.field
        params["row"] = str(self.row)
        one_of = self.code == "required" and "|" in self.field
        key = "required_one_of" if one_of else self.code
        templates = _MESSAGES_EN if english else _MESSAGES_ZH
        template = templates.get(key)
        if template is None:
            template = "{code}" if english else "错误 {code}"
            params["code"] = self.code
            if self.params:
                template += " (" + ", ".join(f"{k}={v}" for k, v in self.params) + ")"
        return _prefix(self.row, self.field, english) + template.format_map(params)


class _Params(dict[str, str]):
    """Message parameters; a parameter a message names but the error lacks shows as "?"."""

    def __init__(self, items: Iterable[tuple[str, str]]) -> None:
        super().__init__(items)

    def __missing__(self, key: str) -> str:
        return "?"


def _prefix(row: int, field: str, english: bool) -> str:
    if english:
        if row == 0:
            return f"header, column {field}: " if field else "file: "
        return f"row {row}, field {field}: " if field else f"row {row}: "
    if row == 0:
        return f"表头，列 {field}：" if field else "文件："
    return f"第 {row} 行，字段 {field}：" if field else f"第 {row} 行："


_MESSAGES_ZH: Final[dict[str, str]] = {
    "required": "缺少必填字段",
    "required_one_of": "至少需要填写其中一项",
    "not_a_number": "不是数字（{value}）",
    "negative": "不能为负数（{value}）",
    "too_large": "数值过大（{value}），应小于 {max}",
    "too_precise": "小数位数过多（{value}），最多 {places} 位小数",
    "too_long": "文本过长（{length} 个字符），最多 {max} 个字符",
    "bad_character": "含有不允许的字符 {char}（控制字符或文字方向控制符）",
    "date_out_of_range": "日期超出 {min} 至 {max} 的范围（{value}）",
    "span_out_of_range": "天数 {days} 使活动超出日期范围的上限 {max}",
    "bad_integer": "不是大于等于 1 的整数（{value}）",
    "bad_boolean": "不是布尔值（{value}），应为 true/false/1/0/是/否",
    "not_a_string": "应为文本（{value}）",
    "bad_date": "日期格式应为 YYYY-MM-DD（{value}）",
    "impossible_date": "日期不存在（{value}）",
    "end_before_start": "结束日期 {end_date} 早于开始日期 {date}",
    "too_many_days": "天数 {days} 超过日期范围内的 {span} 个日历天",
    "too_many_hours": "学时 {hours} 超过 {days} 天的上限 {limit}（每天最多 {per_day}）",
    "unknown_kind": "未知的活动类型（{value}）",
    "unknown_subject": "未知的科目（{value}），应为 public/professional/elective",
    "unknown_level": "未知的级别（{value}）",
    "level_not_allowed": "级别 {value} 不适用于活动类型 {kind}（可选：{allowed}）",
    "subject_mismatch": "公需课（public_course）的科目只能是 public（{value}）",
    "unknown_column": "未知字段",
    "missing_column": "缺少必需的列",
    "duplicate_column": "字段重复",
    "blank_column": "第 {column} 列没有列名",
    "extra_cells": "比表头多出 {count} 个非空单元格",
    "bad_csv": "CSV 格式错误（{detail}）",
    "bad_json": "不是有效的 JSON（{detail}）",
    "not_an_object": "不是 JSON 对象（{value}）",
    "empty_file": "文件为空或没有表头",
    "unsupported_format": "不支持的文件格式（{suffix}），应为 .csv、.jsonl、.ndjson 或 .json",
    "bad_encoding": "不是 UTF-8 编码（第 {position} 字节）",
}

_MESSAGES_EN: Final[dict[str, str]] = {
    "required": "required field is missing",
    "required_one_of": "at least one of these fields is required",
    "not_a_number": "not a number ({value})",
    "negative": "must not be negative ({value})",
    "too_large": "number too large ({value}); must be below {max}",
    "too_precise": "too many decimal places ({value}); at most {places}",
    "too_long": "text too long ({length} characters); at most {max}",
    "bad_character": (
        "contains the character {char}, which is not allowed (a control or text-direction"
        " character)"
    ),
    "date_out_of_range": "date outside {min} to {max} ({value})",
    "span_out_of_range": "{days} days run past the last allowed date {max}",
    "bad_integer": "not a whole number of at least 1 ({value})",
    "bad_boolean": "not a boolean ({value}); use true/false/1/0/是/否",
    "not_a_string": "must be text ({value})",
    "bad_date": "date must be YYYY-MM-DD ({value})",
    "impossible_date": "no such date ({value})",
    "end_before_start": "end date {end_date} is before start date {date}",
    "too_many_days": "{days} days exceed the {span} calendar day(s) from date to end_date",
    "too_many_hours": (
        "{hours} hours exceed the limit of {limit} for {days} calendar day(s) ({per_day} a day)"
    ),
    "unknown_kind": "unknown kind ({value})",
    "unknown_subject": "unknown subject ({value}); use public/professional/elective",
    "unknown_level": "unknown level ({value})",
    "level_not_allowed": "level {value} is not allowed for kind {kind} (allowed: {allowed})",
    "subject_mismatch": "the subject of a public_course must be public ({value})",
    "unknown_column": "unknown field",
    "missing_column": "required column is missing",
    "duplicate_column": "field appears more than once",
    "blank_column": "column {column} has no name",
    "extra_cells": "{count} non-empty cell(s) beyond the header's columns",
    "bad_csv": "malformed CSV ({detail})",
    "bad_json": "not valid JSON ({detail})",
    "not_an_object": "not a JSON object ({value})",
    "empty_file": "the file is empty or has no header",
    "unsupported_format": (
        "unsupported file format ({suffix}); use .csv, .jsonl, .ndjson or .json"
    ),
    "bad_encoding": "not UTF-8 (byte {position})",
}


@dataclass(frozen=True, slots=True)
class ReadResult:
    """The valid rows as records, and every error of the other rows (sorted by row)."""

    records: list[Record]
    errors: list[RecordError]


def _show(value: object) -> str:
    """A short text of a value, for error messages."""
    if isinstance(value, str):
        text = value.strip() or value
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, int | float | Decimal | dt.date):
        text = str(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = repr(value)
    if len(text) > _SHOW_LIMIT:
        text = text[: _SHOW_LIMIT - 1] + "…"
    if forbidden_character(text) is not None:  # never quote a NUL or a bidi override back
        text = "".join(
            f"\\u{ord(char):04x}" if forbidden_character(char) else char for char in text
        )
    return text


class _Invalid(Exception):
    """Raised by a converter for a value it refuses; never escapes this module."""

    def __init__(self, code: str, value: object, *extra: tuple[str, str]) -> None:
        super().__init__(code)
        self.code = code
        self.params: tuple[tuple[str, str], ...] = (("value", _show(value)), *extra)


# ---------------------------------------------------------------------------------------
# Converters: value -> Python value, or _ABSENT for "not given", or raise _Invalid.
# The str branch comes first and hits a memo for the common values.

_ABSENT: Final = object()

_DATE_SHAPE: Final = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_NUMBER_SHAPE: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)

_date_memo: dict[str, dt.date] = {}
_decimal_memo: dict[str, Decimal] = {}
_integer_memo: dict[str, int] = {}


_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


def _remember(memo: dict[_K, _V], key: _K, value: _V) -> _V:
    if len(memo) >= _CACHE_LIMIT:
        memo.clear()
    memo[key] = value
    return value


def _to_text(value: object) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return text if text else _ABSENT
    if value is None:
        return _ABSENT
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _Invalid("not_a_string", value)


def _name_converter(limit: int) -> Callable[[object], Any]:
    """Text that is stored and shown (a title, a region): at most `limit` characters, and no
    control or text-direction characters (`jxjy.policy.records.forbidden_character`)."""
    limit_text = str(limit)

    def convert(value: object) -> Any:
        text = _to_text(value)
        if text is _ABSENT:
            return text
        if len(text) > limit:
            raise _Invalid("too_long", value, ("length", str(len(text))), ("max", limit_text))
        char = forbidden_character(text)
        if char is not None:
            raise _Invalid("bad_character", value, ("char", f"U+{ord(char):04X}"))
        return text

    return convert


def _in_range(day: dt.date, value: object) -> dt.date:
    if day < DATE_MIN or day > DATE_MAX:
        raise _Invalid("date_out_of_range", value, *_DATE_RANGE)
    return day


def _to_date(value: object) -> Any:
    if isinstance(value, str):
        found = _date_memo.get(value)
        if found is not None:
            return found
        text = value.strip()
        if not text:
            return _ABSENT
        if _DATE_SHAPE.fullmatch(text) is None:
            raise _Invalid("bad_date", value)
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise _Invalid("impossible_date", value) from None
        return _remember(_date_memo, value, _in_range(day, value))
    if value is None:
        return _ABSENT
    if isinstance(value, dt.datetime):
        if value.tzinfo is None and value.time() == dt.time():
            return _in_range(value.date(), value)
        raise _Invalid("bad_date", value)
    if isinstance(value, dt.date):
        return _in_range(value, value)
    raise _Invalid("bad_date", value)


def _checked_decimal(number: Decimal, value: object) -> Decimal:
    if not number.is_finite():
        raise _Invalid("not_a_number", value)
    if number.is_signed():
        if number:
            raise _Invalid("negative", value)
        number = number.copy_abs()  # -0 is 0
    if number and number.adjusted() >= _MAX_ADJUSTED:
        raise _Invalid("too_large", value, ("max", _MAX_VALUE_TEXT))
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < _MIN_EXPONENT:
        # 1.500 is 1.50, exactly; 0.125 has a third decimal place the ledger cannot keep.
        exact = number.quantize(_QUANTUM)
        if exact != number:
            raise _Invalid("too_precise", value, ("places", _PLACES_TEXT))
        number = exact
    return number


def _decimal_from_text(value: str) -> Any:
    text = value.strip()
    if not text:
        return _ABSENT
    if _NUMBER_SHAPE.fullmatch(text) is None:
        raise _Invalid("not_a_number", value)
    return _remember(_decimal_memo, value, _checked_decimal(Decimal(text), value))


def _to_decimal(value: object) -> Any:
    if isinstance(value, str):
        found = _decimal_memo.get(value)
        if found is not None:
            return found
        return _decimal_from_text(value)
    if value is None:
        return _ABSENT
    if isinstance(value, bool):
        raise _Invalid("not_a_number", value)
    if isinstance(value, int):
        return _checked_decimal(Decimal(value), value)
    if isinstance(value, float):
        # str() gives the shortest text that round-trips: 0.1 stays Decimal("0.1").
        number = _decimal_from_text(str(value))
        if number is _ABSENT:  # pragma: no cover - str(float) is never blank
            raise _Invalid("not_a_number", value)
        return number
    if isinstance(value, Decimal):
        return _checked_decimal(value, value)
    raise _Invalid("not_a_number", value)


def _whole(number: Decimal, value: object) -> int:
    if not number.is_finite() or number < 1 or number != number.to_integral_value():
        raise _Invalid("bad_integer", value)
    if number > MAX_WHOLE:
        raise _Invalid("too_large", value, ("max", _MAX_WHOLE_TEXT))
    return int(number)


def _to_integer(value: object) -> Any:
    if isinstance(value, str):
        found = _integer_memo.get(value)
        if found is not None:
            return found
        text = value.strip()
        if not text:
            return _ABSENT
        if _NUMBER_SHAPE.fullmatch(text) is None:
            raise _Invalid("bad_integer", value)
        return _remember(_integer_memo, value, _whole(Decimal(text), value))
    if value is None:
        return _ABSENT
    if isinstance(value, bool):
        raise _Invalid("bad_integer", value)
    if isinstance(value, int):
        if value < 1:
            raise _Invalid("bad_integer", value)
        if value > MAX_WHOLE:
            raise _Invalid("too_large", value, ("max", _MAX_WHOLE_TEXT))
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Invalid("bad_integer", value)
        return _whole(Decimal(str(value)), value)
    if isinstance(value, Decimal):
        return _whole(value, value)
    raise _Invalid("bad_integer", value)


_BOOLEANS: Final[dict[str, bool]] = {
    "true": True,
    "false": False,
    "1": True,
    "0": False,
    "是": True,
    "否": False,
}


def _to_boolean(value: object) -> Any:
    if isinstance(value, str):
        found = _BOOLEANS.get(value)
        if found is not None:
            return found
        text = value.strip()
        if not text:
            return _ABSENT
        found = _BOOLEANS.get(text.lower())
        if found is None:
            raise _Invalid("bad_boolean", value)
        return found
    if value is None:
        return _ABSENT
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    raise _Invalid("bad_boolean", value)


def _enum_converter(members: Mapping[str, object], code: str) -> Callable[[object], Any]:
    table = dict(members)

    def convert(value: object) -> Any:
        if isinstance(value, str):
            found = table.get(value)
            if found is not None:
                return found
            text = value.strip()
            if not text:
                return _ABSENT
            found = table.get(text.lower())
            if found is None:
                raise _Invalid(code, value)
            return found
        if value is None:
            return _ABSENT
        raise _Invalid(code, value)

    return convert


_CONVERTERS: Final[dict[str, Callable[[object], Any]]] = {
    "person_id": _to_text,
    "date": _to_date,
    "end_date": _to_date,
    "kind": _enum_converter({k.value: k for k in Kind}, "unknown_kind"),
    "subject": _enum_converter({s.value: s for s in Subject}, "unknown_subject"),
    "hours": _to_decimal,
    "minutes": _to_decimal,
    "days": _to_decimal,
    "credits": _to_decimal,
    "level": _enum_converter({lv.value: lv for lv in Level}, "unknown_level"),
    "rank": _to_integer,
    "count": _to_integer,
    "title": _name_converter(MAX_LENGTHS["title"]),
    "approved": _to_boolean,
    "passed": _to_boolean,
    "region": _name_converter(MAX_LENGTHS["region"]),
}
assert set(_CONVERTERS) == set(FIELDS)


# ---------------------------------------------------------------------------------------
# Per-kind tables, built once.


def _requirements(kind: Kind) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(error field, alternatives) pairs: the row must supply one of the alternatives."""
    table: list[tuple[str, tuple[str, ...]]] = []
    for need in REQUIRED_BY_KIND.get(kind, ()):
        names = (need,) if isinstance(need, str) else tuple(need)
        table.append(("|".join(names), names))
    return tuple(table)


#: kind -> (its requirements, the levels it admits or None for any level).
_KIND_RULES: Final[
    dict[Kind, tuple[tuple[tuple[str, tuple[str, ...]], ...], frozenset[Level] | None]]
] = {kind: (_requirements(kind), LEVELS_BY_KIND.get(kind)) for kind in Kind}
# Enum members as module constants: `Kind.PUBLIC_COURSE` is a slow class-attribute lookup.
_PUBLIC_COURSE: Final = Kind.PUBLIC_COURSE
_PUBLIC: Final = Subject.PUBLIC
_ONE_DAY_HOURS: Final = HOURS_PER_DAY_LIMIT
_NOTHING: Final[frozenset[str]] = frozenset()


# ---------------------------------------------------------------------------------------
# The validator


def _parse(
    row: int,
    pairs: Iterable[tuple[str, object]],
    order: Iterable[str],
    errors: list[RecordError] | None = None,
) -> Record | list[RecordError]:
    """Validate one row given as (field, value) pairs. `order` yields the row's fields in
    input order, to sort errors by (read only when there are errors); `errors` are errors
    of the row found before."""
    values: dict[str, Any] = {}
    bad: Set[str] = _NOTHING
    for name, raw in pairs:
        convert = _CONVERTERS.get(name)
        if convert is None:
            if errors is None:
                errors = []
            errors.append(RecordError(row, name, "unknown_column"))
            continue
        try:
            value = convert(raw)
        except _Invalid as invalid:
            if errors is None:
                errors = []
            errors.append(RecordError(row, name, invalid.code, invalid.params))
            bad = {name, *bad}
            continue
        if value is not _ABSENT:
            values[name] = value

    kind: Kind | None = values.get("kind")
    start: dt.date | None = values.get("date")
    if kind is None or start is None or "person_id" not in values:
        for label in CORE_FIELDS:
            if label not in values and label not in bad:
                if errors is None:
                    errors = []
                errors.append(RecordError(row, label, "required"))

    if kind is not None:
        required, allowed_levels = _KIND_RULES[kind]
        for label, names in required:
            for name in names:
                if name in values or name in bad:
                    break
            else:
                if errors is None:
                    errors = []
                errors.append(RecordError(row, label, "required"))
        if kind is _PUBLIC_COURSE:
            subject: Subject | None = values.get("subject")
            if subject is None:
                if "subject" not in bad:
                    values["subject"] = _PUBLIC
            elif subject is not _PUBLIC:
                if errors is None:
                    errors = []
                errors.append(
                    RecordError(row, "subject", "subject_mismatch", (("value", str(subject)),))
                )
        if allowed_levels is not None:
            level: Level | None = values.get("level")
            if level is not None and level not in allowed_levels:
                if errors is None:
                    errors = []
                errors.append(
                    RecordError(
                        row,
                        "level",
                        "level_not_allowed",
                        (
                            ("value", str(level)),
                            ("kind", str(kind)),
                            ("allowed", ", ".join(sorted(allowed_levels))),
                        ),
                    )
                )

    if start is not None:
        if "days" in values and "end_date" not in values and "end_date" not in bad:
            errors = _end_from_days(row, start, values, errors)
        if "end_date" in values or "days" in values:
            errors = _check_span(row, start, values, bad, errors)
        else:  # a one-day record: only hours beyond one day need a look
            hours: Decimal | None = values.get("hours")
            if hours is not None and hours > _ONE_DAY_HOURS:
                errors = _check_span(row, start, values, bad, errors)

    if errors:
        return _sorted(errors, order)
    return Record(row, **values)


def _days_end(start: dt.date, days: Decimal) -> dt.date | None:
    """The last day of a record of `days` from `start` without an end date: `days` over one
    take ceil(days) consecutive calendar days (2.5 days from 10 May end on 12 May); None when
    that runs past DATE_MAX."""
    span = int(days.to_integral_value(ROUND_CEILING))
    if span - 1 > (DATE_MAX - start).days:
        return None
    return start + dt.timedelta(days=span - 1)


def _end_from_days(
    row: int, start: dt.date, values: dict[str, Any], errors: list[RecordError] | None
) -> list[RecordError] | None:
    """Give a record of more than one day without an end date the end date its days mean."""
    days: Decimal = values["days"]
    if days <= 1:
        return errors
    end = _days_end(start, days)
    if end is None:
        errors = errors if errors is not None else []
        errors.append(
            RecordError(
                row,
                "days",
                "span_out_of_range",
                (("days", str(days)), ("max", DATE_MAX.isoformat())),
            )
        )
        del values["days"]  # checked: nothing more to say of it
    else:
        values["end_date"] = end
    return errors


def _check_span(
    row: int,
    start: dt.date,
    values: dict[str, Any],
    bad: Set[str],
    errors: list[RecordError] | None,
) -> list[RecordError] | None:
    end: dt.date | None = values.get("end_date")
    if end is None:
        if "end_date" in bad:
            return errors
        span = 1
    elif end < start:
        errors = errors if errors is not None else []
        errors.append(
            RecordError(
                row,
                "end_date",
                "end_before_start",
                (("date", start.isoformat()), ("end_date", end.isoformat())),
            )
        )
        return errors
    else:
        span = (end - start).days + 1
    days: Decimal | None = values.get("days")
    if days is not None and days > span:
        errors = errors if errors is not None else []
        errors.append(
            RecordError(row, "days", "too_many_days", (("days", str(days)), ("span", str(span))))
        )
    hours: Decimal | None = values.get("hours")
    if hours is not None:
        limit = _ONE_DAY_HOURS if span == 1 else HOURS_PER_DAY_LIMIT * span
        if hours > limit:
            errors = errors if errors is not None else []
            errors.append(
                RecordError(
                    row,
                    "hours",
                    "too_many_hours",
                    (
                        ("hours", str(hours)),
                        ("limit", str(limit)),
                        ("days", str(span)),
                        ("per_day", str(HOURS_PER_DAY_LIMIT)),
                    ),
                )
            )
    return errors


def _sorted(errors: list[RecordError], order: Iterable[str]) -> list[RecordError]:
    """Errors of one row by where their field appears in the input: whole-row errors first,
    then the row's fields in input order, then fields the row lacks (in the order found)."""
    position = {"": -1}
    for index, name in enumerate(order):
        position.setdefault(name, index)
    last = len(position)
    return sorted(errors, key=lambda error: position.get(error.field, last))


def parse_fields(row: int, raw: Mapping[str, object]) -> Record | list[RecordError]:
    """Validate one row, a mapping of field name to value, into a `Record`, or into every
    error of the row (sorted by where their field appears in `raw`)."""
    return _parse(row, raw.items(), raw)


# ---------------------------------------------------------------------------------------
# CSV


def _is_blank(cells: Sequence[str]) -> bool:
    return all(not cell or cell.isspace() for cell in cells)


def _header_errors(names: Sequence[str]) -> list[RecordError]:
    errors: list[RecordError] = []
    seen: set[str] = set()
    duplicated: set[str] = set()
    for column, name in enumerate(names, start=1):
        if not name:
            errors.append(RecordError(0, "", "blank_column", (("column", str(column)),)))
        elif name not in _CONVERTERS:
            errors.append(RecordError(0, name, "unknown_column"))
        elif name in seen:
            if name not in duplicated:
                duplicated.add(name)
                errors.append(RecordError(0, name, "duplicate_column"))
        else:
            seen.add(name)
    errors.extend(
        RecordError(0, name, "missing_column") for name in CORE_FIELDS if name not in seen
    )
    return errors


def _plain_lines(text: str) -> list[str] | None:
    """The lines of a CSV text without quotes (then splitting lines and commas is what the
    csv module does, without its per-cell work); None when the csv module must read it."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if '"' in text or "\r" in text:
        return None
    return text.split("\n")


# The CSV fast path. A CSV row is a list of strings, and most of its cells repeat values seen
# before (dates, kinds, hours, empty cells). Each field but person_id has a memo from cell
# text to the value that goes into the Record ("" to the field's default), so a row's values
# are looked up in one C-level pass, then checked for the row-level rules. A row that misses
# a memo has its new cells converted and memoised; a row with any problem at all goes the
# general way (`_parse`), which finds and reports its errors. Rows the fast path accepts are
# exactly those `_parse` accepts, giving equal Records (tests check this).
#
# Quicker still: a row without an end date involves its date in no check, so once such a row
# has passed, its values after the date are remembered by its cells after the date, and a row
# that repeats them (another person, another day) needs only its date looked up.

#: The fields the memos cover: FIELDS without person_id, in Record order.
_MEMO_FIELDS: Final = FIELDS[1:]
_M_DATE, _M_KIND, _M_SUBJECT, _M_END_DATE, _M_HOURS, _M_DAYS, _M_LEVEL = (
    _MEMO_FIELDS.index(name)
    for name in ("date", "kind", "subject", "end_date", "hours", "days", "level")
)
#: What an absent field becomes in the Record; subject stays None to be resolved by kind.
_ABSENT_AS: Final[dict[str, object]] = dict.fromkeys(_MEMO_FIELDS) | {
    "count": 1,
    "approved": True,
    "passed": True,
}
_memos: Final[tuple[dict[str, Any], ...]] = tuple({"": _ABSENT_AS[name]} for name in _MEMO_FIELDS)
assert _M_DATE == 0
#: The cells after the date of a row without an end date that passed -> its values after the date.
_rows_memo: Final[dict[tuple[str, ...], tuple[Any, ...]]] = {}
#: The same by the text after the date, for files whose first columns are person_id and date
#: (as the templates and the schema's order have them): a row that repeats another's text
#: after its date costs one split and one lookup.
_lines_memo: Final[dict[str, tuple[Any, ...]]] = {}
#: kind -> (index groups of which one must be given, the levels it admits or None).
_FAST_KIND_RULES: Final[dict[Kind, tuple[tuple[tuple[int, ...], ...], frozenset[Level] | None]]] = {
    kind: (
        tuple(tuple(_MEMO_FIELDS.index(name) for name in names) for _, names in required),
        levels,
    )
    for kind, (required, levels) in _KIND_RULES.items()
}
_PROFESSIONAL: Final = Subject.PROFESSIONAL
_RECORD_ORDER_OK: Final = Record._fields == ("row", *FIELDS)


def _learn(cells: Sequence[str]) -> list[Any] | None:
    """A row's values (in `_MEMO_FIELDS` order), converting and memoising the cells no memo
    knows yet; None if a cell is invalid."""
    values: list[Any] = []
    for name, memo, text in zip(_MEMO_FIELDS, _memos, cells, strict=True):
        value = memo.get(text, _ABSENT)
        if value is _ABSENT:
            try:
                value = _CONVERTERS[name](text)
            except _Invalid:
                return None
            if value is _ABSENT:
                value = _ABSENT_AS[name]
            if len(memo) >= _CACHE_LIMIT:
                memo.clear()
            memo[text] = value
        values.append(value)
    return values


def _fast_record_args(values: list[Any]) -> bool:
    """Check a row's memoised values against the row-level rules, filling in the subject;
    False when the row breaks one (the general path then reports why)."""
    start: dt.date | None = values[_M_DATE]
    kind: Kind | None = values[_M_KIND]
    if start is None or kind is None:
        return False
    required, levels = _FAST_KIND_RULES[kind]
    for indices in required:
        for index in indices:
            if values[index] is not None:
                break
        else:
            return False
    subject = values[_M_SUBJECT]
    if kind is _PUBLIC_COURSE:
        if subject is None:
            values[_M_SUBJECT] = _PUBLIC
        elif subject is not _PUBLIC:
            return False
    elif subject is None:
        values[_M_SUBJECT] = _PROFESSIONAL
    if levels is not None:
        level = values[_M_LEVEL]
        if level is not None and level not in levels:
            return False
    end: dt.date | None = values[_M_END_DATE]
    hours: Decimal | None = values[_M_HOURS]
    days: Decimal | None = values[_M_DAYS]
    if end is None:
        if days is None or days <= 1:
            return hours is None or hours <= _ONE_DAY_HOURS
        # Several days from the date: the end date they mean (`_end_from_days`).
        end = _days_end(start, days)
        if end is None:
            return False
        values[_M_END_DATE] = end
    elif end < start:
        return False
    span = (end - start).days + 1
    return (hours is None or hours <= HOURS_PER_DAY_LIMIT * span) and (days is None or days <= span)


def _checked(picked: tuple[str, ...]) -> list[Any] | None:
    """A row's values (in `_MEMO_FIELDS` order), or None if the row breaks any rule. A row
    without an end date is remembered in `_rows_memo`."""
    try:
        values: list[Any] | None = list(map(dict.__getitem__, _memos, picked))
    except KeyError:
        values = _learn(picked)
    if values is None or not _fast_record_args(values):
        return None
    if values[_M_END_DATE] is None:
        _remember(_rows_memo, picked[1:], tuple(values[1:]))
    return values


def read_csv_text(text: str) -> ReadResult:
    """Read a CSV text: a header row naming the fields (any order), then one row a record."""
    if text.startswith("\ufeff"):
        text = text[1:]
    records: list[Record] = []
    errors: list[RecordError] = []
    lines = _plain_lines(text)
    rows: Iterator[list[str]] = (
        csv.reader(io.StringIO(text, newline=""))
        if lines is None
        else (line.split(",") if line else [] for line in lines)
    )
    number = 0
    try:
        names: list[str] | None = None
        position = -1  # of the header line, in `lines`
        for cells in rows:
            position += 1
            if not _is_blank(cells):
                names = [cell.strip().strip("\ufeff").strip() for cell in cells]
                break
        if names is None:
            return ReadResult([], [RecordError(0, "", "empty_file")])
        # The plain path reads on from the line after the header (the csv path, from `rows`).
        remaining = [] if lines is None else lines[position + 1 :]
        header_errors = _header_errors(names)
        if header_errors:
            return ReadResult([], header_errors)
        take = _row_reader(names, records, errors)
        if lines is None:
            for cells in rows:
                number += 1
                take(number, cells, None)
        elif _RECORD_ORDER_OK and names[:2] == ["person_id", "date"]:
            dates, lines_memo = _memos[_M_DATE], _lines_memo
            new_tuple = tuple.__new__
            append = records.append
            for line in remaining:
                number += 1
                parts = line.split(",", 2)
                if len(parts) == 3:
                    rest = lines_memo.get(parts[2])
                    if rest is not None:
                        start = dates.get(parts[1])
                        person_id = parts[0].strip()
                        if start is not None and person_id:
                            append(new_tuple(Record, (number, person_id, start, *rest)))
                            continue
                    take(number, line.split(","), parts[2])
                else:
                    take(number, line.split(",") if line else [], None)
        else:
            for line in remaining:
                number += 1
                take(number, line.split(",") if line else [], None)
    except csv.Error as problem:
        errors.append(RecordError(number + 1, "", "bad_csv", (("detail", str(problem)),)))
    return ReadResult(records, errors)


def _row_reader(
    names: list[str], records: list[Record], errors: list[RecordError]
) -> Callable[[int, list[str], str | None], None]:
    """Reads one data row into `records` or `errors`: the memoised way when it can, the
    general way (`_parse_csv_row`) for anything else. `after_date` is the row's text after
    its date when the file starts with person_id and date: a row that passes without an end
    date is then remembered by it (`_lines_memo`)."""
    header = tuple(names)
    width = len(header)
    # Cells in _MEMO_FIELDS order; a field without a column reads the "" appended to a row.
    pick = operator.itemgetter(*(names.index(n) if n in names else width for n in _MEMO_FIELDS))
    person = names.index("person_id")
    dates, rows_memo = _memos[_M_DATE], _rows_memo
    # Every field comes positionally, so the tuple is built directly: the named tuple's own
    # __new__ (a Python function, for its defaults) is skipped.
    new_tuple = tuple.__new__
    append = records.append

    def take(number: int, cells: list[str], after_date: str | None) -> None:
        if _RECORD_ORDER_OK and len(cells) == width:
            person_id = cells[person].strip()
            if person_id:
                cells.append("")
                picked = pick(cells)
                start = dates.get(picked[0])
                rest = rows_memo.get(picked[1:]) if start is not None else None
                if rest is None:
                    values = _checked(picked)
                    if values is not None:
                        rest = tuple(values[1:])
                        start = values[0]
                if rest is not None:
                    if after_date is not None and rest[_M_END_DATE - 1] is None:
                        _remember(_lines_memo, after_date, rest)
                    append(new_tuple(Record, (number, person_id, start, *rest)))
                    return
                cells.pop()
        result = _parse_csv_row(number, header, cells)
        if result is not None:
            if isinstance(result, list):
                errors.extend(result)
            else:
                append(result)

    return take


def _parse_csv_row(
    number: int, header: tuple[str, ...], cells: list[str]
) -> Record | list[RecordError] | None:
    """The general way for one CSV row; None for a blank row."""
    width = len(header)
    extra: list[RecordError] | None = None
    if len(cells) > width:
        overflow = sum(1 for cell in cells[width:] if cell and not cell.isspace())
        if overflow:
            extra = [RecordError(number, "", "extra_cells", (("count", str(overflow)),))]
        cells = cells[:width]
    result = _parse(
        number, zip(compress(header, cells), filter(None, cells), strict=False), header, extra
    )
    if isinstance(result, list) and extra is None and _is_blank(cells):
        return None
    return result


# ---------------------------------------------------------------------------------------
# JSON Lines


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that named some keys more than once (the last value wins)."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    odd = _DuplicateKeys(obj)
    seen: set[str] = set()
    odd.duplicates = []
    for key, _ in pairs:
        if key in seen and key not in odd.duplicates:
            odd.duplicates.append(key)
        seen.add(key)
    return odd


_JSON: Final = json.JSONDecoder(object_pairs_hook=_object_pairs, parse_float=Decimal)


def read_jsonl_text(text: str) -> ReadResult:
    """Read JSON Lines: one JSON object a line, keyed by field name; blank lines skipped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    records: list[Record] = []
    errors: list[RecordError] = []
    decode = _JSON.decode
    seen_any = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line.isspace():
            continue
        seen_any = True
        try:
            obj = decode(line)
        except ValueError as problem:
            if isinstance(problem, json.JSONDecodeError):
                detail = f"{problem.msg}, column {problem.colno}"
            else:
                detail = str(problem)
            errors.append(RecordError(number, "", "bad_json", (("detail", detail),)))
            continue
        if obj.__class__ is dict:
            result = _parse(number, obj.items(), obj)
        elif isinstance(obj, _DuplicateKeys):
            duplicates = [RecordError(number, key, "duplicate_column") for key in obj.duplicates]
            result = _parse(number, obj.items(), obj, duplicates)
        else:
            errors.append(RecordError(number, "", "not_an_object", (("value", _show(obj)),)))
            continue
        if isinstance(result, list):
            errors.extend(result)
        else:
            records.append(result)
    if not seen_any:
        return ReadResult([], [RecordError(0, "", "empty_file")])
    return ReadResult(records, errors)


# ---------------------------------------------------------------------------------------
# Files


def read_records(path: pathlib.Path) -> ReadResult:
    """Read a file by its suffix: .csv as CSV; .jsonl, .ndjson or .json as JSON Lines.

    The bytes must be UTF-8 (a BOM is allowed). A problem with the file as a whole is one
    error at row 0. Errors of the operating system (no such file...) are raised.
    """
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES_CSV:
        reader = read_csv_text
    elif suffix in _SUFFIXES_JSONL:
        reader = read_jsonl_text
    else:
        return ReadResult(
            [], [RecordError(0, "", "unsupported_format", (("suffix", path.suffix or path.name),))]
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        return ReadResult(
            [], [RecordError(0, "", "bad_encoding", (("position", str(problem.start)),))]
        )
    return reader(text)
