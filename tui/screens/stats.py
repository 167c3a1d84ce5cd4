"""The stats screen (`T`): per reviewer, a sparkline of their decisions per hour over
the last 24 hours with its total, all their decisions and the median seconds per
decision; the items by outcome and the decided items by stance as bars; agreement
between reviewers (pairwise Cohen's kappa, Krippendorff's alpha on stance); a progress
bar per claim, the ones with most pending first. The same figures as `evidesk stats`.

The figures are counted in a worker thread (on a desk of 100k items and 50k decisions
they take a few hundred milliseconds), again whenever the database changes: the screen
polls the same cheap change marker as the review screen's view of other reviewers.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from sqlalchemy.exc import DBAPIError
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from models.changes import ChangeWatch
from models.desk import Desk
from models.errors import EvideskError
from models.stats import NO_STANCE, DeskStats, desk_stats, hour_floor
from tui.format import OUTCOME_MARK, OUTCOME_STYLE, STANCE_MARK
from tui.screens.others_changes import CHANGE_POLL_SECONDS
from tui.widgets import charts

SHOWN_CLAIMS = 500
STANCE_STYLE = {NO_STANCE: "$text-muted"}  # the stances themselves in the theme's primary colour
PROBLEMS = (EvideskError, DBAPIError, sqlite3.Error)


def _plain(text: str, **kwargs) -> Static:
    return Static(Content(text), markup=False, **kwargs)


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape,T", "app.pop_screen", "Back", id="stats.close", tooltip="Back to the review screen")]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.figures: DeskStats | None = None
        self._watch: ChangeWatch | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield _plain("Counting…", id="stats-updated")
            yield _plain("Decisions per reviewer", id="stats-reviewers-heading", classes="stats-heading")
            yield _plain("", id="stats-reviewers", classes="stats-chart")
            yield _plain("Outcomes", id="stats-outcomes-heading", classes="stats-heading")
            yield _plain("", id="stats-outcomes", classes="stats-chart")
            yield _plain("Stances", id="stats-stances-heading", classes="stats-heading")
            yield _plain("", id="stats-stances", classes="stats-chart")
            yield _plain("Agreement on items both decided (Cohen's kappa)", classes="stats-heading")
            yield _plain("", id="stats-pairs", classes="stats-chart")
            yield _plain("", id="stats-alpha")
            yield _plain("Progress per claim", id="stats-claims-heading", classes="stats-heading")
            yield _plain("", id="stats-claims", classes="stats-chart")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#stats").loading = True
        self._watch = ChangeWatch(self.desk.engine, None)  # every writer's changes count, one's own too
        self.set_interval(CHANGE_POLL_SECONDS, self._poll, name="stats-poll")
        self.recount()

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.close()

    def _poll(self) -> None:
        """Count again when someone committed a change the figures show, or a new hour began."""
        try:
            changed = bool(self._watch.changes())
        except PROBLEMS:
            return  # busy or gone for a moment: the next poll tries again
        shown = self.figures
        hour_began = shown is not None and hour_floor(datetime.now().astimezone()) != shown.hourly.hour_starts()[-1]
        if changed or hour_began:
            self.recount()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def recount(self) -> None:
        """Count the figures off the screen's thread; the newest count wins."""
        worker = get_current_worker()
        try:
            figures = desk_stats(self.desk.engine, claims_limit=SHOWN_CLAIMS)
        except PROBLEMS as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, (str(error).strip().splitlines() or ["?"])[0])
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_figures, figures)

    def _failed(self, reason: str) -> None:
        self.query_one("#stats").loading = False
        self.query_one("#stats-updated", Static).update(
            Content.styled(f"Could not count the figures: {reason}", "$text-error"))

    def show_figures(self, figures: DeskStats) -> None:
        if not self.is_attached:
            return
        self.figures = figures
        hourly = figures.hourly
        self.query_one("#stats").loading = False
        self.query_one("#stats-updated", Static).update(Content.styled(
            f"Updated {datetime.now():%H:%M:%S}; counted again as decisions land.", "$text-muted"))
        self.query_one("#stats-reviewers-heading", Static).update(Content(
            f"Decisions per reviewer, hour by hour since {hourly.start:%H:%M} ({charts.zone_label(hourly.start)})"))
        self.query_one("#stats-reviewers", Static).update(charts.reviewer_lines(figures.reviewers, hourly))
        items = sum(figures.outcomes.values())
        self.query_one("#stats-outcomes-heading", Static).update(Content(f"Outcomes of the {items:,} items"))
        self.query_one("#stats-outcomes", Static).update(
            charts.share_bars(figures.outcomes, OUTCOME_MARK, OUTCOME_STYLE))
        decided = sum(figures.stances.values())
        self.query_one("#stats-stances-heading", Static).update(Content(f"Stance of the {decided:,} decided items"))
        self.query_one("#stats-stances", Static).update(
            charts.share_bars(figures.stances, {**STANCE_MARK, NO_STANCE: "·"}, STANCE_STYLE))
        self.query_one("#stats-pairs", Static).update(charts.pair_lines(figures.pairs))
        self.query_one("#stats-alpha", Static).update(Content(
            f"Krippendorff's alpha on stance: {charts.figure(figures.stance_alpha)} "
            f"({figures.stance_items} items with two stances or more)"))
        shown = "" if figures.claim_count <= len(figures.claims) else (
            f": the {len(figures.claims):,} of {figures.claim_count:,} with most pending")
        self.query_one("#stats-claims-heading", Static).update(Content(
            f"Progress per claim (decided of all items), most pending first{shown}"))
        self.query_one("#stats-claims", Static).update(charts.claim_lines(figures.claims))
