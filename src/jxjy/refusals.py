"""One refusal type for every write the rules do not allow.

A service that refuses raises a `Refused` (or one of its subclasses, which name the
refusal for the code that catches it: `RecordInvalid`, `TrainingRefused`, `FileRefused`…).
Each carries one or more `Refusal`s: a machine `code` (docs/api.md lists them), the `field`
at fault ("" for the request as a whole), the `line` where the input has lines (a roster
row, a line of a bulk enrolment) and a `message` in the active language. `conflict` says
whether the state of what is written to forbids the step (the API answers 409) or the
input is at fault (422).

The REST API renders every `Refused` in one handler (`jxjy.api.errors`), the pages put its
messages beside the fields (`jxjy.web.refusals`), and imports keep their problems in the
same terms. The exception's own text is its codes only: a message may quote what was typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from django.utils.functional import Promise, lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str | Promise  # translated when shown
    field: str = ""
    line: int | None = None

    @property
    def text(self) -> str:
        """The message in the active language."""
        return str(self.message)


class Refused(ValueError):
    """A write refused, with every reason (`refusals`)."""

    #: Whether the state of what is written to forbids the step, rather than the input.
    conflicting: ClassVar[bool] = False

    def __init__(self, refusals: Iterable[Refusal]) -> None:
        self.refusals = list(refusals)
        super().__init__("; ".join(r.code for r in self.refusals))

    @property
    def conflict(self) -> bool:
        return self.conflicting

    def texts(self) -> list[str]:
        """Each reason in the active language."""
        return [r.text for r in self.refusals]


class InvalidTransition(Refused):
    """The current status of what is written to does not allow this step: a record already
    decided, a dispute already closed. `detail` is for developers and never shown."""

    conflicting = True

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            [Refusal("invalid_transition", _("The current status does not allow this step."))]
        )
        self.detail = detail


class ReasonRequired(Refused):
    """A step that must say why (a rejection, a correction, a dispute and its answers) was
    asked for without words: `field` is the one left empty."""

    def __init__(self, field: str = "reason") -> None:
        super().__init__(
            [Refusal("required", worded(_("field %(field)s: required"), field=field), field)]
        )
        self.field = field


def active_lang() -> str:
    """The active language as the engine names its words: "en" or "zh"."""
    return "en" if (get_language() or "").lower().startswith("en") else "zh"


def _call(render: Callable[[], object]) -> str:
    return str(render())


#: A message computed when it is shown, in the language active then: for words that come
#: as (Chinese, English) pairs, such as the policy engine's.
deferred = lazy(_call, str)


def worded(template: str | Promise, **params: object) -> str | Promise:
    """`template % params`, translated when shown."""
    if not params:
        return deferred(lambda: str(template))
    return deferred(lambda: str(template) % params)
