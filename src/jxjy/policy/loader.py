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


def load_policy_file(path: Path) -> Policy:
    """Read and validate one policy file; any problem raises `PolicyError` naming the file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except (OSError, ValueError, yaml.YAMLError) as exc:  # ValueError: an impossible date
        raise PolicyError(f"{path.name}: {exc}") from exc
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(f"{path.name}: {exc}") from exc
    if path.parent == POLICY_DIR and policy.id != path.stem:
        raise PolicyError(f"{path.name}: id {policy.id!r} must match the file name")
    return policy


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
