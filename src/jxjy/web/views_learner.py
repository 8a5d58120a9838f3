"""The learner's pages: their year, their years, and the audits their policy defines."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jxjy.accounts.models import Role, User
from jxjy.accounts.scope import sees_whole_id_number
from jxjy.evaluation.bridge import engine, policy_id_for
from jxjy.evaluation.selectors import person_audit, person_year
from jxjy.people.selectors import person_get
from jxjy.policy.engine import AuditTargetError
from jxjy.policy.messages import unit_label
from jxjy.policy.serialize import format_amount
from jxjy.web import presenters
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.selectors import organisation_names, standings_of_person

#: Years a page may be asked about.
FIRST_YEAR, LAST_YEAR = 1990, 2100


def this_year() -> int:
    return timezone.localdate().year


def year_param(value: str | None, default: int) -> int:
    """A year from the query string, or `default` when absent or not a sensible year."""
    try:
        year = int(value or "")
    except ValueError:
        return default
    return year if FIRST_YEAR <= year <= LAST_YEAR else default


def _person_id(user: User) -> int:
    if user.person_id is None:
        raise Http404
    return user.person_id


def render_year(
    request: HttpRequest, user: User, person_id: int, year: int, *, own: bool
) -> HttpResponse:
    """The year page of a person, for themself (`own`) or for someone who may see them."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    view = person_year(user=user, person_id=person_id, year=year)
    page = presenters.year_page(
        view,
        whole_id_number=sees_whole_id_number(user, view.person),
        organisations=organisation_names(r.registered_by_id for r in view.records),
        lang=presenters.page_lang(),
    )
    return render(
        request,
        "web/year.html",
        {
            "page": page,
            "own": own,
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
            "this_year": this_year(),
        },
    )


@role_required(Role.LEARNER)
def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    year = year_param(request.GET.get("year"), this_year())
    return render_year(request, user, _person_id(user), year, own=True)


@role_required(Role.LEARNER)
def year(request: HttpRequest, year: int) -> HttpResponse:
    user = acting_user(request)
    return render_year(request, user, _person_id(user), year, own=True)


@role_required(Role.LEARNER)
def years(request: HttpRequest) -> HttpResponse:
    """Each year's stored standing, and the audits the person's policy offers."""
    user = acting_user(request)
    person = person_get(user=user, pk=_person_id(user))
    standings = standings_of_person(user=user, person_id=person.pk)
    current = this_year()
    lang = presenters.page_lang()
    rows = [
        {
            "year": s.year,
            "total": format_amount(s.total),
            "required": format_amount(s.required),
            "short_by": format_amount(s.short_by),
            "unit": unit_label(s.unit, lang),
            "compliant": s.compliant,
            "deemed": s.deemed,
            "pending": s.pending,
            "stale": s.stale,
        }
        for s in standings
    ]
    policy_id = policy_id_for(person, current)
    audits = presenters.audit_targets(engine(policy_id)) if policy_id else []
    return render(
        request,
        "web/years.html",
        {
            "rows": rows,
            "has_current": any(s.year == current for s in standings),
            "this_year": current,
            "audits": audits,
            "policy_id": policy_id,
        },
    )


@role_required(Role.LEARNER)
def audit(request: HttpRequest, target: str) -> HttpResponse:
    """An audit over the window ending `?through=`: passed or not, and why."""
    user = acting_user(request)
    person = person_get(user=user, pk=_person_id(user))
    through = year_param(request.GET.get("through"), this_year())
    policy_id = policy_id_for(person, through)
    context: dict[str, object] = {"through": through, "target": target, "page": None}
    if policy_id is None:
        context["problem"] = "no_policy"
        return render(request, "web/audit.html", context)
    definition = engine(policy_id).policy.audit(target)
    if definition is None:
        raise Http404
    context["name"] = definition.name
    try:
        result = person_audit(user=user, person_id=person.pk, target=target, through=through)
    except AuditTargetError:
        # Only a window that starts at the current grade's date can fail here.
        context["problem"] = "needs_grade_date"
        return render(request, "web/audit.html", context)
    if result is not None:
        context["page"] = presenters.audit_page(result, presenters.page_lang())
    return render(request, "web/audit.html", context)
