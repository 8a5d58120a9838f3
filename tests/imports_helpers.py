"""Roster rows for import tests: the template's columns, a row for a person and project."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl

from factories import make_id_number
from jxjy.accounts.models import User
from jxjy.imports import services
from jxjy.imports.columns import COLUMNS
from jxjy.imports.models import ImportBatch
from jxjy.people.models import Person
from jxjy.training.models import Project
from training_helpers import approved

HEADER = [column.header for column in COLUMNS]


def approved_project(world: Any) -> Project:
    """An approved offline-theory project of the home provider, 2026-03-02 to 03-03."""
    return approved(world.home.provider_user, world.home.reviewer_user)


def new_id(region: str, serial: int) -> str:
    """A valid ID number of a man born 1990-05-17 whom nobody has on file."""
    return make_id_number(region, dt.date(1990, 5, 17), serial, "M")


def row(person: Person | None, project: Project | None, **fields: Any) -> list[Any]:
    """A roster row in the template's column order: 8 hours of the project's kind on its
    first day (or 2023-03-01 without a project), for `person`; `fields` override."""
    values: dict[str, Any] = {
        "id_number": person.id_number if person else "",
        "name": person.name if person else "",
        "filing_number": project.filing_number if project else "",
        "date": str(project.start_date) if project else "2023-03-01",
        "kind": "线下理论学习",
        "hours": "8",
        "title": project.title if project else "自学",
    }
    values.update(fields)
    return [values.get(column.field, "") for column in COLUMNS]


def newcomer_row(project: Project, serial: int) -> list[Any]:
    """A row for 新学员, a skilled worker of 330702 nobody has on file (ID number `new_id`
    of `serial`): the import creates the person."""
    return row(
        None,
        project,
        id_number=new_id("330702", serial),
        name="新学员",
        region_code="330702",
        talent="技能人才",
    )


def xlsx(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(header)
    for cells in rows:
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def roster_batch(uploader: User, region_code: str, *, valid: bool = True) -> ImportBatch:
    """A checked batch of one self-study row for a person the commit would create: without
    problems, or (`valid=False`) with negative hours."""
    fields = {"region_code": region_code, "talent": "技能人才", "kind": "自学"}
    number = new_id(region_code, 1)
    cells = row(
        None, None, id_number=number, name="名单新人", hours="8" if valid else "-1", **fields
    )
    data = xlsx([cells])
    return services.batch_upload(
        actor=uploader, filename="roster.xlsx", chunks=[data], size=len(data)
    )
