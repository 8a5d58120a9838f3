"""Writes of disputes. Each is one transaction, checks permission and leaves an audit
row; none changes the record: a correction goes through `ledger.services.record_supersede`
and an answer may point to it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jxjy.accounts import scope
from jxjy.accounts.models import User
from jxjy.audit.models import audit_log
from jxjy.disputes.models import Dispute, DisputeMessage
from jxjy.ledger.models import CreditRecord, Status
from jxjy.refusals import InvalidTransition, ReasonRequired, Refusal, Refused, deferred


class DisputeRefused(Refused):
    """The dispute cannot be opened or written to as asked: `code` says why. A correction
    that is not one is the input's fault (`correction_id`); the rest are the record's
    state (409)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        field = "correction_id" if code == "not_a_correction" else "record_id"
        super().__init__([Refusal(code, deferred(self.message), field)])

    @property
    def conflict(self) -> bool:
        return self.code != "not_a_correction"

    def message(self) -> str:
        """Why, in the active language."""
        texts = {
            "already_open": _(
                "Record %(id)s already has a dispute that is not closed: write in that one."
            ),
            "superseded": _(
                "Record %(id)s has been replaced by a correction: dispute the correction instead."
            ),
            "not_a_correction": _("Record %(id)s is not a correction of record %(record)s."),
        }
        return texts[self.code] % self.params


def dispute_open(*, actor: User, record: CreditRecord, reason: str) -> Dispute:
    """The person disputes one of their records, with a reason. It reaches the
    organisation that registered the record and the HR bureau over the person's region.
    A record has at most one dispute that is not closed."""
    if not scope.can_open_dispute(actor, record):
        raise PermissionDenied
    if not reason.strip():
        raise ReasonRequired("reason")
    if record.status == Status.SUPERSEDED:
        raise DisputeRefused("superseded", id=record.pk)
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                record=record,
                person_id=record.person_id,
                organisation_id=record.registered_by_id,
                reason=reason.strip(),
                opened_by=actor,
            )
            audit_log(actor, "dispute.open", dispute, record=record.pk)
    except IntegrityError as clash:  # one_open_dispute_per_record
        raise DisputeRefused("already_open", id=record.pk) from clash
    return dispute


def _correction_of(dispute: Dispute, correction: CreditRecord) -> bool:
    """Whether `correction` replaced the disputed record, directly or through others."""
    seen = correction
    while seen.supersedes_id is not None:
        if seen.supersedes_id == dispute.record_id:
            return True
        seen = CreditRecord.objects.only("supersedes_id").get(pk=seen.supersedes_id)
    return False


def _write(
    actor: User, dispute: Dispute, text: str, *, closes: bool, correction: CreditRecord | None
) -> DisputeMessage:
    row = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if row.status == Dispute.Status.CLOSED:
        raise InvalidTransition(f"dispute {row.pk} is closed")
    message = DisputeMessage.objects.create(
        dispute=row,
        author=actor,
        role=actor.role,
        text=text,
        correction=correction,
        closes=closes,
    )
    if closes:
        row.status = Dispute.Status.CLOSED
        row.closed_by = actor
        row.closed_at = timezone.now()
    else:
        # The person's reply waits for an answer again; anyone else's answers it.
        replied = scope.opens_disputes(actor)
        row.status = Dispute.Status.OPEN if replied else Dispute.Status.ANSWERED
    row.save(update_fields=["status", "closed_by", "closed_at"])
    dispute.status, dispute.closed_by, dispute.closed_at = row.status, row.closed_by, row.closed_at
    return message


def dispute_answer(
    *, actor: User, dispute: Dispute, text: str, correction: CreditRecord | None = None
) -> DisputeMessage:
    """Write in an open dispute: the registrant or the HR bureau answers (status
    answered), the person replies (open again). An answer may point to the correction
    that replaced the disputed record."""
    if not scope.can_answer_dispute(actor, dispute):
        raise PermissionDenied
    if not text.strip():
        raise ReasonRequired("text")
    if correction is not None and not _correction_of(dispute, correction):
        raise DisputeRefused("not_a_correction", id=correction.pk, record=dispute.record_id)
    with transaction.atomic():
        message = _write(actor, dispute, text.strip(), closes=False, correction=correction)
        audit_log(
            actor,
            "dispute.answer",
            dispute,
            message=message.pk,
            correction=correction.pk if correction else None,
        )
    return message


def dispute_close(*, actor: User, dispute: Dispute, text: str) -> DisputeMessage:
    """Close a dispute with its decision (the HR bureau, 南通 第二十九条) or the person's
    word (satisfied, or withdrawn). Closed, it takes no more messages; a new dispute of the
    same record may then be opened."""
    if not scope.can_close_dispute(actor, dispute):
        raise PermissionDenied
    if not text.strip():
        raise ReasonRequired("text")
    with transaction.atomic():
        message = _write(actor, dispute, text.strip(), closes=True, correction=None)
        audit_log(actor, "dispute.close", dispute, message=message.pk)
    return message
