"""The error report: the file's rows as uploaded, with every problem of a row written in
a column beside it, as XLSX (openpyxl's write-only mode: rows stream out)."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from jxjy.imports.files import FileRefused, read_table
from jxjy.imports.models import ImportBatch
from jxjy.imports.problems import problem_message
from jxjy.imports.selectors import batch_problems
from jxjy.policy.messages import Lang, pick

HEADINGS = {"problems": ("问题", "Problems"), "row": ("行号", "Row")}


def report_xlsx(*, batch: ImportBatch, lang: Lang) -> bytes:
    by_row: dict[int, list[str]] = defaultdict(list)
    for row, column, code, params in batch_problems(batch=batch).values_list(
        "row", "column", "code", "params"
    ):
        by_row[row].append(problem_message(row, column, code, params.items(), lang))
    book = Workbook(write_only=True)
    sheet = book.create_sheet(pick(("错误报告", "Problems"), lang))
    bad = PatternFill("solid", fgColor="F8D7DA")
    wrap = Alignment(wrap_text=True, vertical="top")

    def problem_cell(texts: list[str]) -> Any:
        cell = WriteOnlyCell(sheet, value="\n".join(texts) if texts else None)
        if texts:
            cell.fill = bad
            cell.alignment = wrap
        return cell

    try:
        table = read_table(batch.stored_path, batch.format)
    except FileRefused:
        table = None
    heading = Font(bold=True)
    headers = [pick(HEADINGS["row"], lang), pick(HEADINGS["problems"], lang)]
    headers += table.header if table is not None else []
    cells = [WriteOnlyCell(sheet, value=text) for text in headers]
    for cell in cells:
        cell.font = heading
    sheet.append(cells)
    if by_row.get(0):
        sheet.append([0, problem_cell(by_row[0])])
    if table is not None:
        for number, cells_of_row in table.rows:
            sheet.append([number, problem_cell(by_row.get(number, [])), *cells_of_row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
