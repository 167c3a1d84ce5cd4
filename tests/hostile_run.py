"""The hostile corpus through the command line: the corpus imported once, the command
line run in-process, and reading back what the database and the exports hold."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from apptools import rows
from hostile import (
    FORMULA_STARTS,
    write_jsonl,
)

from models.text import visible
from tui.cli import main

PUBLISHER = {"publisher.name": "Desk Fact Check", "publisher.url": "https://desk.example.org",
             "publisher.review_url": "https://desk.example.org/checks/{id}",
             "rating.scale": "accurate=5,mostly_accurate=4,mixed=3,misleading=2,mostly_false=2,false=1,unverifiable="}


def evidesk(capsys, *args: str) -> tuple[int, str, str]:
    """The command line in this process, as ana: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exited:
        main(["--reviewer", "ana", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return exited.value.code, out, err


def read_jsonl(path: Path) -> list[dict]:
    """Lines end at a newline only: C1 controls (NEL) and U+2028 stay raw inside the strings."""
    return [json.loads(line) for line in path.read_text("utf-8").split("\n") if line]


def one_line(text: str) -> str:
    return visible(text, single_line=True)


def copy_of(db: Path, to: Path) -> Path:
    with sqlite3.connect(db) as source, sqlite3.connect(to) as copy:
        source.backup(copy)
    return to


def items(db: Path) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in rows(db, "SELECT ext_id, text, source, url, provenance, note, outcome, stance "
                                               "FROM evidence")}


def claims(db: Path) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in rows(db, "SELECT ext_id, text, claimant, verdict, rationale FROM claim")}


def import_corpus(folder: Path) -> tuple[Path, tuple[int, str, str]]:
    """The corpus imported through the command line: (the database, (exit code, stdout, stderr))."""
    source = write_jsonl(folder / "corpus.jsonl")
    db = folder / "corpus.db"
    result = subprocess.run([sys.executable, "-m", "tui", "--reviewer", "ana", "import", source.name, "--db", str(db),
                             "--json"], capture_output=True, timeout=120, cwd=folder)
    return db, (result.returncode, result.stdout.decode(), result.stderr.decode())


def neutralised(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
