"""The shapes the API reads and writes, and the functions that fill them.

Amounts are JSON numbers (integers when whole), as in the engine's results JSON. A
resident ID number is masked unless `accounts.scope.sees_whole_id_number` says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, File, Schema
from pydantic import BaseModel, ConfigDict, WithJsonSchema

from jxjy.accounts import scope
from jxjy.accounts.models import User
from jxjy.ledger.codec import field_values
from jxjy.ledger.models import CreditRecord, Status
from jxjy.people.models import Person
from jxjy.policy.records import FIELDS, QUANTITY_FIELDS, Kind
from jxjy.policy.serialize import number

#: A JSON value of a record field. Any value is passed on to the canonical schema's parser
#: (`jxjy.policy.reading`), which names the field and the problem as the command line does.
Value = Annotated[
    Any,
    WithJsonSchema(
        {"anyOf": [{"type": t} for t in ("string", "number", "integer", "boolean", "null")]}
    ),
]
Amount = int | float | None

#: The years the API evaluates.
YEAR_MIN, YEAR_MAX = 1990, 2100


#: An upload's file part; optional, so that a caller without it is told which field, and
#: one whose file was too large to keep is told so (`jxjy.uploads`).
OPTIONAL_FILE: Any = File(None)  # type: ignore[type-arg]

class Error(Schema):
    field: str = Field(description='The field ("" for the whole request, "a|b" for one of)')
    code: str = Field(description="A stable machine code")
    message: str = Field(description="A sentence in the request's language")


class ErrorOut(Schema):
    detail: str
    code: str | None = Field(
        default=None, description="Why a training step was refused (409), for programs"
    )
    errors: list[Error]


class Ref(Schema):
    id: int
    name: str


class RegionRef(Schema):
    code: str
    name: str


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    id_number: str = Field(description="Masked (first and last four) unless you may see it")
    employer: Ref | None
    region: RegionRef
    talent: str


class RecordFields(BaseModel):
    """The canonical record fields (docs/records.md). The values are checked by the same
    parser as the command line's, so the errors name the same fields and codes. (A plain
    pydantic model: ninja's `Schema` would drop the unknown fields the parser reports.)"""

    model_config = ConfigDict(extra="allow")

    date: Value = Field(None, description="YYYY-MM-DD (required)")
    kind: Value = Field(None, description="Activity kind, e.g. offline_theory (required)")
    subject: Value = Field(None, description="public, professional (default) or elective")
    end_date: Value = Field(None, description="YYYY-MM-DD, for activities over several days")
    hours: Value = Field(None, description="Class hours, a decimal >= 0")
    minutes: Value = None
    days: Value = None
    credits: Value = None
    level: Value = None
    rank: Value = None
    count: Value = None
    title: Value = None
    approved: Value = Field(
        None,
        description=(
            "Ignored except from operators entering a historical filing: a training"
            " activity is approved when it names its approved project, and not otherwise"
        ),
    )
    passed: Value = Field(None, description="Passed its assessment (default true)")
    region: Value = Field(None, description="Region of origin (transfer records)")

    def sent(self) -> dict[str, object]:
        """The fields the client sent, extra ones included (the parser reports those)."""
        return self.model_dump(exclude_unset=True)


class RecordCreate(RecordFields):
    person_id: int | None = Field(None, description="The person's id in this platform")
    id_number: str | None = Field(
        None, description="Or the person's resident ID number (for a trainee new to you)"
    )
    project: int | None = Field(
        None,
        description=(
            "The approved training project (of your organisation) the activity belongs to;"
            " its records count as filed and approved (宁夏 三（一）)"
        ),
    )


class RecordOut(Schema):
    id: int
    person: Ref
    date: dt.date
    end_date: dt.date | None
    kind: str
    subject: str
    hours: Amount
    minutes: Amount
    days: Amount
    credits: Amount
    level: str
    rank: int | None
    count: int
    title: str
    approved: bool
    passed: bool
    region: str = Field(description="Region of origin (transfer records)")
    status: str
    source: str
    batch: str
    project: int | None = Field(description="The training project it belongs to, if any")
    registered_by: Ref | None
    created: dt.datetime
    decided_at: dt.datetime | None
    reason: str = Field(description="Why this record corrects the one it supersedes")
    rejection_reason: str = Field(description="Why it was rejected (empty unless rejected)")
    supersedes: int | None


