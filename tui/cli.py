"""The `evidesk` command line.

Imports stay light here: textual and the database layer load only inside
the commands that need them, so `evidesk --help` answers at once. Errors
are one line on stderr with exit code 2 (bad usage or unreadable input);
1 means the work ran but found a problem (such as rejected rows).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import click

from models.errors import EvideskError
from models.version import __version__

EXIT_PROBLEM_FOUND = 1
EXIT_USAGE = 2


def _common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --reviewer, accepted on the group and after any subcommand."""
    command = click.option(
        "--reviewer", metavar="NAME", default=None,
        help="Who is working (env EVIDESK_REVIEWER; default: the OS user name).",
    )(command)
    return click.option(
        "--db", metavar="PATH_OR_URL", default=None,
        help="SQLite file or database URL (env EVIDESK_DB; default: evidesk.db in the user data folder).",
    )(command)


def _settings(db: str | None, reviewer: str | None) -> tuple[str | None, str | None]:
    """The subcommand's value, else the group's, else the environment's."""
    import os

    parent = click.get_current_context().find_root().params
    return (
        db or parent.get("db") or os.environ.get("EVIDESK_DB") or None,
        reviewer or parent.get("reviewer") or os.environ.get("EVIDESK_REVIEWER") or None,
    )


def _run_tui(db: str | None, reviewer: str | None) -> None:
    from tui.app import EvideskApp

    EvideskApp(db, reviewer).run()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="evidesk", message="%(prog)s %(version)s")
@_common_options
@click.pass_context
def cli(ctx: click.Context, db: str | None, reviewer: str | None) -> None:
    """evidesk: triage evidence against claims, one keystroke per decision.

    With no command, opens the review workstation on the database.
    """
    if ctx.invoked_subcommand is None:
        _run_tui(*_settings(db, reviewer))


@cli.command()
@_common_options
def demo(db: str | None, reviewer: str | None) -> None:
    """Open the workstation on a database filled with the demo data set.

    Without --db, a new temporary file is used; with --db, the demo data is
    added to that database (importing it again changes nothing).
    """
    from fixtures import DEMO_JSONL
    from models.desk import Desk

    db, reviewer = _settings(db, reviewer)
    if db is None:
        db = str(Path(tempfile.mkdtemp(prefix="evidesk-demo-")) / "demo.db")
    desk = Desk.open(db, reviewer)
    desk.import_file(DEMO_JSONL)
    desk.engine.dispose()
    _run_tui(db, reviewer)
    click.echo(f"The demo database stays at {db}", err=True)


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary object.")
@_common_options
def import_(files: tuple[str, ...], as_json: bool, db: str | None, reviewer: str | None) -> None:
    """Import claims and evidence from evidesk JSONL v1 files ('-' reads stdin).

    Rejected lines are listed on stderr as FILE:LINE: reason and the exit
    code is 1; everything else is imported.
    """
    from models.desk import Desk
    from models.jsonl_import import ImportSummary, import_stream

    for name in files:
        if name != "-" and not Path(name).is_file():
            raise EvideskError(f"cannot read {name}: no such file")
    started = time.perf_counter()
    desk = Desk.open(*_settings(db, reviewer))
    summary = ImportSummary()
    for name in files:
        if name == "-":
            import_stream(desk.engine, desk.reviewer, sys.stdin.buffer, "<stdin>", summary)
        else:
            desk.import_file(name, summary)
    for reject in summary.rejects:
        click.echo(str(reject), err=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict() | {"seconds": round(time.perf_counter() - started, 3)}))
    else:
        counts = summary.as_dict()
        click.echo(
            f"{counts['files']} file(s): {counts['claims_new']} new claim(s), {counts['evidence_new']} new "
            f"evidence item(s), {counts['duplicates']} duplicate(s), {counts['unchanged']} already present, "
            f"{counts['rejected']} rejected"
        )
    if summary.rejects:
        sys.exit(EXIT_PROBLEM_FOUND)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user mistakes into one line and an exit code."""
    try:
        result = cli.main(args=argv, prog_name="evidesk", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else str(error))
        sys.exit(EXIT_USAGE)
    except click.ClickException as error:
        click.echo(f"evidesk: {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("evidesk: aborted", err=True)
        sys.exit(130)
    except EvideskError as error:
        click.echo(f"evidesk: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(result if isinstance(result, int) else 0)
