"""Disputes (申诉) of a credit record by the person it belongs to (南通 第七条（二）,
第二十九条). A dispute reaches the organisation that registered the record and the HR
bureau over the person's region; they answer it, and it is closed with a decision.

A dispute and its messages hold personal data: the person, and what they and the
answerers wrote.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.ledger.models import CreditRecord
from jxjy.orgs.models import Organisation
from jxjy.people.models import Person

#: 南通 第二十九条: the body that receives a 申诉 decides and answers within 30 days.
ANSWER_WITHIN_DAYS = 30


class Dispute(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open, awaiting an answer")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    record = models.ForeignKey(CreditRecord, models.PROTECT, related_name="disputes")
    person = models.ForeignKey(Person, models.PROTECT, related_name="disputes")
    #: The organisation that registered the record, when the dispute was opened.
    organisation = models.ForeignKey(
        Organisation, models.PROTECT, null=True, related_name="disputes"
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"],
                condition=~models.Q(status="closed"),
                name="one_open_dispute_per_record",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["status", "opened_at"]),
        ]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self) -> str:
        return f"#{self.pk} {self.status}"


class DisputeMessage(models.Model):
    """An answer, a reply of the person, or the closing decision. An answer may point to
    the correction (`record_supersede`) the registrant made."""

    dispute = models.ForeignKey(Dispute, models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    #: The author's role when writing (a user's role may change later).
    role = models.CharField(_("role"), max_length=16)
    text = models.TextField(_("text"))
    correction = models.ForeignKey(
        CreditRecord, models.PROTECT, null=True, blank=True, related_name="+"
    )
    closes = models.BooleanField(default=False)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("dispute message")
        verbose_name_plural = _("dispute messages")

    def __str__(self) -> str:
        return f"{self.dispute_id}/{self.pk}"
