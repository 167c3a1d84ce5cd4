"""Options every command takes (--db, --reviewer) and the exit codes."""

from __future__ import annotations

import os
from typing import Any, Callable

import click

from models.user_config import read_config

EXIT_PROBLEM_FOUND = 1
EXIT_USAGE = 2


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --reviewer, accepted on the group and after any subcommand."""
    command = click.option(
        "--reviewer", metavar="NAME", default=None,
        help="Who is working (env EVIDESK_REVIEWER, or reviewer in config.toml; default: the OS user name).",
    )(command)
    return click.option(
        "--db", metavar="PATH_OR_URL", default=None,
        help="SQLite file or database URL (env EVIDESK_DB, or db in config.toml; default: evidesk.db in "
             "the user data folder).",
    )(command)


def settings(db: str | None, reviewer: str | None, *, config_db: bool = True) -> tuple[str | None, str | None]:
    """The subcommand's value, else the group's, else the environment's, else the config file's
    (its database only when `config_db`: the demo never fills the desk's own database)."""
    parent = click.get_current_context().find_root().params
    config = read_config()
    return (
        db or parent.get("db") or os.environ.get("EVIDESK_DB") or (config.get("db") if config_db else None) or None,
        reviewer or parent.get("reviewer") or os.environ.get("EVIDESK_REVIEWER") or config.get("reviewer") or None,
    )


def inbox_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--inbox, on the group and on `demo`: the folder watched while the workstation runs."""
    return click.option(
        "--inbox", metavar="DIR", default=None,
        help="Folder watched for files to import while the workstation runs; imported files move to its "
             "done/ or failed/ (env EVIDESK_INBOX; default: inbox in the user data folder, or beside "
             "the demo database).",
    )(command)


def inbox_setting(inbox: str | None) -> str | None:
    """The subcommand's --inbox, else the group's, else $EVIDESK_INBOX, else the config file's."""
    parent = click.get_current_context().find_root().params
    return inbox or parent.get("inbox") or os.environ.get("EVIDESK_INBOX") or read_config().get("inbox") or None


def open_desk(db: str | None, reviewer: str | None):
    """The desk a command works on: the database and who is working (created on first use)."""
    from models.desk import Desk

    return Desk.open(*settings(db, reviewer))


def open_engine(db: str | None):
    """The database alone, for reports: reading adds no reviewer to it."""
    from models.database import open_database

    return open_database(settings(db, None)[0])
