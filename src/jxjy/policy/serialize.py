"""Results as JSON-ready dicts (the shape `docs/results-json.md` documents), and the
JSON array the command line prints.

Amounts become JSON numbers: integers when whole, otherwise decimals of at most a few
places, which JSON readers get back exactly as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any, BinaryIO

import orjson

from jxjy.policy.messages import Lang, note_message, pick, unit_label
from jxjy.policy.model import Citation
from jxjy.policy.results import AuditResult, Deemed, Note, RecordResult, Shortfall, YearResult

JSON = dict[str, Any]
_MEMO_LIMIT = 1 << 14  # entries of a memo: a few MiB at most, in a long-running process too

SHORTFALL_TEXT = ("{name}还差 {missing}{unit}", "{missing} {unit} short of {name}")
STRICT_SHORTFALL_TEXT = (
    "{name}须多于 {required}{unit}，目前为 {actual}{unit}",
    "{name}: more than {required} {unit} needed, {actual} so far",
)


@lru_cache(maxsize=_MEMO_LIMIT)
def number(value: Decimal) -> int | float:
    """The JSON number of an amount. It depends only on the value (2 and 2.0 both give 2),
    so it is remembered: a large output repeats a few amounts a million times."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


_CITATIONS: dict[int, tuple[Citation, JSON]] = {}


def citation_dict(citation: Citation | None) -> JSON | None:
    """The citation as JSON. Built once per citation object (the cache keeps the object
    alive, so its id cannot be reused); callers must not modify the dict."""
    if citation is None:
        return None
    cached = _CITATIONS.get(id(citation))
    if cached is not None and cached[0] is citation:
        return cached[1]
    data: JSON = {"label": citation.label(), **citation.model_dump(exclude_none=True)}
    _CITATIONS[id(citation)] = (citation, data)
    return data


_NOTES: dict[tuple[int, str, Lang], tuple[Note, JSON]] = {}


def note_dict(note: Note, unit: str, lang: Lang) -> JSON:
    """The note as JSON. The engine shares one note among the records it explains alike, so
    the dict is built once per note, unit and language (kept with the note, so its id is not
    reused while remembered); callers must not modify it."""
    key = (id(note), unit, lang)
    cached = _NOTES.get(key)
    if cached is not None and cached[0] is note:
        return cached[1]
    if len(_NOTES) >= _MEMO_LIMIT:
        _NOTES.clear()
    data: JSON = {
        "code": note.code,
        "params": dict(note.params),
        "message": note_message(note, unit, lang),
        "citation": citation_dict(note.citation),
    }
    _NOTES[key] = (note, data)
    return data


def record_dict(record: RecordResult, unit: str, lang: Lang) -> JSON:
    row, kind, subject, raw, counted, rule, citation, notes = record  # one per input row
    return {
        "row": row,
        "kind": str(kind),  # a StrEnum's str is its value, and quicker than .value
        "subject": str(subject),
        "raw": number(raw),
        "counted": number(counted),
        "rule": rule,
        "citation": citation_dict(citation),
        "notes": [note_dict(n, unit, lang) for n in notes] if notes else [],
    }


def deemed_dict(deemed: Deemed | None) -> JSON | bool:
    if deemed is None:
        return False
    return {
        "scope": deemed.scope,
        "rule": deemed.rule,
        "name": deemed.name,
        "citation": citation_dict(deemed.citation),
        "rows": list(deemed.rows),
    }


def shortfall_message(shortfall: Shortfall, unit: str, lang: Lang) -> str:
    req = shortfall.of
    template = STRICT_SHORTFALL_TEXT if req.strictly_more else SHORTFALL_TEXT
    return pick(template, lang).format(
        name=shortfall.name,
        missing=format_amount(shortfall.missing),
        required=format_amount(req.required),
        actual=format_amount(req.actual),
        unit=unit_label(unit, lang),
    )