# The API's record shapes carry exactly the canonical record's fields (`FIELDS`); a field
# added there and forgotten here stops the platform at start, not a client at run time.
_FIELDS_SENT = set(FIELDS) - {"person_id"}
if set(RecordFields.model_fields) != _FIELDS_SENT or not set(
    RecordOut.model_fields
) >= _FIELDS_SENT:  # pragma: no cover - a programming error
    raise RuntimeError("the API's record schemas differ from jxjy.policy.records.FIELDS")


class RejectIn(Schema):
    reason: str


class SupersedeIn(Schema):
    fields: RecordFields
    reason: str


class PersonPage(Schema):
    count: int = Field(description="Items in all pages")
    page: int
    size: int
    items: list[PersonOut]


class RecordPage(Schema):
    count: int = Field(description="Items in all pages")
    page: int
    size: int
    items: list[RecordOut]


class EvaluationOut(Schema):
    person: PersonOut
    year: int
    policy: str | None = Field(description="The policy in force; null if none applies")
    evaluation: dict[str, Any] | None = Field(
        description="The engine's result (docs/results-json.md), over verified records"
    )
    records: list[RecordOut] = Field(description="The person's records you may see, any status")


class AuditOut(Schema):
    person: PersonOut
    target: str
    through: int
    policy: str | None
    audit: dict[str, Any] | None = Field(description="The engine's audit (docs/results-json.md)")


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=64)


class TokenOut(Schema):
    id: int
    name: str
    created: dt.datetime
    last_used: dt.datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="Shown only now; only its hash is kept")


class CsrfOut(Schema):
    token: str


def _amount(value: Decimal | None) -> Amount:
    return None if value is None else number(value)


def person_out(user: User, person: Person) -> dict[str, Any]:
    whole = scope.sees_whole_id_number(user, person)
    employer = person.employer
    return {
        "id": person.pk,
        "name": person.name,
        "gender": person.gender,
        "id_number": person.id_number if whole else person.masked_id_number,
        "employer": {"id": employer.pk, "name": employer.name} if employer else None,
        "region": {"code": person.region.code, "name": person.region.name},
        "talent": person.talent,
    }


def record_out(record: CreditRecord) -> dict[str, Any]:
    by = record.registered_by
    fields = field_values(record)
    for name in QUANTITY_FIELDS:
        fields[name] = _amount(fields[name])
    for name in ("level", "title", "region"):  # the API has always written "" for absent text
        fields[name] = fields[name] or ""
    return {
        "id": record.pk,
        "person": {"id": record.person_id, "name": record.person.name},
        **fields,
        "status": record.status,
        "source": record.source,
        "batch": record.batch,
        "project": record.project_id,
        "registered_by": {"id": by.pk, "name": by.name} if by else None,
        "created": record.created,
        "decided_at": record.decided_at,
        "reason": record.reason,
        "rejection_reason": record.rejection_reason,
        "supersedes": record.supersedes_id,
    }


_M = TypeVar("_M", bound=Model)


def page_of(
    queryset: QuerySet[_M],
    page: int,
    size: int,
    render: Callable[[_M], dict[str, Any]],
) -> dict[str, Any]:
    """One page of a scoped queryset, with the count of all its items."""
    start = (page - 1) * size
    items: Sequence[_M] = list(queryset[start : start + size])
    return {
        "count": queryset.count(),
        "page": page,
        "size": size,
        "items": [render(item) for item in items],
    }


class PageQuery(Schema):
    page: int = Field(1, ge=1, description="1-based page number")
    size: int = Field(50, ge=1, le=200, description="Items per page (at most 200)")


class PeopleQuery(PageQuery):
    q: str = Field("", max_length=64, description="Part of a name, or a whole ID number")


class RecordQuery(PageQuery):
    person: int | None = Field(None, description="A person's id")
    status: Status | None = None
    kind: Kind | None = None
    year: int | None = Field(
        None, ge=YEAR_MIN, le=YEAR_MAX, description="The year the activity ends in"
    )
