"""How a ledger row (`CreditRecord`) becomes an engine record (`jxjy.policy.records.Record`)
and back: the one statement of it. The record's fields, their order and their limits are
`jxjy.policy.records`'s; every writer of the ledger stores `columns(record)` of a record the
reader accepted, and every reader of the ledger evaluates `to_record(row)`, so the platform
computes what the `jxjy` command line computes from the same fields.

The year a record belongs to is `jxjy.policy.records.year_of`; `year_expression()` is the
same rule for queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from django.db.models.functions import Coalesce, ExtractYear

from jxjy.ledger.models import CreditRecord
from jxjy.policy.records import FIELDS, Kind, Level, Record, Subject, year_of

#: Record field -> its `CreditRecord` column, in the record's order (the person is the row's
#: foreign key, not a column here). Only the region is named otherwise in the ledger.
COLUMNS: Final[dict[str, str]] = {
    name: "origin_region" if name == "region" else name for name in FIELDS if name != "person_id"
}
#: Fields kept in a text column that stores "" for "absent" (the record's None).
_BLANK_AS_NONE: Final = frozenset({"level", "title", "region"})


def columns(record: Record) -> dict[str, object]:
    """The `CreditRecord` columns of an engine record (the inverse of `to_record`)."""
    values: dict[str, object] = {}
    for name, column in COLUMNS.items():
        value = getattr(record, name)
        if name in _BLANK_AS_NONE:
            value = "" if value is None else str(value)
        elif isinstance(value, Kind | Subject | Level):
            value = value.value
        values[column] = value
    return values


def field_values(row: CreditRecord) -> dict[str, Any]:
    """The row's record fields by field name, None for absent (as the reader reads them)."""
    values: dict[str, Any] = {}
    for name, column in COLUMNS.items():
        value = getattr(row, column)
        values[name] = None if value == "" and name in _BLANK_AS_NONE else value
    return values


def to_record(row: CreditRecord) -> Record:
    """The engine's record for a ledger row; `row` is the ledger id, so results link back."""
    values = field_values(row)
    values["kind"] = Kind(values["kind"])
    values["subject"] = Subject(values["subject"])
    if values["level"] is not None:
        values["level"] = Level(values["level"])
    return Record(row=row.pk, person_id=str(row.person_id), **values)


def to_records(rows: Iterable[CreditRecord]) -> list[Record]:
    return [to_record(row) for row in rows]


def year(row: CreditRecord) -> int:
    """The year a ledger row belongs to (`jxjy.policy.records.year_of`)."""
    return year_of(row.date, row.end_date)


def year_expression() -> ExtractYear:
    """`year_of` as a query expression over `CreditRecord`: the year of its last day."""
    return ExtractYear(Coalesce("end_date", "date"))