def format_amount(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def write_json_array(items: Iterable[bytes], out: BinaryIO) -> None:
    """A JSON array in UTF-8 with one element per line: valid JSON, readable line by line.
    The elements come encoded (`year_json`, `audit_json`): compact, Chinese as it is, and
    straight to bytes, with no text stream re-encoding half a gigabyte of a million
    records' results."""
    out.write(b"[")
    separator = b"\n"
    for item in items:
        out.write(separator)
        out.write(item)
        separator = b",\n"
    out.write(b"\n]\n")


_ENTRIES: dict[tuple[object, ...], tuple[Citation | None, bytes]] = {}


def records_json(records: Iterable[RecordResult], unit: str, lang: Lang) -> orjson.Fragment:
    """`[record_dict(r, unit, lang) for r in records]` as JSON, for orjson to include as it
    is. A record's entry is its row and then what depends on its content only, which most
    records share with others: that part is encoded once (by `record_dict` and orjson) and
    remembered, by the citation's identity (kept with the entry, so its id is not reused)
    and the rest by value (2 and 2.0 give the same JSON number, so they may share)."""
    parts = []
    entries = _ENTRIES
    for record in records:
        row, kind, subject, raw, counted, rule, citation, notes = record
        key = (unit, lang, kind, subject, raw, counted, rule, id(citation), notes)
        entry = entries.get(key)
        if entry is None or entry[0] is not citation:
            if len(entries) >= _MEMO_LIMIT:
                entries.clear()
            whole = orjson.dumps(record_dict(record, unit, lang))
            entry = entries[key] = (citation, whole[whole.index(b",") :])  # after the row
        parts.append(b'{"row":%d%s' % (row, entry[1]))
    return orjson.Fragment(b"[" + b",".join(parts) + b"]")


def year_json(result: YearResult, lang: Lang = "zh") -> bytes:
    """`orjson.dumps(year_dict(result, lang))`, several times quicker for the records."""
    return orjson.dumps(_year(result, lang, records_json(result.records, result.unit, lang)))


def year_dict(result: YearResult, lang: Lang = "zh") -> JSON:
    records = [record_dict(r, result.unit, lang) for r in result.records]
    return _year(result, lang, records)


def _year(result: YearResult, lang: Lang, records: object) -> JSON:
    unit = result.unit
    return {
        "person_id": result.person_id,
        "policy": result.policy,
        "policy_version": result.policy_version,
        "year": result.year,
        "unit": unit,
        "total": number(result.total),
        "by_subject": {str(s): number(v) for s, v in result.by_subject.items()},
        "requirements": [
            {
                "id": r.id,
                "name": r.name,
                "required": number(r.required),
                "actual": number(r.actual),
                "met": r.met,
                "strictly_more": r.strictly_more,
                "citation": citation_dict(r.citation),
                "waived_by": citation_dict(r.waived_by),
            }
            for r in result.requirements
        ],
        "compliant": result.compliant,
        "deemed_complete": deemed_dict(result.deemed_complete),
        "shortfalls": [
            {
                "requirement": s.requirement,
                "name": s.name,
                "missing": number(s.missing),
                "strictly_more": s.of.strictly_more,
                "message": shortfall_message(s, unit, lang),
                "citation": citation_dict(s.citation),
            }
            for s in result.shortfalls
        ],
        "records": records,
    }


def audit_json(result: AuditResult, lang: Lang = "zh") -> bytes:
    """`orjson.dumps(audit_dict(result, lang))`, several times quicker for the records."""
    return orjson.dumps(_audit(result, lang, records_json(result.records, result.unit, lang)))


def audit_dict(result: AuditResult, lang: Lang = "zh") -> JSON:
    records = [record_dict(r, result.unit, lang) for r in result.records]
    return _audit(result, lang, records)


def _audit(result: AuditResult, lang: Lang, records: object) -> JSON:
    unit = result.unit
    data: JSON = {
        "person_id": result.person_id,
        "policy": result.policy,
        "policy_version": result.policy_version,
        "target": result.target,
        "target_name": result.target_name,
        "citation": citation_dict(result.citation),
        "unit": unit,
        "window": list(result.window),
        "total": number(result.total),
        "required_total": number(result.required_total),
        "missing_courses": list(result.missing_courses),
        "passed": result.passed,
        "deemed_complete": deemed_dict(result.deemed_complete),
        "problems": [note_dict(p, unit, lang) for p in result.problems],
        "years": [
            {
                "year": y.year,
                "total": number(y.total),
                "required": number(y.required),
                "compliant": y.compliant,
                "deemed_complete": y.deemed,
            }
            for y in result.years
        ],
        "records": records,
    }
    if result.max_years_early is not None:
        data["max_years_early"] = dict(result.max_years_early)
    return data
