"""`evidesk db current` and `evidesk db upgrade`: the database's schema migrations."""

from __future__ import annotations

import click

from tui.commands.options import settings


def _engine(db: str | None):
    from models.database import open_database

    return open_database(settings(db, None)[0], check_schema=False)


def _revision(engine) -> str | None:
    from models.migrate import current_revision

    with engine.connect() as conn:
        return current_revision(conn)


@click.group(name="db")
def db_command() -> None:
    """The database's schema: which migration it is at, and bringing it up to date."""


@db_command.command()
@click.option("--db", metavar="PATH_OR_URL", default=None, help="SQLite file or database URL (env EVIDESK_DB).")
def current(db: str | None) -> None:
    """Print the database's schema revision and whether this evidesk knows a newer one."""
    from models.database import schema_version
    from models.migrate import HEAD

    engine = _engine(db)
    revision = _revision(engine)
    if revision is None:
        found = schema_version(engine)
        state = "an empty database" if found == 0 else f"schema {found}, from before migrations"
        click.echo(f"{state}; this evidesk uses revision {HEAD}: evidesk db upgrade brings it there")
    elif revision == HEAD:
        click.echo(f"revision {revision} (schema {int(revision)}): up to date")
    elif not revision.isdigit() or int(revision) > int(HEAD):
        click.echo(f"revision {revision}: newer than this evidesk knows ({HEAD}); upgrade evidesk")
    else:
        click.echo(f"revision {revision}; this evidesk uses {HEAD}: evidesk db upgrade brings it there")


@db_command.command()
@click.option("--db", metavar="PATH_OR_URL", default=None, help="SQLite file or database URL (env EVIDESK_DB).")
def upgrade(db: str | None) -> None:
    """Run the migrations the database lacks (back it up first). On a shared server, every
    reviewer needs an evidesk that knows the new schema before they work on it again."""
    from models.database import ensure_schema

    engine = _engine(db)
    before = _revision(engine)
    ensure_schema(engine, upgrade=True)
    after = _revision(engine)
    click.echo(f"up to date at revision {after}" if before == after else
               f"upgraded from {'no revision' if before is None else 'revision ' + before} to revision {after}")
