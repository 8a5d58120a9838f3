"""People you may see, and their evaluation: `/api/people...`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import P, PathEx, Query, QueryEx, Router

from jxjy.api.auth import actor
from jxjy.api.errors import ApiError, field_error, request_lang
from jxjy.api.schemas import (
    YEAR_MAX,
    YEAR_MIN,
    AuditOut,
    ErrorOut,
    EvaluationOut,
    PeopleQuery,
    PersonOut,
    PersonPage,
    page_of,
    person_out,
    record_out,
)
from jxjy.evaluation import selectors as evaluation
from jxjy.evaluation.bridge import engine, policy_id_for
from jxjy.ledger.selectors import record_list_for_person
from jxjy.people.selectors import person_get, person_list, person_search_q
from jxjy.policy.engine import AuditTargetError
from jxjy.policy.serialize import audit_dict, year_dict

router = Router(tags=["people"])

NOT_FOUND = {404: ErrorOut}


@router.get("/people", response=PersonPage, url_name="person_list")
def person_list_view(request: HttpRequest, query: Query[PeopleQuery]) -> dict[str, Any]:
    """The people you may see, by name. `q` matches part of a name or a whole ID number."""
    user = actor(request)
    people = person_list(user=user).select_related("employer", "region")
    text = query.q.strip()
    if text:
        people = people.filter(person_search_q(text))
    return page_of(people, query.page, query.size, lambda p: person_out(user, p))


@router.get(
    "/people/{person_id}",
    response={200: PersonOut, **NOT_FOUND},
    url_name="person_detail",
)
def person_detail_view(request: HttpRequest, person_id: int) -> dict[str, Any]:
    user = actor(request)
    return person_out(user, person_get(user=user, pk=person_id))


@router.get(
    "/people/{person_id}/evaluation/{year}",
    response={200: EvaluationOut, **NOT_FOUND},
    url_name="person_evaluation",
)
def person_evaluation_view(
    request: HttpRequest,
    person_id: int,
    year: PathEx[int, P(ge=YEAR_MIN, le=YEAR_MAX)],
) -> dict[str, Any]:
    """The engine's result for the person's year over their verified records, with every
    line's rule and citation, and the person's records you may see (any status)."""
    user = actor(request)
    view = evaluation.person_year(user=user, person_id=person_id, year=year)
    lang = request_lang(request)
    records = record_list_for_person(user=user, person_id=view.person.pk)
    return {
        "person": person_out(user, view.person),
        "year": year,
        "policy": view.policy_id,
        "evaluation": year_dict(view.result, lang) if view.result is not None else None,
        "records": [record_out(r) for r in records],
    }


@router.get(
    "/people/{person_id}/audit/{target}",
    response={200: AuditOut, 404: ErrorOut, 422: ErrorOut},
    url_name="person_audit",
)
def person_audit_view(
    request: HttpRequest,
    person_id: int,
    target: str,
    through: QueryEx[int | None, P(ge=YEAR_MIN, le=YEAR_MAX)] = None,
) -> dict[str, Any]:
    """A multi-year audit the person's policy defines (e.g. an appointment period), over
    the window ending with `through` (default: this year)."""
    user = actor(request)
    lang = request_lang(request)
    year = through if through is not None else timezone.localdate().year
    person = person_get(user=user, pk=person_id)
    policy_id = policy_id_for(person, year)
    if policy_id is not None and engine(policy_id).policy.audit(target) is None:
        raise ApiError(404, "no_audit_target")
    try:
        result = evaluation.person_audit(
            user=user, person_id=person.pk, target=target, through=year
        )
    except AuditTargetError:
        raise ApiError(422, "invalid", [field_error("since", "missing_grade_date", lang)]) from None
    return {
        "person": person_out(user, person),
        "target": target,
        "through": year,
        "policy": policy_id,
        "audit": audit_dict(result, lang) if result is not None else None,
    }
