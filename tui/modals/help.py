"""The help screen: every binding of every pane, read from the bindings themselves."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keymap import keymap_path


def bindings_of(node: DOMNode) -> list[Binding]:
    """The node's bindings, its inherited ones included and the user's keymap applied,
    one entry per action."""
    bindings = node._bindings.copy()
    bindings.apply_keymap(node.app._keymap)
    seen: dict[str, Binding] = {}
    for _key, binding in bindings:
        if binding.action in seen:
            previous = seen[binding.action]
            seen[binding.action] = replace(previous, key=f"{previous.key},{binding.key}")
        else:
            seen[binding.action] = binding
    # The app's own keys first, then those inherited from Textual's widgets.
    return sorted(seen.values(), key=lambda binding: binding.id is None)


class HelpScreen(ModalScreen[None]):
    """Sections of (title, bindings); esc, q or ? closes."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss(None)", "Close", id="help.close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self._sections = sections

    def _keys(self, binding: Binding) -> str:
        keys = binding.key.split(",")
        return " ".join(self.app.get_key_display(replace(binding, key=key, key_display=None)) for key in keys)

    def _table(self, bindings: list[Binding]) -> Table:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        table.add_column("keys", style="bold", no_wrap=True, min_width=12)
        table.add_column("action", no_wrap=True, min_width=14)
        table.add_column("what it does", style="dim", ratio=1)
        table.add_column("keymap id", style="dim", no_wrap=True)
        for binding in bindings:
            table.add_row(Text(self._keys(binding)), Text(binding.description or binding.action),
                          Text(binding.tooltip or ""), Text(binding.id or ""))
        return table

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("Keys (esc closes). Remap any of them by its id in "
                              f"{keymap_path()}, such as: supports = \"1\"", style="bold"))
            for title, bindings in self._sections:
                yield Static(Text(title, style="bold"), classes="help-title")
                yield Static(self._table(bindings))
