"""Words for the engine's codes, in Chinese (default) and English.

The engine speaks in codes and parameters; people read these sentences. Citations and
quoted legal text are data and are never translated.
"""

from __future__ import annotations

from typing import Literal

from jxjy.policy.records import Kind, Level, Subject
from jxjy.policy.results import Note

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

KIND_LABELS: dict[Kind, tuple[str, str]] = {
    Kind.ONLINE_COURSE: ("线上课程", "online course"),
    Kind.ONLINE_EXAM: ("在线专项考试", "online special exam"),
    Kind.OFFLINE_THEORY: ("线下理论学习", "offline theory"),
    Kind.OFFLINE_PRACTICE: ("线下技能操作", "offline practice"),
    Kind.TRAINING_CLASS: ("培训班", "training class"),
    Kind.HIGH_LEVEL_BASE_TRAINING: ("高层次人才培训基地培训", "high-level talent base training"),
    Kind.CONFERENCE: ("学术会议", "conference"),
    Kind.SEMINAR_PROGRAM: ("高研班/研修班", "seminar programme"),
    Kind.RESEARCH_PROJECT: ("课题研究/立法/标准制定", "research, legislation or standards work"),
    Kind.PUBLICATION: ("发表论文/著作", "publication"),
    Kind.COMPETITION: ("职业技能大赛", "skills competition"),
    Kind.AWARD: ("科技进步奖", "science and technology award"),
    Kind.MONOGRAPH: ("专著/译著", "monograph or translation"),
    Kind.DEGREE: ("学历教育", "degree"),
    Kind.QUALIFICATION_EXAM: ("职称（职业）资格考试", "qualification exam"),
    Kind.TEACHING: ("授课", "teaching"),
    Kind.STUDY_TOUR: ("考察交流", "study tour"),
    Kind.SELF_STUDY: ("自学", "self-study"),
    Kind.PUBLIC_COURSE: ("公需课", "public course"),
    Kind.TRANSFER: ("转入学时", "transfer"),
    Kind.EXAM_PREP_TRAINING: ("考前培训", "exam-preparation training"),
}

SUBJECT_LABELS: dict[Subject, tuple[str, str]] = {
    Subject.PUBLIC: ("公共科目", "public"),
    Subject.PROFESSIONAL: ("专业科目", "professional"),
    Subject.ELECTIVE: ("选修科目", "elective"),
}

LEVEL_LABELS: dict[Level, tuple[str, str]] = {
    Level.INTERNATIONAL: ("国际", "international"),
    Level.NATIONAL: ("国家级", "national"),
    Level.REGIONAL: ("地区级", "regional"),
    Level.LOCAL: ("地区以下", "local"),
    Level.PROVINCIAL: ("省级", "provincial"),
    Level.MUNICIPAL: ("市级", "municipal"),
    Level.COUNTY: ("县级", "county"),
    Level.CORE: ("核心刊物", "core journal"),
    Level.OTHER: ("其他", "other"),
}

UNIT_LABELS: dict[str, tuple[str, str]] = {"hour": ("学时", "hours"), "credit": ("学分", "credits")}

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "hours": ("学时数（hours）", "hours"),
    "minutes": ("课件时长（minutes）", "minutes"),
    "days": ("天数（days）", "days"),
    "credits": ("学分（credits）", "credits"),
    "count": ("数量（count）", "count"),
}

PER_UNIT_LABELS: dict[str, tuple[str, str]] = {
    "hours": ("学时", "hours"),
    "minutes": ("分钟", "minutes"),
    "days": ("天", "days"),
    "credits": ("学分", "credits"),
}

REASON_LABELS: dict[str, tuple[str, str]] = {
    "subject": ("科目不符", "subject does not match"),
    "level": ("级别不符", "level does not match"),
    "rank": ("名次/等级不符", "rank or grade does not qualify"),
    "title": ("课程名称不符", "title does not match"),
    "region": ("来源地区不在认可范围", "region of origin is not recognised"),
}

