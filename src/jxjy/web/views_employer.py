"""The employer's list of its people and their standing, on a page and as a workbook."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from jxjy.accounts.models import Role
from jxjy.people.id_number import mask
from jxjy.policy.messages import Lang, unit_label
from jxjy.policy.serialize import format_amount
from jxjy.web import presenters
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.selectors import SORTS, STATUSES, people_with_standing
from jxjy.web.views_learner import this_year, year_param

PER_PAGE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Filters:
    year: int
    q: str
    status: str
    sort: str


def _filters(request: HttpRequest) -> Filters:
    get = request.GET
    status = get.get("status", "")
    sort = get.get("sort", "name")
    return Filters(
        year=year_param(get.get("year"), this_year()),
        q=get.get("q", "").strip()[:64],
        status=status if status in STATUSES else "",
        sort=sort if sort in SORTS else "name",
    )


@dataclass(frozen=True)
class PersonRow:
    pk: int
    name: str
    id_number: str
    employer: str
    region: str
    has_standing: bool
    total: Decimal | None
    required: Decimal | None
    short_by: Decimal | None
    unit: str
    compliant: bool
    deemed: bool
    pending: int
    stale: bool = False  # a refresh is queued (待更新): the figures are about to change

    @property
    def state(self) -> str:
        if not self.has_standing:
            return "none"
        if self.stale:
            return "stale"
        return "compliant" if self.compliant else "short"

    def shown(self, value: Decimal | None) -> str:
        return format_amount(value) if value is not None else ""

    @property
    def total_text(self) -> str:
        return self.shown(self.total)

    @property
    def required_text(self) -> str:
        return self.shown(self.required)

    @property
    def short_by_text(self) -> str:
        return self.shown(self.short_by)


def _row(person: Any, lang: Lang) -> PersonRow:
    """A row of the list from a Person annotated by `people_with_standing`."""
    has = person.st_id is not None
    return PersonRow(
        pk=person.pk,
        name=person.name,
        id_number=mask(person.id_number),
        employer=person.employer.name if person.employer is not None else "",
        region=person.region.name,
        has_standing=has,
        total=person.st_total,
        required=person.st_required,
        short_by=person.st_short_by,
        unit=unit_label(person.st_unit, lang) if has else "",
        compliant=bool(person.st_compliant),
        deemed=bool(person.st_deemed),
        pending=person.st_pending or 0,
        stale=bool(person.st_stale),
    )


@role_required(Role.EMPLOYER, Role.OPERATOR)
def people(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    filters = _filters(request)
    people = people_with_standing(
        user=user, year=filters.year, q=filters.q, status=filters.status, sort=filters.sort
    )
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/employer_people.html",
        {
            "filters": filters,
            "page_obj": page,
            "rows": [_row(p, presenters.page_lang()) for p in page.object_list],
            "show_employer": user.organisation_id is None,
            "statuses": [
                ("", _("Everyone")),
                ("compliant", _("Compliant")),
                ("short", _("Short")),
                ("pending", _("With records pending verification")),
            ],
            "sorts": [
                ("name", _("Name")),
                ("total", _("Total, highest first")),
                ("short_by", _("Furthest behind first")),
            ],
        },
    )


@role_required(Role.EMPLOYER, Role.OPERATOR)
def people_export(request: HttpRequest) -> HttpResponse:
    """The same list, every page of it, as an XLSX workbook; ID numbers masked."""
    user = acting_user(request)
    filters = _filters(request)
    people = people_with_standing(
        user=user, year=filters.year, q=filters.q, status=filters.status, sort=filters.sort
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(filters.year))
    sheet.append(
        [
            _("Name"),
            _("Resident ID number"),
            _("Employer"),
            _("Region"),
            _("Year"),
            _("Total"),
            _("Required"),
            _("Short by"),
            _("Unit"),
            _("Pending records"),
            _("Standing"),
        ]
    )
    states = {
        "none": _("No records yet"),
        "compliant": _("Compliant"),
        "short": _("Short"),
        "stale": _("Awaiting refresh"),
    }
    lang = presenters.page_lang()
    for person in people.iterator(chunk_size=2000):
        row = _row(person, lang)
        state = states[row.state]
        if row.deemed and not row.stale:
            state = _("Deemed complete")
        sheet.append(
            [
                row.name,
                row.id_number,
                row.employer,
                row.region,
                filters.year,
                row.total,
                row.required,
                row.short_by,
                row.unit,
                row.pending,
                state,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"people-{filters.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
