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
    Rule,
    WindowDeemed,
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
_SUBJECTS = tuple(Subject)  # iterating the enum itself is slow
_MEMO_LIMIT = 1 << 14  # entries of a memo: a few MiB at most, in a long-running process too
# A record from its kind on is everything but its row, person and date.
_DATE_FIELD, _KIND_FIELD = 2, 3
assert Record._fields[: _KIND_FIELD + 1] == ("row", "person_id", "date", "kind")
# The fields whose equal values may be written differently (2 and 2.0): a remembered credit
# is reused only for the very same objects in them. In every other field equal values act
# alike (enum members, dates, whole numbers, text, flags).
_HOURS, _MINUTES, _DAYS, _CREDITS = (
    Record._fields.index(name) for name in ("hours", "minutes", "days", "credits")
)
# Every field given, in order: the tuple is built directly, without a Python-level __new__.
_new_tuple = tuple.__new__


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


def _recount(result: RecordResult, counted: Decimal, *notes: Note) -> RecordResult:
    """`result` counting `counted` instead, with `notes` added (`_replace`, quicker)."""
    row, kind, subject, raw, _, rule, citation, old = result
    return RecordResult(row, kind, subject, raw, counted, rule, citation, (*old, *notes))


def _uncredited(record: Record, note: Note) -> RecordResult:
    """A record no rule credits, and why (the note's citation is what decided it)."""
    return RecordResult(
        record.row, record.kind, record.subject, ZERO, ZERO, None, note.citation, (note,)
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


def _in_force(rule: Rule, applies: Predicate) -> Predicate:
    """`applies`, only to records whose date is inside the rule's own dates (if it has any:
    an undated rule costs nothing more)."""
    if not rule.dated:
        return applies
    return lambda record, subject: rule.in_force_on(record.date) and applies(record, subject)


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

    def apply(self, record: Record) -> RecordResult | Note:
        """The record credited by this rule; or a note saying why the rule does not fit."""
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
        notes: tuple[Note, ...] = ()
        if rule.whole_units_only:
            whole = quantity.to_integral_value(rounding=ROUND_DOWN)
            if whole != quantity:
                params = (("per", _fmt(rule.per)), ("basis", basis))
                notes = (Note("whole_units_only", params, self.citation),)
            quantity = whole
        raw = quantity * value
        if rule.times_count and basis != "count":
            raw *= record.count
        if not self.exact and raw != raw.quantize(CENT):
            raw = raw.quantize(CENT, rounding=ROUND_DOWN)
        subject = record.subject if rule.subject is None else rule.subject
        return RecordResult(
            record.row, record.kind, subject, raw, raw, rule.id, self.citation, notes
        )


class _Cap:
    """One cap, compiled: which records it applies to, and how it cuts them. Caps are
    allocated greedily in the canonical order of the records' content."""

    __slots__ = ("cap", "citation", "kinds", "limit", "limit_text", "notes", "test")

    def __init__(self, cap: Cap, citation: Citation, limit: Decimal) -> None:
        self.cap = cap
        self.citation = citation
        self.limit = limit
        self.limit_text = _fmt(limit)
        self.kinds = frozenset(cap.when.kinds or Kind)
        only_kinds = cap.when == Match(kinds=cap.when.kinds)
        self.test = None if only_kinds else compile_match(cap.when)
        self.notes: dict[Decimal, Note] = {}

    def applies(self, records: Sequence[Record], results: list[RecordResult]) -> list[int]:
        """The indices of the records the cap applies to that still count, in input order."""
        kinds, test = self.kinds, self.test
        # The kind first: most records are of kinds a cap leaves alone, and a set lookup is
        # quicker than comparing decimals.
        found = [i for i, r in enumerate(results) if r.kind in kinds and r.counted > ZERO]
        if test is not None:
            found = [i for i in found if test(records[i], results[i].subject)]
        return found

    def apply_daily(self, records: Sequence[Record], results: list[RecordResult]) -> None:
        """Cut what exceeds the limit on any day, a record over several days shared evenly."""
        limit = self.limit
        by_day: dict[dt.date, list[tuple[int, Decimal]]] = defaultdict(list)
        for index in self.applies(records, results):
            record, counted = records[index], results[index].counted
            if record.end_date is None or record.end_date == record.date:
                by_day[record.date].append((index, counted))
            else:
                for day, share in _spread(record, counted):
                    by_day[day].append((index, share))
        removed: dict[int, Decimal] = defaultdict(Decimal)
        for shares in by_day.values():
            if len(shares) == 1:
                if shares[0][1] <= limit:
                    continue
            else:  # days are allocated apart: only a day's own records need ordering
                shares.sort(
                    key=lambda share: _content_key(records[share[0]], results[share[0]].subject)
                )
            room = limit
            for index, share in shares:
                kept = min(share, room)
                room -= kept
                if kept < share:
                    removed[index] += share - kept
        for index, amount in removed.items():
            results[index] = self.cut(results[index], amount)

    def apply_yearly(self, records: Sequence[Record], results: list[RecordResult]) -> None:
        """Cut what exceeds the limit over the records that count (those of the year)."""
        room = self.limit
        found = self.applies(records, results)
        if len(found) > 1:
            found.sort(key=lambda i: _content_key(records[i], results[i].subject))
        for index in found:
            counted = results[index].counted
            kept = min(counted, room)
            room -= kept
            if kept < counted:
                results[index] = self.cut(results[index], counted - kept)

    def cut(self, result: RecordResult, amount: Decimal) -> RecordResult:
        """`result` less `amount`, and a note saying so: one note per amount, as its words
        depend only on the amount's value."""
        note = self.notes.get(amount)
        if note is None:
            if len(self.notes) >= _MEMO_LIMIT:
                self.notes.clear()
            params = (("rule", self.cap.name), ("limit", self.limit_text), ("amount", _fmt(amount)))
            note = self.notes[amount] = Note("capped", params, self.citation)
        return _recount(result, result.counted - amount, note)


class _Requirement:
    """One requirement, compiled: plain attributes, its figure as shown and as compared."""

    __slots__ = (
        "bar",
        "citation",
        "id",
        "in_force_in",
        "kinds",
        "measure",
        "name",
        "shown",
        "strictly",
        "subject",
    )

    def __init__(self, req: Requirement, required: Fraction, citation: Citation) -> None:
        self.id, self.name, self.measure, self.subject = req.id, req.name, req.measure, req.subject
        self.in_force_in = req.in_force_in
        self.kinds = frozenset(req.kinds or ())
        self.strictly = req.more_than is not None  # met only by more than the figure
        self.citation = citation
        # Shown rounded up to the cent; compared exactly (as a decimal when it is one: quicker).
        self.shown = _decimal(required, ROUND_CEILING)
        self.bar: Decimal | Fraction = self.shown if Fraction(self.shown) == required else required

    def result(self, actual: Decimal, waived_by: Citation | None) -> RequirementResult:
        met = actual > self.bar if self.strictly else actual >= self.bar
        return RequirementResult(  # positional: one per requirement and person
            self.id,
            self.name,
            self.shown,
            actual,
            met or waived_by is not None,
            self.citation,
            self.strictly,
            waived_by,
            self.subject,
        )


def _content_key(r: Record, subject: Subject) -> tuple[object, ...]:
    """The canonical order caps allocate in: by content, whatever the order of the input."""
    return (
        r.end_date or r.date,
        r.date,
        _SUBJECT_ORDER[subject],
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
            (
                _in_force(e, compile_match(e.when)),
                self.cite(e.citation),
                "excluded",
                (("rule", e.name),),
            )
            for e in policy.exclusions
        ]
        self._stops = list(self._exclusions)
        for gate, flag, code in (
            (policy.approval, "approved", "not_approved"),
            (policy.assessment, "passed", "not_passed"),
        ):
            if gate is not None:
                applies = _in_force(gate, compile_match(gate.when))
                self._stops.append((_gate(applies, flag), self.cite(gate.citation), code, ()))
        self._total_required = Fraction(policy.total_requirement.amount or 0)
        self._requirements = [
            _Requirement(req, self._required(req), self.cite(req.citation))
            for req in policy.requirements
        ]
        self._whole_policy = Citation(document=policy.document)  # for what no rule covers
        caps = [
            (cap.per, _Cap(cap, self.cite(cap.citation), self._cap_limit(cap)))
            for cap in policy.caps
        ]
        self._daily_caps = [cap for per, cap in caps if per == "day"]
        self._yearly_caps = [cap for per, cap in caps if per == "year"]
        # What a credit depends on: a record from its kind on, or from its date on when a
        # rule counts days. `_credit` remembers credits by it.
        # Rules with their own dates make a credit depend on the record's date too.
        self._dated_credit = any(rule.dated for rule in policy.credit)
        self._dated_requirements = any(req.dated for req in policy.requirements)
        dated = self._dated_credit or any(rule.basis == "days" for rule in policy.credit)
        self._content_from = (
            _DATE_FIELD if dated or any(rule.dated for rule in policy.all_rules()) else _KIND_FIELD
        )
        self._credited: dict[tuple[object, ...], tuple[tuple[object, ...], tuple[object, ...]]] = {}

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

    def _credit(self, record: Record) -> RecordResult:
        """`_credit_afresh`, remembered. A credit depends only on the record's content (not
        its person or row; not its date, unless a rule counts days), and most records repeat
        another's. The amounts are checked by identity, as the reader shares one object per
        distinct cell: values equal but written differently (2 and 2.0) are never confused."""
        known = self._credited.get(record[self._content_from :])
        if known is not None:
            seen = known[0]
            if (
                seen[_HOURS] is record[_HOURS]
                and seen[_MINUTES] is record[_MINUTES]
                and seen[_DAYS] is record[_DAYS]
                and seen[_CREDITS] is record[_CREDITS]
            ):
                tail = known[1]
                return _new_tuple(
                    RecordResult,
                    (
                        record[0],
                        record[_KIND_FIELD],
                        tail[0],
                        tail[1],
                        tail[2],
                        tail[3],
                        tail[4],
                        tail[5],
                    ),
                )
        if len(self._credited) >= _MEMO_LIMIT:
            self._credited.clear()
        result = self._credit_afresh(record)
        self._credited[record[self._content_from :]] = (record, result[2:])
        return result

    def _credit_afresh(self, record: Record) -> RecordResult:
        stops = self._exclusions if record.approved and record.passed else self._stops
        for test, citation, code, params in stops:
            if test(record, record.subject):
                return _uncredited(record, Note(code, params, citation))
        first_failure: Note | None = None
        for credit in self._credits_by_kind.get(record.kind, ()):
            if self._dated_credit and not credit.rule.in_force_on(record.date):
                continue  # by the record's date: the rule's law did not govern it
            credited = credit.apply(record)
            if isinstance(credited, RecordResult):
                return credited
            first_failure = first_failure or credited
        return _uncredited(
            record,
            first_failure
            or Note("not_credited", (("kind", record.kind.value),), self._whole_policy),
        )

    # --------------------------------------------------------------------- caps

    def _cap_limit(self, cap: Cap) -> Decimal:
        if cap.amount is not None:
            return cap.amount
        assert cap.fraction_of_required is not None
        share = self._total_required * cap.fraction_of_required
        return _decimal(share, ROUND_DOWN)

    # ------------------------------------------------------------- evaluation

    def credit_all(self, records: Sequence[Record]) -> list[RecordResult]:
        """Credit every record, then cap each day over all of them: a day is a day whichever
        year the records touching it belong to."""
        results = list(map(self._credit, records))
        for cap in self._daily_caps:
            cap.apply_daily(records, results)
        return results

    def evaluate_year(
        self, records: Sequence[Record], year: int, *, person_id: str | None = None
    ) -> YearResult:
        """The person's standing in `year`, with every record of theirs explained."""
        return self._evaluate(self.credit_all(records), records, year, person_id)

    def _evaluate(
        self,
        credited: list[RecordResult],
        records: Sequence[Record],
        year: int,
        person_id: str | None,
    ) -> YearResult:
        """The year's result from the records' credits, which are left as they are (an
        audit evaluates the same credits for several years)."""
        policy = self.policy
        results = list(credited)
        in_year: list[int] = []
        for index, record in enumerate(records):
            attributed = record.last_day.year  # records.year_of: its last day's year
            if attributed == year:
                in_year.append(index)
            else:
                results[index] = _outside_year(results[index], attributed)
        for cap in self._yearly_caps:
            cap.apply_yearly(records, results)
        counted = [results[index] for index in in_year]

        by_subject = dict.fromkeys(_SUBJECTS, ZERO)
        for result in counted:
            by_subject[result.subject] += result.counted
        total = sum(by_subject.values(), ZERO)

        requirements = tuple(
            self._requirement(req, total, by_subject, counted, records, year)
            for req in self._requirements
            if not self._dated_requirements or req.in_force_in(year)
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
            records=tuple(results),
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
        req: _Requirement,
        total: Decimal,
        by_subject: dict[Subject, Decimal],
        counted: list[RecordResult],
        records: Sequence[Record],
        year: int,
    ) -> RequirementResult:
        if req.measure == "total":
            actual = total
        elif req.measure == "subject":
            assert req.subject is not None
            actual = by_subject[req.subject]
        else:
            kinds = req.kinds
            actual = sum((r.counted for r in counted if r.kind in kinds), ZERO)
        waived_by = self._waiver(req.id, records, year) if self.policy.exemptions else None
        return req.result(actual, waived_by)

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
        credited = self.credit_all(records)
        if target.since_grade is not None:
            if since is None or since.year > through:
                raise AuditTargetError(
                    f"audit target {target_id!r} needs the date the current grade was obtained"
                    f" (since), on or before the end of {through}"
                )
            first = since.year
            reset = self.cite(target.since_grade.citation)
            note = Note("reset_on_promotion", (("since", str(since)),), reset)
            for index, record in enumerate(records):
                if record.last_day < since and credited[index].counted > 0:
                    credited[index] = _recount(credited[index], ZERO, note)
        else:
            first = through - target.window_years + 1
        yearly = [
            self._evaluate(credited, records, y, person_id) for y in range(first, through + 1)
        ]
        rows = self._window_records(credited, records, yearly, first, through)

        deemed: Deemed | None = None
        if target.window_deemed is not None:
            window_rule = self.policy.window_rule(target.window_deemed)
            deemed = self._window_inside(window_rule, records, first, through)
            if deemed is None:
                self._window_spanning(window_rule, credited, records, rows, first, through)
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
        credited: list[RecordResult],
        records: Sequence[Record],
        yearly: list[YearResult],
        first: int,
        through: int,
    ) -> list[RecordResult]:
        """Each record as the year it belongs to saw it; outside the window, uncounted."""
        rows = []
        for index, record in enumerate(records):
            year = record.last_day.year
            if first <= year <= through:
                rows.append(yearly[year - first].records[index])
                continue
            outside = credited[index]
            if outside.raw > 0:
                window = (("year", str(year)), ("first", str(first)), ("last", str(through)))
                rows.append(_recount(outside, ZERO, Note("outside_window", window)))
            else:
                rows.append(_recount(outside, ZERO))
        return rows

    def _missing_courses(
        self, target: AuditTarget, records: Sequence[Record], first: int, through: int
    ) -> tuple[str, ...]:
        courses = target.courses
        if courses is None:
            return ()
        taken = {
            normalise_title(r.title)
            for r in records
            if r.passed
            and r.title
            and first <= r.last_day.year <= through
            and matches(courses.when, r)
        }
        return tuple(
            "或".join(f"《{normalise_title(t)}》" for t in slot.titles)
            for slot in courses.required
            if not any(normalise_title(t) in taken for t in slot.titles)
        )

    def _window_inside(
        self, rule: WindowDeemed, records: Sequence[Record], first: int, through: int
    ) -> Deemed | None:
        """宁夏 四（三）: a record of the rule begun and finished inside the window completes it."""
        inside = tuple(
            r.row
            for r in records
            if r.passed
            and r.date.year >= first
            and r.last_day.year <= through
            and matches(rule.when, r)
        )
        if not inside:
            return None
        citation = self.cite(rule.citation)
        return Deemed("window", rule.id, citation.quote or "", citation, inside)

    def _window_spanning(
        self,
        rule: WindowDeemed,
        credited: list[RecordResult],
        records: Sequence[Record],
        rows: list[RecordResult],
        first: int,
        through: int,
    ) -> None:
        """A record of the rule begun in the window and finished after it still counts its
        credited units for the window (one begun before and finished inside counts in its
        year)."""
        citation = self.cite(rule.citation)
        for index, r in enumerate(records):
            result = credited[index]
            if (
                r.passed
                and first <= r.date.year <= through < r.last_day.year
                and result.raw > 0
                and matches(rule.when, r)
            ):
                note = Note("degree_spans_window", (), citation)
                rows[index] = _recount(result, result.raw, note)


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


def _outside_year(result: RecordResult, year: int) -> RecordResult:
    """A record of another year: it counts nothing here, and says so if it counts there."""
    if result.counted > ZERO:
        return _recount(result, ZERO, Note("outside_year", (("year", str(year)),)))
    return _recount(result, ZERO)


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
