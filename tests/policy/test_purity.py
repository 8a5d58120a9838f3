"""`jxjy.policy` is pure: no Django, no database, no network."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import jxjy.policy

FORBIDDEN = ("django", "psycopg", "sqlite3", "socket", "urllib", "http", "requests")


def test_policy_package_imports_nothing_forbidden() -> None:
    package = Path(jxjy.policy.__file__).parent
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


def test_importing_every_policy_module_loads_no_django() -> None:
    code = (
        "import pkgutil, sys, jxjy.policy as p\n"
        "for m in pkgutil.iter_modules(p.__path__): __import__(f'jxjy.policy.{m.name}')\n"
        "from jxjy.policy.loader import all_policies; all_policies()\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'django'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
