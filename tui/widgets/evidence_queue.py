"""The evidence queue: the selected claim's items, pending first, loaded in
keyset pages as the highlight nears the end of what is loaded."""

from __future__ import annotations

import time
from typing import Callable

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from models.records import QueuePage, QueueRow
from models.vocab import CREDIBILITY, RELIABILITY
from tui.format import queue_prompt

PageSource = Callable[[tuple[bool, int] | None, int], QueuePage]

# How close to the end of the loaded rows the highlight may come before the
# next page is fetched.
PREFETCH_ROWS = 20


def _decision(key: str, action: str, label: str, tooltip: str) -> Binding:
    return Binding(key, f"screen.decide('{action}')", label, id=action, tooltip=tooltip)


def _grade(key: str, action: str, what: str, meaning: str) -> Binding:
    # One footer entry ("A–F 1–6 Grade") stands for all twelve grading keys.
    first = key == "A"
    return Binding(key, action, "Grade" if first else f"{what} {key}", show=first,
                   key_display="A–F 1–6" if first else None, id=f"grade.{key}",
                   tooltip=f"Grade the {what} {key}: {meaning}")


class EvidenceQueue(OptionList):
    """One line per item; the decision keys act on the highlighted one."""

    BINDINGS = [
        _decision("s", "supports", "Supports", "The item supports the claim"),
        _decision("r", "refutes", "Refutes", "The item refutes the claim"),
        _decision("c", "context", "Context", "The item gives context, neither supporting nor refuting"),
        _decision("x", "reject", "Reject", "The item is not usable evidence"),
        _decision("d", "duplicate", "Duplicate", "The item repeats another item (pick which)"),
        _decision("e", "escalate", "Escalate", "Send the item to a supervisor"),
        Binding("u", "screen.undo", "Undo", id="undo", tooltip="Undo your last decision"),
        Binding("n", "screen.note", "Note", id="note", tooltip="Write a note on the item"),
        Binding("o", "screen.open_file", "Open file", id="open_file",
                tooltip="Open the item's captured file with the system viewer"),
        Binding("l", "screen.link", "Link", id="link", show=False, tooltip="Link the item to a claim"),
        Binding("a", "screen.add_claim", "Add claim", id="add_claim", show=False,
                tooltip="Add a new claim (from the item when it is in the inbox)"),
        *(_grade(letter, f"screen.grade_reliability('{letter}')", "source", meaning)
          for letter, meaning in RELIABILITY.items()),
        *(_grade(digit, f"screen.grade_credibility('{digit}')", "information", meaning)
          for digit, meaning in CREDIBILITY.items()),
        Binding("j", "cursor_down", "Down", show=False, id="queue.down"),
        Binding("k", "cursor_up", "Up", show=False, id="queue.up"),
        Binding("g", "first", "First", show=False, id="queue.first"),
        Binding("G", "last", "Last", show=False, id="queue.last"),
    ]

    class Shown(Message):
        """The highlighted item changed (None: the queue is empty)."""

        def __init__(self, row: QueueRow | None) -> None:
            super().__init__()
            self.row = row

    page_size = 100

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.border_title = "Evidence"
        self._rows: list[QueueRow] = []
        self._index_of: dict[int, int] = {}
        self._source: PageSource | None = None
        self._has_more = False
        self._cursor: tuple[bool, int] | None = None  # keyset position of the last row fetched
        self.shown_since = time.monotonic()

    @property
    def rows(self) -> list[QueueRow]:
        """The rows loaded so far, in queue order."""
        return list(self._rows)

    @property
    def current(self) -> QueueRow | None:
        index = self.highlighted
        return self._rows[index] if index is not None and index < len(self._rows) else None

    def seconds_on_screen(self) -> float:
        return round(time.monotonic() - self.shown_since, 3)

    def load(self, source: PageSource, title: str) -> None:
        """Show a new queue whose pages come from `source(after_key, limit)`."""
        self._source = source
        self._rows, self._index_of, self._cursor = [], {}, None
        self.clear_options()
        self.border_title = Content(title)  # a claim's text is outside text: never markup
        self._append(source(None, self.page_size))
        if self._rows:
            self.highlighted = 0
        else:
            self.post_message(self.Shown(None))

    def _append(self, page: QueuePage) -> None:
        # Rows keep the place they were loaded at; an item decided since then
        # sorts later in the database and comes back in a later page: skip it.
        fresh = [row for row in page.rows if row.id not in self._index_of]
        start = len(self._rows)
        self._rows.extend(fresh)
        for offset, row in enumerate(fresh):
            self._index_of[row.id] = start + offset
        self._cursor = page.last_key or self._cursor
        self._has_more = page.has_more
        self.add_options(Option(queue_prompt(row), id=str(row.id)) for row in fresh)

    def _load_more(self) -> bool:
        if not self._has_more or self._source is None:
            return False
        self._append(self._source(self._cursor, self.page_size))
        return True

    def update_row(self, row: QueueRow) -> None:
        """Redraw one item in place after a decision on it."""
        index = self._index_of.get(row.id)
        if index is not None:
            self._rows[index] = row
            self.replace_option_prompt_at_index(index, queue_prompt(row))

    def highlight_item(self, evidence_id: int) -> bool:
        """Move the highlight to an item, loading pages until it is found."""
        while evidence_id not in self._index_of:
            if not self._load_more():
                return False
        self.highlighted = self._index_of[evidence_id]
        return True

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.shown_since = time.monotonic()
        if highlighted is not None and highlighted >= len(self._rows) - PREFETCH_ROWS:
            self._load_more()
        self.post_message(self.Shown(self.current))

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
