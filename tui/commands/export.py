"""`evidesk export`: a reviewed set as JSONL, CSV, ClaimReview JSON-LD or a Markdown
report, to stdout or a file with its manifest; `evidesk export verify FILE`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tui.commands.options import EXIT_PROBLEM_FOUND, open_desk

FORMATS = ("jsonl", "csv", "claimreview", "markdown")


def filter_text(claim: str | None, outcome: tuple[str, ...], stance: tuple[str, ...], reviewer: tuple[str, ...],
                since: str | None, until: str | None, tag: tuple[str, ...], typed: str) -> str:
    """The options as one filter in the queue's language (models.filters)."""
    terms = [f"claim:{claim}"] if claim else []
    for field, values in (("outcome", outcome), ("stance", stance), ("by", reviewer), ("tag", tag)):
        if values:
            terms.append(f"{field}:{','.join(values)}")
    terms += [f"since:{since}"] if since else []
    terms += [f"until:{until}"] if until else []
    return " ".join([*terms, typed]).strip()


@click.group(name="export", invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="What to write.")
@click.option("--out", metavar="PATH", default="-", show_default=True,
              help="The file to write (with PATH.manifest.json beside it); - is stdout.")
@click.option("--claim", metavar="ID", help="Only this claim's items (a number, or inbox).")
@click.option("--outcome", multiple=True, metavar="OUTCOME", help="pending, decided, accepted, rejected, duplicate, escalated.")
@click.option("--stance", multiple=True, metavar="STANCE", help="supports, refutes, context, irrelevant or none.")
@click.option("--reviewer", "decided_by", multiple=True, metavar="NAME", help="Only items this reviewer decided.")
@click.option("--since", metavar="TIME", help="Decided from this time: 24h, 7d, today, 2026-11-02.")
@click.option("--until", metavar="TIME", help="Decided before this time (a date includes its whole day).")
@click.option("--tag", multiple=True, metavar="TAG", help="Only claims with this tag.")
@click.option("--resolved-only", is_flag=True, help="Only claims resolved with a verdict, and their items.")
@click.option("--filter", "typed", default="", metavar="FILTER", help="A filter as typed in the queue (f).")
@click.option("--search", default="", metavar="WORDS", help="Only items whose text holds these words (as /).")
@click.option("--db", metavar="PATH_OR_URL", default=None, help="SQLite file or database URL (env EVIDESK_DB).")
@click.pass_context
def export_command(ctx: click.Context, fmt: str | None, out: str, claim: str | None, outcome: tuple[str, ...],
                   stance: tuple[str, ...], decided_by: tuple[str, ...], since: str | None, until: str | None,
                   tag: tuple[str, ...], resolved_only: bool, typed: str, search: str, db: str | None) -> int:
    """Write the items a filter selects, with their claims and decisions, in a format other
    tools read. The same filter gives the same rows as the workstation's view, byte for byte
    the same output on the same database. The export is an audit event.

    Who exports is the --reviewer given before `export` (or EVIDESK_REVIEWER); --reviewer
    after it filters by decider."""
    if ctx.invoked_subcommand is not None:
        return 0
    if fmt is None:
        raise click.UsageError("--format is required: jsonl, csv, claimreview or markdown")
    from models.export.runner import ExportProblem, run_export
    from models.export.selection import selection_of
    from models.views import unknown_reviewers

    desk = open_desk(db, None)
    selection = selection_of(filter_text(claim, outcome, stance, decided_by, since, until, tag, typed),
                             search=search, resolved_only=resolved_only, me=desk.reviewer.name)
    unknown_reviewers(desk.engine, selection.view)
    path = None if out == "-" else Path(out)
    try:
        result = run_export(desk.engine, desk.reviewer, fmt, selection, path, stdout=sys.stdout.buffer)
    except ExportProblem as problem:
        for line in problem.problems:
            click.echo(f"evidesk: {line}", err=True)
        click.echo(f"evidesk: nothing written: {len(problem.problems)} problem(s)", err=True)
        return EXIT_PROBLEM_FOUND
    for warning in result.warnings:
        click.echo(f"evidesk: warning: {warning}", err=True)
    if path is not None:
        counts = ", ".join(f"{value:,} {key}" for key, value in result.counts.items())
        click.echo(f"exported {counts} to {path} (SHA-256 {result.sha256}); manifest {result.manifest.name}")
    return 0


@export_command.command(name="verify")
@click.argument("file", type=click.Path(path_type=Path))
def verify(file: Path) -> int:
    """Check FILE against FILE.manifest.json: exit 0 when it holds exactly the bytes
    exported, 1 when it was changed. `evidesk audit verify --manifest` checks the
    manifest's audit head against the database."""
    from models.export.manifest import verify_export

    check = verify_export(file)
    if not check.intact:
        click.echo(f"evidesk: {check.problem}", err=True)
        return EXIT_PROBLEM_FOUND
    data = check.manifest
    click.echo(f"{file} matches its manifest: {data['format']}, {data['bytes']:,} bytes, SHA-256 {data['sha256']}, "
               f"exported by {data.get('created_by')} at {data.get('created_at')}, audit head {data.get('audit_head')}")
    return 0
