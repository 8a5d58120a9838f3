"""Wheel build hook: compile the policy engine's hot modules with mypyc (ADR 6).

A regular wheel (`pip install .`, `pip wheel .`) carries the modules below as C
extensions beside their sources; Python imports an extension before a `.py` file of the
same name. An editable install (`pip install -e .`, what development and the test script
use) stays pure Python, and nothing is ever compiled into the source tree, so an edited
module can never be shadowed by a stale build of it.

The compiling happens in a copy of the package in a temporary directory. It needs a C
compiler and the Python headers; `JXJY_PURE_PYTHON=1` builds a pure-Python wheel instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = Path("src")
# The modules a large `jxjy evaluate` spends its time in (bench/evaluate.py).
COMPILED = ("engine", "reading", "serialize", "batch")


class CompileEngine(BuildHookInterface):  # type: ignore[misc]  # Any without hatchling
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable" or os.environ.get("JXJY_PURE_PYTHON") == "1":
            return
        # Kept until the wheel is written: force_include reads the files then.
        workdir = Path(tempfile.mkdtemp(prefix="jxjy-mypyc-"))
        self._workdir = workdir
        source = Path(self.root) / PACKAGE
        shutil.copytree(
            source / "jxjy" / "policy",
            workdir / "jxjy" / "policy",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        shutil.copy2(source / "jxjy" / "__init__.py", workdir / "jxjy" / "__init__.py")
        modules = [f"jxjy/policy/{name}.py" for name in COMPILED]
        command = [sys.executable, "-m", "mypyc", "--ignore-missing-imports", *modules]
        done = subprocess.run(command, cwd=workdir, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                "mypyc could not compile the policy engine (set JXJY_PURE_PYTHON=1 for a"
                f" pure-Python wheel):\n{done.stdout}\n{done.stderr}"
            )
        built = [
            path
            for path in workdir.rglob("*")
            if path.suffix in (".so", ".pyd") and path.relative_to(workdir).parts[0] != "build"
        ]
        missing = [m for m in COMPILED if not any(p.name.startswith(f"{m}.") for p in built)]
        if missing:
            raise RuntimeError(f"mypyc did not build {missing}:\n{done.stdout}")
        for path in built:  # jxjy/policy/<module>.*.so, and mypyc's shared runtime at the top
            build_data["force_include"][str(path)] = str(path.relative_to(workdir))
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        workdir = getattr(self, "_workdir", None)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)
