"""Writes to the ledger. Each is one transaction, checks permission, leaves an audit row
and refreshes the person's stored standing for the years it touches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jxjy.accounts import scope
from jxjy.accounts.models import User
from jxjy.audit.models import audit_log
from jxjy.evaluation.services import person_years_refresh
from jxjy.ledger.models import CreditRecord, Source, Status, record_columns
from jxjy.people.models import Person
from jxjy.policy.reading import RecordError, parse_fields
from jxjy.policy.records import Record


class RecordInvalid(ValueError):
    """The fields of a record break the schema; `errors` say which field and why."""

    def __init__(self, errors: Sequence[RecordError]) -> None:
        super().__init__("; ".join(e.message("en") for e in errors))
        self.errors = list(errors)


class InvalidTransition(ValueError):
    """The record's status does not allow this step."""


class ReasonRequired(ValueError):
    """A rejection or a correction must say why."""


def _validated(person: Person, fields: Mapping[str, object], row: int = 1) -> Record:
    parsed = parse_fields(row, {**fields, "person_id": str(person.pk)})
    if isinstance(parsed, list):
        raise RecordInvalid(parsed)
    return parsed


def record_register(
    *,
    actor: User,
    person: Person,
    fields: Mapping[str, object],
    source: Source = Source.FORM,
    batch: str = "",
) -> CreditRecord:
    """Register one activity for `person`. It counts once verified."""
    if not scope.can_register(actor, person):
        raise PermissionDenied
    record = _validated(person, fields)
    with transaction.atomic():
        row = CreditRecord.objects.create(
            person=person,
            registered_by=actor.organisation,
            registered_by_user=actor,
            source=source,
            batch=batch,
            **record_columns(record),
        )
        audit_log(actor, "record.register", row, person=person.pk, kind=row.kind)
        person_years_refresh(person=person, years=[record.last_day.year])
    return row


def _decide(actor: User, row: CreditRecord, status: Status, reason: str) -> None:
    if not scope.can_decide(actor, row):
        raise PermissionDenied
    if row.status != Status.REGISTERED:
        raise InvalidTransition(f"record {row.pk} is {row.status}, not registered")
    row.status = status
    row.decided_by = actor
    row.decided_at = timezone.now()
    row.reason = reason
    row.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    audit_log(actor, f"record.{status}", row, reason=reason)


def record_verify(*, actor: User, record: CreditRecord) -> CreditRecord:
    with transaction.atomic():
        row = CreditRecord.objects.select_for_update().get(pk=record.pk)
        _decide(actor, row, Status.VERIFIED, "")
        person_years_refresh(person=row.person, years=[row.last_day.year])
    return row


def record_reject(*, actor: User, record: CreditRecord, reason: str) -> CreditRecord:
    if not scope.can_decide(actor, record):
        raise PermissionDenied
    if not reason.strip():
        raise ReasonRequired("a rejection needs a reason")
    with transaction.atomic():
        row = CreditRecord.objects.select_for_update().get(pk=record.pk)
        _decide(actor, row, Status.REJECTED, reason.strip())
        person_years_refresh(person=row.person, years=[row.last_day.year])
    return row


def records_verify(*, actor: User, records: Iterable[CreditRecord]) -> list[CreditRecord]:
    """Verify several records: all of them, or none if any cannot be verified."""
    ids = [r.pk for r in records]
    with transaction.atomic():
        rows = list(
            CreditRecord.objects.select_for_update()
            .select_related("person__region")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        if len(rows) != len(set(ids)):
            raise InvalidTransition("some records do not exist")
        touched: dict[int, tuple[Person, set[int]]] = {}
        for row in rows:
            _decide(actor, row, Status.VERIFIED, "")
            touched.setdefault(row.person_id, (row.person, set()))[1].add(row.last_day.year)
        for person, years in touched.values():
            person_years_refresh(person=person, years=years)
    return rows


def record_supersede(
    *, actor: User, record: CreditRecord, fields: Mapping[str, object], reason: str
) -> CreditRecord:
    """Correct a record: a new record replaces it, with who, when and why; the old one
    stays in the ledger as superseded."""
    if not scope.can_correct(actor, record):
        raise PermissionDenied
    if not reason.strip():
        raise ReasonRequired("a correction needs a reason")
    corrected = _validated(record.person, fields)
    with transaction.atomic():
        old = CreditRecord.objects.select_for_update().get(pk=record.pk)
        if old.status not in (Status.REGISTERED, Status.VERIFIED):
            raise InvalidTransition(f"record {old.pk} is {old.status}")
        old.status = Status.SUPERSEDED
        old.save(update_fields=["status"])
        new = CreditRecord.objects.create(
            person=old.person,
            registered_by=old.registered_by,
            registered_by_user=actor,
            source=old.source,
            batch=old.batch,
            supersedes=old,
            reason=reason.strip(),
            **record_columns(corrected),
        )
        audit_log(actor, "record.supersede", old, by=new.pk, reason=reason.strip())
        years = {old.last_day.year, corrected.last_day.year}
        person_years_refresh(person=old.person, years=years)
    return new
