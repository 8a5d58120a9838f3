"""One registered record, for the organisation that registered it: its status, its
history of corrections, its evidence, and the form that corrects it (a correction
supersedes the record; nothing is edited)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jxjy.accounts import scope
from jxjy.accounts.models import Role, User
from jxjy.disputes.selectors import dispute_list
from jxjy.ledger.models import CreditRecord, Status
from jxjy.ledger.selectors import evidence_of, record_get, record_history
from jxjy.ledger.services import record_supersede
from jxjy.refusals import InvalidTransition, ReasonRequired, Refused
from jxjy.web import presenters
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.forms_records import CorrectionForm, record_initial
from jxjy.web.views_evidence import evidence_box


def _line(record: CreditRecord) -> dict[str, object]:
    lang = presenters.page_lang()
    return {
        "record": record,
        "kind": presenters.kind_text(record.kind, lang),
        "subject": presenters.subject_text(record.subject, lang),
        "amount": presenters.amount_parts(record, lang),
        "status_label": Status(record.status).label,
    }


def _decision(record: CreditRecord) -> str:
    """What the reviewer decided (a superseded record was verified if it was decided)."""
    if record.decided_at is None:
        return ""
    return str(
        Status(Status.REJECTED if record.status == Status.REJECTED else Status.VERIFIED).label
    )


def _page(
    request: HttpRequest, user: User, record: CreditRecord, form: CorrectionForm, status: int
) -> HttpResponse:
    history = record_history(user=user, record=record)
    correctable = record.status in (Status.REGISTERED, Status.VERIFIED)
    return render(
        request,
        "web/provider_record.html",
        {
            "line": _line(record),
            "person_id_number": record.person.masked_id_number,
            "history": [
                {"version": v, "decision": _decision(v.record), **_line(v.record)} for v in history
            ],
            "evidence": evidence_box(
                user, record, evidence_of(user=user, targets=[v.record for v in history])
            ),
            "may_correct": scope.can_correct(user, record) and correctable,
            "form": form,
            "disputes": dispute_list(user=user).filter(record=record),
        },
        status=status,
    )


@role_required(Role.PROVIDER, Role.EMPLOYER, Role.OPERATOR)
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the record. POST: correct it with the form's fields and a reason."""
    user = acting_user(request)
    row = record_get(user=user, pk=pk)
    lang = presenters.page_lang()
    if request.method != "POST":
        form = CorrectionForm(initial=record_initial(row), lang=lang)
        return _page(request, user, row, form, 200)
    form = CorrectionForm(request.POST, lang=lang)
    if form.is_valid():
        try:
            new = record_supersede(
                actor=user,
                record=row,
                fields=form.record_fields(),
                reason=form.cleaned_data["reason"],
            )
        except ReasonRequired:
            form.add_error("reason", _("Say why the record is corrected."))
        except InvalidTransition:
            form.add_error(None, _("This record has already been replaced or rejected."))
        except Refused as refused:
            form.add_refused(refused)
        except PermissionDenied:
            form.add_error(None, _("You may not correct this record."))
            return _page(request, user, row, form, 403)
        else:
            messages.success(
                request,
                _("Record %(old)s is corrected: record %(new)s replaces it.")
                % {"old": row.pk, "new": new.pk},
            )
            return redirect("provider-record", pk=new.pk)
    return _page(request, user, row, form, 400)
