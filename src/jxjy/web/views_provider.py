"""The records an organisation registered, and the form to register one: training bases
register what they trained; employers their own training and converted self-study
(宁波 第十七条; 南通 第十七条（六）)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jxjy.accounts.models import Role
from jxjy.accounts.scope import sees_standing
from jxjy.ledger.models import Status
from jxjy.ledger.selectors import records_registered
from jxjy.ledger.services import record_register
from jxjy.people.selectors import person_find_by_id_number, person_search_q
from jxjy.refusals import Refused
from jxjy.training.models import Project
from jxjy.training.selectors import projects_managed
from jxjy.web import presenters
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.forms import RecordForm

PER_PAGE = 25


REGISTRANTS = (Role.PROVIDER, Role.EMPLOYER, Role.OPERATOR)


@role_required(*REGISTRANTS)
def records(request: HttpRequest) -> HttpResponse:
    """What the organisation registered, newest first; by status and by person or title."""
    user = acting_user(request)
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    q = request.GET.get("q", "").strip()[:64]
    rows = records_registered(user=user).order_by("-created", "-id")
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(person_search_q(q, via="person__") | Q(title__icontains=q))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    lang = presenters.page_lang()
    lines = [
        {
            "record": r,
            "person_id_number": r.person.masked_id_number,
            "kind": presenters.kind_text(r.kind, lang),
            "subject": presenters.subject_text(r.subject, lang),
            "amount": presenters.amount_parts(r, lang),
            "status_label": Status(r.status).label,
        }
        for r in page.object_list
    ]
    return render(
        request,
        "web/provider_records.html",
        {
            "page_obj": page,
            "lines": lines,
            "q": q,
            "status": status,
            "statuses": [("", _("Any status")), *Status.choices],
            # A provider sees the records it registered, not a person's whole year.
            "links_to_person": sees_standing(user),
        },
    )


@role_required(*REGISTRANTS)
def register(request: HttpRequest) -> HttpResponse:
    """Register one record for a person found by their exact resident ID number, of one of
    the organisation's approved projects when it belongs to one."""
    user = acting_user(request)
    lang = presenters.page_lang()
    projects = {
        p.pk: p for p in projects_managed(user=user).filter(status=Project.Status.APPROVED)[:200]
    }
    choices = [(pk, f"{p.filing_number} {p.title}") for pk, p in projects.items()]
    if request.method != "POST":
        form = RecordForm(lang=lang, projects=choices)
        return render(request, "web/provider_register.html", {"form": form})
    form = RecordForm(request.POST, lang=lang, projects=choices)
    status = 400
    if form.is_valid():
        person = person_find_by_id_number(id_number=form.cleaned_data["id_number"])
        if person is None:
            form.add_error("id_number", _("No person on file has this resident ID number."))
        else:
            try:
                record = record_register(
                    actor=user,
                    person=person,
                    fields=form.record_fields(),
                    project=projects.get(form.cleaned_data["project"] or 0),
                )
            except Refused as refused:
                form.add_refused(refused)
            except PermissionDenied:
                form.add_error(None, _("You may not register records for this person."))
                status = 403
            else:
                messages.success(
                    request,
                    _(
                        "Registered record %(id)s for %(name)s. "
                        "It counts once an HR reviewer verifies it."
                    )
                    % {"id": record.pk, "name": person.name},
                )
                return redirect("provider-records")
    return render(request, "web/provider_register.html", {"form": form}, status=status)
