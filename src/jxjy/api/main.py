"""The API: every operation needs a bearer token or a signed-in session, except the
OpenAPI document, its docs page, the CSRF token and the public training catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from jxjy.api import (
    disputes,
    errors,
    evidence,
    imports,
    people,
    records,
    tokens,
    training,
)
from jxjy.api.auth import bearer, session


class Renderer(JSONRenderer):
    """JSON in UTF-8 as it is: Chinese names and messages are not escaped."""

    json_dumps_params: Mapping[str, Any] = {"ensure_ascii": False}


api = NinjaAPI(
    title="JXJY 继续教育 API",
    version="1",
    description=(
        "People, credit records and their evaluation by the cited policy engine, training "
        "projects from filing to registered hours, scoped to the caller's role exactly as "
        "the pages are. Authenticate with `Authorization: Bearer <token>` or a signed-in "
        "session (with `X-CSRFToken` on every request that changes something). Errors: "
        "`{detail, errors: [{field, code, message}]}` in the request's language "
        "(`Accept-Language: en` for English). See docs/api.md."
    ),
    auth=[bearer, session],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Renderer(),
)
errors.install(api)
api.add_router("", people.router)
api.add_router("", records.router)
api.add_router("", tokens.router)
api.add_router("", training.router)
api.add_router("", evidence.router)
api.add_router("", disputes.router)
api.add_router("", imports.router)
