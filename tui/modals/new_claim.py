"""The new-claim dialog: statement, claimant and date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from models.text import visible


@dataclass(frozen=True)
class NewClaim:
    text: str
    claimant: str
    claim_date: date | None


class NewClaimModal(ModalScreen[NewClaim | None]):
    """Enter in any field saves once the statement is there; esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="claim.cancel")]

    def __init__(self, text: str = "", claimant: str = "") -> None:
        super().__init__()
        self._text, self._claimant = text, claimant

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New claim (enter saves, tab moves, esc cancels)", markup=False)
            # Filled from an item's outside text: an Input shows controls as they are.
            yield Input(value=visible(self._text, single_line=True), placeholder="The checkable statement",
                        id="claim-text")
            yield Input(value=visible(self._claimant, single_line=True), placeholder="Who said it",
                        id="claim-claimant")
            yield Input(placeholder="When (YYYY-MM-DD)", id="claim-date")
            yield Label("", id="claim-error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#claim-text", Input).value.strip()
        raw_date = self.query_one("#claim-date", Input).value.strip()
        error = self.query_one("#claim-error", Label)
        if not text:
            error.update("The statement is required.")
            self.query_one("#claim-text", Input).focus()
            return
        try:
            when = date.fromisoformat(raw_date) if raw_date else None
        except ValueError:
            error.update(f"Not a date (YYYY-MM-DD): {raw_date}")
            self.query_one("#claim-date", Input).focus()
            return
        self.dismiss(NewClaim(text, self.query_one("#claim-claimant", Input).value.strip(), when))
