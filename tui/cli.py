"""The `evidesk` command line.

Imports stay light here: textual and the database layer load only inside
the commands that need them, so `evidesk --help` answers at once. Errors
are one line on stderr with exit code 2 (bad usage or unreadable input);
1 means the work ran but found a problem (such as rejected rows).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from models.errors import EvideskError
from models.version import __version__
from tui.commands.audit import audit_command
from tui.commands.config import config_command
from tui.commands.db import db_command
from tui.commands.export import export_command
from tui.commands.importing import import_command
from tui.commands.options import (
    EXIT_USAGE,
    common_options,
    inbox_option,
    inbox_setting,
    settings,
)
from tui.commands.reviewers import reviewer_command
from tui.commands.serve import serve_command
from tui.commands.stats import stats_command
from tui.commands.upkeep import backup_command, check_command
from tui.commands.views import view_command


def _run_tui(db: str | None, reviewer: str | None, inbox: str | Path | None, *, watch_inbox: bool = True) -> None:
    from models.ingest.folders import default_inbox_folder
    from tui.app import EvideskApp

    app = EvideskApp(db, reviewer, inbox=(inbox or default_inbox_folder()) if watch_inbox else None)
    app.run()
    if app.stopped_by is not None:
        raise app.stopped_by


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="evidesk", message="%(prog)s %(version)s")
@common_options
@inbox_option
@click.option("--no-inbox", is_flag=True, help="Watch no inbox folder (each browser tab of `evidesk serve` runs so).")
@click.pass_context
def cli(ctx: click.Context, db: str | None, reviewer: str | None, inbox: str | None, no_inbox: bool) -> None:
    """evidesk: triage evidence against claims, one keystroke per decision.

    With no command, opens the review workstation on the database.
    """
    if ctx.invoked_subcommand is None:
        _run_tui(*settings(db, reviewer), inbox_setting(inbox), watch_inbox=not no_inbox)


@cli.command()
@common_options
@inbox_option
def demo(db: str | None, reviewer: str | None, inbox: str | None) -> None:
    """Open the workstation on a database filled with the demo data set.

    Without --db, a new temporary file is used; with --db, the demo data is
    added to that database (importing it again changes nothing).
    """
    from fixtures import DEMO_JSONL
    from models.desk import Desk

    db, reviewer = settings(db, reviewer, config_db=False)
    if db is None:
        db = str(Path(tempfile.mkdtemp(prefix="evidesk-demo-")) / "demo.db")
    desk = Desk.open(db, reviewer)
    desk.import_file(DEMO_JSONL)
    desk.engine.dispose()
    beside = Path(db).expanduser().resolve().parent / "inbox" if "://" not in db else None
    _run_tui(db, reviewer, inbox_setting(inbox) or beside)
    click.echo(f"The demo database stays at {db}", err=True)


cli.add_command(import_command)
cli.add_command(view_command)
cli.add_command(audit_command)
cli.add_command(reviewer_command)
cli.add_command(stats_command)
cli.add_command(config_command)
cli.add_command(export_command)
cli.add_command(db_command)
cli.add_command(backup_command)
cli.add_command(check_command)
cli.add_command(serve_command)


def _say(problem: str) -> None:
    """One line on stderr; file names and values in it may come from outside, so controls are shown."""
    from models.text import visible

    click.echo(f"evidesk: {visible(problem, single_line=True)}", err=True)


def _database_problem(error: Exception):
    """A driver error that escaped a command (a damaged, read-only, full or locked
    database) as one line; None for anything else, which is a bug to show in full."""
    exc = sys.modules.get("sqlalchemy.exc")
    if exc is None or not isinstance(error, exc.DBAPIError):
        return None
    from models.database import database_problem

    return database_problem(error, "database error")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user mistakes into one line and an exit code."""
    try:
        result = cli.main(args=argv, prog_name="evidesk", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else str(error))
        sys.exit(EXIT_USAGE)
    except click.ClickException as error:
        _say(error.format_message())
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("evidesk: aborted", err=True)
        sys.exit(130)
    except EvideskError as error:
        _say(str(error))
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if (problem := _database_problem(error)) is None:
            raise
        _say(str(problem))
        sys.exit(problem.exit_code)
    sys.exit(result if isinstance(result, int) else 0)
