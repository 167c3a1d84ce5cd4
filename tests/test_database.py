"""Opening SQLite databases: pragmas, schema creation and version, and one-line refusals."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from models import database
from models.database import BUSY_TIMEOUT_MS, ENV_DB, SCHEMA_VERSION, open_database, schema_version
from models.desk import Desk
from models.errors import DatabaseProblem
from models.tables import Claim, Meta


def pragma(engine, name: str):
    with engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_connection_pragmas(db_path: Path) -> None:
    engine = open_database(db_path)
    try:
        assert str(pragma(engine, "journal_mode")).lower() == "wal"
        assert pragma(engine, "foreign_keys") == 1
        assert pragma(engine, "busy_timeout") == BUSY_TIMEOUT_MS > 0
        assert pragma(engine, "synchronous") == 2  # FULL
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    engine = open_database(db_path)
    try:
        with engine.connect() as connection, pytest.raises(IntegrityError, match="FOREIGN KEY"):
            connection.exec_driver_sql("INSERT INTO evidence (claim_id, kind, source, url, text, provenance, "
                                       "content_sha256, dup_count, created_at, outcome, decided, note) "
                                       "VALUES (9999, 'other', '', '', 'x', '', '', 0, '2024-01-01', "
                                       "'pending', 0, '')")
    finally:
        engine.dispose()


def test_schema_created_on_first_open(db_path: Path) -> None:
    assert not db_path.exists()
    engine = open_database(db_path)
    try:
        assert db_path.is_file()
        assert schema_version(engine) == SCHEMA_VERSION
        names = {row[0] for row in sqlite3.connect(db_path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"meta", "reviewer", "claim", "evidence", "decision", "audit_event", "import_batch"} <= names
        row = sqlite3.connect(db_path).execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        assert row == (str(SCHEMA_VERSION),)
    finally:
        engine.dispose()


def test_reopening_keeps_data(db_path: Path) -> None:
    first = Desk.open(db_path, "ana")
    claim_id = first.add_claim("The moon is made of cheese.", claimant="A. Nonymous")
    first.engine.dispose()
    again = Desk.open(db_path, "ana")
    try:
        assert again.reviewer == first.reviewer
        assert again.claim(claim_id).text == "The moon is made of cheese."
        assert schema_version(again.engine) == SCHEMA_VERSION
        with Session(again.engine) as session:
            assert session.exec(select(func.count()).select_from(Meta)).one() == 1
            assert session.exec(select(func.count()).select_from(Claim)).one() == 1
    finally:
        again.engine.dispose()


def test_env_var_names_the_database_when_none_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv(ENV_DB, str(target))
    assert database.resolve_database_url(None) == f"sqlite:///{target.resolve()}"
    engine = open_database(None)
    try:
        assert Path(engine.url.database) == target.resolve()
        assert target.is_file()
        assert schema_version(engine) == SCHEMA_VERSION
    finally:
        engine.dispose()


def test_explicit_path_wins_over_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DB, str(tmp_path / "env.db"))
    engine = open_database(tmp_path / "explicit.db")
    engine.dispose()
    assert (tmp_path / "explicit.db").is_file()
    assert not (tmp_path / "env.db").exists()


@pytest.mark.parametrize("newer", [
    "UPDATE alembic_version SET version_num = '{next:04d}'",  # a later migration
    "DROP TABLE alembic_version; UPDATE meta SET value = '{next}' WHERE key = 'schema_version'",  # a later schema
])
def test_newer_schema_version_is_refused(db_path: Path, newer: str) -> None:
    open_database(db_path).dispose()
    with sqlite3.connect(db_path) as connection:
        connection.executescript(newer.format(next=SCHEMA_VERSION + 1))
    connection.close()
    with pytest.raises(DatabaseProblem, match=f"schema version 0*{SCHEMA_VERSION + 1} is newer") as caught:
        open_database(db_path)
    assert "\n" not in str(caught.value)
    assert caught.value.exit_code == 2


def test_random_bytes_are_not_a_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    with pytest.raises(DatabaseProblem) as caught:
        open_database(junk)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert "not a database" in message
    assert caught.value.__suppress_context__  # raised `from None`: no chained traceback to print


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY)")
    connection.close()
    with pytest.raises(DatabaseProblem, match="not an evidesk database"):
        open_database(other)


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "evidesk.db"
    with pytest.raises(DatabaseProblem) as caught:
        open_database(target)
    assert "does not exist" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert not target.parent.exists()
