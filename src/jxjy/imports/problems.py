"""The problems an import finds, and their messages in Chinese or English.

A problem names the data row (1 = the first row under the header; 0 = the file or its
header), the column by its field name, and a code. The record fields' problems are the
engine's own (`jxjy.policy.reading.RecordError`), so a value gets the same message here as
from the `jxjy` command line; the codes below are the import's own, in the translation
catalogue (Chinese in `locale/zh_Hans`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jxjy.policy.messages import Lang

# The engine's own "row N, field F:" prefix, so both kinds of message read alike.
from jxjy.policy.reading import RecordError
from jxjy.policy.reading import _prefix as prefix

MESSAGES: Final[dict[str, Promise]] = {
    "empty_upload": _("the file is empty (0 bytes)"),
    "too_big": _("the file is too large (%(size)s MB); the limit is %(limit)s MB"),
    "bad_suffix": _("unsupported file type (%(suffix)s); upload .xlsx or .csv"),
    "not_a_spreadsheet": _(
        "not a valid XLSX spreadsheet (perhaps another kind of file renamed .xlsx)"
    ),
    "no_rows": _("there are no rows under the header"),
    "same_file": _(
        "the same file was uploaded on %(at)s (batch %(batch)s); nothing is registered "
        "twice"
    ),
    "id_not_text": _(
        "the ID number must be text (the cell is a number, whose last digits Excel may "
        "have changed)"
    ),
    "bad_id_number": _("not a valid resident ID number: %(reason)s"),
    "name_mismatch": _("the name differs from the one on file for this ID number"),
    "not_your_person": _(
        "this person is not one of your employees; you may not register records for "
        "them"
    ),
    "unknown_region": _("no region has this code (%(value)s)"),
    "unknown_talent": _("unknown talent type (%(value)s); use 技能人才 or 专业技术人员"),
    "unknown_gender": _("unknown gender (%(value)s); use 男 or 女"),
    "gender_mismatch": _("the gender differs from the one the ID number encodes"),
    "unknown_employer": _("no employer has this unified social credit code (%(value)s)"),
    "not_your_employee": _("an employer registers records for its own employees only"),
    "person_differs": _(
        "the person's details differ from those in row %(other)s for the same ID number"
    ),
    "unknown_project": _("no training project has this filing number (%(value)s)"),
    "project_not_approved": _("the training project is not approved"),
    "project_other_org": _("the training project is run by another organisation"),
    "project_kind": _("the kind differs from the project's"),
    "project_dates": _("the activity falls outside the project's dates"),
    "duplicate_row": _("the same record as row %(other)s"),
    "duplicate_record": _(
        "the ledger already holds this record (same person, project, dates, kind, title "
        "and amounts)"
    ),
    "changed": _("the ledger changed since the check; check the file again"),
}

ID_REASONS: Final[dict[str, Promise]] = {
    "shape": _("must be 17 digits and a check digit"),
    "check_digit": _("the check digit does not match (GB 11643)"),
    "birth_date": _("the birth date in it is not a real date"),
    "birth_future": _("the birth date in it is in the future"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    row: int
    column: str
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: Lang = "zh") -> str:
        return problem_message(self.row, self.column, self.code, self.params, lang)


def problem_message(
    row: int, column: str, code: str, params: Iterable[tuple[str, str]], lang: Lang = "zh"
) -> str:
    """A full sentence naming the row, the column and the reason."""
    values = dict(params)
    template = MESSAGES.get(code)
    if template is None:  # one of the engine's own codes
        return RecordError(row, column, code, tuple(values.items())).message(lang)
    with translation.override("en" if lang == "en" else "zh-hans"):
        if code == "bad_id_number":
            reason = ID_REASONS.get(values.get("reason", ""))
            values["reason"] = str(reason) if reason is not None else "?"
        return prefix(row, column, lang == "en") + str(template) % _Missing(values)


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"
