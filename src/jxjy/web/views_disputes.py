"""Disputes (申诉) on the pages: the learner opens one from a record; everyone who may
see disputes has the list and a dispute's page, where the registrant and the HR bureau
answer and the bureau (or the learner) closes it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jxjy.accounts import scope
from jxjy.accounts.models import Role, User
from jxjy.disputes.models import ANSWER_WITHIN_DAYS, Dispute
from jxjy.disputes.selectors import dispute_get, dispute_list, dispute_messages
from jxjy.disputes.services import DisputeRefused, dispute_answer, dispute_close, dispute_open
from jxjy.ledger.models import CreditRecord, Status
from jxjy.ledger.selectors import record_get, record_history
from jxjy.refusals import InvalidTransition, ReasonRequired
from jxjy.web import presenters
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.forms_records import AnswerForm, CloseForm, DisputeForm

PER_PAGE = 25
EVERY_ROLE = tuple(Role)


def _due(dispute: Dispute) -> dt.date:
    """南通 第二十九条: a decision within 30 days of receiving the 申诉."""
    return timezone.localdate(dispute.opened_at) + dt.timedelta(days=ANSWER_WITHIN_DAYS)


def _record_line(record: CreditRecord) -> dict[str, object]:
    lang = presenters.page_lang()
    return {
        "record": record,
        "kind": presenters.kind_text(record.kind, lang),
        "amount": presenters.amount_parts(record, lang),
        "record_status_label": Status(record.status).label,
    }


@role_required(*EVERY_ROLE)
def disputes(request: HttpRequest) -> HttpResponse:
    """The disputes the user may see, newest first, by status."""
    user = acting_user(request)
    status = request.GET.get("status", "")
    if status not in Dispute.Status.values:
        status = ""
    page = Paginator(dispute_list(user=user, status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    lines = [
        {
            "dispute": d,
            "status_label": Dispute.Status(d.status).label,
            "due": _due(d),
            "overdue": d.status == Dispute.Status.OPEN and _due(d) < today,
            **_record_line(d.record),
        }
        for d in page.object_list
    ]
    return render(
        request,
        "web/disputes.html",
        {
            "page_obj": page,
            "lines": lines,
            "status": status,
            "statuses": [("", _("Any status")), *Dispute.Status.choices],
            "own": scope.opens_disputes(user),
        },
    )


def _corrections(user: User, dispute: Dispute) -> list[CreditRecord]:
    """The corrections that replaced the disputed record, which an answer may point to."""
    if not scope.can_correct(user, dispute.record):
        return []
    history = record_history(user=user, record=dispute.record)
    ids = [v.record.pk for v in history]
    return [v.record for v in history[ids.index(dispute.record_id) + 1 :]]


def _dispute_page(
    request: HttpRequest,
    user: User,
    dispute: Dispute,
    *,
    answer: AnswerForm | None = None,
    close: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_open = dispute.status != Dispute.Status.CLOSED
    may_answer = is_open and scope.can_answer_dispute(user, dispute)
    may_close = is_open and scope.can_close_dispute(user, dispute)
    return render(
        request,
        "web/dispute.html",
        {
            "dispute": dispute,
            "status_label": Dispute.Status(dispute.status).label,
            "due": _due(dispute),
            "person_id_number": dispute.person.masked_id_number,
            "messages_": dispute_messages(user=user, dispute=dispute),
            "answer_form": (answer or AnswerForm(corrections=_corrections(user, dispute)))
            if may_answer
            else None,
            "close_form": (close or CloseForm()) if may_close else None,
            "registrant_link": scope.can_correct(user, dispute.record),
            "own": scope.can_open_dispute(user, dispute.record),
            **_record_line(dispute.record),
        },
        status=status,
    )


@role_required(*EVERY_ROLE)
def dispute(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    return _dispute_page(request, user, dispute_get(user=user, pk=pk))


def _written(request: HttpRequest, dispute: Dispute, text: str) -> HttpResponse:
    messages.success(request, text % {"id": dispute.pk})
    return redirect("dispute", pk=dispute.pk)


@require_POST
@role_required(*EVERY_ROLE)
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    found = dispute_get(user=user, pk=pk)
    form = AnswerForm(request.POST, corrections=_corrections(user, found))
    if form.is_valid():
        correction_id = form.cleaned_data.get("correction")
        correction = record_get(user=user, pk=correction_id) if correction_id else None
        try:
            dispute_answer(
                actor=user, dispute=found, text=form.cleaned_data["text"], correction=correction
            )
        except PermissionDenied:
            form.add_error(None, _("You may not write in this dispute."))
            return _dispute_page(request, user, found, answer=form, status=403)
        except InvalidTransition:
            form.add_error(None, _("This dispute is closed."))
        except DisputeRefused as refused:
            form.add_error("correction", refused.message())
        except ReasonRequired:
            form.add_error("text", _("Write your answer."))
        else:
            return _written(request, found, _("Your message is added to dispute %(id)s."))
    return _dispute_page(request, user, found, answer=form, status=400)


@require_POST
@role_required(*EVERY_ROLE)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    found = dispute_get(user=user, pk=pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            dispute_close(actor=user, dispute=found, text=form.cleaned_data["text"])
        except PermissionDenied:
            form.add_error(None, _("You may not close this dispute."))
            return _dispute_page(request, user, found, close=form, status=403)
        except InvalidTransition:
            form.add_error(None, _("This dispute is closed."))
        except ReasonRequired:
            form.add_error("text", _("Write the decision, or why you close it."))
        else:
            return _written(request, found, _("Dispute %(id)s is closed."))
    return _dispute_page(request, user, found, close=form, status=400)


@role_required(Role.LEARNER)
def open_dispute(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form to dispute one of the learner's records. POST: open the dispute."""
    user = acting_user(request)
    record = record_get(user=user, pk=pk)
    form = DisputeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                opened = dispute_open(actor=user, record=record, reason=form.cleaned_data["reason"])
            except DisputeRefused as refused:
                form.add_error(None, refused.message())
            except ReasonRequired:
                form.add_error("reason", _("Say what is wrong with the record."))
            except PermissionDenied:
                form.add_error(None, _("You may dispute only your own records."))
                status = 403
            else:
                return _written(
                    request,
                    opened,
                    _(
                        "Dispute %(id)s is opened. The organisation that registered the"
                        " record and the HR bureau of your region will answer it."
                    ),
                )
    return render(
        request,
        "web/dispute_open.html",
        {"form": form, "due_days": ANSWER_WITHIN_DAYS, **_record_line(record)},
        status=status,
    )
