"""What the pages show, in words: the engine's results and the ledger's rows turned into
lines for templates. No arithmetic on hours or credits happens here; the engine has done it.

The engine's words come from `jxjy.policy.messages` and `serialize` in the page's
language; rule names and citations are data and stay as the policy files write them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jxjy.evaluation.selectors import PersonYearView
from jxjy.ledger.models import CreditRecord, Status
from jxjy.people.models import Person
from jxjy.policy.engine import Engine
from jxjy.policy.messages import (
    LEVEL_LABELS,
    Lang,
    kind_label,
    note_message,
    pick,
    subject_label,
    unit_label,
)
from jxjy.policy.model import Citation
from jxjy.policy.records import Kind, Level, Subject
from jxjy.policy.results import AuditResult, RecordResult, RequirementResult
from jxjy.policy.serialize import format_amount, shortfall_message


def page_lang() -> Lang:
    """The engine's language for the active Django language."""
    return "en" if (get_language() or "").startswith("en") else "zh"


def cite(citation: Citation | None) -> str:
    return citation.label() if citation is not None else ""


@functools.cache
def rule_names(eng: Engine) -> dict[str, str]:
    return {rule.id: rule.name for rule in eng.policy.all_rules()}


def kind_text(kind: str, lang: Lang) -> str:
    try:
        return kind_label(Kind(kind), lang)
    except ValueError:
        return kind


def subject_text(subject: str, lang: Lang) -> str:
    try:
        return subject_label(Subject(subject), lang)
    except ValueError:
        return subject


def level_text(level: str, lang: Lang) -> str:
    try:
        return pick(LEVEL_LABELS[Level(level)], lang)
    except ValueError:
        return level


def amount_parts(record: CreditRecord, lang: Lang) -> list[str]:
    """What was registered, one phrase a field: "8 hours", "national", "rank 2"..."""
    parts: list[str] = []
    quantities = (
        (record.hours, _("%(amount)s hours")),
        (record.minutes, _("%(amount)s minutes")),
        (record.days, _("%(amount)s days")),
        (record.credits, _("%(amount)s credits")),
    )
    for value, template in quantities:
        if value is not None:
            parts.append(template % {"amount": format_amount(value)})
    if record.level:
        parts.append(level_text(record.level, lang))
    if record.rank is not None:
        parts.append(_("rank %(rank)s") % {"rank": record.rank})
    if record.count != 1:
        parts.append(_("%(count)s items") % {"count": record.count})
    return parts


def shown_id_number(person: Person, whole: bool) -> str:
    return person.id_number if whole else person.masked_id_number


@dataclass(frozen=True)
class NoteLine:
    message: str
    citation: str


@dataclass(frozen=True)
class RequirementLine:
    id: str
    name: str
    subject: str | None
    required: str
    actual: str
    met: bool
    strictly_more: bool
    citation: str
    waived_by: str

    @property
    def percent(self) -> int:
        """How far along, for the progress bar only (0-100)."""
        required, actual = Decimal(self.required), Decimal(self.actual)
        if required <= 0:
            return 100 if self.met else 0
        return int(min(actual / required, Decimal(1)) * 100)


@dataclass(frozen=True)
class RecordLine:
    record: CreditRecord
    status: str
    status_label: str
    kind: str
    subject: str
    amount: list[str]
    registered_by: str
    counted: str | None = None
    rule: str = ""
    citation: str = ""
    notes: list[NoteLine] = field(default_factory=list)
    corrected_by: int | None = None


@dataclass(frozen=True)
class YearPage:
    person: Person
    id_number: str
    year: int
    has_policy: bool
    policy: str = ""
    policy_title: str = ""
    policy_version: str = ""
    document: str = ""
    unit: str = ""
    total: str = ""
    required: str = ""
    compliant: bool = False
    total_line: RequirementLine | None = None
    requirements: list[RequirementLine] = field(default_factory=list)
    by_subject: list[tuple[str, str]] = field(default_factory=list)
    shortfalls: list[NoteLine] = field(default_factory=list)
    deemed: NoteLine | None = None
    records: list[RecordLine] = field(default_factory=list)
    pending: int = 0


def _requirement_line(req: RequirementResult) -> RequirementLine:
    return RequirementLine(
        id=req.id,
        name=req.name,
        subject=req.subject.value if req.subject else None,
        required=format_amount(req.required),
        actual=format_amount(req.actual),
        met=req.met,
        strictly_more=req.strictly_more,
        citation=cite(req.citation),
        waived_by=cite(req.waived_by),
    )


