"""Results as a readable report for a terminal: Chinese by default, English on request."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from jxjy.policy.citations import CitedRule, display_path
from jxjy.policy.messages import (
    Lang,
    kind_label,
    note_message,
    pick,
    rule_kind_label,
    subject_label,
    unit_label,
)
from jxjy.policy.model import AuditTarget, Policy
from jxjy.policy.records import Subject
from jxjy.policy.results import AuditResult, RecordResult, YearResult
from jxjy.policy.serialize import format_amount, shortfall_message

LABELS: dict[str, tuple[str, str]] = {
    "person": ("人员", "Person"),
    "year": ("年度", "year"),
    "total": ("合计", "Total"),
    "verdict": ("结论", "Result"),
    "compliant": ("达标", "compliant"),
    "not_compliant": ("未达标", "not compliant"),
    "passed": ("通过", "passed"),
    "not_passed": ("未通过", "not passed"),
    "requirement": ("要求", "Requirement"),
    "required": ("应达", "Required"),
    "actual": ("实际", "Actual"),
    "met": ("达标", "Met"),
    "citation": ("依据", "Citation"),
    "shortfalls": ("差额", "Shortfalls"),
    "deemed": ("视同完成", "Deemed complete"),
    "records": ("记录", "Records"),
    "row": ("行", "Row"),
    "kind": ("类别", "Kind"),
    "subject": ("科目", "Subject"),
    "raw": ("折算", "Raw"),
    "counted": ("计入", "Counted"),
    "notes": ("说明", "Notes"),
    "waived": ("免除", "waived"),
    "window": ("审验期", "Window"),
    "missing_courses": ("未完成公需课", "Missing courses"),
    "problems": ("问题", "Problems"),
    "max_years_early": ("最多可提前（年）", "At most years early"),
    "id": ("编号", "Id"),
    "title": ("名称", "Title"),
    "document": ("文号", "Document"),
    "effective": ("施行", "In force"),
    "unit": ("单位", "Unit"),
    "targets": ("审验目标", "Audit targets"),
}


PUNCTUATION: dict[str, tuple[str, str]] = {
    "(": ("（", " ("),
    ")": ("）", ")"),
    ":": ("：", ": "),
    ",": ("，", ", "),
    ";": ("；", "; "),
}


def _t(key: str, lang: Lang) -> str:
    return pick(LABELS[key], lang)


def _p(mark: str, lang: Lang) -> str:
    """Punctuation of the report's own frame; data (names, citations) keeps its own."""
    return pick(PUNCTUATION[mark], lang)


