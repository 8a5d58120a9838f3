"""Loading policy files strictly: duplicate keys, unknown keys and bad values all fail.

Shipped policies live in `policies/<id>.yaml` beside this module; a new city is a new
file there (or any file passed to `load_policy_file`).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from jxjy.policy.model import Policy

POLICY_DIR = Path(__file__).with_name("policies")


class PolicyError(Exception):
    """A policy file that cannot be used, or an id that names none."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and reads floats as exact Decimals."""


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


def _exact_decimal(loader: _StrictLoader, node: yaml.ScalarNode) -> Decimal:
    """YAML floats as the decimals written; .nan and .inf are refused."""
    text = loader.construct_scalar(node).replace("_", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        value = Decimal("NaN")
    if not value.is_finite():
        raise yaml.constructor.ConstructorError(
            None, None, f"not a finite number: {text}", node.start_mark
        )
    return value


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _exact_decimal)


#: The lists of rules a policy inherits through `extends`, and its single rules (gates).
_SECTIONS = (
    "credit",
    "exclusions",
    "caps",
    "requirements",
    "exemptions",
    "deemed_complete",
    "window_deemed",
    "audits",
)
_SINGLES = ("approval", "assessment")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except (OSError, ValueError, yaml.YAMLError) as exc:  # ValueError: an impossible date
        raise PolicyError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise PolicyError(f"{path.name}: a policy file is a mapping of keys")
    if "inherited" in data:
        raise PolicyError(f"{path.name}: 'inherited' is filled by the loader, not written")
    return data


def _base_path(path: Path, base_id: object) -> Path:
    """The file of the policy `base_id`: beside `path`, or among the shipped policies."""
    if not isinstance(base_id, str) or not base_id:
        raise PolicyError(f"{path.name}: extends.policy must name a policy id")
    for folder in (path.parent, POLICY_DIR):
        candidate = folder / f"{base_id}.yaml"
        if candidate.is_file():
            return candidate
    raise PolicyError(f"{path.name}: extends unknown policy {base_id!r}")


def _cited_in(rule: Any, document: str) -> Any:
    """An inherited rule with the base's document written into every citation that leaves
    it out, so it still cites the base's instrument (not the extending policy's)."""
    if isinstance(rule, dict):
        done = {key: _cited_in(value, document) for key, value in rule.items()}
        citation = done.get("citation")
        if isinstance(citation, dict) and not citation.get("document"):
            done["citation"] = {**citation, "document": document}
        return done
    if isinstance(rule, list):
        return [_cited_in(item, document) for item in rule]
    return rule


def _rules_of(data: dict[str, Any], section: str, name: str) -> list[dict[str, Any]]:
    found = data.get(section)
    if found is None:
        return []
    items = [found] if section in _SINGLES else found
    if not isinstance(items, list) or not all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in items
    ):
        raise PolicyError(f"{name}: {section} must be rules, each with an id")
    return items


