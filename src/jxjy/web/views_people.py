"""A person's year, for those who may see them: their employer, a provider that trained
them, the HR reviewer of their region, an operator."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from jxjy.accounts.models import Role
from jxjy.web.decorators import acting_user, role_required
from jxjy.web.views_learner import render_year


@role_required(Role.EMPLOYER, Role.PROVIDER, Role.REVIEWER, Role.OPERATOR)
def person_year(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return render_year(request, acting_user(request), pk, year, own=False)
