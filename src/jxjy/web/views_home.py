"""The home page sends each role to its own start page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from jxjy.accounts.models import Role

START = {
    Role.LEARNER: "learner-home",
    Role.EMPLOYER: "employer-people",
    Role.PROVIDER: "provider-records",
    Role.REVIEWER: "reviewer-overview",
    Role.OPERATOR: "admin:index",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(START[Role(request.user.role)])  # type: ignore[union-attr]
