"""Running the platform: Django set-up, migrations, static files, and gunicorn."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jxjy.config.settings")
    import django

    django.setup()


def manage(argv: Sequence[str]) -> None:
    """`jxjy manage ARGS`: Django's management commands."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jxjy.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jxjy manage", *argv])


def prepare() -> None:
    """Apply migrations and collect static files (both quick when nothing changed)."""
    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def serve(bind: str, workers: int) -> None:
    """Serve the WSGI application with gunicorn, in this process, until stopped."""
    from gunicorn.app.base import BaseApplication

    from jxjy.config.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": bind,
                "workers": workers,
                "accesslog": "-",
                "timeout": 60,
            }
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()
