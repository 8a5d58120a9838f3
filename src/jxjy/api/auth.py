"""Who is calling: a bearer token (`Authorization: Bearer <token>`) or the Django session.

A token is looked up by its SHA-256 (`accounts.ApiToken.hash`); only active users' tokens
count. A session request that changes something (POST, DELETE...) must pass Django's CSRF
check, which is made after authentication so that an anonymous request gets 401, not 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from jxjy.accounts.models import ApiToken, User
from jxjy.api.errors import ApiError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

#: `last_used` is written at most this often per token, not on every request.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip()
        if not token:
            return None
        found = (
            ApiToken.objects.select_related("user", "user__region")
            .filter(digest=ApiToken.hash(token))
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used is None or now - found.last_used >= LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        return found.user


class SessionCsrf(APIKeyCookie):
    """Django's session; unsafe methods also need the CSRF token (`X-CSRFToken`)."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, once the user is known

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if request.method not in SAFE_METHODS and not exempt and check_csrf(request):
            raise ApiError(403, "csrf")
        return user


def anonymous(request: HttpRequest) -> AnonymousUser:
    """The last of an open operation's ways in: whoever is not signed in. A signed-in
    caller of the same operation is known by the ways before it."""
    return AnonymousUser()


bearer = BearerToken()
session = SessionCsrf()
#: For operations open to anyone that show a signed-in caller a little more; with
#: `openapi_extra=OPTIONAL_AUTH`, the OpenAPI document says the credentials are optional
#: (an empty security requirement).
ANYONE = [bearer, session, anonymous]
OPTIONAL_AUTH: dict[str, Any] = {"security": [{}]}  # added to the schemes ninja lists


def actor(request: HttpRequest) -> User:
    """The authenticated user of a request that passed the operation's auth."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user
