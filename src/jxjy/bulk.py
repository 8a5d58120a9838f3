"""Writing many rows fast: PostgreSQL's COPY (through psycopg), and Django's `bulk_create`
on other databases. Each row is a mapping of field attribute name (`person_id`, not
`person`) to value; a field a row does not give takes its model default, as
`Model.objects.create` would. Neither calls `save()` nor sends signals: callers write rows
that need neither (the ledger's imports, the stored standings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 2000


def _columns(model: type[models.Model], given: Sequence[str]) -> list[models.Field[Any, Any]]:
    """The concrete fields to write: those given, and every other one but the primary
    key (which the database numbers)."""
    return [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in given]


class _Column:
    """How one field's value is found: given by the row, or its default (a callable default
    called per row, a plain one once), or the time of writing for auto_now fields."""

    def __init__(self, field: models.Field[Any, Any], now: dt.datetime) -> None:
        self.name = field.attname
        self.per_row = callable(field.default) and field.has_default()
        self.field = field
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            self.default: Any = now
        elif self.per_row:
            self.default = None
        else:
            self.default = field.get_default() if field.has_default() or not field.null else None
        # Values psycopg adapts as they are; a JSON value needs the field's own adapter.
        self.prepare = field.get_internal_type() == "JSONField"

    def value(self, row: Mapping[str, Any]) -> Any:
        if self.name in row:
            value = row[self.name]
        elif self.per_row:
            value = self.field.get_default()
        else:
            value = self.default
        return self.field.get_db_prep_save(value, connection) if self.prepare else value


def _copy(
    table: str, fields: Sequence[models.Field[Any, Any]], rows: Sequence[Mapping[str, Any]]
) -> None:
    connection.ensure_connection()
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    statement = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
    now = timezone.now()
    columns = [_Column(field, now) for field in fields]
    with connection.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([column.value(row) for column in columns])


def rows_insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` into the table of `model`."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(model._meta.db_table, _columns(model, list(rows[0])), rows)
        return
    model._default_manager.bulk_create([model(**row) for row in rows], batch_size=CHUNK)


def rows_upsert(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]],
    *,
    unique: Sequence[str],
    update: Sequence[str],
) -> None:
    """Insert `rows`, or where a row with the same `unique` columns exists, set its
    `update` columns (INSERT ... ON CONFLICT DO UPDATE)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**row) for row in rows],
            batch_size=CHUNK,
            update_conflicts=True,
            unique_fields=list(unique),
            update_fields=list(update),
        )
        return
    quote = connection.ops.quote_name
    table = model._meta.db_table
    fields = _columns(model, list(rows[0]))
    staging = f"{table}_staging"
    names = ", ".join(quote(f.column) for f in fields)
    by_name = {f.name: f.column for f in model._meta.concrete_fields}
    conflict = ", ".join(quote(by_name[name]) for name in unique)
    assignments = ", ".join(
        f"{quote(by_name[name])} = EXCLUDED.{quote(by_name[name])}" for name in update
    )
    with connection.cursor() as cursor:
        # The columns only, without the table's constraints (its id is numbered on insert).
        cursor.execute(
            f"CREATE TEMPORARY TABLE {quote(staging)} AS SELECT {names} FROM {quote(table)}"
            " WITH NO DATA"
        )
        _copy(staging, fields, rows)
        cursor.execute(
            f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {quote(staging)}"
            f" ON CONFLICT ({conflict}) DO UPDATE SET {assignments}"
        )
        cursor.execute(f"DROP TABLE {quote(staging)}")
