"""Running the platform: Django set-up, migrations, static files, gunicorn, and the
background worker (django-tasks' `db_worker`) that imports run on."""

from __future__ import annotations

import os
import subprocess
import sys
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
    """Apply migrations and collect static files (both quick when nothing changed); mark
    the standings computed under another version of a policy file 待更新 and queue their
    refresh (ADR 7)."""
    django_setup()
    from django.core.management import call_command

    from jxjy.evaluation.marks import standings_mark_outdated

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    standings_mark_outdated()


def worker() -> None:
    """`jxjy worker`: run background tasks (roster imports) until stopped. Production runs
    as many as it needs, on any machine that reaches the database."""
    django_setup()
    from django.core.management import call_command

    call_command("db_worker", interval=1, reload=False)


def serve(bind: str, workers: int, *, with_worker: bool = True) -> None:
    """Serve the WSGI application with gunicorn, in this process, until stopped; with a
    background worker beside it (a child process, stopped with the server) unless
    `with_worker` is False (production with separate `jxjy worker` processes)."""
    background = (
        subprocess.Popen([sys.executable, "-m", "jxjy.cli", "worker"]) if with_worker else None
    )
    try:
        _gunicorn(bind, workers)
    finally:
        if background is not None:
            background.terminate()
            try:
                background.wait(timeout=30)
            except subprocess.TimeoutExpired:
                background.kill()


def _gunicorn(bind: str, workers: int) -> None:
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
