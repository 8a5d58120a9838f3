"""The error report: the file's rows as uploaded, with every problem of a row written in
a column beside it, as XLSX (openpyxl's write-only mode: rows stream out)."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from jxjy.imports.files import FileRefused, read_table
from jxjy.imports.models import ImportBatch
from jxjy.imports.problems import problem_message
from jxjy.imports.selectors import batch_problems
from jxjy.policy.messages import Lang

HEADINGS: dict[str, Promise] = {
    "problems": _("Problems"),
    "row": pgettext_lazy("a row of the uploaded file", "Row"),
}


def report_xlsx(*, batch: ImportBatch, lang: Lang) -> bytes:
    by_row: dict[int, list[str]] = defaultdict(list)
    for row, column, code, params in batch_problems(batch=batch).values_list(
        "row", "column", "code", "params"
    ):
        by_row[row].append(problem_message(row, column, code, params.items(), lang))
    book = Workbook(write_only=True)
    with translation.override("en" if lang == "en" else "zh-hans"):
        title = str(_("Problem report"))
        headers = [str(HEADINGS["row"]), str(HEADINGS["problems"])]
    sheet = book.create_sheet(title)
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
