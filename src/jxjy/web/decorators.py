"""Who may open a page: `role_required` lets in only the roles it names.

Anonymous visitors go to the login page and come back; a signed-in user of another role
gets 403. What a permitted user then sees is the selectors' business, not the decorator's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from jxjy.accounts.models import Role, User

View = Callable[..., HttpResponseBase]


def role_required(*roles: Role) -> Callable[[View], View]:
    """Let through signed-in users whose role is one of `roles`."""
    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not isinstance(user, User) or user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind `role_required`."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
