"""Reading an uploaded roster: XLSX (the first sheet, read with python-calamine, a binding
of the Rust calamine reader: some eight times faster than openpyxl's read-only mode, which
made reading a 100,000-row file most of an import's time) or CSV (UTF-8, with or without a
BOM). A problem with the file as a whole is a `FileRefused`;
cells are returned as they are (text, numbers, dates) for the validator to judge."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from jxjy.imports.columns import REQUIRED, field_of
from jxjy.imports.problems import Problem
from jxjy.refusals import Refusal, Refused, active_lang, deferred

FORMATS = {".xlsx": "xlsx", ".csv": "csv"}


class FileRefused(Refused):
    """The file cannot be imported at all; `problems` say why (row 0: the file or header)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            Refusal(p.code, deferred(partial(_words, p)), p.column or "file", p.row or None)
            for p in problems
        )


def _words(problem: Problem) -> str:
    return problem.message("en" if active_lang() == "en" else "zh")


def refuse(code: str, column: str = "", **params: object) -> FileRefused:
    return FileRefused([Problem(0, column, code, tuple((k, str(v)) for k, v in params.items()))])


def format_of(filename: str) -> str:
    fmt = FORMATS.get(Path(filename).suffix.lower())
    if fmt is None:
        raise refuse("bad_suffix", suffix=Path(filename).suffix or filename)
    return fmt


@dataclass
class Table:
    """The header's fields (None for a column the file names but we do not know: a header
    problem) and the data rows, numbered from 1 under the header; blank rows are skipped
    but keep their number."""

    fields: list[str]
    header: list[str]  # as the file writes it
    rows: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)


def _raw_rows(path: Path, fmt: str) -> Iterator[tuple[Any, ...]]:
    if fmt == "csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as problem:
            raise refuse("bad_encoding", position=problem.start) from None
        try:
            yield from (tuple(cells) for cells in csv.reader(io.StringIO(text, newline="")))
        except csv.Error as problem:
            raise refuse("bad_csv", detail=str(problem)) from None
        return
    if not zipfile.is_zipfile(path):
        raise refuse("not_a_spreadsheet")
    try:
        book = CalamineWorkbook.from_path(str(path))
        yield from (tuple(cells) for cells in book.get_sheet_by_index(0).iter_rows())
    except (CalamineError, OSError, ValueError):
        raise refuse("not_a_spreadsheet") from None


def _blank(cells: tuple[Any, ...]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _header(cells: tuple[Any, ...]) -> Table:
    """The fields of a header row, or the refusal listing every problem of it."""
    names = list(cells)
    while names and (names[-1] is None or str(names[-1]).strip() == ""):
        names.pop()
    header = ["" if name is None else str(name).strip().lstrip("\ufeff") for name in names]
    problems: list[Problem] = []
    fields: list[str] = []
    for number, name in enumerate(names, start=1):
        text = "" if name is None else str(name).strip()
        found = field_of(text)
        if not text:
            problems.append(Problem(0, "", "blank_column", (("column", str(number)),)))
        elif found is None:
            problems.append(Problem(0, text, "unknown_column"))
        elif found in fields:
            problems.append(Problem(0, found, "duplicate_column"))
        fields.append(found or "")
    problems += [Problem(0, name, "missing_column") for name in REQUIRED if name not in fields]
    if problems:
        raise FileRefused(problems)
    return Table(fields, header)


def read_table(path: Path, fmt: str, *, first_row_only: bool = False) -> Table:
    """The file's header and rows. `first_row_only` stops after the first data row: enough
    to refuse a file at upload (not a spreadsheet, no header, bad columns, no rows)."""
    rows = _raw_rows(path, fmt)
    table: Table | None = None
    number = 0
    for cells in rows:
        if table is None:
            if not _blank(cells):
                table = _header(cells)
            continue
        number += 1
        if _blank(cells):
            continue
        table.rows.append((number, cells))
        if first_row_only:
            break
    if table is None:
        raise refuse("empty_file")
    if not table.rows:
        raise refuse("no_rows")
    return table
