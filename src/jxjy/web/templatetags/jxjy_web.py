"""Template helpers of the pages: the navigation each role sees."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jxjy.accounts.models import Role, User

register = template.Library()


@dataclass(frozen=True)
class Link:
    url: str
    label: str | Promise
    current: bool


#: Role -> the (url name, label) of its pages, in menu order.
MENUS: dict[str, tuple[tuple[str, str | Promise], ...]] = {
    Role.LEARNER: (
        ("learner-home", _("This year")),
        ("learner-years", _("All years")),
        ("learner-training", _("My training")),
        ("catalogue", _("Catalogue")),
        ("disputes", _("My disputes")),
    ),
    Role.EMPLOYER: (
        ("employer-people", _("Our people")),
        ("projects", _("Our training")),
        ("provider-records", _("Records")),
        ("provider-register", _("Register a record")),
        ("disputes", _("Disputes")),
        ("imports", _("Imports")),
    ),
    Role.PROVIDER: (
        ("projects", _("Projects")),
        ("provider-records", _("Records")),
        ("provider-register", _("Register a record")),
        ("disputes", _("Disputes")),
        ("imports", _("Imports")),
    ),
    Role.REVIEWER: (
        ("reviewer-overview", _("Overview")),
        ("reviewer-queue", _("To verify")),
        ("filings", _("Filings")),
        ("disputes", _("Disputes")),
    ),
    Role.OPERATOR: (
        ("admin:index", _("Administration")),
        ("employer-people", _("People")),
        ("provider-records", _("Records")),
        ("projects", _("Projects")),
        ("imports", _("Imports")),
        ("reviewer-overview", _("Overview")),
        ("reviewer-queue", _("To verify")),
        ("filings", _("Filings")),
        ("disputes", _("Disputes")),
    ),
}


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context) -> list[Link]:
    """The menu of the signed-in user; the link of the page being shown is marked."""
    request: HttpRequest | None = context.get("request")
    if request is None or not isinstance(request.user, User):
        return []
    path = request.path
    links = []
    for name, label in MENUS.get(request.user.role, ()):
        url = reverse(name)
        current = path == url or (url not in ("/", "/admin/") and path.startswith(url))
        links.append(Link(url, label, current))
    # Only the deepest match is current (/reviewer/ and /reviewer/queue/ both match).
    best = max((len(link.url) for link in links if link.current), default=0)
    return [Link(link.url, link.label, link.current and len(link.url) == best) for link in links]
