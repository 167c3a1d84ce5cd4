"""`evidesk backup PATH` and `evidesk check`: a safe copy while in use, and a check that
everything agrees."""

from __future__ import annotations

from pathlib import Path

import click

from tui.commands.options import EXIT_PROBLEM_FOUND, open_engine, settings


@click.command(name="backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--db", metavar="PATH_OR_URL", default=None, help="SQLite file or database URL (env EVIDESK_DB).")
def backup_command(path: Path, db: str | None) -> None:
    """Copy the database to PATH (a new file) while reviewers work, with its captured files
    in PATH.files. A PostgreSQL server: the pg_dump command to use instead."""
    from models.upkeep import backup

    written = backup(open_engine(db), path)
    click.echo(f"backed up to {written}")


@click.command(name="check")
@click.option("--db", metavar="PATH_OR_URL", default=None, help="SQLite file or database URL (env EVIDESK_DB).")
def check_command(db: str | None) -> int:
    """Check the file's integrity, the search index, the items' states against their claims'
    counts, and the audit chain: exit 0 when all agree, 1 naming each problem."""
    from models.database import open_existing
    from models.upkeep import check

    findings = check(open_existing(settings(db, None)[0]))
    for finding in findings:
        shown = finding.problem or (f"not checked: {finding.skipped}" if finding.skipped else "ok")
        click.echo(f"{finding.check}: {shown}")
    return EXIT_PROBLEM_FOUND if any(finding.problem for finding in findings) else 0
