"""`evidesk stats`: throughput per reviewer (and hour by hour over the last 24 hours),
agreement between reviewers, the items by outcome and stance, progress per claim."""

from __future__ import annotations

import json

import click

from tui.commands.options import open_engine


def _figure(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


@click.command(name="stats")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--db", metavar="PATH_OR_URL", default=None, help="SQLite file or database URL (env EVIDESK_DB).")
def stats_command(as_json: bool, db: str | None) -> None:
    """Decisions and median seconds per decision for each reviewer; pairwise Cohen's kappa
    on the items two reviewers both decided; Krippendorff's alpha (nominal) on stance;
    items by outcome, decided items by stance; each reviewer's decisions per hour over
    the last 24 hours (local time); pending and decided items per claim."""
    from models.stats import desk_stats
    from models.text import visible

    figures = desk_stats(open_engine(db))
    if as_json:
        click.echo(json.dumps(figures.as_dict(), ensure_ascii=False, default=str))
        return
    click.echo("reviewer\tdecisions\tmedian s/decision")
    # Names and claim texts come from outside: their controls are shown, never sent.
    for person in figures.reviewers:
        name = visible(person.name, single_line=True)
        click.echo(f"{name}\t{person.decisions}\t{_figure(person.median_seconds, 1)}")
    click.echo("\nagreement\titems both decided\tCohen's kappa")
    for pair in figures.pairs:
        names = visible(f"{pair.first} × {pair.second}", single_line=True)
        click.echo(f"{names}\t{pair.items}\t{_figure(pair.kappa)}")
    click.echo(f"\nKrippendorff's alpha on stance: {_figure(figures.stance_alpha)} "
               f"({figures.stance_items} items with two stances or more)")
    for title, counts in (("outcome", figures.outcomes), ("stance (decided items)", figures.stances)):
        click.echo(f"\n{title}\titems\tshare")
        for key, count in counts.items():
            click.echo(f"{key}\t{count}\t{_share(count, sum(counts.values()))}")
    hourly = figures.hourly
    click.echo(f"\nreviewer\tlast 24 h\tthis hour\tper hour from {hourly.start:%Y-%m-%d %H:%M %z}, oldest first")
    for name, counts in hourly.by_reviewer.items():
        click.echo(f"{visible(name, single_line=True)}\t{sum(counts)}\t{counts[-1]}\t{' '.join(map(str, counts))}")
    click.echo("\nclaim\tpending\tdecided\ttext")
    for claim in figures.claims:
        click.echo(f"{'inbox' if claim.claim_id is None else claim.claim_id}\t{claim.pending}\t{claim.decided}\t"
                   f"{visible(' '.join(claim.text.split())[:80])}")
