"""Checking every row of a roster against the schema, the people, the projects and the
ledger, with a few queries for the whole file (people, projects, regions, employers and
existing records fetched in chunks), never one per row.

A row becomes a `Ready` (the record to register, its person and project) or problems.
Nothing is written here: people are created, and records registered, only at commit.

**Record identity.** Two records are the same when they have the same person, project (or
none), date, end date, kind, subject, title, hours, minutes, days, credits, level, rank,
count and assessment result. A row that repeats an earlier row of the file, or a record
that stands in the ledger (registered or verified; not rejected or superseded), is a
problem: re-importing a file, or part of one, never registers anything twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from jxjy.accounts import scope
from jxjy.accounts.models import User
from jxjy.imports.columns import PERSON_FIELDS, RECORD_FIELDS
from jxjy.imports.files import Table
from jxjy.imports.problems import Problem
from jxjy.imports.values import GENDERS, TALENTS, WORDS, code_of
from jxjy.ledger.api import ProjectMismatch, record_approval
from jxjy.ledger.codec import COLUMNS
from jxjy.ledger.codec import columns as codec_columns
from jxjy.ledger.models import CreditRecord, Status
from jxjy.orgs.models import Organisation
from jxjy.people import id_number
from jxjy.people.models import Person
from jxjy.policy.reading import parse_fields
from jxjy.policy.records import MAX_NAME_LENGTH, Record, forbidden_character
from jxjy.regions.models import Region
from jxjy.training.models import Project

CHUNK = 900  # ids in one IN (...): below SQLite's oldest limit on parameters
PROGRESS_EVERY = 2000

Identity = tuple[Any, ...]
Progress = Callable[[int, int], None]

#: `ProjectMismatch.field` (ledger.services.project_check) -> the import's code.
@dataclass(frozen=True, slots=True)
class NewPerson:
    """A person the commit will create, from the first row that names them."""

    row: int
    id_number: str
    name: str
    gender: str
    birth_date: dt.date
    region_id: int
    talent: str
    employer_id: int | None


@dataclass(frozen=True, slots=True)
class Ready:
    id_number: str
    record: Record
    project_id: int | None
    approved: bool


@dataclass
class Checked:
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    ready: list[Ready] = field(default_factory=list)
    new_people: dict[str, NewPerson] = field(default_factory=dict)
    #: Known people by ID number: (pk, name, employer id).
    known: dict[str, tuple[int, str, int | None]] = field(default_factory=dict)


#: The ledger columns a record's identity compares (see the module's docstring): every
#: column of the record (`jxjy.ledger.codec.COLUMNS`) but whether it was filed and approved
#: (the project decides that) and the region of origin.
IDENTITY_COLUMNS: Final = tuple(
    column for column in COLUMNS.values() if column not in ("approved", "origin_region")
)


def identity(
    person: str, project_id: int | None, record: Record | None = None, **columns: Any
) -> Identity:
    """A record's identity (see the module's docstring), from an engine record or from
    ledger columns (`IDENTITY_COLUMNS`)."""
    if record is not None:
        columns = codec_columns(record)
    return (person, project_id, *(columns[name] for name in IDENTITY_COLUMNS))


def _name_problem(number: int, name: str) -> Problem | None:
    """A person's name must fit `people.Person.name` and hold no control or text-direction
    characters (the limits of `jxjy.policy.records`, as a record's title)."""
    if len(name) > MAX_NAME_LENGTH:
        params = (("length", str(len(name))), ("max", str(MAX_NAME_LENGTH)))
        return Problem(number, "name", "too_long", params)
    char = forbidden_character(name)
    if char is not None:
        return Problem(number, "name", "bad_character", (("char", f"U+{ord(char):04X}"),))
    return None


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = list(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Lookups:
    """What the file refers to, fetched once for all rows."""

    def __init__(self, table: Table, where: dict[str, int]) -> None:
        def column(name: str) -> set[str]:
            index = where.get(name)
            if index is None:
                return set()
            return {_text(cells[index]) for _, cells in table.rows if index < len(cells)}

        numbers = {n.upper() for n in column("id_number") if n}
        self.people: dict[str, tuple[int, str, int | None]] = {}
        for chunk in _chunks(numbers):
            for pk, number, name, employer in Person.objects.filter(
                id_number__in=chunk
            ).values_list("pk", "id_number", "name", "employer_id"):
                self.people[number] = (pk, name, employer)
        self.projects: dict[str, Project] = {}
        for chunk in _chunks(n for n in column("filing_number") if n):
            for project in Project.objects.filter(filing_number__in=chunk):
                self.projects[project.filing_number] = project
        self.regions = dict(
            Region.objects.filter(code__in=[c for c in column("region_code") if c]).values_list(
                "code", "pk"
            )
        )
        self.employers = dict(
            Organisation.objects.filter(
                kind=Organisation.Kind.EMPLOYER,
                credit_code__in=[c.upper() for c in column("employer_code") if c],
            ).values_list("credit_code", "pk")
        )
        self.ledger = ledger_identities(self.people)


def ledger_identities(people: dict[str, tuple[int, str, int | None]]) -> set[Identity]:
    """The identities of the records that stand in the ledger for these people."""
    number_of = {pk: number for number, (pk, _, _) in people.items()}
    found: set[Identity] = set()
    for chunk in _chunks(number_of):
        rows = CreditRecord.objects.filter(
            person_id__in=chunk, status__in=(Status.REGISTERED, Status.VERIFIED)
        ).values_list("person_id", "project_id", *IDENTITY_COLUMNS)
        for person_id, project_id, *values in rows:
            columns = dict(zip(IDENTITY_COLUMNS, values, strict=True))
            found.add(identity(number_of[person_id], project_id, **columns))
    return found


def check_table(actor: User, table: Table, progress: Progress | None = None) -> Checked:
    """Check every row of `table` as registered by `actor` (the uploader)."""
    checker = _Checker(actor, table)
    total = len(table.rows)
    if progress is not None:
        progress(0, total)
    for done, (number, cells) in enumerate(table.rows, start=1):
        checker.row(number, cells)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return checker.checked


def _problem(number: int, column: str, code: str, value: object) -> Problem:
    return Problem(number, column, code, (("value", str(value)[:60]),))


def _id_number(
    number: int, cell: object, problems: list[Problem], memo: dict[str, Any]
) -> str:
    """The row's ID number, upper-cased, or "" with its problem. `memo` keeps what each
    number parsed to (a number often appears in several rows)."""
    if isinstance(cell, int | float | Decimal) and not isinstance(cell, bool):
        problems.append(Problem(number, "id_number", "id_not_text"))
        return ""
    text = _text(cell).upper()
    if not text:
        problems.append(Problem(number, "id_number", "required"))
        return ""
    parsed = memo.get(text)
    if parsed is None:
        try:
            parsed = id_number.parse(text)
        except id_number.InvalidIdNumber as invalid:
            parsed = invalid.code
        memo[text] = parsed
    if isinstance(parsed, str):
        problems.append(Problem(number, "id_number", "bad_id_number", (("reason", parsed),)))
        return ""
    return text


class _Checker:
    def __init__(self, actor: User, table: Table) -> None:
        self.actor = actor
        self.fields = table.fields
        self.width = len(table.fields)
        where = {name: index for index, name in enumerate(table.fields) if name}
        self.record_fields: list[str] = [name for name in RECORD_FIELDS if name in where]
        self.look = _Lookups(table, where)
        self.checked = Checked(rows=len(table.rows), known=self.look.people)
        self.seen: dict[Identity, int] = {}
        self.ids: dict[str, Any] = {}
        self.own_employer = scope.employer_of_new_people(actor)

    def row(self, number: int, cells: tuple[Any, ...]) -> None:
        problems: list[Problem] = []
        if len(cells) > self.width:
            extra = sum(1 for cell in cells[self.width :] if _text(cell))
            if extra:
                problems.append(Problem(number, "", "extra_cells", (("count", str(extra)),)))
        values = dict(zip(self.fields, cells, strict=False))
        key = _id_number(number, values.get("id_number"), problems, self.ids)
        name = _text(values.get("name"))
        if not name:
            problems.append(Problem(number, "name", "required"))
        elif (wrong := _name_problem(number, name)) is not None:
            problems.append(wrong)
            name = ""  # neither compared with the person on file nor given to a new one
        raw = {
            field_: code_of(WORDS[field_], value) if field_ in WORDS else value
            for field_ in self.record_fields
            if (value := values.get(field_)) is not None
        }
        parsed = parse_fields(number, {**raw, "person_id": key or "?"})
        record: Record | None = None
        if isinstance(parsed, list):
            problems += [Problem(e.row, e.field, e.code, e.params) for e in parsed]
        else:
            record = parsed
        project, approved = self.project(number, values, record, raw.get("approved"), problems)
        if key:
            known = self.look.people.get(key)
            if known is not None:
                problems += self.known_person(number, name, known)
            elif name:
                self.new_person(number, key, name, values, problems)
        if record is not None and key and not problems:
            self.unique(number, Ready(key, record, project.pk if project else None, approved))
        else:
            self.checked.problems += problems

    def project(
        self,
        number: int,
        values: dict[str, Any],
        record: Record | None,
        stated: object,
        problems: list[Problem],
    ) -> tuple[Project | None, bool]:
        """The row's project (by its filing number) and whether the record counts as filed
        and approved (`ledger.services.record_approval`)."""
        filing = _text(values.get("filing_number"))
        project = self.look.projects.get(filing) if filing else None
        if filing and project is None:
            problems.append(_problem(number, "filing_number", "unknown_project", filing))
            return None, False
        if record is None:
            return project, False
        try:
            approved = record_approval(
                actor=self.actor, record=record, project=project, stated=stated
            )
        except ProjectMismatch as mismatch:
            column = "filing_number" if mismatch.field == "project" else mismatch.field
            problems.append(Problem(number, column, mismatch.code))
            return project, False
        return project, approved

    def unique(self, number: int, ready: Ready) -> None:
        key = identity(ready.id_number, ready.project_id, ready.record)
        if key in self.seen:
            problem = Problem(number, "", "duplicate_row", (("other", str(self.seen[key])),))
            self.checked.problems.append(problem)
        elif key in self.look.ledger:
            self.checked.problems.append(Problem(number, "", "duplicate_record"))
        else:
            self.seen[key] = number
            self.checked.ready.append(ready)

    def known_person(
        self, number: int, name: str, known: tuple[int, str, int | None]
    ) -> list[Problem]:
        problems = []
        _, on_file, employer = known
        if name and "".join(name.split()) != "".join(on_file.split()):
            problems.append(Problem(number, "name", "name_mismatch"))
        if not scope.can_register_employee_of(self.actor, employer):
            problems.append(Problem(number, "id_number", "not_your_person"))
        return problems

    def new_person(
        self, number: int, key: str, name: str, values: dict[str, Any], problems: list[Problem]
    ) -> None:
        """Check the fields a person the commit creates needs; remember them."""
        found = len(problems)
        encoded = self.ids[key]
        given = {field_: _text(values.get(field_)) for field_ in PERSON_FIELDS}
        gender = encoded.gender
        if given["gender"]:
            stated = GENDERS.get(given["gender"].lower(), GENDERS.get(given["gender"]))
            if stated is None:
                problems.append(_problem(number, "gender", "unknown_gender", given["gender"]))
            elif stated != gender:
                problems.append(Problem(number, "gender", "gender_mismatch"))
        region_id = self.look.regions.get(given["region_code"])
        if not given["region_code"]:
            problems.append(Problem(number, "region_code", "required"))
        elif region_id is None:
            problems.append(
                _problem(number, "region_code", "unknown_region", given["region_code"])
            )
        talent = TALENTS.get(given["talent"].lower())
        if not given["talent"]:
            problems.append(Problem(number, "talent", "required"))
        elif talent is None:
            problems.append(_problem(number, "talent", "unknown_talent", given["talent"]))
        employer_id = self.own_employer
        code = given["employer_code"].upper()
        if code:
            employer_id = self.look.employers.get(code)
            if employer_id is None:
                problems.append(_problem(number, "employer_code", "unknown_employer", code))
            elif self.own_employer is not None and employer_id != self.own_employer:
                problems.append(Problem(number, "employer_code", "not_your_employee"))
        if len(problems) > found or region_id is None or talent is None:
            return
        person = NewPerson(
            number, key, name, gender, encoded.birth_date, region_id, talent, employer_id
        )
        earlier = self.checked.new_people.get(key)
        if earlier is None:
            self.checked.new_people[key] = person
        elif (earlier.name, earlier.region_id, earlier.talent, earlier.employer_id) != (
            name,
            region_id,
            talent,
            employer_id,
        ):
            problems.append(Problem(number, "", "person_differs", (("other", str(earlier.row)),)))
