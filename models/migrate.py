"""Schema migrations: which revision a database is at, and bringing it to the newest
this evidesk knows (Alembic, with the revisions in models/migrations/versions)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

HEAD = "0008"  # the newest revision; tests check it against the scripts
FIRST = "0006"  # the first under migrations (schema 6)


def schema_number(revision: str) -> int:
    return int(revision)


def current_revision(conn: Connection) -> str | None:
    """The database's revision; None when it has none (new, or from before migrations)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _config(conn: Connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = conn
    return config


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run every migration the database lacks, in one transaction where the backend allows."""
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_config(conn), target)


def stamp(conn: Connection, revision: str) -> None:
    """Record that the database is at `revision` without running anything."""
    from alembic import command

    command.stamp(_config(conn), revision)


def script_head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config(None)).get_current_head()
