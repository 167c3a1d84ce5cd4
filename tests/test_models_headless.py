"""models/ is the headless core: importing all of it must not pull in textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import models

PROJECT = Path(models.__file__).resolve().parent.parent
LISTED = [
    "models", "models.desk", "models.database", "models.triage", "models.claims", "models.queries",
    "models.ingest.importer", "models.ingest.loader", "models.ingest.claimreview", "models.text", "models.vocab", "models.records", "models.tables",
    "models.audit", "models.reviewers", "models.errors",
]

SCRIPT = """
import importlib, sys
names = sys.argv[1:]
for name in names:
    importlib.import_module(name)
missing = [name for name in names if name not in sys.modules]
assert not missing, missing
leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
assert not leaked, leaked
print("ok", len(names))
"""


def all_modules() -> list[str]:
    """The listed modules plus any module models/ gains later."""
    found = {f"models.{info.name}" for info in pkgutil.iter_modules([str(PROJECT / "models")])}
    return LISTED + sorted(found - set(LISTED))


def test_importing_every_models_module_leaves_textual_out() -> None:
    names = all_modules()
    assert set(LISTED) <= set(names)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, *names], capture_output=True, text=True, timeout=60, cwd=PROJECT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(names)}"


def test_the_check_would_see_textual() -> None:
    """Guard against a vacuous pass: the same script fails once textual is imported."""
    result = subprocess.run(
        [sys.executable, "-c", "import textual\n" + SCRIPT, "models"], capture_output=True, text=True,
        timeout=60, cwd=PROJECT,
    )
    assert result.returncode != 0
    assert "textual" in result.stderr
