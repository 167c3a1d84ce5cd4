"""Opening a database from a path or URL, with the schema created on first open.

A plain path is a SQLite file (WAL, foreign keys on, a busy timeout, every
commit synced); a `postgresql://` URL is PostgreSQL. The schema version is
recorded in the `meta` table so that migrations can follow.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import event, inspect, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.schema import CreateIndex
from sqlmodel import Session, create_engine

from models import audit, migrate, search, tables
from models.errors import DatabaseProblem

SCHEMA_VERSION = 8  # = the newest migration's (models.migrate.HEAD)
BUSY_TIMEOUT_MS = 5000
ENV_DB = "EVIDESK_DB"


def default_database_path() -> Path:
    """`<user data dir>/evidesk.db` (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("evidesk", appauthor=False)) / "evidesk.db"


def resolve_database_url(db: str | os.PathLike[str] | None) -> str:
    """The SQLAlchemy URL for `db`, falling back to $EVIDESK_DB, then the default path."""
    chosen = os.fspath(db) if db is not None else os.environ.get(ENV_DB) or None
    if chosen is None:
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in chosen:
        return f"sqlite:///{Path(chosen).expanduser().resolve()}"
    if chosen.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL's default (NORMAL) may drop the last commits on power loss; a
    # decision shown as recorded must survive that too.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def open_database(db: str | os.PathLike[str] | None, *, check_schema: bool = True) -> Engine:
    """An engine on `db` with the schema in place (unless `check_schema` is False: for
    the migration commands), or a one-line DatabaseProblem."""
    url = resolve_database_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseProblem(f"not a database path or URL: {url}") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).parent
        if not folder.is_dir():
            raise DatabaseProblem(f"cannot create database {parsed.database}: folder {folder} does not exist")
    try:
        engine = create_engine(url)
    except Exception as error:  # a missing driver, a malformed URL
        raise DatabaseProblem(f"cannot open database {parsed.render_as_string()}: {error}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    try:
        if check_schema:
            ensure_schema(engine)
    except DBAPIError as error:
        engine.dispose()
        raise database_problem(error, f"cannot open database {parsed.render_as_string()}") from None
    return engine


def open_existing(db: str | os.PathLike[str] | None) -> Engine:
    """An engine on a database that must exist already, as it is: nothing created, no schema
    checked or upgraded (to examine a damaged or unfamiliar file)."""
    url = make_url(resolve_database_url(db))
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        raise DatabaseProblem(f"no database at {url.database}")
    engine = open_database(db, check_schema=False)
    try:
        with engine.connect() as conn:
            inspect(conn).get_table_names()
    except DBAPIError as error:
        engine.dispose()
        raise database_problem(error, f"cannot open database {url.render_as_string()}") from None
    return engine


def database_problem(error: DBAPIError, doing: str) -> DatabaseProblem:
    """One line for a driver error: what was being done and the driver's reason."""
    return DatabaseProblem(f"{doing}: {explained(driver_reason(error))}")


def driver_reason(error: Exception) -> str:
    """The first line of what the database driver said."""
    orig = getattr(error, "orig", None)
    return str(orig if orig is not None else error).splitlines()[0]


def explained(reason: str) -> str:
    """A driver's reason with what it means for the user, where that is known."""
    return reason + _HINTS.get(_kind(reason), "")


_HINTS = {
    "locked": f" (another program kept it busy for more than {BUSY_TIMEOUT_MS // 1000} s)",
    "readonly": " (the file or its folder cannot be written: check their permissions, or work on a copy)",
    "full": " (the disk is full, or a file-size limit is reached: nothing of this change was kept)",
    "malformed": " (the file is damaged: evidesk check tells more; restore the last backup)",
}


def _kind(reason: str) -> str:
    for kind, words in (("locked", ("locked",)), ("readonly", ("readonly", "read-only")),
                        ("full", ("disk is full", "disk i/o error")),
                        ("malformed", ("malformed", "not a database"))):
        if any(word in reason.lower() for word in words):
            return kind
    return ""


def require_writable(engine: Engine) -> None:
    """Refuse a SQLite file that reads but cannot take a change (its permissions, a
    read-only disk), before anyone makes a decision that could not be recorded."""
    if engine.dialect.name != "sqlite":
        return
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        version = cursor.execute("PRAGMA user_version").fetchone()[0]
        cursor.execute("BEGIN IMMEDIATE")
        try:
            cursor.execute(f"PRAGMA user_version = {int(version)}")  # a header write, rolled back
        finally:
            cursor.execute("ROLLBACK")
    except sqlite3.Error as error:
        raise DatabaseProblem(f"cannot work on {engine.url.database}: {explained(driver_reason(error))}") from None
    finally:
        connection.close()


def ensure_schema(engine: Engine, *, upgrade: bool = False) -> None:
    """Create the schema of a new database, or bring an older one up: a SQLite file at
    once, a shared server only when asked (`upgrade`, from `evidesk db upgrade`), since
    everyone on it must be running an evidesk that knows the new schema."""
    with engine.connect() as conn:
        existing = set(inspect(conn).get_table_names())
        revision = migrate.current_revision(conn) if existing else None
    if not existing:
        migrate.upgrade(engine)
        return
    if "meta" not in existing:
        raise DatabaseProblem(f"not an evidesk database (it has tables {', '.join(sorted(existing)[:3])}…)")
    if revision is None:  # from before migrations
        found = schema_version(engine)
        if found > SCHEMA_VERSION:
            raise _newer(found)
        if found < 6:
            _upgrade(engine, found)
        with engine.begin() as conn:
            revision = migrate.FIRST if found <= 6 else f"{found:04d}"
            migrate.stamp(conn, revision)
    if not revision.isdigit() or migrate.schema_number(revision) > SCHEMA_VERSION:
        raise _newer(revision)
    if revision == migrate.HEAD:
        return
    if upgrade or engine.dialect.name == "sqlite":
        migrate.upgrade(engine)
        return
    raise DatabaseProblem(
        f"the database is at schema {migrate.schema_number(revision)} and this evidesk uses {SCHEMA_VERSION}: "
        f"back it up, then run: evidesk db upgrade --db {engine.url.render_as_string()}")


def _newer(found: object) -> DatabaseProblem:
    return DatabaseProblem(f"database schema version {found} is newer than this evidesk knows ({SCHEMA_VERSION}); "
                           "upgrade evidesk")


def _upgrade(engine: Engine, found: int) -> None:
    """Bring a file from before migrations up to schema 6, in one transaction."""
    with engine.begin() as conn:
        if found < 2:
            search.install(conn)  # version 2: full-text search over evidence
        if found < 3:  # version 3: saved views, and indexes for filtered views and the claim list
            tables.SavedView.__table__.create(conn, checkfirst=True)
            for table, name in ((tables.Evidence, "ix_evidence_claim"), (tables.Claim, "ix_claim_order")):
                conn.execute(CreateIndex(_index(table, name), if_not_exists=True))
        if found < 4:  # version 4: the audit log's hash chain
            _add_columns(conn, "audit_event", {"prev_hash": "VARCHAR NOT NULL DEFAULT ''",
                                               "hash": "VARCHAR NOT NULL DEFAULT ''"})
            audit.rehash_all(conn)
        if found < 5:  # version 5: sealed claims, and the reason of an override
            _add_columns(conn, "claim", {"sealed": "BOOLEAN NOT NULL DEFAULT 0"})
            _add_columns(conn, "decision", {"reason": "VARCHAR NOT NULL DEFAULT ''"})
        if found < 6:  # version 6: second review, and proposed verdicts
            _add_columns(conn, "evidence", {"reviews": "INTEGER NOT NULL DEFAULT 0",
                                            "disputed": "BOOLEAN NOT NULL DEFAULT 0"})
            _add_columns(conn, "claim", {"proposed_verdict": "VARCHAR", "proposed_rationale": "VARCHAR NOT NULL DEFAULT ''",
                                         "proposed_by_id": "INTEGER REFERENCES reviewer (id)",
                                         "proposed_at": "DATETIME"})
            conn.execute(CreateIndex(_index(tables.Evidence, "ix_evidence_disputed"), if_not_exists=True))
        conn.execute(update(tables.Meta).where(tables.Meta.key == "schema_version").values(value="6"))


def _index(table, name: str):
    return next(index for index in table.__table__.indexes if index.name == name)


def _add_columns(conn, table: str, columns: dict[str, str]) -> None:
    present = {column["name"] for column in inspect(conn).get_columns(table)}
    for name, declaration in columns.items():
        if name not in present:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")


def schema_version(engine: Engine) -> int:
    """The schema version the database records; 0 for an empty one."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("meta"):
            return 0
    with Session(engine) as session:
        row = session.get(tables.Meta, "schema_version")
    return int(row.value) if row else 0
