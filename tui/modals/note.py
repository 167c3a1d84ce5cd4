"""The note dialog: one line of text for the focused item."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class NoteModal(ModalScreen[str | None]):
    """Returns the new note (empty clears it), or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="note.cancel")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Note on this item (enter saves, empty clears, esc cancels)", markup=False)
            yield Input(value=self._current, placeholder="What should the next person know?", id="note-text")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)