#: Note code -> (Chinese, English) templates; {unit} is always available.
NOTE_TEXT: dict[str, tuple[str, str]] = {
    "excluded": ("不计入：{rule}", "does not count: {rule}"),
    "not_approved": (
        "未经审核备案，不予认可",
        "not filed and approved, so not recognised",
    ),
    "not_passed": ("考试考核未通过，不计", "assessment not passed, so not counted"),
    "not_credited": (
        "本政策未规定「{kind}」计{unit}，计 0",
        "this policy gives no {unit} for '{kind}'; counts 0",
    ),
    "conditions_not_met": (
        "不符合「{rule}」的条件（{reason}），计 0",
        "does not meet '{rule}' ({reason}); counts 0",
    ),
    "level_not_listed": (
        "「{rule}」未规定级别「{level}」的{unit}，计 0",
        "'{rule}' sets no value for level '{level}'; counts 0",
    ),
    "missing_field": (
        "「{rule}」按{field}计算，记录未提供，计 0",
        "'{rule}' counts by {field}, which the record lacks; counts 0",
    ),
    "whole_units_only": (
        "按每满 {per} {per_unit}折算，不足部分不计",
        "converted per whole {per} {per_unit}; the remainder does not count",
    ),
    "capped": (
        "受「{rule}」限制（上限 {limit}{unit}），核减 {amount}{unit}",
        "capped by '{rule}' (limit {limit} {unit}): {amount} {unit} not counted",
    ),
    "outside_year": (
        "记入 {year} 年度（按结束日期），不计入本年度",
        "belongs to {year} (by its last day), not to this year",
    ),
    "outside_window": (
        "记入 {year} 年度，不在审验期 {first}–{last} 内",
        "belongs to {year}, outside the window {first}–{last}",
    ),
    "reset_on_promotion": (
        "取得现等级（{since}）之前所获{unit}已清零",
        "earned before the current grade ({since}): reset to zero",
    ),
    "degree_spans_window": (
        "跨审验期的学历教育，按院校证明的学时计入",
        "a degree spanning the window's edge counts its certified hours",
    ),
    "year_not_compliant": (
        "{year} 年度未达到年度要求",
        "{year} does not meet the yearly requirement",
    ),
    "subject_short_over_window": (
        "期内{subject}累计 {actual}{unit}，应达 {required}{unit}",
        "{subject} over the window: {actual} {unit}, {required} required",
    ),
}


def pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


def kind_label(kind: Kind, lang: Lang) -> str:
    return pick(KIND_LABELS[kind], lang)


def subject_label(subject: Subject, lang: Lang) -> str:
    return pick(SUBJECT_LABELS[subject], lang)


def unit_label(unit: str, lang: Lang) -> str:
    return pick(UNIT_LABELS[unit], lang)


def note_message(note: Note, unit: str, lang: Lang = "zh") -> str:
    """The sentence for a note, with its parameters put into words."""
    params = dict(note.params)
    if "kind" in params:
        params["kind"] = kind_label(Kind(params["kind"]), lang)
    if "level" in params:
        level = params["level"]
        params["level"] = pick(LEVEL_LABELS[Level(level)] if level else ("未填", "none"), lang)
    if "basis" in params:
        params["per_unit"] = pick(PER_UNIT_LABELS.get(params["basis"], ("", "")), lang)
    if "reason" in params:
        params["reason"] = pick(REASON_LABELS.get(params["reason"], (params["reason"],) * 2), lang)
    for key in ("field", "basis"):
        if key in params:
            params[key] = pick(FIELD_LABELS.get(params[key], (params[key],) * 2), lang)
    if "subject" in params:
        params["subject"] = subject_label(Subject(params["subject"]), lang)
    return pick(NOTE_TEXT[note.code], lang).format(unit=unit_label(unit, lang), **params)


#: What each kind of cited rule is called (`jxjy policies show`); keys as in
#: `jxjy.policy.citations.SECTIONS`.
RULE_KIND_LABELS: dict[str, tuple[str, str]] = {
    "credit": ("计分规则", "credit rule"),
    "exclusion": ("不计入", "exclusion"),
    "approval": ("审核备案", "approval gate"),
    "assessment": ("考核", "assessment gate"),
    "cap": ("上限", "cap"),
    "requirement": ("要求", "requirement"),
    "exemption": ("免除", "exemption"),
    "deemed_complete": ("视同完成", "deemed completion"),
    "window_deemed": ("审验期视同完成", "deemed completion of a window"),
    "courses": ("必修课程", "required courses"),
    "audit": ("审验", "audit"),
    "conversion": ("学分学时折算", "conversion"),
}


def rule_kind_label(kind: str, lang: Lang) -> str:
    return pick(RULE_KIND_LABELS.get(kind, (kind, kind)), lang)
