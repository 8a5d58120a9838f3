"""The columns of a roster file: the canonical record fields (`jxjy.policy.records`, see
docs/records.md) and what a roster needs beside them to find or create the person and the
project. A header names a column in Chinese (as the template writes it) or by its English
field name, in any order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from jxjy.policy.records import FIELDS


@dataclass(frozen=True)
class Column:
    field: str  # the English field name
    header: str  # the Chinese header of the template
    required: bool  # the column must be there (a cell may still be empty where allowed)
    help_zh: str
    example: str = ""
    choices: str = ""  # the name of a validation list of the template, if any


COLUMNS: Final = (
    Column(
        "id_number",
        "身份证号",
        True,
        "18 位公民身份号码（GB 11643），按文本填写",
        "330702198501010011",
    ),
    Column("name", "姓名", True, "与身份证一致的姓名", "张三"),
    Column(
        "filing_number",
        "项目备案号",
        False,
        "培训项目的备案号；项目须已审批、由本单位举办、类型一致且日期在项目期间内。"
        "线下培训类活动不填备案号的，登记为未备案（宁夏 三（一））",
        "JH-2023-0001",
    ),
    Column("date", "开始日期", True, "活动（第一天）日期，YYYY-MM-DD", "2023-03-01"),
    Column(
        "end_date",
        "结束日期",
        False,
        "多日活动的最后一天，YYYY-MM-DD；一天的活动不填；也可不填而只填天数",
    ),
    Column("kind", "活动类型", True, "从下拉列表选择（也可填英文代码）", "线下理论学习", "kinds"),
    Column(
        "subject",
        "科目",
        False,
        "公共科目 / 专业科目 / 选修科目；不填为专业科目",
        "专业科目",
        "subjects",
    ),
    Column("hours", "学时", False, "学时数，≥ 0，最多两位小数", "8"),
    Column("minutes", "分钟", False, "线上课程的时长（分钟）"),
    Column(
        "days",
        "天数",
        False,
        "天数；不填按起止日期计算；不填结束日期时，自开始日期起连续计算（2.5 天占 3 个日历天）",
    ),
    Column("credits", "学分", False, "学分数，≥ 0"),
    Column("level", "级别", False, "会议、研修班、论文、竞赛、奖项的级别", "", "levels"),
    Column("rank", "名次", False, "竞赛名次或获奖等级（1 = 一等奖），≥ 1 的整数"),
    Column("count", "数量", False, "篇数等，≥ 1 的整数；不填为 1"),
    Column(
        "title",
        "课程或活动名称",
        False,
        "课程或活动名称，最多 200 字；公需课按名称匹配",
        "数控车床操作",
    ),
    Column(
        "approved",
        "已备案",
        False,
        "是 / 否；无备案号的培训类活动只有平台运营可填“是”",
        "",
        "yes_no",
    ),
    Column("passed", "考核合格", False, "是 / 否；不填为是", "是", "yes_no"),
    Column("region", "转入地区", False, "转入学时的来源地区：名称或 GB/T 2260 代码"),
    Column("gender", "性别", False, "男 / 女；须与身份证号一致，不填按身份证号", "男", "genders"),
    Column(
        "region_code",
        "所在地区代码",
        False,
        "人员所在县（区）的 6 位 GB/T 2260 代码；平台上尚无此人时必填",
        "330702",
    ),
    Column(
        "talent",
        "人才类型",
        False,
        "技能人才 / 专业技术人员；平台上尚无此人时必填",
        "技能人才",
        "talents",
    ),
    Column(
        "employer_code",
        "工作单位统一社会信用代码",
        False,
        "人员工作单位的 18 位统一社会信用代码，可不填",
    ),
)

BY_FIELD: Final = {c.field: c for c in COLUMNS}
#: Header text (Chinese or English, lower-cased) -> field.
BY_HEADER: Final = {c.header: c.field for c in COLUMNS} | {c.field: c.field for c in COLUMNS}
REQUIRED: Final = tuple(c.field for c in COLUMNS if c.required)
#: The columns that describe the person, not the activity.
PERSON_FIELDS: Final = ("gender", "region_code", "talent", "employer_code")
#: The canonical record fields (those `jxjy.policy.reading.parse_fields` validates).
RECORD_FIELDS: Final = tuple(name for name in FIELDS if name != "person_id")


def field_of(header: object) -> str | None:
    """The field a header cell names, or None."""
    if not isinstance(header, str):
        return None
    text = header.strip().strip("\ufeff").strip()
    return BY_HEADER.get(text) or BY_HEADER.get(text.lower())
