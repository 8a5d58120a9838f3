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


QUANTITY_FIELDS = ("hours", "minutes", "days", "credits")

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
        return self.end_date if self.end_date is not None else self.date

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
