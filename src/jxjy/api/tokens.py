"""Your own API tokens: `/api/tokens...`, and the CSRF token for session clients.

A token is created from a signed-in session (a token cannot mint more tokens), shown once,
and stored only as its SHA-256. Issuing and revoking leave audit rows.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.middleware.csrf import get_token
from ninja import Router, Status

from jxjy.accounts.models import ApiToken
from jxjy.api.auth import actor, bearer, session
from jxjy.api.errors import ApiError
from jxjy.api.schemas import CsrfOut, ErrorOut, NewTokenOut, TokenIn, TokenOut
from jxjy.audit.models import audit_log

router = Router(tags=["tokens"])


def _token_out(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "name": token.name,
        "created": token.created,
        "last_used": token.last_used,
    }


@router.get("/tokens", response=list[TokenOut], url_name="token_list")
def token_list_view(request: HttpRequest) -> list[dict[str, Any]]:
    """Your tokens (never the tokens themselves)."""
    return [_token_out(t) for t in actor(request).api_tokens.order_by("-created", "-id")]


@router.post(
    "/tokens",
    response={201: NewTokenOut, 401: ErrorOut, 403: ErrorOut},
    auth=[session],
    url_name="token_create",
)
def token_create_view(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    """Create a token for yourself from a signed-in session. The token is in this response
    only: keep it; only its hash is stored."""
    user = actor(request)
    with transaction.atomic():
        token, secret = ApiToken.issue(user, payload.name.strip() or "api")
        audit_log(user, "token.issue", token, name=token.name)
    return Status(201, {**_token_out(token), "token": secret})


@router.delete(
    "/tokens/{token_id}",
    response={204: None, 404: ErrorOut},
    auth=[bearer, session],
    url_name="token_revoke",
)
def token_revoke_view(request: HttpRequest, token_id: int) -> Status[None]:
    """Revoke one of your tokens."""
    user = actor(request)
    token = user.api_tokens.filter(pk=token_id).first()
    if token is None:
        raise ApiError(404, "not_found")
    with transaction.atomic():
        audit_log(user, "token.revoke", token, name=token.name)
        token.delete()
    return Status(204, None)


@router.get("/csrf", response=CsrfOut, auth=None, url_name="csrf")
def csrf_view(request: HttpRequest) -> dict[str, str]:
    """The CSRF token (also set as the `csrftoken` cookie). Session clients send it back
    in the `X-CSRFToken` header of every POST and DELETE."""
    return {"token": get_token(request)}
