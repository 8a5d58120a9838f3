"""The arithmetic the regulations prescribe, for one person and one policy.

`evaluate_year` answers "where does this person stand in this year"; `audit` answers a
multi-year question a policy defines (a title review, a direct recognition). Both take
all of the person's records and report on each of them.

The steps, in order: credit each record by the first rule that fits it (unless an
exclusion or a gate stops it); cap each day over all the person's records; keep the
records attributed to the year (by their last day); apply yearly caps; sum by subject;
compare with the requirements, apply exemptions and deemed completion. Caps are allocated
greedily in a canonical order of the records' content, so the input order never changes a
result and every amount stays an exact decimal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal
from fractions import Fraction
from operator import attrgetter

from jxjy.policy.model import (
    AuditTarget,
    Cap,
    Citation,
    CreditRule,
    Match,
    Policy,
    Requirement,
    normalise_title,
)
from jxjy.policy.records import Kind, Record, Subject
from jxjy.policy.results import (
    AuditResult,
    Deemed,
    Note,
    RecordResult,
    RequirementResult,
    Shortfall,
    YearResult,
    YearSummary,
)

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
_SUBJECT_ORDER = {Subject.PUBLIC: 0, Subject.PROFESSIONAL: 1, Subject.ELECTIVE: 2}


class AuditTargetError(ValueError):
    """An audit target the policy does not define."""


def matches(match: Match, record: Record, subject: Subject | None = None) -> bool:
    """Whether `record` fits `match`; `subject` is the one it counts towards, if not its own."""
    return _mismatch(match, record, subject) is None


Predicate = Callable[[Record, Subject], bool]
Stop = tuple[Predicate, Citation, str, tuple[tuple[str, str], ...]]


def compile_match(match: Match) -> Predicate:
    """`matches` for one `Match`, as a function: quick for the common kinds-only case."""
    kinds = frozenset(match.kinds) if match.kinds is not None else None
    if kinds is not None and match == Match(kinds=match.kinds):
        return lambda record, subject: record.kind in kinds
    subjects = frozenset(match.subjects) if match.subjects is not None else None
    if subjects is not None and match == Match(subjects=match.subjects):
        return lambda record, subject: subject in subjects
    return lambda record, subject: _mismatch(match, record, subject) is None


def _mismatch(match: Match, record: Record, subject: Subject | None = None) -> str | None:
    """The first condition of `match` the record fails, or None when it fits."""
    if match.kinds is not None and record.kind not in match.kinds:
        return "kind"
    if match.subjects is not None and (subject or record.subject) not in match.subjects:
        return "subject"
    if match.levels is not None and record.level not in match.levels:
        return "level"
    if match.rank_min is not None and (record.rank is None or record.rank < match.rank_min):
        return "rank"
    if match.rank_max is not None and (record.rank is None or record.rank > match.rank_max):
        return "rank"
    if match.titles is not None and (
        record.title is None
        or normalise_title(record.title) not in {normalise_title(t) for t in match.titles}
    ):
        return "title"
    if match.region_prefixes is not None and not any(
        (record.region or "").startswith(prefix) for prefix in match.region_prefixes
    ):
        return "region"
    return None


@dataclass(slots=True)
class _Work:
    """A record in the course of evaluation."""

    record: Record
    subject: Subject
    raw: Decimal
    counted: Decimal
    rule: CreditRule | None
    citation: Citation | None
    notes: list[Note] = field(default_factory=list)
    key: tuple[object, ...] | None = None  # canonical order, computed once

    def result(self) -> RecordResult:
        record, rule = self.record, self.rule
        return RecordResult(  # positional: this runs once per record
            record.row,
            record.kind,
            self.subject,
            self.raw,
            self.counted,
            rule.id if rule else None,
            self.citation,
            tuple(self.notes),
        )


def _quantity_of(basis: str) -> Callable[[Record], Decimal | None]:
    """How a rule reads its basis from a record (`Record.quantity`, without the branching
    on every record)."""
    if basis == "fixed":
        return lambda record: ONE
    if basis in ("days", "count"):
        return lambda record: record.quantity(basis)
    getter: Callable[[Record], Decimal | None] = attrgetter(basis)
    return getter


def _gate(applies: Predicate, flag: str) -> Predicate:
    """A gate stops a record it applies to whose `flag` (approved, passed) is false."""
    return lambda record, subject: not getattr(record, flag) and applies(record, subject)


class _Credit:
    """One credit rule, compiled: `apply` credits a record of a kind the rule names."""

    __slots__ = ("citation", "exact", "quantity", "rule", "test", "value")

    def __init__(self, rule: CreditRule, citation: Citation, value: Decimal | None) -> None:
        self.rule = rule
        self.citation = citation
        self.value = value  # None: looked up by level
        only_kinds = rule.when == Match(kinds=rule.when.kinds)
        self.test = None if only_kinds else rule.when
        # Arithmetic that may not terminate is rounded down to the cent, never over-credit.
        self.exact = rule.per == 1 and (value is None or value == value.quantize(CENT))
        self.quantity: Callable[[Record], Decimal | None] = _quantity_of(rule.basis)

    def apply(self, record: Record, work: _Work) -> Note | None:
        """Credit `work` by this rule; or say why the rule does not fit."""
        rule = self.rule
        if self.test is not None:
            reason = _mismatch(self.test, record)
            if reason is not None:
                params = (("rule", rule.name), ("reason", reason))
                return Note("conditions_not_met", params, self.citation)
        value = self.value
        if value is None:
            assert rule.value_by_level is not None
            value = rule.value_by_level.get(record.level) if record.level else None
            if value is None:
                level = (("rule", rule.name), ("level", record.level or ""))
                return Note("level_not_listed", level, self.citation)
        basis = rule.basis
        quantity = self.quantity(record)
        if quantity is None:
            params = (("rule", rule.name), ("field", basis))
            return Note("missing_field", params, self.citation)
        if rule.per != 1:
            quantity = quantity / rule.per
        if rule.whole_units_only:
            whole = quantity.to_integral_value(rounding=ROUND_DOWN)
            if whole != quantity:
                params = (("per", _fmt(rule.per)), ("basis", basis))
                work.notes.append(Note("whole_units_only", params, self.citation))
            quantity = whole
        raw = quantity * value
        if rule.times_count and basis != "count":
            raw *= record.count
        if not self.exact and raw != raw.quantize(CENT):
            raw = raw.quantize(CENT, rounding=ROUND_DOWN)
        work.rule = rule
        work.citation = self.citation
        work.raw = work.counted = raw
        if rule.subject is not None:
            work.subject = rule.subject
        return None


def _copy(work: _Work) -> _Work:
    return _Work(
        work.record,
        work.subject,
        work.raw,
        work.counted,
        work.rule,
        work.citation,
        list(work.notes),
        work.key,
    )


def _canonical(work: _Work) -> tuple[object, ...]:
    if work.key is None:
        work.key = _content_key(work)
    return work.key


def _content_key(work: _Work) -> tuple[object, ...]:
    r = work.record
    return (
        r.end_date or r.date,
        r.date,
        _SUBJECT_ORDER[work.subject],
        r.kind,
        r.level or "",
        r.rank or 0,
        r.count,
        r.hours if r.hours is not None else -1,
        r.minutes if r.minutes is not None else -1,
        r.days if r.days is not None else -1,
        r.credits if r.credits is not None else -1,
        r.title or "",
        r.region or "",
        r.row,
    )


def _fmt(value: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


class Engine:
    """One policy, compiled for repeated evaluation."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._cited: dict[int, Citation] = {}
        self._credits_by_kind: dict[Kind, list[_Credit]] = defaultdict(list)
        for rule in policy.credit:
            credit = _Credit(rule, self.cite(rule.citation), self._unit_value(rule))
            for kind in rule.when.kinds or tuple(Kind):
                self._credits_by_kind[kind].append(credit)
        # What stops a record before any rule credits it, in order: exclusions, then gates.
        # A gate can stop only a record not approved or not passed, so most skip the gates.
        self._exclusions: list[Stop] = [
            (compile_match(e.when), self.cite(e.citation), "excluded", (("rule", e.name),))
            for e in policy.exclusions
        ]
        self._stops = list(self._exclusions)
        for gate, flag, code in (
            (policy.approval, "approved", "not_approved"),
            (policy.assessment, "passed", "not_passed"),
        ):
            if gate is not None:
                self._stops.append(
                    (_gate(compile_match(gate.when), flag), self.cite(gate.citation), code, ())
                )
        self._total_required = Fraction(policy.total_requirement.amount or 0)
        self._required_of = {req.id: self._required(req) for req in policy.requirements}
        # Shown rounded up to the cent; compared exactly (as a decimal when it is one: quicker).
        self._required_shown = {
            key: _decimal(value, ROUND_CEILING) for key, value in self._required_of.items()
        }
        self._required_bar: dict[str, Decimal | Fraction] = {
            key: shown if Fraction(shown) == self._required_of[key] else self._required_of[key]
            for key, shown in self._required_shown.items()
        }
        self._cap_tests = {cap.id: compile_match(cap.when) for cap in policy.caps}
        self._limit_text = {cap.id: _fmt(self._cap_limit(cap)) for cap in policy.caps}
        self._whole_policy = Citation(document=policy.document)  # for what no rule covers
        self._daily_caps = [cap for cap in policy.caps if cap.per == "day"]
        self._yearly_caps = [cap for cap in policy.caps if cap.per == "year"]

    def cite(self, citation: Citation) -> Citation:
        """`citation` with the policy's document filled in; resolved once per citation.
        Only citations of this engine's policy (which it keeps alive) are passed here."""
        resolved = self._cited.get(id(citation))
        if resolved is None:
            resolved = self._cited[id(citation)] = self.policy.cite(citation)
        return resolved

    # ----------------------------------------------------------------- crediting

    def _unit_value(self, rule: CreditRule) -> Decimal | None:
        """The rule's value when it does not depend on the record (no level table)."""
        if rule.value_by_level is not None:
            return None
        if rule.value is not None:
            return rule.value
        own = "hours" if self.policy.unit == "hour" else "credits"
        if rule.basis == own:
            return Decimal(1)
        conversion = self.policy.conversion
        assert conversion is not None  # the model refuses such a policy
        if self.policy.unit == "hour":
            return conversion.hours_per_credit
        return Decimal(1) / conversion.hours_per_credit  # may not terminate: rounded

    def _credit(self, record: Record) -> _Work:
        work = _Work(record, record.subject, ZERO, ZERO, None, None, [])
        stops = self._exclusions if record.approved and record.passed else self._stops
        for test, citation, code, params in stops:
            if test(record, record.subject):
                work.citation = citation
                work.notes.append(Note(code, params, citation))
                return work
        first_failure: Note | None = None
        for credit in self._credits_by_kind.get(record.kind, ()):
            failure = credit.apply(record, work)
            if failure is None:
                return work
            first_failure = first_failure or failure
        note = first_failure or Note(
            "not_credited", (("kind", record.kind.value),), self._whole_policy
        )
        work.citation = note.citation
        work.notes.append(note)
        return work

    # --------------------------------------------------------------------- caps

    def _cap_limit(self, cap: Cap) -> Decimal:
        if cap.amount is not None:
            return cap.amount
        assert cap.fraction_of_required is not None
        share = self._total_required * cap.fraction_of_required
        return _decimal(share, ROUND_DOWN)

    def _capped(self, cap: Cap, works: list[_Work]) -> list[_Work]:
        """The works `cap` applies to that still count, in canonical order."""
        test = self._cap_tests[cap.id]
        found = [w for w in works if w.counted > 0 and test(w.record, w.subject)]
        if len(found) > 1:
            found.sort(key=_canonical)
        return found

    def _apply_daily_cap(self, cap: Cap, works: list[_Work]) -> None:
        limit = self._cap_limit(cap)
        by_day: dict[dt.date, list[tuple[_Work, Decimal]]] = defaultdict(list)
        for work in self._capped(cap, works):
            record = work.record
            if record.end_date is None or record.end_date == record.date:
                by_day[record.date].append((work, work.counted))
            else:
                for day, share in _spread(record, work.counted):
                    by_day[day].append((work, share))
        removed: dict[int, Decimal] = defaultdict(Decimal)
        owners: dict[int, _Work] = {}
        for shares in by_day.values():
            if len(shares) == 1 and shares[0][1] <= limit:
                continue
            room = limit
            for work, share in shares:
                kept = min(share, room)
                room -= kept
                if kept < share:
                    removed[id(work)] += share - kept
                    owners[id(work)] = work
        for key, amount in removed.items():
            self._cut(owners[key], amount, cap)

    def _apply_yearly_cap(self, cap: Cap, works: list[_Work]) -> None:
        room = self._cap_limit(cap)
        for work in self._capped(cap, works):
            kept = min(work.counted, room)
            room -= kept
            if kept < work.counted:
                self._cut(work, work.counted - kept, cap)

    def _cut(self, work: _Work, amount: Decimal, cap: Cap) -> None:
        work.counted -= amount
        limit = self._limit_text[cap.id]
        params = (("rule", cap.name), ("limit", limit), ("amount", _fmt(amount)))
        work.notes.append(Note("capped", params, self.cite(cap.citation)))

    # ------------------------------------------------------------- evaluation

    def credit_all(self, records: Sequence[Record]) -> list[_Work]:
        """Credit every record, then cap each day over all of them: a day is a day whichever
        year the records touching it belong to."""
        works = [self._credit(record) for record in records]
        for cap in self._daily_caps:
            self._apply_daily_cap(cap, works)
        return works

    def evaluate_year(
        self, records: Sequence[Record], year: int, *, person_id: str | None = None
    ) -> YearResult:
        """The person's standing in `year`, with every record of theirs explained."""
        return self._evaluate(self.credit_all(records), records, year, person_id, fresh=True)

    def _evaluate(
        self,
        works: list[_Work],
        records: Sequence[Record],
        year: int,
        person_id: str | None,
        *,
        fresh: bool = False,
    ) -> YearResult:
        """The year's result from credited `works`; unless `fresh`, they are copied first
        (an audit evaluates the same works for several years)."""
        policy = self.policy
        in_year: list[_Work] = []
        results = works if fresh else [_copy(work) for work in works]
        for work in results:
            record = work.record
            attributed = (record.end_date or record.date).year  # its last day's year
            if attributed != year:
                if work.counted > 0:
                    work.notes.append(Note("outside_year", (("year", str(attributed)),)))
                work.counted = ZERO
            else:
                in_year.append(work)
        for cap in self._yearly_caps:
            self._apply_yearly_cap(cap, in_year)

        by_subject = dict.fromkeys(Subject, ZERO)
        for work in in_year:
            by_subject[work.subject] += work.counted
        total = sum(by_subject.values(), ZERO)

        requirements = tuple(
            self._requirement(req, total, by_subject, in_year, records, year)
            for req in policy.requirements
        )
        deemed = self._deemed(records, year)
        compliant = deemed is not None or all(r.met for r in requirements)
        shortfalls: tuple[Shortfall, ...] = ()
        if deemed is None:
            shortfalls = tuple(
                Shortfall(r.id, r.name, max(r.required - r.actual, ZERO), r, r.citation)
                for r in requirements
                if not r.met
            )
        pid = person_id if person_id is not None else (records[0].person_id if records else "")
        return YearResult(
            person_id=pid,
            policy=policy.id,
            policy_version=policy.version,
            year=year,
            unit=policy.unit,
            total=total,
            by_subject=by_subject,
            requirements=requirements,
            compliant=compliant,
            deemed_complete=deemed,
            shortfalls=shortfalls,
            records=tuple([w.result() for w in results]),
        )

    def _required(self, req: Requirement) -> Fraction:
        if req.amount is not None:
            return Fraction(req.amount)
        if req.more_than is not None:
            return Fraction(req.more_than)
        assert req.fraction_of_required is not None
        return self._total_required * req.fraction_of_required

    def _requirement(
        self,
        req: Requirement,
        total: Decimal,
        by_subject: dict[Subject, Decimal],
        in_year: list[_Work],
        records: Sequence[Record],
        year: int,
    ) -> RequirementResult:
        if req.measure == "total":
            actual = total
        elif req.measure == "subject":
            assert req.subject is not None
            actual = by_subject[req.subject]
        else:
            kinds = req.kinds or ()
            actual = sum((w.counted for w in in_year if w.record.kind in kinds), ZERO)
        bar = self._required_bar[req.id]
        strictly = req.more_than is not None
        met = actual > bar if strictly else actual >= bar
        waived_by = self._waiver(req.id, records, year) if self.policy.exemptions else None
        return RequirementResult(
            id=req.id,
            name=req.name,
            required=self._required_shown[req.id],
            actual=actual,
            met=met or waived_by is not None,
            citation=self.cite(req.citation),
            strictly_more=strictly,
            waived_by=waived_by,
            subject=req.subject,
        )

    def _waiver(self, requirement_id: str, records: Sequence[Record], year: int) -> Citation | None:
        for exemption in self.policy.exemptions:
            if requirement_id not in exemption.waives or year not in exemption.years:
                continue
            for record in records:
                if (
                    record.passed
                    and record.last_day.year <= year
                    and matches(exemption.holding.when, record)
                ):
                    return self.cite(exemption.citation)
        return None

    def _deemed(
        self,
        records: Sequence[Record],
        year: int,
        scopes: Iterable[str] = ("year", "appointment_period"),
    ) -> Deemed | None:
        wanted = set(scopes)
        for rule in self.policy.deemed_complete:
            if rule.scope not in wanted:
                continue
            for trigger in rule.any_of:
                hits = [
                    r
                    for r in records
                    if r.passed and r.last_day.year == year and matches(trigger.when, r)
                ]
                if sum(r.count for r in hits) >= trigger.min_count:
                    return Deemed(
                        scope=rule.scope,
                        rule=rule.id,
                        name=f"{rule.name}：{trigger.description}",
                        citation=self.cite(rule.citation),
                        rows=tuple(r.row for r in hits),
                    )
        return None

    # ----------------------------------------------------------------- audits

    def audit(
        self,
        records: Sequence[Record],
        target_id: str,
        through: int,
        *,
        since: dt.date | None = None,
        person_id: str | None = None,
    ) -> AuditResult:
        """The multi-year check `target_id` over the window ending with `through`.

        `since` is the date the person's current grade was obtained, for targets whose
        window starts there; units earned before it are reset and do not count.
        """
        target = self.policy.audit(target_id)
        if target is None:
            known = ", ".join(a.id for a in self.policy.audits) or "-"
            raise AuditTargetError(
                f"policy {self.policy.id} has no audit target {target_id!r}; known: {known}"
            )
        works = self.credit_all(records)
        if target.since_grade is not None:
            if since is None or since.year > through:
                raise AuditTargetError(
                    f"audit target {target_id!r} needs the date the current grade was obtained"
                    f" (since), on or before the end of {through}"
                )
            first = since.year
            reset = self.cite(target.since_grade.citation)
            for work in works:
                if work.record.last_day < since and work.counted > 0:
                    work.counted = ZERO
                    work.notes.append(Note("reset_on_promotion", (("since", str(since)),), reset))
        else:
            first = through - target.window_years + 1
        yearly = [self._evaluate(works, records, y, person_id) for y in range(first, through + 1)]
        rows = self._window_records(works, yearly, first, through)

        deemed: Deemed | None = None
        if target.degree_in_window is not None:
            deemed = self._degree_inside(target, records, first, through)
            if deemed is None:
                self._degree_spanning(target, works, rows, first, through)
        if deemed is None and target.period_deemed:
            deemed = next(
                (
                    d
                    for y in range(first, through + 1)
                    if (d := self._deemed(records, y, scopes=("appointment_period",)))
                ),
                None,
            )

        summaries = tuple(
            YearSummary(
                year=r.year,
                total=r.total,
                required=next(q.required for q in r.requirements if q.id == self._total_id),
                compliant=r.compliant,
                deemed=r.deemed_complete is not None,
            )
            for r in yearly
        )
        total = sum((rec.counted for rec in rows), ZERO)
        if target.total is not None:
            required_total = target.total
        else:
            required_total = sum((s.required for s in summaries if not s.deemed), ZERO)
        cited = self.cite(target.citation)
        problems: list[Note] = []
        if target.each_year_compliant:
            problems.extend(
                Note("year_not_compliant", (("year", str(s.year)),), cited)
                for s in summaries
                if not s.compliant
            )
        for subject in target.subject_totals_per_year:
            problems.extend(_subject_over_window(subject, yearly, cited))
        missing = (
            () if deemed is not None else self._missing_courses(target, records, first, through)
        )
        enough = total > required_total if target.exceed else total >= required_total
        passed = deemed is not None or (enough and not missing and not problems)
        pid = person_id if person_id is not None else (records[0].person_id if records else "")
        return AuditResult(
            person_id=pid,
            policy=self.policy.id,
            policy_version=self.policy.version,
            target=target.id,
            target_name=target.name,
            citation=self.cite(target.citation),
            unit=self.policy.unit,
            window=(first, through),
            total=total,
            required_total=required_total,
            missing_courses=missing,
            passed=passed,
            deemed_complete=deemed,
            years=summaries,
            records=tuple(rows),
            problems=tuple(problems),
            max_years_early=target.max_years_early,
        )

    @property
    def _total_id(self) -> str:
        return self.policy.total_requirement.id

    @staticmethod
    def _window_records(
        works: list[_Work], yearly: list[YearResult], first: int, through: int
    ) -> list[RecordResult]:
        """Each record as the year it belongs to saw it; outside the window, uncounted."""
        rows = []
        for index, work in enumerate(works):
            year = work.record.last_day.year
            if first <= year <= through:
                rows.append(yearly[year - first].records[index])
                continue
            outside = work.result()
            notes = outside.notes
            if outside.raw > 0:
                window = (("year", str(year)), ("first", str(first)), ("last", str(through)))
                notes = (*notes, Note("outside_window", window))
            rows.append(outside._replace(counted=ZERO, notes=notes))
        return rows

    def _missing_courses(
        self, target: AuditTarget, records: Sequence[Record], first: int, through: int
    ) -> tuple[str, ...]:
        if target.courses is None:
            return ()
        taken = {
            normalise_title(r.title)
            for r in records
            if r.kind is Kind.PUBLIC_COURSE
            and r.passed
            and r.title
            and first <= r.last_day.year <= through
        }
        return tuple(
            "或".join(f"《{normalise_title(t)}》" for t in slot.titles)
            for slot in target.courses.required
            if not any(normalise_title(t) in taken for t in slot.titles)
        )

    def _degree_inside(
        self, target: AuditTarget, records: Sequence[Record], first: int, through: int
    ) -> Deemed | None:
        """四（三）: a degree begun and finished inside the window completes it."""
        assert target.degree_in_window is not None
        inside = tuple(
            r.row
            for r in records
            if r.kind is Kind.DEGREE
            and r.passed
            and r.date.year >= first
            and r.last_day.year <= through
        )
        if not inside:
            return None
        citation = self.cite(target.degree_in_window.citation)
        return Deemed("window", "degree-in-window", citation.quote or "", citation, inside)

    def _degree_spanning(
        self,
        target: AuditTarget,
        works: list[_Work],
        rows: list[RecordResult],
        first: int,
        through: int,
    ) -> None:
        """A degree begun in the window and finished after it still counts its certified
        hours for the window (one begun before and finished inside counts in its year)."""
        assert target.degree_in_window is not None
        citation = self.cite(target.degree_in_window.citation)
        for index, work in enumerate(works):
            r = work.record
            if (
                r.kind is Kind.DEGREE
                and r.passed
                and first <= r.date.year <= through < r.last_day.year
                and work.raw > 0
            ):
                notes = (*work.notes, Note("degree_spans_window", (), citation))
                rows[index] = work.result()._replace(counted=work.raw, notes=notes)


