"""Shared fixtures: a fresh database on each backend (a SQLite file; a schema of its own
on the PostgreSQL server EVIDESK_TEST_PG names, when one is given), a Desk on the demo
data, a JSONL writer, and plain SQL on either backend."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtures import DEMO_JSONL
from models.desk import Desk


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch, tmp_path_factory) -> None:
    """The machine's own evidesk config file and remembered theme never reach a test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("EVIDESK_CONFIG", raising=False)


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


PG_URL = os.environ.get("EVIDESK_TEST_PG", "")
NO_PG = "no PostgreSQL server: EVIDESK_TEST_PG names none (.ci/run starts one and sets it)"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, db_path: Path) -> Iterator[str]:
    """A new, empty database on each backend, as the path or URL evidesk opens."""
    if request.param == "sqlite":
        yield str(db_path)
        return
    if not PG_URL:
        pytest.skip(NO_PG)
    import psycopg
    from sqlalchemy.engine import make_url

    schema = f"test_{uuid.uuid4().hex[:16]}"
    server = make_url(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = psycopg.connect(server.set(drivername="postgresql").render_as_string(hide_password=False),
                            autocommit=True)
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield server.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def sql(target, statement: str, *params: object) -> list[tuple]:
    """The rows of one SQL statement (`?` placeholders) on a Desk's or an engine's database.
    JSON columns come back as text on SQLite and parsed on PostgreSQL: `as_json` reads both."""
    engine = getattr(target, "engine", target)
    if engine.dialect.name == "postgresql":
        statement = statement.replace("%", "%%").replace("?", "%s")
    with engine.begin() as conn:
        result = conn.exec_driver_sql(statement, tuple(params))
        return [tuple(row) for row in result.all()] if result.returns_rows else []


def location(target) -> str:
    """The --db argument naming a Desk's or an engine's database."""
    url = getattr(target, "engine", target).url
    return str(url.database) if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)


def as_json(value):
    return json.loads(value) if isinstance(value, (str, bytes)) else value


@pytest.fixture
def desk(database: str) -> Iterator[Desk]:
    """Reviewer "ana" (the first reviewer, so a supervisor) on a database holding the demo data."""
    opened = Desk.open(database, "ana")
    summary = opened.import_file(DEMO_JSONL)
    assert not summary.rejects, summary.rejects
    yield opened
    opened.engine.dispose()