def _bracket(text: str, lang: Lang) -> str:
    return f"{_p('(', lang)}{text}{_p(')', lang)}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to the widest cell, counting CJK characters as two."""
    widths = [_width(h) for h in headers]
    for row in rows:
        widths = [max(w, _width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = [c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    return [line(headers), *(line(r) for r in rows)]


def _record_rows(records: Sequence[RecordResult], unit: str, lang: Lang) -> list[list[str]]:
    return [
        [
            str(r.row),
            kind_label(r.kind, lang),
            subject_label(r.subject, lang),
            format_amount(r.raw),
            format_amount(r.counted),
            r.citation.label() if r.citation else "",
            _p(";", lang).join(note_message(n, unit, lang) for n in r.notes),
        ]
        for r in records
    ]


def _record_headers(lang: Lang) -> list[str]:
    keys = ["row", "kind", "subject", "raw", "counted", "citation", "notes"]
    return [_t(k, lang) for k in keys]


def year_report(result: YearResult, policy: Policy, lang: Lang = "zh") -> str:
    unit = unit_label(result.unit, lang)
    verdict = _t("compliant" if result.compliant else "not_compliant", lang)
    subjects = _p(",", lang).join(
        f"{subject_label(s, lang)} {format_amount(result.by_subject[s])}" for s in Subject
    )
    lines = [
        f"{_t('person', lang)} {result.person_id} · {policy.title} · {policy.id} · "
        f"{result.year} {_t('year', lang)}",
        f"{_t('total', lang)} {format_amount(result.total)} {unit}{_bracket(subjects, lang)}  "
        f"{_t('verdict', lang)}{_p(':', lang)}{verdict}",
    ]
    if result.deemed_complete is not None:
        d = result.deemed_complete
        lines.append(f"{_t('deemed', lang)}{_p(':', lang)}{d.name} · {d.citation.label()}")
    rows = []
    for r in result.requirements:
        met = "✓" if r.met else "✗"
        if r.waived_by is not None:
            met += f" {_t('waived', lang)}{_bracket(r.waived_by.label(), lang)}"
        comparator = ">" if r.strictly_more else "≥"
        rows.append(
            [
                r.name,
                f"{comparator}{format_amount(r.required)}",
                format_amount(r.actual),
                met,
                r.citation.label(),
            ]
        )
    headers = [_t(k, lang) for k in ("requirement", "required", "actual", "met", "citation")]
    lines += ["", *table(headers, rows)]
    if result.shortfalls:
        lines += ["", f"{_t('shortfalls', lang)}{_p(':', lang)}"]
        lines += [
            f"  - {shortfall_message(s, result.unit, lang)} · {s.citation.label()}"
            for s in result.shortfalls
        ]
    lines += ["", f"{_t('records', lang)}{_p(':', lang)}"]
    lines += table(_record_headers(lang), _record_rows(result.records, result.unit, lang))
    return "\n".join(line.rstrip() for line in lines)


def audit_report(result: AuditResult, policy: Policy, lang: Lang = "zh") -> str:
    unit = unit_label(result.unit, lang)
    verdict = _t("passed" if result.passed else "not_passed", lang)
    first, last = result.window
    lines = [
        f"{_t('person', lang)} {result.person_id} · {policy.title} · {policy.id}",
        f"{result.target_name} · {result.citation.label()}",
        f"{_t('window', lang)} {first}–{last}{_p(':', lang)}{_t('total', lang)} "
        f"{format_amount(result.total)} / {format_amount(result.required_total)} {unit}  "
        f"{_t('verdict', lang)}{_p(':', lang)}{verdict}",
    ]
    if result.deemed_complete is not None:
        d = result.deemed_complete
        lines.append(f"{_t('deemed', lang)}{_p(':', lang)}{d.name} · {d.citation.label()}")
    if result.missing_courses:
        missing = "、".join(result.missing_courses)
        lines.append(f"{_t('missing_courses', lang)}{_p(':', lang)}{missing}")
    for problem in result.problems:
        text = note_message(problem, result.unit, lang)
        lines.append(f"{_t('problems', lang)}{_p(':', lang)}{text}")
    if result.max_years_early:
        early = _p(",", lang).join(f"{k} {v}" for k, v in result.max_years_early.items())
        lines.append(f"{_t('max_years_early', lang)}{_p(':', lang)}{early}")
    year_rows = [
        [
            str(y.year),
            format_amount(y.total),
            format_amount(y.required),
            "✓" if y.compliant else "✗",
            "✓" if y.deemed else "",
        ]
        for y in result.years
    ]
    headers = [_t(k, lang) for k in ("year", "total", "required", "compliant", "deemed")]
    lines += ["", *table(headers, year_rows), "", f"{_t('records', lang)}{_p(':', lang)}"]
    lines += table(_record_headers(lang), _record_rows(result.records, result.unit, lang))
    return "\n".join(line.rstrip() for line in lines)


def _window(target: AuditTarget, lang: Lang) -> str:
    if target.since_grade is not None:
        return pick(("自取得现等级起", "since the current grade"), lang)
    return pick(("{n} 年", "{n} years"), lang).format(n=target.window_years)


def policies_report(policies: Sequence[Policy], lang: Lang = "zh") -> str:
    rows = [
        [
            p.id,
            p.title,
            p.document,
            f"{p.effective.from_}–{p.effective.to or ''}",
            unit_label(p.unit, lang),
        ]
        for p in policies
    ]
    headers = [_t(k, lang) for k in ("id", "title", "document", "effective", "unit")]
    return "\n".join(table(headers, rows))


def targets_report(policy: Policy, lang: Lang = "zh") -> str:
    rows = [
        [a.id, a.name, _window(a, lang), policy.cite(a.citation).label()] for a in policy.audits
    ]
    if not rows:
        return f"{policy.id}: -"
    headers = [_t("id", lang), _t("title", lang), _t("window", lang), _t("citation", lang)]
    return "\n".join(table(headers, rows))


CITED_LABELS: dict[str, tuple[str, str]] = {
    "rules": ("条规则", "rules"),
    "rule": ("条规则", "rule"),
    "quote": ("原文", "Quote"),
    "where": ("位置", "File"),
    "all": ("全部条款", "all articles"),
}


def cited_rules_report(
    policy: Policy, rules: Sequence[CitedRule], article: str | None, lang: Lang = "zh"
) -> str:
    """The rules citing an article (or all of them), grouped by article in the text's
    order; for each its kind, id, name, full citation, quote and file:line."""
    asked = article if article is not None else pick(CITED_LABELS["all"], lang)
    count = f"{len(rules)} {pick(CITED_LABELS['rule' if len(rules) == 1 else 'rules'], lang)}"
    lines = [f"{policy.id} · {policy.title} · {asked}{_p(':', lang)}{count}"]
    group: str | None = None
    for rule in rules:
        if rule.article_label != group:
            group = rule.article_label
            lines += ["", group]
        lines.append(f"  {rule_kind_label(rule.kind, lang)} {rule.rule_id} · {rule.name}")
        lines.append(f"    {_t('citation', lang)}{_p(':', lang)}{rule.citation.label()}")
        if rule.citation.quote:
            quote = rule.citation.quote
            lines.append(f"    {pick(CITED_LABELS['quote'], lang)}{_p(':', lang)}{quote}")
        if rule.location is not None:
            where = f"{display_path(rule.location.file)}:{rule.location.line}"
            lines.append(f"    {pick(CITED_LABELS['where'], lang)}{_p(':', lang)}{where}")
    return "\n".join(line.rstrip() for line in lines)
