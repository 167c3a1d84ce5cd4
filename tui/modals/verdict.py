"""The verdict dialog: a rating from the scale and the rationale behind it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from models.vocab import Verdict


class VerdictModal(ModalScreen[tuple[str, str] | None]):
    """Returns (verdict, rationale), or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="verdict.cancel")]

    def __init__(self, claim_text: str, current: str | None, rationale: str = "") -> None:
        super().__init__()
        self._claim_text, self._current, self._rationale = claim_text, current, rationale

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Verdict on: " + self._claim_text, markup=False)
            yield OptionList(*(Option(v.label, id=v.value) for v in Verdict), markup=False, id="verdict-scale")
            yield Input(value=self._rationale, placeholder="Rationale (required; enter saves)", id="verdict-rationale")
            yield Label("", id="verdict-error", markup=False)

    def on_mount(self) -> None:
        scale = self.query_one("#verdict-scale", OptionList)
        scale.highlighted = scale.get_option_index(self._current) if self._current else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#verdict-rationale", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.query_one("#verdict-scale", OptionList).highlighted_option
        if not event.value.strip():
            self.query_one("#verdict-error", Label).update("A verdict needs a rationale.")
            return
        self.dismiss((option.id, event.value.strip()))
