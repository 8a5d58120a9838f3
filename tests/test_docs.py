"""Docs that stay true: every path `docs/architecture.md` names exists."""

from __future__ import annotations

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