def year_page(
    view: PersonYearView,
    *,
    whole_id_number: bool,
    organisations: dict[int, str],
    lang: Lang,
) -> YearPage:
    """The year of a person as a page shows it: the engine's result, and the records of
    the year the viewer may see (the selector has chosen them)."""
    person, year = view.person, view.year
    shown = [r for r in view.records if r.last_day.year == year]
    corrections = {r.supersedes_id: r.pk for r in view.records if r.supersedes_id is not None}
    result, eng = view.result, view.engine
    unit = result.unit if result is not None else ""
    results: dict[int, RecordResult] = (
        {r.row: r for r in result.records} if result is not None else {}
    )
    names = rule_names(eng) if eng is not None else {}
    lines = []
    for row in shown:
        counted = results.get(row.pk) if row.status == Status.VERIFIED else None
        lines.append(
            RecordLine(
                record=row,
                status=row.status,
                status_label=str(Status(row.status).label),
                kind=kind_text(row.kind, lang),
                subject=subject_text(row.subject, lang),
                amount=amount_parts(row, lang),
                registered_by=organisations.get(row.registered_by_id or 0, ""),
                counted=format_amount(counted.counted) if counted is not None else None,
                rule=names.get(counted.rule, counted.rule) if counted and counted.rule else "",
                citation=cite(counted.citation) if counted is not None else "",
                notes=[
                    NoteLine(note_message(n, unit, lang), cite(n.citation))
                    for n in (counted.notes if counted is not None else ())
                ],
                corrected_by=corrections.get(row.pk),
            )
        )
    base = YearPage(
        person=person,
        id_number=shown_id_number(person, whole_id_number),
        year=year,
        has_policy=result is not None,
        records=lines,
        pending=sum(1 for r in shown if r.status == Status.REGISTERED),
    )
    if result is None or eng is None:
        return base
    requirements = [_requirement_line(r) for r in result.requirements]
    total_id = eng.policy.total_requirement.id
    total_line = next(r for r in requirements if r.id == total_id)
    deemed = result.deemed_complete
    return replace(
        base,
        policy=result.policy,
        policy_title=eng.policy.title,
        policy_version=result.policy_version,
        document=eng.policy.document,
        unit=unit_label(unit, lang),
        total=format_amount(result.total),
        required=total_line.required,
        compliant=result.compliant,
        total_line=total_line,
        requirements=[r for r in requirements if r.id != total_id],
        by_subject=[
            (subject_label(s, lang), format_amount(v)) for s, v in result.by_subject.items()
        ],
        shortfalls=[
            NoteLine(shortfall_message(s, unit, lang), cite(s.citation)) for s in result.shortfalls
        ],
        deemed=NoteLine(deemed.name, cite(deemed.citation)) if deemed else None,
    )


@dataclass(frozen=True)
class AuditYearLine:
    year: int
    total: str
    required: str
    compliant: bool
    deemed: bool


@dataclass(frozen=True)
class AuditPage:
    target: str
    name: str
    citation: str
    policy: str
    policy_version: str
    unit: str
    first: int
    last: int
    total: str
    required: str
    passed: bool
    missing_courses: list[str]
    deemed: NoteLine | None
    problems: list[NoteLine]
    years: list[AuditYearLine]
    max_years_early: list[tuple[str, int]]


def audit_page(result: AuditResult, lang: Lang) -> AuditPage:
    unit = result.unit
    deemed = result.deemed_complete
    return AuditPage(
        target=result.target,
        name=result.target_name,
        citation=cite(result.citation),
        policy=result.policy,
        policy_version=result.policy_version,
        unit=unit_label(unit, lang),
        first=result.window[0],
        last=result.window[1],
        total=format_amount(result.total),
        required=format_amount(result.required_total),
        passed=result.passed,
        missing_courses=list(result.missing_courses),
        deemed=NoteLine(deemed.name, cite(deemed.citation)) if deemed else None,
        problems=[NoteLine(note_message(p, unit, lang), cite(p.citation)) for p in result.problems],
        years=[
            AuditYearLine(
                y.year, format_amount(y.total), format_amount(y.required), y.compliant, y.deemed
            )
            for y in result.years
        ],
        max_years_early=sorted((result.max_years_early or {}).items()),
    )


@dataclass(frozen=True)
class AuditTargetLine:
    id: str
    name: str
    citation: str
    window_years: int
    since_grade: bool


def audit_targets(eng: Engine) -> list[AuditTargetLine]:
    """The audits a policy defines, as the years page lists them."""
    policy = eng.policy
    return [
        AuditTargetLine(
            a.id, a.name, cite(policy.cite(a.citation)), a.window_years, a.since_grade is not None
        )
        for a in policy.audits
    ]
