"""The REST API at /api/ (django-ninja), with its OpenAPI document at /api/openapi.json.

It reads through the same selectors and writes through the same services as the pages, so
its scope is exactly theirs. `main.py` assembles the API; one router module per resource.
See `docs/api.md`.
"""
