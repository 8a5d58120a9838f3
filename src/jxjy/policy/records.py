"""The canonical credit record: the fields every import, API call and ledger row carries.

A record is one activity of one person, in the terms of the activity (hours, minutes,
days, credits, level, rank...). Policies turn records into 学时 or 学分; nothing here
knows any policy. Which fields a kind needs, and which levels it admits, is part of the
schema and checked when records are read (`jxjy.policy.reading`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    ONLINE_COURSE = "online_course"
    ONLINE_EXAM = "online_exam"
    OFFLINE_THEORY = "offline_theory"
    OFFLINE_PRACTICE = "offline_practice"
    TRAINING_CLASS = "training_class"
    HIGH_LEVEL_BASE_TRAINING = "high_level_base_training"
    CONFERENCE = "conference"
    SEMINAR_PROGRAM = "seminar_program"
    RESEARCH_PROJECT = "research_project"
    PUBLICATION = "publication"
    COMPETITION = "competition"
    AWARD = "award"
    MONOGRAPH = "monograph"
    DEGREE = "degree"
    QUALIFICATION_EXAM = "qualification_exam"
    TEACHING = "teaching"
    STUDY_TOUR = "study_tour"
    SELF_STUDY = "self_study"
    PUBLIC_COURSE = "public_course"
    TRANSFER = "transfer"
    EXAM_PREP_TRAINING = "exam_prep_training"


class Subject(StrEnum):
    PUBLIC = "public"
    PROFESSIONAL = "professional"
    ELECTIVE = "elective"


class Level(StrEnum):
    INTERNATIONAL = "international"
    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    COUNTY = "county"
    CORE = "core"
    OTHER = "other"


#: The field names of the schema, in canonical order (`Record`'s fields without `row`).
FIELDS = (
    "person_id",
    "date",
    "kind",
    "subject",
    "end_date",
    "hours",
    "minutes",
    "days",
    "credits",
    "level",
    "rank",
    "count",
    "title",
    "approved",
    "passed",
    "region",
)

QUANTITY_FIELDS = ("hours", "minutes", "days", "credits")

# The limits of a record's values: stated once here, enforced by the reader
# (`jxjy.policy.reading`), and the ledger's columns are sized from them
# (`jxjy.ledger.models`), so that what the command line accepts the platform stores as it is.

#: Decimal places a quantity may have; a value with more is refused, never rounded.
DECIMAL_PLACES = 2
#: Digits of a quantity before the decimal point: a quantity is below 10**INTEGER_DIGITS.
INTEGER_DIGITS = 10
#: A whole number (rank, count) is at most this (a PostgreSQL smallint).
MAX_WHOLE = 32767
#: The most characters a text field may have, by field.
MAX_LENGTHS: dict[str, int] = {"title": 200, "region": 64}
#: The most characters a person's name may have (`people.Person.name`).
MAX_NAME_LENGTH = 64
#: The dates a record may carry, inclusive: nothing before the People's Republic, nothing
#: after 2100 (a mistyped year such as 0001 or 9999 is an error, not an activity).
DATE_MIN = dt.date(1949, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)


def forbidden_character(text: str) -> str | None:
    """The first character a name or title may not hold, or None: control characters
    (NUL included) and the invisible marks that reorder text (bidi overrides, embeddings,
    isolates and marks: U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C)."""
    for char in text:
        code = ord(char)
        if code < 0x20 or 0x7F <= code < 0xA0 or char in _BIDI_CONTROLS:
            return char
    return None


_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

_ADMINISTRATIVE = frozenset({Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL, Level.COUNTY})

#: Levels a kind admits. A kind not listed admits no level restriction beyond `Level`.
LEVELS_BY_KIND: dict[Kind, frozenset[Level]] = {
    Kind.CONFERENCE: frozenset({Level.INTERNATIONAL, Level.NATIONAL, Level.REGIONAL, Level.LOCAL}),
    Kind.SEMINAR_PROGRAM: _ADMINISTRATIVE | {Level.INTERNATIONAL},
    Kind.RESEARCH_PROJECT: _ADMINISTRATIVE,
    Kind.COMPETITION: _ADMINISTRATIVE,
    Kind.AWARD: _ADMINISTRATIVE,
    Kind.PUBLICATION: _ADMINISTRATIVE | {Level.CORE, Level.OTHER},
}

#: Fields a kind cannot do without. A tuple inside the tuple means "one of these".
#: `days` is never required: it is derived from date..end_date when absent.
REQUIRED_BY_KIND: dict[Kind, tuple[str | tuple[str, ...], ...]] = {
    Kind.ONLINE_COURSE: (("minutes", "credits", "hours"),),
    Kind.ONLINE_EXAM: ("credits",),
    Kind.OFFLINE_THEORY: ("hours",),
    Kind.OFFLINE_PRACTICE: ("hours",),
    Kind.CONFERENCE: ("level",),
    Kind.SEMINAR_PROGRAM: ("level",),
    Kind.RESEARCH_PROJECT: ("level",),
    Kind.PUBLICATION: ("level",),
    Kind.COMPETITION: ("level", "rank"),
    Kind.AWARD: ("level", "rank"),
    Kind.DEGREE: ("end_date",),
    Kind.TEACHING: ("hours",),
    Kind.SELF_STUDY: ("hours",),
    Kind.PUBLIC_COURSE: ("title",),
    Kind.TRANSFER: (("hours", "credits"), "region"),
    Kind.EXAM_PREP_TRAINING: ("hours",),
}

#: Most hours one day can hold; a record claiming more is an error.
HOURS_PER_DAY_LIMIT = Decimal(24)


class Record(NamedTuple):
    """One activity of one person. `row` is the 1-based data row of the input it came from.

    A named tuple: immutable and hashable, and built at C speed, which matters when a file
    holds millions of rows. Change a field with `record._replace(hours=...)`.
    """

    row: int
    person_id: str
    date: dt.date
    kind: Kind
    subject: Subject = Subject.PROFESSIONAL
    end_date: dt.date | None = None
    hours: Decimal | None = None
    minutes: Decimal | None = None
    days: Decimal | None = None
    credits: Decimal | None = None
    level: Level | None = None
    rank: int | None = None
    count: int = 1  # type: ignore[assignment]  # the schema's field; shadows tuple.count
    title: str | None = None
    approved: bool = True
    passed: bool = True
    region: str | None = None

    @property
    def last_day(self) -> dt.date:
        """The inclusive last day: `end_date` when given, else `date`."""
        return last_day(self.date, self.end_date)

    @property
    def span_days(self) -> int:
        """Calendar days from `date` to `end_date`, inclusive."""
        return (self.last_day - self.date).days + 1

    @property
    def effective_days(self) -> Decimal:
        """`days` when given, else the calendar span."""
        return self.days if self.days is not None else Decimal(self.span_days)

    def quantity(self, basis: str) -> Decimal | None:
        """The record's amount in `basis` (hours, minutes, days, credits or count)."""
        if basis == "days":
            return self.effective_days
        if basis == "count":
            return Decimal(self.count)
        value: Decimal | None = getattr(self, basis)
        return value


def last_day(date: dt.date, end_date: dt.date | None) -> dt.date:
    """A record's inclusive last day: its `end_date` when it has one, else its `date`. (The
    reader gives a record of several `days` without an end date its end date.)"""
    return end_date if end_date is not None else date


def year_of(date: dt.date, end_date: dt.date | None) -> int:
    """The year a record belongs to: the year of its last day (an activity over New Year
    counts in the year it ends). The one statement of the rule; the ledger's queries use
    its expression `jxjy.ledger.codec.YEAR`."""
    return last_day(date, end_date).year
