"""Writes to the ledger. Each is one transaction, checks permission, leaves an audit row
and refreshes the person's stored standing for every year the record can change
(`jxjy.policy.reach`: its own, the years of the days it spans, those it exempts)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jxjy.accounts import scope
from jxjy.accounts.models import Role, User
from jxjy.audit.models import audit_log
from jxjy.evaluation.api import person_years_refresh
from jxjy.ledger import codec
from jxjy.ledger.models import CreditRecord, Source, Status
from jxjy.people.models import Person
from jxjy.policy.reading import RecordError, parse_fields
from jxjy.policy.records import Record
from jxjy.refusals import (
    InvalidTransition,
    ReasonRequired,
    Refusal,
    Refused,
    active_lang,
    deferred,
)
from jxjy.training.models import Project


class RecordInvalid(Refused):
    """The fields of a record break the schema; `errors` say which field and why, in the
    engine's own words (as `jxjy evaluate` says them)."""

    def __init__(self, errors: Sequence[RecordError]) -> None:
        self.errors = list(errors)
        super().__init__(
            Refusal(e.code, deferred(partial(_engine_words, e)), e.field) for e in self.errors
        )


def _engine_words(error: RecordError) -> str:
    return error.message("en" if active_lang() == "en" else "zh")


class ProjectMismatch(Refused):
    """The record does not fit the project it names: `field` says which field, `code`
    which check failed (`project_not_approved`, `project_other_org`, `project_kind`,
    `project_dates`), `message` why (translated when shown)."""

    def __init__(self, field: str, code: str, message: str | Promise) -> None:
        super().__init__([Refusal(code, message, field)])
        self.field = field
        self.code = code
        self.message = message


def record_checked(person: Person, fields: Mapping[str, object], row: int = 1) -> Record:
    """The engine's record of `fields` for `person`, or `RecordInvalid` with every error."""
    parsed = parse_fields(row, {**fields, "person_id": str(person.pk)})
    if isinstance(parsed, list):
        raise RecordInvalid(parsed)
    return parsed


def record_approval(
    *, actor: User, record: Record, project: Project | None, stated: object = None
) -> bool:
    """Whether a record was filed and approved, as a plain fact (宁夏 三（一）): it names an
    approved project that it fits, or an operator enters a historical (paper) filing and
    says so (`stated`). Nothing else is approved. Whether an unapproved record still counts
    is the participant's policy's to say (its `approval` gate names the kinds that need a
    filing), never the platform's. Raises `ProjectMismatch`."""
    if project is not None:
        project_check(actor=actor, record=record, project=project)
        return True
    return actor.role == Role.OPERATOR and stated is not False and record.approved


def project_check(*, actor: User, record: Record, project: Project) -> None:
    """A record fits `project`: the project is approved, run by the registrant's
    organisation, of the same kind, and the activity falls inside its dates."""
    if not project.approved:
        raise ProjectMismatch("project", "project_not_approved", _("The project is not approved."))
    if actor.role != Role.OPERATOR and project.provider_id != actor.organisation_id:
        raise ProjectMismatch(
            "project", "project_other_org", _("The project is run by another organisation.")
        )
    if record.kind != project.kind:
        raise ProjectMismatch(
            "kind", "project_kind", _("The kind of activity differs from the project's.")
        )
    if not (project.covers(record.date) and project.covers(record.last_day)):
        raise ProjectMismatch(
            "date", "project_dates", _("The activity falls outside the project's dates.")
        )


def record_register(
    *,
    actor: User,
    person: Person,
    fields: Mapping[str, object],
    source: Source = Source.FORM,
    batch: str = "",
    project: Project | None = None,
) -> CreditRecord:
    """Register one activity for `person`, of `project` when it belongs to one. It counts
    once verified."""
    if not scope.can_register(actor, person):
        raise PermissionDenied
    record = record_checked(person, fields)
    approved = record_approval(
        actor=actor, record=record, project=project, stated=fields.get("approved")
    )
    with transaction.atomic():
        row = CreditRecord.objects.create(
            person=person,
            project=project,
            registered_by=actor.organisation,
            registered_by_user=actor,
            source=source,
            batch=batch,
            **{**codec.columns(record), "approved": approved},
        )
        audit_log(
            actor,
            "record.register",
            row,
            person=person.pk,
            kind=row.kind,
            project=project.pk if project else None,
        )
        person_years_refresh(person=person, changed=[row])
    return row


def _decide(actor: User, row: CreditRecord, status: Status, rejection_reason: str) -> None:
    """Verify or reject `row`. A rejection's reason has its own column: a rejected
    correction still says why it was made."""
    if not scope.can_decide(actor, row):
        raise PermissionDenied
    if row.status != Status.REGISTERED:
        raise InvalidTransition(f"record {row.pk} is {row.status}, not registered")
    row.status = status
    row.decided_by = actor
    row.decided_at = timezone.now()
    row.rejection_reason = rejection_reason
    row.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    audit_log(actor, f"record.{status}", row, reason=rejection_reason)


def record_verify(*, actor: User, record: CreditRecord) -> CreditRecord:
    with transaction.atomic():
        row = CreditRecord.objects.select_for_update().get(pk=record.pk)
        _decide(actor, row, Status.VERIFIED, "")
        person_years_refresh(person=row.person, changed=[row])
    return row


def record_reject(*, actor: User, record: CreditRecord, reason: str) -> CreditRecord:
    if not scope.can_decide(actor, record):
        raise PermissionDenied
    if not reason.strip():
        raise ReasonRequired("reason")
    with transaction.atomic():
        row = CreditRecord.objects.select_for_update().get(pk=record.pk)
        _decide(actor, row, Status.REJECTED, reason.strip())
        person_years_refresh(person=row.person, changed=[row])
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
        touched: dict[int, tuple[Person, list[CreditRecord]]] = {}
        for row in rows:
            _decide(actor, row, Status.VERIFIED, "")
            touched.setdefault(row.person_id, (row.person, []))[1].append(row)
        for person_id in sorted(touched):  # people locked in the order of their ids
            person, changed = touched[person_id]
            person_years_refresh(person=person, changed=changed)
    return rows


def record_supersede(
    *, actor: User, record: CreditRecord, fields: Mapping[str, object], reason: str
) -> CreditRecord:
    """Correct a record: a new record replaces it, with who, when and why; the old one
    stays in the ledger as superseded."""
    if not scope.can_correct(actor, record):
        raise PermissionDenied
    if not reason.strip():
        raise ReasonRequired("reason")
    corrected = record_checked(record.person, fields)
    approved = record_approval(
        actor=actor, record=corrected, project=record.project, stated=fields.get("approved")
    )
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
            project=old.project,
            supersedes=old,
            reason=reason.strip(),
            **{**codec.columns(corrected), "approved": approved},
        )
        audit_log(actor, "record.supersede", old, by=new.pk, reason=reason.strip())
        person_years_refresh(person=old.person, changed=[old, new])
    return new