def _flattened(data: dict[str, Any], path: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """`data` with the rules of the policy it `extends` written in, as if copied.

    The base's rules come first, in its order, each keeping its citation's document and
    recorded in `inherited` (rule id -> the policy whose file defines it). A rule of this
    file with an inherited rule's id replaces it in place only if it says `overrides: true`;
    a base rule this policy does not take is named in `extends.omit`. Anything else
    (a silent shadow, an override or omission of nothing, a cycle, another unit or talent)
    is refused. Header keys (title, document, unit, effective...) are never inherited.
    """
    extends = data.get("extends")
    name = path.name
    if extends is None:
        for section in (*_SECTIONS, *_SINGLES):
            for rule in _rules_of(data, section, name):
                if "overrides" in rule:
                    raise PolicyError(f"{name}: rule {rule['id']} overrides nothing (no extends)")
        return data
    if not isinstance(extends, dict):
        raise PolicyError(f"{name}: extends is {{policy: <id>, omit: [<rule id>...]}}")
    base_path = _base_path(path, extends.get("policy"))
    if base_path.resolve() in chain or base_path.resolve() == path.resolve():
        raise PolicyError(f"{name}: extends {base_path.stem} in a cycle")
    base = _flattened(_read(base_path), base_path, (*chain, path.resolve()))
    base_id, base_document = str(base.get("id")), str(base.get("document"))
    for key in ("unit", "talent"):
        if base.get(key) != data.get(key):
            raise PolicyError(f"{name}: {key} differs from {base_id}'s; it cannot extend it")
    omit = extends.get("omit", [])
    if not isinstance(omit, list) or not all(isinstance(i, str) for i in omit):
        raise PolicyError(f"{name}: extends.omit must be a list of rule ids")
    merged = dict(data)
    inherited: dict[str, str] = {}
    base_ids: set[str] = set()
    for section in (*_SECTIONS, *_SINGLES):
        own = _rules_of(data, section, name)
        own_by_id = {rule["id"]: rule for rule in own}
        rules: list[dict[str, Any]] = []
        for rule in _rules_of(base, section, base_path.name):
            rule_id = rule["id"]
            base_ids.add(rule_id)
            replacing = own_by_id.get(rule_id)
            if replacing is not None:
                if replacing.get("overrides") is not True:
                    raise PolicyError(
                        f"{name}: rule {rule_id} silently shadows the rule {base_id} defines;"
                        " say overrides: true, or omit it in extends"
                    )
                if rule_id in omit:
                    raise PolicyError(f"{name}: rule {rule_id} is both omitted and overridden")
                rules.append({k: v for k, v in replacing.items() if k != "overrides"})
            elif rule_id not in omit:
                rules.append(_cited_in(rule, base_document))
                inherited[rule_id] = base.get("inherited", {}).get(rule_id, base_id)
        taken = {rule["id"] for rule in rules}
        for rule in own:
            if rule["id"] in taken:
                continue
            if "overrides" in rule:
                raise PolicyError(f"{name}: rule {rule['id']} overrides no rule of {base_id}")
            rules.append(rule)
        if section in _SINGLES:
            if len(rules) > 1:
                raise PolicyError(f"{name}: {section} is given by both it and {base_id}")
            if rules:
                merged[section] = rules[0]
        elif rules:
            merged[section] = rules
    unknown = sorted(set(omit) - base_ids)
    if unknown:
        raise PolicyError(f"{name}: extends.omit names rules {base_id} does not have: {unknown}")
    documents = list(data.get("documents") or [])
    for document in (base_document, *(base.get("documents") or [])):
        if document not in documents and document != data.get("document"):
            documents.append(document)
    merged["documents"] = documents
    merged["inherited"] = inherited
    return merged


def load_policy_file(path: Path) -> Policy:
    """Read and validate one policy file, with the rules of the policy it extends; any
    problem raises `PolicyError` naming the file."""
    data = _flattened(_read(path), path)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(f"{path.name}: {exc}") from exc
    if path.parent == POLICY_DIR and policy.id != path.stem:
        raise PolicyError(f"{path.name}: id {policy.id!r} must match the file name")
    return policy


def rule_source(policy: Policy, rule_id: str, path: Path | None = None) -> Path:
    """The file that defines the rule `rule_id` of `policy` (loaded from `path`, by default
    the shipped file): its own, or, for an inherited rule, the base's it came from."""
    origin = policy.rule_origin(rule_id)
    own = path if path is not None else POLICY_DIR / f"{policy.id}.yaml"
    return own if origin == policy.id else _base_path(own, origin)


def policy_ids() -> list[str]:
    return sorted(p.stem for p in POLICY_DIR.glob("*.yaml"))


@functools.cache
def load_policy(policy_id: str) -> Policy:
    """The shipped policy with this id."""
    path = POLICY_DIR / f"{policy_id}.yaml"
    if policy_id not in policy_ids():
        known = ", ".join(policy_ids())
        raise PolicyError(f"unknown policy {policy_id!r}; known: {known}")
    return load_policy_file(path)


def all_policies() -> list[Policy]:
    return [load_policy(i) for i in policy_ids()]
