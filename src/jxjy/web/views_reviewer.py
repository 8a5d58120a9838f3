"""The HR reviewer's pages: the region's overview, and the queue of records to decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jxjy.accounts.models import Role
from jxjy.evaluation.selectors import overview, overview_by
from jxjy.ledger.models import CreditRecord
from jxjy.ledger.selectors import record_get, verification_queue
from jxjy.ledger.services import record_reject, record_verify, records_verify
from jxjy.refusals import InvalidTransition
from jxjy.web import presenters
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.views_learner import this_year, year_param

PER_PAGE = 50
REVIEWERS = (Role.REVIEWER, Role.OPERATOR)


def _percent(part: object, whole: object) -> int:
    """A whole percentage of two counts, for display."""
    if not isinstance(part, int) or not isinstance(whole, int) or whole <= 0:
        return 0
    return round(100 * part / whole)


@role_required(*REVIEWERS)
def overview_page(request: HttpRequest) -> HttpResponse:
    """Learners and the share compliant, over the region and by sub-region and employer."""
    user = acting_user(request)
    year = year_param(request.GET.get("year"), this_year())
    totals = overview(user=user, year=year)

    def groups(field: str) -> list[dict[str, object]]:
        return [
            {
                "name": g[field] or "",
                "learners": g["learners"],
                "compliant": g["compliant"],
                "share": _percent(g["compliant"], g["learners"]),
            }
            for g in overview_by(user=user, year=year, field=field)
        ]

    return render(
        request,
        "web/reviewer_overview.html",
        {
            "year": year,
            "totals": totals,
            "share": _percent(totals.compliant, totals.learners),
            "by_region": groups("person__region__name"),
            "by_employer": groups("person__employer__name"),
            "queue_size": verification_queue(user=user).count(),
        },
    )


@role_required(*REVIEWERS)
def queue(request: HttpRequest) -> HttpResponse:
    """Records waiting for a decision, oldest first."""
    user = acting_user(request)
    page = Paginator(verification_queue(user=user), PER_PAGE).get_page(request.GET.get("page"))
    lang = presenters.page_lang()
    lines = [
        {
            "record": r,
            "person_id_number": r.person.masked_id_number,
            "kind": presenters.kind_text(r.kind, lang),
            "subject": presenters.subject_text(r.subject, lang),
            "amount": presenters.amount_parts(r, lang),
            "registered_by": r.registered_by.name if r.registered_by else "",
        }
        for r in page.object_list
    ]
    return render(request, "web/reviewer_queue.html", {"page_obj": page, "lines": lines})


def _next(request: HttpRequest) -> str:
    """Where the form was (the queue page it was on), never off the site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("reviewer-queue")
    return target


def _back(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(_next(request))


def _decided(request: HttpRequest, record: CreditRecord, text: str) -> None:
    messages.success(request, text % {"id": record.pk, "name": record.person.name})


@require_POST
@role_required(*REVIEWERS)
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = record_get(user=user, pk=pk)
    try:
        record_verify(actor=user, record=record)
    except InvalidTransition:
        messages.error(
            request, _("Record %(id)s is no longer waiting for a decision.") % {"id": pk}
        )
    except PermissionDenied:
        messages.error(request, _("You may not decide record %(id)s.") % {"id": pk})
    else:
        _decided(request, record, _("Verified record %(id)s of %(name)s."))
    return _back(request)


@role_required(*REVIEWERS)
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the reject form of one record. POST: reject it; a reason is required."""
    user = acting_user(request)
    record = record_get(user=user, pk=pk)
    error = ""
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        if not reason:
            error = _("Give the reason for rejecting: the learner and the provider will see it.")
        else:
            try:
                record_reject(actor=user, record=record, reason=reason)
            except InvalidTransition:
                messages.error(
                    request, _("Record %(id)s is no longer waiting for a decision.") % {"id": pk}
                )
            except PermissionDenied:
                messages.error(request, _("You may not decide record %(id)s.") % {"id": pk})
            else:
                _decided(request, record, _("Rejected record %(id)s of %(name)s."))
            return _back(request)
    lang = presenters.page_lang()
    return render(
        request,
        "web/reviewer_reject.html",
        {
            "record": record,
            "person_id_number": record.person.masked_id_number,
            "kind": presenters.kind_text(record.kind, lang),
            "amount": presenters.amount_parts(record, lang),
            "reason": reason,
            "error": error,
            "next": _next(request),
        },
        status=400 if error else 200,
    )


@require_POST
@role_required(*REVIEWERS)
def verify_bulk(request: HttpRequest) -> HttpResponse:
    """Verify the ticked records: all of them, or none."""
    user = acting_user(request)
    try:
        ids = sorted({int(i) for i in request.POST.getlist("ids")})
    except ValueError:
        ids = []
    if not ids:
        messages.error(request, _("Tick the records to verify first."))
        return _back(request)
    found = list(verification_queue(user=user).filter(pk__in=ids))
    if len(found) != len(ids):
        messages.error(
            request,
            _("Some of the ticked records are no longer waiting; nothing was verified."),
        )
        return _back(request)
    try:
        records_verify(actor=user, records=found)
    except (InvalidTransition, PermissionDenied):
        messages.error(request, _("Some of the ticked records could not be verified; nothing was."))
    else:
        count = len(found)
        messages.success(
            request,
            ngettext("Verified %(count)s record.", "Verified %(count)s records.", count)
            % {"count": count},
        )
    return _back(request)