def _subject_over_window(
    subject: Subject, yearly: list[YearResult], citation: Citation
) -> list[Note]:
    """第二十七条: over the period, a subject's units against its yearly minimums summed."""
    actual = ZERO
    required = ZERO
    for result in yearly:
        if result.deemed_complete is not None:
            continue
        actual += result.by_subject[subject]
        required += sum(
            (
                q.required
                for q in result.requirements
                if q.subject is subject and q.waived_by is None
            ),
            ZERO,
        )
    if actual >= required:
        return []
    params = (("subject", subject.value), ("actual", _fmt(actual)), ("required", _fmt(required)))
    return [Note("subject_short_over_window", params, citation)]


def _spread(record: Record, value: Decimal) -> list[tuple[dt.date, Decimal]]:
    """Share `value` evenly over the record's calendar days, to the cent, exactly."""
    days = record.span_days
    if days == 1:
        return [(record.date, value)]
    each = (value / days).quantize(CENT, rounding=ROUND_DOWN)
    left = value - each * days
    shares = []
    for offset in range(days):
        share = each
        if left >= CENT:
            share += CENT
            left -= CENT
        elif left > 0 and offset == 0:
            share += left
            left = ZERO
        shares.append((record.date + dt.timedelta(days=offset), share))
    if left > 0:
        day, share = shares[0]
        shares[0] = (day, share + left)
    return shares


def _decimal(value: Fraction, rounding: str) -> Decimal:
    if value.denominator == 1:
        return Decimal(value.numerator)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(exact) == value:
        return exact
    return exact.quantize(CENT, rounding=rounding)
