"""The stats screen (`T`): per reviewer, decisions and median seconds per decision;
agreement between reviewers (pairwise Cohen's kappa, Krippendorff's alpha on
stance); progress per claim. The same figures as `evidesk stats`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from models.desk import Desk
from models.stats import desk_stats
from models.text import visible
from tui.format import clip

SHOWN_CLAIMS = 500


def _figure(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _table(table_id: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> DataTable:
    table = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
    table.add_columns(*columns)
    # Names and claim texts come from outside: plain Text, never markup, controls made visible.
    table.add_rows([tuple(Text(visible(cell, single_line=True)) for cell in row) for row in rows])
    return table


class StatsScreen(Screen[None]):
    BINDINGS = [Binding("escape,T", "app.pop_screen", "Back", id="stats.close", tooltip="Back to the review screen")]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.figures = desk_stats(desk.engine)

    def compose(self) -> ComposeResult:
        figures = self.figures
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static("Reviewers", classes="stats-heading")
            yield _table("stats-reviewers", ("reviewer", "decisions", "median s / decision"),
                         [(r.name, str(r.decisions), _figure(r.median_seconds, 1)) for r in figures.reviewers])
            yield Static("Agreement on items both decided (Cohen's kappa)", classes="stats-heading")
            yield _table("stats-pairs", ("reviewers", "items", "kappa"),
                         [(f"{p.first} × {p.second}", str(p.items), _figure(p.kappa)) for p in figures.pairs])
            yield Static(f"Krippendorff's alpha on stance: {_figure(figures.stance_alpha)} "
                         f"({figures.stance_items} items with two stances or more)", id="stats-alpha", markup=False)
            claims = sorted(figures.claims, key=lambda claim: -claim.pending)[:SHOWN_CLAIMS]
            shown = "" if len(figures.claims) <= SHOWN_CLAIMS else f" (the {SHOWN_CLAIMS} with most pending)"
            yield Static(f"Progress per claim{shown}", classes="stats-heading", markup=False)
            yield _table("stats-claims", ("claim", "pending", "decided", "statement"),
                         [("inbox" if c.claim_id is None else f"#{c.claim_id}", str(c.pending), str(c.decided),
                           clip(c.text, 70)) for c in claims])
        yield Footer(compact=True, show_command_palette=False)
