"""Shared fixtures: a fresh SQLite file, a Desk on the demo data, a JSONL writer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtures import DEMO_JSONL
from models.desk import Desk


def write_jsonl(path: Path, rows: Iterable[dict[str, Any] | str | bytes]) -> Path:
    """Write one line per row: dicts as JSON, str/bytes as given (for bad lines)."""
    chunks = []
    for row in rows:
        if isinstance(row, bytes):
            chunks.append(row)
        elif isinstance(row, str):
            chunks.append(row.encode("utf-8"))
        else:
            chunks.append(json.dumps(row, ensure_ascii=False).encode("utf-8"))
    path.write_bytes(b"\n".join(chunks) + b"\n")
    return path


@pytest.fixture
def jsonl_file(tmp_path: Path) -> Callable[..., Path]:
    """A factory: jsonl_file(rows, name="input.jsonl") -> the written path under tmp_path."""

    def make(rows: Iterable[dict[str, Any] | str | bytes], name: str = "input.jsonl") -> Path:
        return write_jsonl(tmp_path / name, rows)

    return make


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a new SQLite database file (not yet created)."""
    return tmp_path / "evidesk.db"


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A database file holding the demo data, for the app to open."""
    path = tmp_path / "demo.db"
    opened = Desk.open(path, "ana")
    opened.import_file(DEMO_JSONL)
    opened.engine.dispose()
    return path


@pytest.fixture
def desk(db_path: Path) -> Iterator[Desk]:
    """Reviewer "ana" (the first reviewer, so a supervisor) on a database holding the demo data."""
    opened = Desk.open(db_path, "ana")
    summary = opened.import_file(DEMO_JSONL)
    assert not summary.rejects, summary.rejects
    yield opened
    opened.engine.dispose()
