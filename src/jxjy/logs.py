"""Logging that never writes a resident ID number: whatever a message or a traceback quotes
(a database error's "Key (id_number)=(...)", say), the formatter masks anything shaped like
an 18-character ID number before the line leaves the process."""

from __future__ import annotations

import logging
import re

from jxjy.people.id_number import mask

ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")


class MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return ID_NUMBER.sub(lambda m: mask(m.group()), super().format(record))
