"""The rotating check-in code of a session.

The code is six digits derived from the session's secret and the current time step
(HMAC-SHA256, as in one-time-password apps), so it cannot be guessed from an earlier one,
shared codes go stale within a minute or so, and the server stores nothing per code. A code
is accepted only inside the session's window (see `settings.CHECKIN`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from jxjy.training.models import ProjectSession

DIGITS = 6


def _step(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // int(settings.CHECKIN["step_seconds"])


def _code(session: ProjectSession, step: int) -> str:
    mac = hmac.new(session.secret.encode(), f"{session.pk}:{step}".encode(), hashlib.sha256)
    return f"{int.from_bytes(mac.digest()[:8], 'big') % 10**DIGITS:0{DIGITS}d}"


def code_at(session: ProjectSession, moment: dt.datetime) -> str:
    """The code to show at `moment`."""
    return _code(session, _step(moment))


def code_matches(session: ProjectSession, code: str, moment: dt.datetime) -> bool:
    """Whether `code` is the code of the step of `moment` or of one just before it."""
    step = _step(moment)
    given = code.strip().encode()
    return any(
        hmac.compare_digest(given, _code(session, step - back).encode())
        for back in range(int(settings.CHECKIN["steps_accepted"]))
    )


def seconds_to_next_code(moment: dt.datetime) -> int:
    step_seconds = int(settings.CHECKIN["step_seconds"])
    return step_seconds - int(moment.timestamp()) % step_seconds


def window(session: ProjectSession) -> tuple[dt.datetime, dt.datetime]:
    """When check-in is open: from shortly before the start to the end, local time."""
    zone = timezone.get_default_timezone()
    starts = dt.datetime.combine(session.date, session.starts, tzinfo=zone)
    ends = dt.datetime.combine(session.date, session.ends, tzinfo=zone)
    return starts - dt.timedelta(minutes=int(settings.CHECKIN["opens_minutes_before"])), ends


def is_open(session: ProjectSession, moment: dt.datetime) -> bool:
    opens, closes = window(session)
    return opens <= moment <= closes


def has_begun(session: ProjectSession, moment: dt.datetime) -> bool:
    """Whether the session's window has opened (attendance may be recorded from then)."""
    return window(session)[0] <= moment
