"""Text charts for the stats screen, built as Content: horizontal bars, a progress bar
per claim, a sparkline per reviewer.

Every bar carries its word and its figures beside it, so colour is never the only
carrier of meaning; colours are theme variables. Outside text (names, claim
statements) goes in through `visible()` as plain text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from textual.content import Content

from models.stats import ClaimProgress, HourlyDecisions, PairAgreement, ReviewerFigures
from models.text import visible
from tui.format import clip

FULL, EMPTY = "█", "░"
SPARKS = "▁▂▃▄▅▆▇█"
BAR_WIDTH = 30
CLAIM_BAR_WIDTH = 20
CLAIM_TEXT_CHARS = 200  # the rest of the line is cut by the widget (text-overflow: ellipsis)


def figure(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else f"{'n/a':>6}"


def bar(part: int, whole: int, width: int) -> tuple[str, str]:
    """(filled, empty) cells of a bar `width` wide showing part/whole: any part shows at
    least one cell, and anything short of the whole leaves at least one cell empty."""
    if whole <= 0 or part <= 0:
        filled = 0
    else:
        filled = min(max(1, round(width * part / whole)), width if part >= whole else width - 1)
    return FULL * filled, EMPTY * (width - filled)


def sparkline(values: Sequence[int]) -> str:
    """One block per value, scaled to the largest: ▁ for none, any activity ▂ or higher."""
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    steps = len(SPARKS) - 2
    return "".join(SPARKS[0] if value <= 0 else SPARKS[1 + round(steps * value / top)] for value in values)


def share_bars(counts: dict[str, int], marks: dict[str, str], styles: dict[str, str]) -> Content:
    """One line per key: mark and word, bar, count, share of the total."""
    total = sum(counts.values())
    count_width = max(5, len(f"{max(counts.values(), default=0):,}"))
    lines = []
    for key, count in counts.items():
        filled, empty = bar(count, total, BAR_WIDTH)
        lines.append(Content.assemble(
            f"{marks.get(key, ' ')} {key:<11} ", (filled, styles.get(key, "$primary")), (empty, "$text-muted"),
            f" {count:>{count_width},} {percent(count, total)}"))
    return Content("\n").join(lines)


def hour_axis(hourly: HourlyDecisions) -> Content:
    """The hours under the sparklines, one label every six hours."""
    labels = "".join(f"{start:%H}h".ljust(6) for start in hourly.hour_starts()[::6])
    return Content.styled(labels[:hourly.hours], "$text-muted")


def reviewer_lines(reviewers: Sequence[ReviewerFigures], hourly: HourlyDecisions) -> Content:
    """Per reviewer: decisions per hour over the last hours, their total and the current
    hour's, all their decisions and the median seconds per decision, then the name (last,
    so that a long one is cut at the widget's edge rather than pushing the figures off)."""
    spark_width = hourly.hours
    heading = Content.styled(
        f"{'per hour, oldest first':<{spark_width}} {'24 h':>5} {'this hour':>9} {'decisions':>9} {'median s':>8}"
        "  reviewer", "bold")
    lines = [heading]
    for person in reviewers:
        counts = hourly.by_reviewer.get(person.name, [0] * hourly.hours)
        lines.append(Content.assemble(
            (sparkline(counts), "$accent"),
            f" {sum(counts):>5} {counts[-1] if counts else 0:>9} {person.decisions:>9} "
            f"{figure(person.median_seconds, 1):>8}  ", visible(person.name, single_line=True)))
    if not reviewers:
        lines.append(Content.styled("no reviewers yet", "$text-muted"))
    lines.append(hour_axis(hourly))
    return Content("\n").join(lines)


def pair_lines(pairs: Sequence[PairAgreement]) -> Content:
    if not pairs:
        return Content.styled("no two reviewers have decided yet", "$text-muted")
    heading = Content.styled(f"{'items':>7} {'kappa':>7}  reviewers", "bold")
    return Content("\n").join([heading, *(
        Content.assemble(f"{pair.items:>7} {figure(pair.kappa):>7}  ",
                         visible(f"{pair.first} × {pair.second}", single_line=True))
        for pair in pairs)])


def claim_lines(claims: Sequence[ClaimProgress]) -> Content:
    """Per claim: its number, a bar of decided against pending, decided/all and the share
    decided, then its statement (cut by the widget at its width)."""
    if not claims:
        return Content.styled("no claims yet", "$text-muted")
    largest = max(claim.pending + claim.decided for claim in claims)
    count_width = 2 * len(str(largest)) + 1
    labels = ["inbox" if claim.claim_id is None else f"#{claim.claim_id}" for claim in claims]
    label_width = max(len(label) for label in labels)
    lines = []
    for claim, label in zip(claims, labels):
        whole = claim.pending + claim.decided
        filled, empty = bar(claim.decided, whole, CLAIM_BAR_WIDTH)
        lines.append(Content.assemble(
            f"{label:<{label_width}}  ", (filled, "$primary"), (empty, "$text-muted"),
            f" {f'{claim.decided}/{whole}':>{count_width}} {percent(claim.decided, whole)}  ",
            clip(claim.text, CLAIM_TEXT_CHARS)))
    return Content("\n").join(lines)


def zone_label(moment: datetime) -> str:
    """'local time, UTC+02:00' for the time zone a moment is in."""
    offset = moment.strftime("%z")
    return f"local time, UTC{offset[:3]}:{offset[3:]}" if offset else "local time"
