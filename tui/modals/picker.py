"""A fuzzy-search picker: type to narrow a list, enter picks, esc cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.format import clip

SHOWN = 200


class PickerModal(ModalScreen[int | None]):
    """Returns the id of the chosen entry, or None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="picker.cancel"),
        Binding("down", "move(1)", "Next", show=False, id="picker.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker.previous"),
    ]

    def __init__(self, title: str, choices: list[tuple[int, str]]) -> None:
        super().__init__()
        self._title = title
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Label(self._title, markup=False)
            yield Input(placeholder="type to search", id="picker-query")
            yield OptionList(markup=False, id="picker-list")

    def on_mount(self) -> None:
        self._show(self._choices[:SHOWN])

    def _show(self, choices: list[tuple[int, str]]) -> None:
        options = self.query_one("#picker-list", OptionList)
        options.set_options(Option(clip(label, 300), id=str(id_)) for id_, label in choices)
        if choices:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if not query:
            self._show(self._choices[:SHOWN])
            return
        from rapidfuzz import fuzz, process  # loaded on the first keystroke, not at start-up

        labels = {id_: label for id_, label in self._choices}
        found = process.extract(query, labels, scorer=fuzz.WRatio, processor=str.lower, limit=SHOWN, score_cutoff=40)
        self._show([(id_, label) for label, _score, id_ in found])

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-list", OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.query_one("#picker-list", OptionList).highlighted_option
        if option is not None:
            self.dismiss(int(option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id))
