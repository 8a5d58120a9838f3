"""The compiled zh_Hans catalog is in step with its source, and complete."""

from __future__ import annotations

import ast
import gettext
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

import jxjy

CATALOG = Path(jxjy.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def _entries(po: str, *, fuzzy_too: bool = False) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) → msgstr of the singular, non-fuzzy (or all) entries of a .po
    file."""
    entries: dict[tuple[str, str], str] = {}
    key = None
    fields: dict[str, str] = {}
    fuzzy = False
    for line in [*po.splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgstr ", "msgid_plural ", "msgctxt ")):
            key, _, rest = line.partition(" ")
            fields[key] = ast.literal_eval(rest)
        elif line.startswith('"') and key:
            fields[key] += ast.literal_eval(line)
        elif not line.strip():
            singular = "msgid_plural" not in fields
            if fields.get("msgid") and singular and (fuzzy_too or not fuzzy):
                entries[(fields.get("msgctxt", ""), fields["msgid"])] = fields.get("msgstr", "")
            key, fields, fuzzy = None, {}, False
    return entries


def test_every_message_is_translated_and_compiled() -> None:
    entries = _entries((CATALOG / "django.po").read_text(encoding="utf-8"))
    assert len(entries) > 200
    assert [m for m, t in entries.items() if not t] == []
    with (CATALOG / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        (c, m)
        for (c, m), t in entries.items()
        if (compiled.pgettext(c, m) if c else compiled.gettext(m)) != t
    ]
    assert stale == [], "recompile: cd src/jxjy && django-admin compilemessages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalog_holds_every_message_of_the_source(tmp_path: Path) -> None:
    """makemessages over a copy of the source finds no message the catalog lacks, and the
    catalog keeps none the source no longer has: every page and API message is translated."""
    copy = tmp_path / "jxjy"
    shutil.copytree(CATALOG.parents[2], copy, ignore=shutil.ignore_patterns("__pycache__"))
    here = Path.cwd()
    try:
        os.chdir(copy)
        call_command("makemessages", locale=["zh_Hans"], no_location=True, verbosity=0)
    finally:
        os.chdir(here)
    fresh = _entries(
        (copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"),
        fuzzy_too=True,
    )
    kept = _entries((CATALOG / "django.po").read_text(encoding="utf-8"))
    assert sorted(set(fresh) - set(kept)) == [], "run makemessages and translate"
    assert sorted(set(kept) - set(fresh)) == [], "run makemessages: these are gone"
