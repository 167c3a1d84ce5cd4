"""`evidesk import`: files of claims and evidence into the database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from models.errors import EvideskError
from models.text import visible
from tui.commands.options import EXIT_PROBLEM_FOUND, common_options, settings

SHOWN_REJECTS = 20


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    from models.ingest.csv_reader import FIELDS

    mapping = {}
    for pair in pairs:
        column, sep, field = pair.partition("=")
        if not sep or not column.strip() or not field.strip():
            raise click.BadParameter(f"{pair!r} is not COLUMN=FIELD", param_hint="--map")
        if field.strip() not in FIELDS:
            raise click.BadParameter(f"{field.strip()!r} is not a field (one of: {', '.join(sorted(FIELDS))})",
                                     param_hint="--map")
        mapping[column.strip()] = field.strip()
    return mapping


def _rejects_path(name: str, chosen: str | None) -> Path:
    if chosen:
        return Path(chosen)
    return Path("evidesk-stdin.rejects.jsonl") if name == "-" else Path(f"{name}.rejects.jsonl")


@click.command(name="import")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "fmt", type=click.Choice(["auto", "jsonl", "csv", "claimreview"]), default="auto",
              show_default=True, help="Input format; auto tells by the file name and its first bytes.")
@click.option("--map", "pairs", multiple=True, metavar="COLUMN=FIELD",
              help="Read a CSV column as an evidesk field (repeatable), e.g. --map link=url.")
@click.option("--claim", metavar="ID", help="Link evidence that names no claim to this claim (its id or #number).")
@click.option("--rejects", "rejects_to", metavar="PATH",
              help="Where refused rows go, as JSONL (default: FILE.rejects.jsonl beside each file).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary object.")
@common_options
def import_command(files: tuple[str, ...], fmt: str, pairs: tuple[str, ...], claim: str | None,
                   rejects_to: str | None, as_json: bool, db: str | None, reviewer: str | None) -> None:
    """Import claims and evidence: evidesk JSONL v1, CSV or ClaimReview JSON-LD ('-' reads stdin).

    Every good row goes in; refused rows go to the rejects file and the exit
    code is 1. Each file is one transaction: interrupted, nothing of it stays,
    and running the same command again completes it.
    """
    from sqlalchemy.exc import DBAPIError

    from models.database import database_problem
    from models.desk import Desk
    from models.ingest.importer import ImportOptions, ImportSummary, import_stream
    from models.ingest.rejects import RejectsFile
    from tui.commands.progress import import_progress

    mapping = _mapping(pairs)
    for name in files:
        if name != "-" and not Path(name).is_file():
            raise EvideskError(f"cannot read {name}: " + ("it is a folder" if Path(name).is_dir() else "no such file"))
    desk = Desk.open(*settings(db, reviewer))
    summary, written = ImportSummary(), []
    for name in files:
        rejects = RejectsFile(_rejects_path(name, rejects_to), fresh=not (rejects_to and written))
        stream = sys.stdin.buffer if name == "-" else open(name, "rb")
        try:
            with import_progress(name, stream, enabled=sys.stderr.isatty() and not as_json) as progress:
                options = ImportOptions(fmt=fmt, mapping=mapping, claim=claim, on_reject=rejects.write,
                                        progress=progress, parallel=True)
                import_stream(desk.engine, desk.reviewer, stream, "<stdin>" if name == "-" else name,
                              base_dir=Path.cwd() if name == "-" else Path(name).parent, options=options,
                              summary=summary)
        except DBAPIError as error:
            raise database_problem(error, f"cannot import {name}") from None
        finally:
            rejects.close()
            if stream is not sys.stdin.buffer:
                stream.close()
        if rejects.count:
            written.append(rejects.path)
    _report(summary, written, as_json)
    if summary.rejected:
        sys.exit(EXIT_PROBLEM_FOUND)


def _report(summary, written: list[Path], as_json: bool) -> None:
    for reject in summary.rejects[:SHOWN_REJECTS]:
        click.echo(visible(str(reject), single_line=True), err=True)  # a reason may quote the row
    if summary.rejected > SHOWN_REJECTS:
        click.echo(f"… and {summary.rejected - SHOWN_REJECTS} more", err=True)
    if written:
        click.echo(f"rejected rows written to {', '.join(map(str, dict.fromkeys(written)))}", err=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict()))
        return
    counts = summary.as_dict()
    click.echo(
        f"{counts['files']} file(s): {counts['claims_new']} new claim(s), {counts['evidence_new']} new evidence "
        f"item(s), {counts['duplicates']} duplicate(s), {counts['near_duplicates']} near duplicate(s), "
        f"{counts['unchanged']} already present, {counts['rejected']} rejected, in {counts['seconds']:.1f} s"
        + (f"; {counts['decisions']} decision(s) from an export" if counts.get("decisions") else "")
    )
