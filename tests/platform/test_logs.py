"""No resident ID number reaches a log line, whatever quotes it."""

from __future__ import annotations

import datetime as dt
import logging

from factories import make_id_number
from jxjy.logs import MaskingFormatter


def _line(message: str, *args: object, exc: BaseException | None = None) -> str:
    record = logging.LogRecord("jxjy", logging.ERROR, __file__, 1, message, args, None)
    if exc is not None:
        record.exc_info = (type(exc), exc, exc.__traceback__)
    return MaskingFormatter().format(record)


def test_an_id_number_in_a_message_or_a_traceback_is_masked() -> None:
    number = make_id_number("330702", dt.date(1985, 1, 1), 3, "F")
    try:
        raise ValueError(f'duplicate key: Key (id_number)=({number}) already exists')
    except ValueError as error:
        line = _line("import of %s failed", number, exc=error)
    assert number not in line
    assert line.count(f"{number[:4]}**********{number[-4:]}") == 2  # message and traceback


def test_other_long_numbers_are_left_alone() -> None:
    """A 19-digit number, an order number with letters after: not ID-shaped."""
    assert "1234567890123456789" in _line("order 1234567890123456789")
    assert "12345678901234567XA" in _line("ref 12345678901234567XA")


def test_the_platform_logs_through_the_masking_formatter() -> None:
    formatters = [h.formatter for h in logging.getLogger().handlers]
    assert any(isinstance(f, MaskingFormatter) for f in formatters), formatters
