"""Which rules of a policy cite an article, and where each is written.

`jxjy policies show ID [ARTICLE]` answers "what does the platform do with 第十七条（四）?" in
one step. Articles are written many ways (`（十一）`, `(十一)`, `十一`; `第十七条(四)`,
`十七（四）`; with or without the 文号 in front), so both the question and every rule's
citation are reduced to one key by `normalise_article` and compared part by part: asking
for `第十七条` finds the rules citing `第十七条` and those citing `第十七条（四）`, but asking
for `第十七条（四）` does not find a rule citing the whole of `第十七条`.

The file and line of each rule are found by composing the YAML (node positions, no
values): a rule is the mapping whose `id` is the rule's id, looked up first in the
policy's own file and then in the file of the policy it `extends`, if any.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from jxjy.policy.loader import POLICY_DIR
from jxjy.policy.messages import Lang, rule_kind_label
from jxjy.policy.model import Citation, Policy, Rule
from jxjy.policy.serialize import citation_dict

#: The kind of each rule section, in the order `Policy.all_rules` gives them.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("credit", "credit"),
    ("exclusions", "exclusion"),
    ("approval", "approval"),
    ("assessment", "assessment"),
    ("caps", "cap"),
    ("requirements", "requirement"),
    ("exemptions", "exemption"),
    ("deemed_complete", "deemed_complete"),
    ("window_deemed", "window_deemed"),
    ("audits", "audit"),
)
CONVERSION = "conversion"

_NUMERAL = "一二三四五六七八九十百千零〇两"
_N = rf"(?:[{_NUMERAL}]+|\d+)"
_ARTICLE = re.compile(rf"^(?:第?({_N})条|（({_N})）|({_N}))((?:第{_N}款|（{_N}）|{_N})*)$")
_TIAO = re.compile(rf"^第?{_N}条")
_PART = re.compile(rf"第({_N})款|（({_N})）|({_N})")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "〔", "]": "〕", "【": "〔", "】": "〕"})


def _clean(text: str) -> str:
    """Compatibility forms folded (NFKC: full-width digits, brackets), whitespace dropped,
    round brackets full-width and square ones as in a 文号 (〔2021〕)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(folded.split()).translate(_BRACKETS)


def normalise_article(text: str) -> str:
    """The one key for the ways people write an article reference.

    `第十七条（四）`, `第十七条(四)`, `十七条（四）` and `十七(四)` are all `十七（四）`;
    `（十一）`, `(十一)` and `十一` are `十一`; a 款 stays written as such, so `（十） 第二款`
    is `十第二款`; a bare sub-item is bracketed (`十七（四）1` is `十七（四）（1）`). Text that
    is not an article reference comes back cleaned (whitespace dropped, brackets full-width)
    but otherwise as given. Applying it twice changes nothing.
    """
    cleaned = _clean(text)
    found = _ARTICLE.match(cleaned)
    if found is None:
        return cleaned
    head = found.group(1) or found.group(2) or found.group(3)
    parts = [head]
    for part in _PART.finditer(found.group(4)):
        paragraph, bracketed, bare = part.groups()
        parts.append(f"第{paragraph}款" if paragraph else f"（{bracketed or bare}）")
    return "".join(parts)


def article_parts(text: str) -> tuple[str, ...]:
    """The normalised key as its parts: `十七（四）（1）` -> ("十七", "四", "1")."""
    key = normalise_article(text)
    found = _ARTICLE.match(key)
    if found is None:
        return (key,) if key else ()
    parts = [found.group(3) or found.group(1) or found.group(2)]
    for part in _PART.finditer(found.group(4)):
        paragraph, bracketed, bare = part.groups()
        parts.append(f"第{paragraph}款" if paragraph else bracketed or bare)
    return tuple(parts)


def citation_parts(citation: Citation) -> tuple[str, ...]:
    ref = "".join(p or "" for p in (citation.article, citation.paragraph, citation.item))
    sub = citation.sub_item
    return article_parts(ref + (f"（{sub}）" if sub else ""))


