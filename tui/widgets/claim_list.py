"""The claim list: the inbox, then every claim with its pending/decided counts."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from models.records import ClaimRow
from tui.format import claim_prompt


def _option_id(claim_id: int | None) -> str:
    return "inbox" if claim_id is None else f"claim-{claim_id}"


class ClaimList(OptionList):
    """Claims of the day; moving the highlight opens a claim's queue."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="claims.down"),
        Binding("k", "cursor_up", "Up", show=False, id="claims.up"),
        Binding("enter,right,l", "screen.focus_queue", "Open queue", id="claims.open",
                tooltip="Move to the evidence of the highlighted claim"),
        Binding("a", "screen.add_claim", "Add claim", id="claims.add", tooltip="Add a new claim"),
        Binding("v", "screen.set_verdict", "Verdict", id="claims.verdict",
                tooltip="Rate the highlighted claim, with a rationale"),
    ]

    class Chosen(Message):
        """The highlighted claim changed."""

        def __init__(self, claim: ClaimRow) -> None:
            super().__init__()
            self.claim = claim

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.border_title = "Claims"
        self._rows: dict[str, ClaimRow] = {}

    @property
    def rows(self) -> list[ClaimRow]:
        return list(self._rows.values())

    @property
    def current(self) -> ClaimRow | None:
        option = self.highlighted_option
        return self._rows.get(option.id) if option else None

    def show_claims(self, rows: list[ClaimRow], keep: int | None = None) -> None:
        """Replace the list, keeping the highlight on claim `keep` (None: the inbox)."""
        self._rows = {_option_id(row.id): row for row in rows}
        options: list[Option | None] = []
        for row in rows:
            options.extend([Option(claim_prompt(row), id=_option_id(row.id)), None])  # None: a divider
        self.set_options(options[:-1])
        self.select(keep)

    def select(self, claim_id: int | None) -> None:
        option_id = _option_id(claim_id)
        if option_id in self._rows:
            self.highlighted = self.get_option_index(option_id)

    def update_claim(self, row: ClaimRow) -> None:
        option_id = _option_id(row.id)
        if option_id in self._rows:
            self._rows[option_id] = row
            self.replace_option_prompt(option_id, claim_prompt(row))
        else:
            self._rows[option_id] = row
            self.add_option(Option(claim_prompt(row), id=option_id))

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        row = self._rows.get(event.option.id)
        if row is not None:
            self.post_message(self.Chosen(row))
