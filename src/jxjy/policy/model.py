"""The schema of a policy file: what a city's rules may say, and nothing else.

Every model forbids unknown keys, so a misspelt or mis-indented key fails loading instead
of vanishing. Amounts are `Decimal`; ratios the texts state as fractions ("三分之二") are
`Fraction`, written "2/3" in the files. Each rule carries a structured `Citation`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from jxjy.policy.records import Kind, Level, Subject

Unit = Literal["hour", "credit"]
Basis = Literal["hours", "minutes", "days", "credits", "count", "fixed"]
Talent = Literal["skilled", "professional"]


def _to_fraction(value: object) -> Fraction:
    """A positive ratio from a number or an 'n/d' string."""
    try:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction | str):
            raise ValueError
        ratio = Fraction(value.strip() if isinstance(value, str) else value)
    except (ValueError, ArithmeticError) as exc:
        raise ValueError("a ratio must be a positive number or 'n/d'") from exc
    if ratio <= 0:
        raise ValueError("a ratio must be positive")
    return ratio


Ratio = Annotated[Fraction, BeforeValidator(_to_fraction)]
Amount = Annotated[Decimal, Field(ge=0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Citation(Strict):
    """Where a rule comes from: 文号 + 条/款/项/目, and the words it rests on."""

    document: str | None = None  # 文号; defaults to the policy's own
    article: str | None = None  # 条, or the top-level numbered part ("四", "（十）")
    paragraph: str | None = None  # 款
    item: str | None = None  # 项, e.g. "（一）"
    sub_item: str | None = None  # 目, e.g. "1"
    quote: str | None = None  # the text relied on, verbatim

    def resolved(self, default_document: str) -> Citation:
        if self.document is not None:
            return self
        return self.model_copy(update={"document": default_document})

    def label(self) -> str:
        """`通政办发〔2011〕84号 第十七条（四）1`: the reference as people write it."""
        parts = [self.article or "", self.paragraph or "", self.item or "", self.sub_item or ""]
        ref = "".join(parts)
        return f"{self.document} {ref}".strip() if self.document else ref


class Match(Strict):
    """Which records a rule is about. Every given condition must hold; a list given must
    not be empty (an empty list would silently mean "any")."""

    kinds: tuple[Kind, ...] | None = Field(default=None, min_length=1)
    subjects: tuple[Subject, ...] | None = Field(default=None, min_length=1)
    levels: tuple[Level, ...] | None = Field(default=None, min_length=1)
    rank_min: int | None = Field(default=None, ge=1)
    rank_max: int | None = Field(default=None, ge=1)
    titles: tuple[str, ...] | None = Field(default=None, min_length=1)  # see normalise_title
    region_prefixes: tuple[str, ...] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _ranks_in_order(self) -> Match:
        low, high = self.rank_min, self.rank_max
        if low is not None and high is not None and low > high:
            raise ValueError("rank_min is above rank_max")
        return self


class Rule(Strict):
    """What every rule has: an id, a name, a citation; optionally the rule it is an
    exception to ("但…", "另有规定的，从其规定"), and its own dates (`from`/`to`, inclusive)
    when a change of law dates it: a crediting rule, exclusion or gate applies to records
    whose `date` falls inside them, a requirement to the years they touch."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    citation: Citation
    exception_to: str | None = None
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Rule:
        if self.from_ is not None and self.to is not None and self.to < self.from_:
            raise ValueError(f"rule {self.id}: to is before from")
        if self.exception_to == self.id:
            raise ValueError(f"rule {self.id} is an exception to itself")
        return self

    @property
    def dated(self) -> bool:
        return self.from_ is not None or self.to is not None

    def in_force_on(self, day: dt.date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (self.to is None or day <= self.to)

    def in_force_in(self, year: int) -> bool:
        return (self.from_ is None or self.from_.year <= year) and (
            self.to is None or year <= self.to.year
        )


class CreditRule(Rule):
    """How a matching record becomes units: `floor_or_exact(quantity / per) * value`.

    `basis` names the record field measured (`fixed` means the rule gives `value` once per
    record; with `times_count` once per unit of the record's `count`). `value` defaults to 1
    when the basis is the policy's own unit, or to the policy's conversion when it is the
    other unit. `value_by_level` replaces
    `value` with a table; a level missing from it means the rule does not apply.
    """

    when: Match
    basis: Basis
    per: Amount = Decimal(1)
    value: Amount | None = None
    value_by_level: dict[Level, Amount] | None = None
    whole_units_only: bool = False  # floor(quantity / per): "每30分钟折算1学时"
    times_count: bool = False  # multiply by the record's `count` ("每项")
    subject: Subject | None = None  # the subject it counts towards, when the text fixes it

    @model_validator(mode="after")
    def _one_value_source(self) -> CreditRule:
        if self.value is not None and self.value_by_level is not None:
            raise ValueError("give value or value_by_level, not both")
        if self.per <= 0:
            raise ValueError("per must be positive")
        if self.basis in ("minutes", "days", "count", "fixed") and (
            self.value is None and self.value_by_level is None
        ):
            raise ValueError(f"basis {self.basis} needs value or value_by_level")
        return self


class Exclusion(Rule):
    """Records that never count, with the article that says so."""

    when: Match


class Gate(Rule):
    """A condition a record must meet to count: filing and approval, or passing."""

    when: Match = Match()


class Cap(Rule):
    """At most `amount` (or `fraction_of_required` of the year's total requirement) of the
    matching records' units per person per day or per year."""

    per: Literal["day", "year"]
    when: Match
    amount: Amount | None = None
    fraction_of_required: Ratio | None = None

    @model_validator(mode="after")
    def _one_limit(self) -> Cap:
        if (self.amount is None) == (self.fraction_of_required is None):
            raise ValueError("give exactly one of amount and fraction_of_required")
        return self


class Requirement(Rule):
    """A yearly minimum: of the total, of one subject, or of units from some kinds.

    `amount` is absolute; `fraction_of_required` is a share of the total requirement;
    `more_than` demands strictly more than it ("部分学分须…取得": more than 0).
    """

    measure: Literal["total", "subject", "kinds"]
    subject: Subject | None = None
    kinds: tuple[Kind, ...] | None = None
    amount: Amount | None = None
    fraction_of_required: Ratio | None = None
    more_than: Amount | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Requirement:
        limits = [self.amount, self.fraction_of_required, self.more_than]
        if sum(limit is not None for limit in limits) != 1:
            raise ValueError("give exactly one of amount, fraction_of_required, more_than")
        if (self.measure == "subject") != (self.subject is not None):
            raise ValueError("subject is given exactly when measure is 'subject'")
        if (self.measure == "kinds") != (self.kinds is not None):
            raise ValueError("kinds is given exactly when measure is 'kinds'")
        if self.measure == "total" and self.amount is None:
            raise ValueError("the total requirement needs an amount")
        return self


class Holding(Strict):
    """A record of the person's, dated no later than the end of the year evaluated."""

    when: Match


class Exemption(Rule):
    """Waives requirements in given years for people who hold a qualifying record."""

    waives: tuple[str, ...]  # requirement ids
    years: tuple[int, ...]
    holding: Holding


class Trigger(Strict):
    """Matching records whose summed `count` reaches `min_count` trigger the rule."""

    when: Match
    min_count: int = Field(default=1, ge=1)
    description: str


class DeemedComplete(Rule):
    """Counts a year, or the appointment period containing the event, as complete."""

    scope: Literal["year", "appointment_period"]
    any_of: tuple[Trigger, ...] = Field(min_length=1)


class CourseSlot(Strict):
    """One required course; any of the titles satisfies it."""

    titles: tuple[str, ...] = Field(min_length=1)


class Courses(Rule):
    """An audit's required courses: each slot needs a passed record matching `when` (the
    text names the kind: 宁夏 四（一） "公需课") with one of its titles, whose last day is in
    the window."""

    when: Match
    required: tuple[CourseSlot, ...] = Field(min_length=1)


class WindowDeemed(Rule):
    """A passed record matching `when` begun and finished inside an audit's window completes
    the window (宁夏 四（三）: a degree); one begun in the window and finished after it
    counts its credited units for the window (and the window still needs its courses).
    Audits name it by id (`AuditTarget.window_deemed`)."""

    when: Match


class SinceGrade(Strict):
    """The window starts on the date the current grade was obtained; earlier units are reset."""

    citation: Citation


class AuditTarget(Rule):
    """A multi-year (or one-year) check for a purpose: a title review, a direct recognition.

    The window is the `window_years` years ending with the year the caller names, or, with
    `since_grade`, from the grade date the caller gives through that year.
    """

    window_years: int = Field(default=1, ge=1)
    since_grade: SinceGrade | None = None
    exceed: bool = False  # passed only when the total is above the required total
    max_years_early: dict[str, int] | None = None
    total: Amount | None = None  # None: the sum of each year's total requirement
    each_year_compliant: bool = False
    subject_totals_per_year: tuple[Subject, ...] = ()
    courses: Courses | None = None
    window_deemed: str | None = None  # the id of a `WindowDeemed` rule of the policy
    period_deemed: bool = False  # appointment-period deemed completion applies


class Effective(Strict):
    from_: dt.date = Field(alias="from")
    to: dt.date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> Effective:
        if self.to is not None and self.to < self.from_:
            raise ValueError("effective.to is before effective.from")
        return self


class Conversion(Strict):
    """1 学分 = `hours_per_credit` 学时."""

    hours_per_credit: Annotated[Decimal, Field(gt=0)]
    citation: Citation


class Extends(Strict):
    """The policy this one builds on (a city's on the national baseline), and the base's
    rules it explicitly does not take (`omit`). See `loader.load_policy_file`."""

    policy: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    omit: tuple[str, ...] = ()


class Policy(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    extends: Extends | None = None
    # Filled by the loader, never written in a file: rule id -> the id of the policy whose
    # file defines the rule, for each rule inherited through `extends` (see `rule_origin`).
    inherited: dict[str, str] = Field(default_factory=dict)
    version: str
    title: str
    document: str
    documents: tuple[str, ...] = ()  # further instruments the rules cite
    issuer: str
    source: str  # the seed file the text comes from
    talent: Talent
    unit: Unit
    conversion: Conversion | None = None
    effective: Effective
    interpretations: str | None = None  # anchor in docs/policy-interpretations.md
    credit: tuple[CreditRule, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    approval: Gate | None = None
    assessment: Gate | None = None
    caps: tuple[Cap, ...] = ()
    requirements: tuple[Requirement, ...] = Field(min_length=1)
    exemptions: tuple[Exemption, ...] = ()
    deemed_complete: tuple[DeemedComplete, ...] = ()
    window_deemed: tuple[WindowDeemed, ...] = ()
    audits: tuple[AuditTarget, ...] = ()

    @model_validator(mode="after")
    def _coherent(self) -> Policy:
        ids = [r.id for r in self.all_rules()]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"rule ids must be unique; repeated: {', '.join(duplicated)}")
        totals = [r for r in self.requirements if r.measure == "total"]
        if len(totals) != 1:
            raise ValueError("exactly one requirement must measure the total")
        requirement_ids = {r.id for r in self.requirements}
        for exemption in self.exemptions:
            unknown = set(exemption.waives) - requirement_ids
            if unknown:
                raise ValueError(f"exemption {exemption.id} waives unknown {sorted(unknown)}")
        window_ids = {r.id for r in self.window_deemed}
        for target in self.audits:
            if target.window_deemed is not None and target.window_deemed not in window_ids:
                raise ValueError(
                    f"audit {target.id} names unknown window_deemed {target.window_deemed!r}"
                )
        self._exceptions_known()
        self._dates_possible()
        for index, later in enumerate(self.credit):
            for earlier in self.credit[:index]:
                _check_shadow(earlier, later)
        other = "credits" if self.unit == "hour" else "hours"
        for rule in self.credit:
            implicit = rule.value is None and rule.value_by_level is None
            if rule.basis == other and implicit and self.conversion is None:
                raise ValueError(f"rule {rule.id} counts {other} but there is no conversion")
        return self

    def _exceptions_known(self) -> None:
        """`exception_to` names a rule of this policy; a credit rule that is an exception
        to another credit rule comes before it (the first rule that fits credits a record,
        so an exception listed after its rule would never take priority)."""
        rules = {r.id: r for r in self.all_rules()}
        order = {r.id: i for i, r in enumerate(self.credit)}
        for rule in rules.values():
            target = rule.exception_to
            if target is None:
                continue
            if target not in rules:
                raise ValueError(f"rule {rule.id} is an exception to unknown rule {target!r}")
            if rule.id in order and target in order and order[rule.id] > order[target]:
                raise ValueError(
                    f"rule {rule.id} is an exception to {target} but comes after it: it could"
                    " never take priority"
                )

    def _dates_possible(self) -> None:
        """A dated rule must be in force on some day the policy is."""
        start, end = self.effective.from_, self.effective.to
        for rule in self.all_rules():
            if rule.to is not None and rule.to < start:
                raise ValueError(f"rule {rule.id} ends before the policy takes effect")
            if rule.from_ is not None and end is not None and rule.from_ > end:
                raise ValueError(f"rule {rule.id} begins after the policy ends")
            if rule.dated and isinstance(rule, (Cap, DeemedComplete, Exemption, AuditTarget)):
                raise ValueError(f"rule {rule.id}: dates are not supported on this kind of rule")
            if rule.dated and isinstance(rule, Requirement) and rule.measure == "total":
                raise ValueError(f"rule {rule.id}: the total requirement cannot be dated")

    def all_rules(self) -> list[Rule]:
        singles = [r for r in (self.approval, self.assessment) if r]
        return [
            *self.credit,
            *self.exclusions,
            *singles,
            *self.caps,
            *self.requirements,
            *self.exemptions,
            *self.deemed_complete,
            *self.window_deemed,
            *self.audits,
            *(a.courses for a in self.audits if a.courses is not None),
        ]

    def window_rule(self, rule_id: str) -> WindowDeemed:
        return next(r for r in self.window_deemed if r.id == rule_id)

    def rule_origin(self, rule_id: str) -> str:
        """The id of the policy whose file defines the rule: this one's, or the base's it
        was inherited from (the loader knows the files: `loader.rule_source`)."""
        return self.inherited.get(rule_id, self.id)

    @property
    def total_requirement(self) -> Requirement:
        return next(r for r in self.requirements if r.measure == "total")

    def audit(self, target_id: str) -> AuditTarget | None:
        return next((a for a in self.audits if a.id == target_id), None)

    def cite(self, citation: Citation) -> Citation:
        return citation.resolved(self.document)


def _covers(wide: Match, narrow: Match) -> bool:
    """Whether every record `narrow` matches is matched by `wide` too (by the conditions
    as written: each condition of `wide` is absent or allows everything `narrow`'s does)."""
    for field in ("kinds", "subjects", "levels", "titles", "region_prefixes"):
        allowed = getattr(wide, field)
        if allowed is None:
            continue
        given = getattr(narrow, field)
        if given is None:
            return False
        if field == "titles":
            if not {normalise_title(t) for t in given} <= {normalise_title(t) for t in allowed}:
                return False
        elif field == "region_prefixes":
            if not all(any(g.startswith(a) for a in allowed) for g in given):
                return False
        elif not set(given) <= set(allowed):
            return False
    if wide.rank_min is not None and (narrow.rank_min or 0) < wide.rank_min:
        return False
    return wide.rank_max is None or (
        narrow.rank_max is not None and narrow.rank_max <= wide.rank_max
    )


def _always_credits(rule: CreditRule) -> bool:
    """Whether the rule credits every record it matches: a fixed value, needing no field
    of the record and no level table."""
    return rule.basis == "fixed" and rule.value_by_level is None


def _check_shadow(earlier: CreditRule, later: CreditRule) -> None:
    """A credit rule after one that matches every record it matches either never applies
    (the earlier always credits) or applies only where the earlier does not fit, as a
    default the earlier one is an explicit `exception_to`. Anything else is refused."""
    if not _covers(earlier.when, later.when):
        return
    if (earlier.dated or later.dated) and not (
        earlier.from_ == later.from_ and earlier.to == later.to
    ):
        return  # different dates: each may apply where the other is not in force
    if _always_credits(earlier):
        raise ValueError(f"rule {later.id} can never apply: {earlier.id} credits its records first")
    if earlier.exception_to != later.id:
        raise ValueError(
            f"rule {later.id} applies only where {earlier.id} does not fit, which matches all"
            f" its records first: make {earlier.id} an exception_to {later.id}, or narrow it"
        )


def normalise_title(title: str) -> str:
    """Course titles compare without book-title marks, brackets or spaces."""
    return "".join(ch for ch in title if ch not in "《》〈〉()（） \u3000\t")
