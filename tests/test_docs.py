"""Docs that stay true: every path `docs/architecture.md` names exists; every code the API
answers with is documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_path_in_the_architecture_page_exists() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    paths = [p for p in re.findall(r"`([^`\s]+)`", text) if "/" in p and not p.startswith("../")]
    assert len(paths) > 10
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert missing == []


def test_readme_links_to_existing_docs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(((?:docs|bench|examples)/[^)#]+)\)", text)
    assert links
    assert [link for link in links if not (ROOT / link).exists()] == []


def _refusal_codes() -> set[str]:
    """The codes the training services refuse with: the first argument of every
    `TrainingRefused(...)`, the second of every `LineProblem(...)`, and what is assigned to
    `code`, where it is a literal."""
    source = (ROOT / "src" / "jxjy" / "training" / "services.py").read_text(encoding="utf-8")
    found: list[ast.expr] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            position = {"TrainingRefused": 0, "LineProblem": 1}.get(node.func.id)
            if position is not None and len(node.args) > position:
                found.append(node.args[position])
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
            if isinstance(target, ast.Name) and target.id == "code":
                found.append(value)
            elif isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
                names = [t.id if isinstance(t, ast.Name) else "" for t in target.elts]
                if "code" in names:
                    found.append(value.elts[names.index("code")])
    return {e.value for e in found if isinstance(e, ast.Constant) and isinstance(e.value, str)}


def test_every_training_refusal_code_is_documented() -> None:
    """An API client tells refusals apart by code: docs/api.md lists every one."""
    codes = _refusal_codes()
    assert {"invalid", "enrolment_closed", "wrong_code", "unknown_person"} <= codes
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert sorted(c for c in codes if f"`{c}`" not in text) == []