_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def numeral_value(text: str) -> int | None:
    """`三十八` -> 38, `十一` -> 11, `12` -> 12; None for anything else."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not text:
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _order(part: str) -> tuple[int, int, str]:
    """Parts sort by their number (a 款 by its own), what is not a number after them."""
    number = numeral_value(part.removeprefix("第").removesuffix("款"))
    return (0, number, "") if number is not None else (1, 0, part)


@dataclass(frozen=True)
class Location:
    """The YAML file a rule is written in and the 1-based line where its mapping starts."""

    file: Path
    line: int


@dataclass(frozen=True)
class CitedRule:
    """One rule (or a part of one: an audit's courses) and the citation it rests on."""

    kind: str  # credit, exclusion, approval, assessment, cap, requirement, ... conversion
    rule_id: str
    name: str
    citation: Citation  # with its document resolved
    location: Location | None

    @property
    def parts(self) -> tuple[str, ...]:
        return citation_parts(self.citation)

    @property
    def article_label(self) -> str:
        """The group it belongs to: document and article, `通政办发〔2011〕84号 第十七条`."""
        return f"{self.citation.document} {self.citation.article or ''}".strip()


def _compose(path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return None


def _scalar(node: yaml.Node, key: str) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if key_node.value == key and isinstance(value_node, yaml.ScalarNode):
            return str(value_node.value)
    return None


def _rule_nodes(root: yaml.Node) -> Iterator[tuple[str, yaml.Node]]:
    """(rule id, mapping node) for every mapping with an `id` below the top level, at any
    depth: rules in lists, single rules (`approval:`) and rules inside rules (an audit's
    `courses:`), whatever the section is called."""
    if not isinstance(root, yaml.MappingNode):
        return
    stack: list[yaml.Node] = [value for _key, value in reversed(root.value)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            rule_id = _scalar(node, "id")
            if rule_id is not None:
                yield rule_id, node
            stack.extend(value for _key, value in reversed(node.value))


def rule_locations(path: Path) -> dict[str, Location]:
    """Rule id -> where it is written: this file's rules, then those of the policy it
    `extends` (a file of that id beside it, or among the shipped ones), and so on."""
    found: dict[str, Location] = {}
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None and current.resolve() not in seen:
        seen.add(current.resolve())
        root = _compose(current)
        if root is None:
            break
        for rule_id, node in _rule_nodes(root):
            found.setdefault(rule_id, Location(current, node.start_mark.line + 1))
        conversion = _section(root, CONVERSION)
        if conversion is not None:
            found.setdefault(CONVERSION, Location(current, conversion.start_mark.line + 1))
        extends = _section(root, "extends")
        parent = _scalar(extends, "policy") if isinstance(extends, yaml.MappingNode) else None
        parent = parent or _scalar(root, "extends")
        current = _policy_file(parent, current.parent) if parent else None
    return found


def _section(root: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if key_node.value == key and isinstance(value_node, yaml.Node):
                return value_node
    return None


def _policy_file(policy_id: str, beside: Path) -> Path | None:
    for directory in (beside, POLICY_DIR):
        candidate = directory / f"{policy_id}.yaml"
        if candidate.is_file():
            return candidate
    return None


def display_path(path: Path) -> str:
    """A shipped policy file as `src/jxjy/policy/policies/<id>.yaml` when it lies in a
    source checkout; any other file as given."""
    source = POLICY_DIR.parents[2]
    if source.name == "src":
        try:
            return path.resolve().relative_to(source.parent.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def policy_file(policy: Policy) -> Path:
    """The shipped file of a policy (where `load_policy` reads it)."""
    return POLICY_DIR / f"{policy.id}.yaml"


def _citations(policy: Policy) -> list[tuple[str, str, str, Citation]]:
    """(kind, rule id, name, citation with its document resolved) of every citation a rule
    makes, in file order: the conversion, the rules (an audit's required courses and the
window's deemed completion are rules of their own), then the audits' grade clauses."""
    kinds = {rule.id: kind for section, kind in SECTIONS for rule in _rules(policy, section)}
    kinds.update((a.courses.id, "courses") for a in policy.audits if a.courses is not None)
    found: list[tuple[str, str, str, Citation]] = []
    if policy.conversion is not None:
        name = f"1 学分 = {policy.conversion.hours_per_credit} 学时"
        found.append((CONVERSION, CONVERSION, name, policy.cite(policy.conversion.citation)))
    for rule in policy.all_rules():
        found.append((kinds.get(rule.id, "rule"), rule.id, rule.name, policy.cite(rule.citation)))
    for audit in policy.audits:
        if audit.since_grade is not None:
            cited = policy.cite(audit.since_grade.citation)
            found.append(("audit", audit.id, audit.name, cited))
    return found


def _documents(policy: Policy) -> list[str]:
    """The instruments cited: the policy's own, its `documents`, then any other cited."""
    documents = [policy.document, *policy.documents]
    documents += [c.document for _, _, _, c in _citations(policy) if c.document]
    return list(dict.fromkeys(documents))


def cited_rules(policy: Policy, path: Path | None = None) -> list[CitedRule]:
    """Every citation a rule of the policy makes, in the order the text runs: by
    instrument (the policy's own first, then `documents`, then any other), then by article,
    paragraph, item and sub-item. A rule appears once per citation; an audit also for its
    courses, degree and grade clauses."""
    locations = rule_locations(path or policy_file(policy))
    entries = [
        CitedRule(kind, rule_id, name, citation, locations.get(rule_id))
        for kind, rule_id, name, citation in _citations(policy)
    ]
    documents = _documents(policy)

    def order(entry: CitedRule) -> tuple[int, list[tuple[int, int, str]]]:
        document = entry.citation.document or policy.document
        return documents.index(document), [_order(part) for part in entry.parts]

    return sorted(entries, key=order)


def _rules(policy: Policy, section: str) -> Sequence[Rule]:
    value = getattr(policy, section, None)
    if isinstance(value, Rule):
        return [value]
    if isinstance(value, tuple):
        return [r for r in value if isinstance(r, Rule)]
    return []


def split_document(policy: Policy, query: str) -> tuple[str | None, str]:
    """(the instrument named at the start of the query, the rest): `人社部令第25号 第八条`
    in the 宁夏 policy is (`人社部令第25号`, `第八条`)."""
    cleaned = _clean(query)
    for document in sorted(_documents(policy), key=len, reverse=True):
        prefix = _clean(document)
        if prefix and cleaned.startswith(prefix):
            return document, cleaned[len(prefix) :]
    return None, cleaned


def lookup(policy: Policy, query: str, path: Path | None = None) -> list[CitedRule]:
    """The rules citing the article the query names, or a part of it, in the text's order.
    A query that is only a 文号 gives every rule citing that instrument."""
    document, article = split_document(policy, query)
    wanted = article_parts(article)
    entries = cited_rules(policy, path)
    # `第四条` is not `四`: where the policy cites articles written 第…条 (南通: those of
    # 通政办发〔2011〕84号 beside the 一…四 of its notice), a query written so matches only them
    tiao = _written_as_tiao(article) and any(_written_as_tiao(e.citation.article) for e in entries)
    return [
        entry
        for entry in entries
        if (document is None or entry.citation.document == document)
        and entry.parts[: len(wanted)] == wanted
        and (not tiao or _written_as_tiao(entry.citation.article))
    ]


def _written_as_tiao(article: str | None) -> bool:
    return article is not None and _TIAO.match(_clean(article)) is not None


def cited_articles(policy: Policy) -> dict[str, list[str]]:
    """The articles the policy cites, by instrument, each once, in the text's order."""
    found: dict[str, list[str]] = {}
    for entry in cited_rules(policy):
        articles = found.setdefault(entry.citation.document or "", [])
        if entry.citation.article and entry.citation.article not in articles:
            articles.append(entry.citation.article)
    return found


def cited_rules_dict(
    policy: Policy, rules: Sequence[CitedRule], article: str | None, lang: Lang = "zh"
) -> dict[str, object]:
    """`jxjy policies show --json`: the query, its key, and each rule with its citation
    (as in results, docs/results-json.md) and where it is written."""
    return {
        "policy": policy.id,
        "article": article,
        "key": normalise_article(split_document(policy, article)[1]) if article else None,
        "rules": [
            {
                "kind": rule.kind,
                "kind_label": rule_kind_label(rule.kind, lang),
                "id": rule.rule_id,
                "name": rule.name,
                "citation": citation_dict(rule.citation),
                "file": display_path(rule.location.file) if rule.location else None,
                "line": rule.location.line if rule.location else None,
            }
            for rule in rules
        ],
    }
