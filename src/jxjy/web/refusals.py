"""A service's refusal on a page: each reason next to the field it names, or above the
form, in the active language (`jxjy.refusals`)."""

from __future__ import annotations

import re
from typing import Any

from jxjy.refusals import Refused

#: What the engine's reader says before a whole-row or whole-file reason.
_ROW = re.compile(r"(第 \d+ 行|row \d+|文件|file)")


class RefusalMixin:
    """For forms: `add_refused` puts each reason next to its field ("a|b": next to both)."""

    fields: dict[str, Any]

    def add_refused(self, refused: Refused) -> None:
        for refusal in refused.refusals:
            names = [n for n in refusal.field.split("|") if n in self.fields]
            text = field_message(refusal.text, refusal.field)
            for name in names:
                self.add_error(name, text)  # type: ignore[attr-defined]
            if not names:
                self.add_error(None, text)  # type: ignore[attr-defined]


def field_message(message: str, field_name: str) -> str:
    """The message without the "row 1, field x:" (or "field x:") the reader and the
    services put before it for files and the API, which the page says by its place."""
    for separator in ("：", ": "):
        head, found, rest = message.partition(separator)
        if not found:
            continue
        if (field_name and field_name in head) or (not field_name and _ROW.fullmatch(head)):
            return rest
    return message
