"""The roster templates: XLSX with Chinese headers, a comment on each header, drop-down
lists, and a sheet explaining every column; and the same columns as CSV (UTF-8 with a BOM,
so that Excel opens it as UTF-8)."""

from __future__ import annotations

import io
from typing import Final

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jxjy.imports.columns import COLUMNS
from jxjy.imports.values import LISTS

ROSTER_SHEET: Final = "花名册"
HELP_SHEET: Final = "填写说明"
LISTS_SHEET: Final = "选项"
#: Rows of the roster sheet the drop-down lists and text format cover.
TEMPLATE_ROWS: Final = 100_000


def template_xlsx() -> bytes:
    book = Workbook()
    roster = book.active
    assert roster is not None
    roster.title = ROSTER_SHEET
    lists = book.create_sheet(LISTS_SHEET)
    ranges: dict[str, str] = {}
    for index, (name, values) in enumerate(LISTS.items(), start=1):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=name)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        ranges[name] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    lists.sheet_state = "hidden"

    bold = Font(bold=True)
    needed = PatternFill("solid", fgColor="FFF2CC")
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = roster.cell(row=1, column=index, value=column.header)
        cell.font = bold
        if column.required:
            cell.fill = needed
        note = f"{column.field}{'（必填）' if column.required else ''}：{column.help_zh}"
        cell.comment = Comment(note, "JXJY", width=300, height=120)
        roster.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
        if column.field in ("id_number", "employer_code", "region_code", "filing_number"):
            # Long digit strings must stay text: as numbers Excel rounds them.
            roster.column_dimensions[letter].number_format = "@"
        if column.choices:
            check = DataValidation(
                type="list",
                formula1=f"={ranges[column.choices]}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error="请从下拉列表中选择",
            )
            check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            roster.add_data_validation(check)
    roster.freeze_panes = "A2"

    help_sheet = book.create_sheet(HELP_SHEET, 1)
    help_sheet.append(["列名", "英文字段名", "是否必填", "说明", "示例"])
    for cell in help_sheet[1]:
        cell.font = bold
    for column in COLUMNS:
        help_sheet.append(
            [
                column.header,
                column.field,
                "必填" if column.required else "",
                column.help_zh,
                column.example,
            ]
        )
    help_sheet.append([])
    for line in HELP_NOTES:
        help_sheet.append([line])
    for letter, width in zip("ABCDE", (22, 16, 10, 80, 22), strict=True):
        help_sheet.column_dimensions[letter].width = width

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HELP_NOTES: Final = (
    "表头可用中文列名或英文字段名，列的顺序不限；不认识的列、缺少必填的列都会报错。",
    "行号从表头下第一行算起为第 1 行；错误报告在每行旁写明问题。",
    "上传后先逐行检查，全部无误才能确认登记；登记要么全部成功，要么一条也不写入。",
    "同一文件重复上传不会重复登记；与台账中已有记录相同的行（同一人员、项目、日期、类型、"
    "名称和数量）会被指出。",
    "活动类型、科目、级别的取值见 docs/records.md；也可填写英文代码。",
)


def template_csv() -> bytes:
    header = ",".join(column.header for column in COLUMNS)
    return ("\ufeff" + header + "\r\n").encode("utf-8")
