"""The problems an import finds, and their messages in Chinese or English.

A problem names the data row (1 = the first row under the header; 0 = the file or its
header), the column by its field name, and a code. The record fields' problems are the
engine's own (`jxjy.policy.reading.RecordError`), so a value gets the same message here as
from the `jxjy` command line; the codes below are the import's own. Like the engine's, the
messages are (Chinese, English) pairs: legal and data words need no translation catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from jxjy.policy.messages import Lang, pick

# The engine's own "row N, field F:" prefix, so both kinds of message read alike.
from jxjy.policy.reading import RecordError
from jxjy.policy.reading import _prefix as prefix

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "empty_upload": ("文件是空的（0 字节）", "the file is empty (0 bytes)"),
    "too_big": (
        "文件过大（{size} MB），上限为 {limit} MB",
        "the file is too large ({size} MB); the limit is {limit} MB",
    ),
    "bad_suffix": (
        "不支持的文件类型（{suffix}），请上传 .xlsx 或 .csv",
        "unsupported file type ({suffix}); upload .xlsx or .csv",
    ),
    "not_a_spreadsheet": (
        "不是有效的 XLSX 电子表格（可能是改了扩展名的其他文件）",
        "not a valid XLSX spreadsheet (perhaps another kind of file renamed .xlsx)",
    ),
    "no_rows": ("表头下没有数据行", "there are no rows under the header"),
    "same_file": (
        "同一文件已于 {at} 上传（批次 {batch}），不会重复登记",
        "the same file was uploaded on {at} (batch {batch}); nothing is registered twice",
    ),
    "id_not_text": (
        "身份证号须按文本填写（单元格是数字，末尾几位可能已被 Excel 改掉）",
        "the ID number must be text (the cell is a number, whose last digits Excel may have"
        " changed)",
    ),
    "bad_id_number": (
        "不是有效的公民身份号码：{reason}",
        "not a valid resident ID number: {reason}",
    ),
    "name_mismatch": (
        "姓名与平台上此身份证号人员的姓名不一致",
        "the name differs from the one on file for this ID number",
    ),
    "not_your_person": (
        "此人不是本单位职工，本单位不能为其登记",
        "this person is not one of your employees; you may not register records for them",
    ),
    "unknown_region": ("没有此地区代码（{value}）", "no region has this code ({value})"),
    "unknown_talent": (
        "未知的人才类型（{value}），应为 技能人才 或 专业技术人员",
        "unknown talent type ({value}); use 技能人才 or 专业技术人员",
    ),
    "unknown_gender": (
        "未知的性别（{value}），应为 男 或 女",
        "unknown gender ({value}); use 男 or 女",
    ),
    "gender_mismatch": (
        "性别与身份证号所载不一致",
        "the gender differs from the one the ID number encodes",
    ),
    "unknown_employer": (
        "没有此统一社会信用代码的用人单位（{value}）",
        "no employer has this unified social credit code ({value})",
    ),
    "not_your_employee": (
        "用人单位只能为本单位职工登记",
        "an employer registers records for its own employees only",
    ),
    "person_differs": (
        "同一身份证号的人员信息与第 {other} 行不一致",
        "the person's details differ from those in row {other} for the same ID number",
    ),
    "unknown_project": (
        "没有此备案号的培训项目（{value}）",
        "no training project has this filing number ({value})",
    ),
    "project_not_approved": ("培训项目尚未审批通过", "the training project is not approved"),
    "project_other_org": (
        "培训项目由其他单位举办",
        "the training project is run by another organisation",
    ),
    "project_kind": ("活动类型与培训项目的类型不一致", "the kind differs from the project's"),
    "project_dates": (
        "活动日期不在培训项目的起止日期内",
        "the activity falls outside the project's dates",
    ),
    "duplicate_row": ("与第 {other} 行是同一条记录", "the same record as row {other}"),
    "duplicate_record": (
        "台账中已有同一条记录（同一人员、项目、日期、类型、名称和数量）",
        "the ledger already holds this record (same person, project, dates, kind, title and"
        " amounts)",
    ),
    "changed": (
        "检查之后台账已有变化，请重新检查",
        "the ledger changed since the check; check the file again",
    ),
}

ID_REASONS: Final[dict[str, tuple[str, str]]] = {
    "shape": ("应为 17 位数字加 1 位校验码（0-9 或 X）", "must be 17 digits and a check digit"),
    "check_digit": ("校验码不符（GB 11643）", "the check digit does not match (GB 11643)"),
    "birth_date": ("其中的出生日期不存在", "the birth date in it is not a real date"),
    "birth_future": ("其中的出生日期晚于今天", "the birth date in it is in the future"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    column: str
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: Lang = "zh") -> str:
        return problem_message(self.row, self.column, self.code, self.params, lang)


def problem_message(
    row: int, column: str, code: str, params: Iterable[tuple[str, str]], lang: Lang = "zh"
) -> str:
    """A full sentence naming the row, the column and the reason."""
    values = dict(params)
    template = MESSAGES.get(code)
    if template is None:  # one of the engine's own codes
        return RecordError(row, column, code, tuple(values.items())).message(lang)
    if code == "bad_id_number":
        values["reason"] = pick(ID_REASONS.get(values.get("reason", ""), ("?", "?")), lang)
    return prefix(row, column, lang == "en") + pick(template, lang).format_map(_Missing(values))


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"
