"""A one-line prompt: a note on an item, a saved view's name."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from models.text import visible


class LinePrompt(ModalScreen[str | None]):
    """Returns the line typed (enter), or None when cancelled (esc)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="prompt.cancel")]

    def __init__(self, question: str, current: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._question, self._current, self._placeholder = question, current, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self._question, markup=False)
            # The current value may be outside text (an imported note): an Input shows controls as they are.
            yield Input(value=visible(self._current, single_line=True), placeholder=self._placeholder,
                        id="prompt-text")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)


def note_prompt(current: str) -> LinePrompt:
    return LinePrompt("Note on this item (enter saves, empty clears, esc cancels)", current,
                      "What should the next person know?")


def view_name_prompt(suggested: str) -> LinePrompt:
    return LinePrompt("Save this view as (enter saves, a name in use is replaced, esc cancels)", suggested,
                      "A name the desk will recognise, such as: pending videos")
