"""The evidence queue: the selected claim's items (or a view's), one line each,
in a virtual list; the decision keys act on the highlighted item."""

from __future__ import annotations

import time
from typing import Callable

from textual.binding import Binding
from textual.content import Content

from models.records import QueueRow
from models.vocab import CREDIBILITY, RELIABILITY
from tui.format import queue_prompt
from tui.widgets.queue_sources import QueueSource, ViewSource
from tui.widgets.virtual_list import KEPT_PAGES, VirtualList, movement_bindings

__all__ = ["KEPT_PAGES", "EvidenceQueue"]


def _decision(key: str, action: str, label: str, tooltip: str) -> Binding:
    return Binding(key, f"screen.decide('{action}')", label, id=action, tooltip=tooltip)


def _grade(key: str, action: str, what: str, meaning: str) -> Binding:
    # One footer entry ("A–F 1–6 Grade") stands for all twelve grading keys.
    first = key == "A"
    return Binding(key, action, "Grade" if first else f"{what} {key}", show=first,
                   key_display="A–F 1–6" if first else None, id=f"grade.{key}",
                   tooltip=f"Grade the {what} {key}: {meaning}")


class EvidenceQueue(VirtualList[QueueRow]):
    """One line per item; the decision keys act on the highlighted one."""

    BINDINGS = [
        _decision("s", "supports", "Supports", "The item supports the claim"),
        _decision("r", "refutes", "Refutes", "The item refutes the claim"),
        _decision("c", "context", "Context", "The item gives context, neither supporting nor refuting"),
        _decision("x", "reject", "Reject", "The item is not usable evidence"),
        _decision("d", "duplicate", "Duplicate", "The item repeats another item (pick which)"),
        _decision("e", "escalate", "Escalate", "Send the item to a supervisor"),
        Binding("u", "screen.undo", "Undo", id="undo", tooltip="Undo your last decision (on every item it decided)"),
        Binding("space", "toggle_mark", "Mark", id="mark", show=False,
                tooltip="Mark the item and move down; a decision key then decides every marked item at once"),
        Binding("escape", "clear_marks", "Clear marks", id="marks.clear", tooltip="Unmark every marked item"),
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
        *movement_bindings("queue"),
    ]

    def __init__(self, on_shown: Callable[[QueueRow | None], None], **kwargs) -> None:
        super().__init__(self._shown, **kwargs)
        self._on_item_shown = on_shown
        self.border_title = "Evidence"
        self._shown_id: int | None = None
        self.shown_since = time.monotonic()
        self.marked: dict[int, int] = {}  # item → its change count when marked

    def _shown(self, row: QueueRow | None) -> None:
        if (shown := row.id if row else None) != self._shown_id:
            self._shown_id = shown
            self.shown_since = time.monotonic()
        self._on_item_shown(row)

    def seconds_on_screen(self) -> float:
        return round(time.monotonic() - self.shown_since, 3)

    def load(self, source: QueueSource | ViewSource, count: int, title: str,
             focus_item: int | None = None, at: int | None = None,
             page: tuple[int, tuple[QueueRow, ...]] | None = None) -> None:
        """Show a new queue of `count` rows, highlighting `focus_item`, else position `at`,
        else the first row; `page` is (number, rows) of a page read already."""
        self.border_title = Content(title)  # a claim's text is outside text: never markup
        self._shown_id = None
        self.clear_marks()
        self.show(source, count, focus_item, at, page)

    def highlight_item(self, evidence_id: int) -> bool:
        return self.highlight(evidence_id)

    def update_row(self, row: QueueRow) -> None:
        """Redraw an item after a change to it. A grade or a note leaves it in place; a
        decision moves it to the decided part of the queue, and the items after it move up
        one place, so that the next pending item takes its line; an undo moves it back."""
        position = self._held_position(row.id)
        if position is None or self._source is None:
            self.reread(focus=row.id)
            return
        page, offset = divmod(position, self.page_size)
        rows = self._pages[page]
        if rows[offset].decided == row.decided or not self._source.pending_first:
            self.replace_row(row)
            return
        if not row.decided or len(rows) == 1:
            self.reread(focus=None if row.decided else row.id)
            return
        # Pages before this one are unchanged; the pages after are dropped, to be read when shown.
        self._generation += 1
        self._fetching.clear()
        for later in [held for held in self._pages if held > page]:
            del self._pages[later]
        if len(rows) == self.page_size and not rows[-1].decided:
            # The item goes past this page: the rows after it move up, the next one comes in.
            rest = (*rows[:offset], *rows[offset + 1:])
            self._pages[page] = rest + self._source.after(rows[-1].key, 1)
        else:  # it may land within this page: read the page again from its first row that stays
            anchor = rows[1] if offset == 0 else rows[0]
            self._pages[page] = (anchor, *self._source.after(anchor.key, self.page_size - 1))
        self.refresh()
        self._announce()

    def draw_line(self, row: QueueRow, line: int, width: int) -> Content:
        return queue_prompt(row, marked=row.id in self.marked)

    def row_state(self, row: QueueRow) -> object:
        return row.id in self.marked

    # --- marks -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_marks":
            return bool(self.marked)  # else esc goes on to close the search or the filter
        return True

    def action_toggle_mark(self) -> None:
        row = self.current
        if row is None:
            return
        if self.marked.pop(row.id, None) is None:
            self.marked[row.id] = row.changes
        self._marks_changed()
        self.action_cursor_down()

    def action_clear_marks(self) -> None:
        self.clear_marks()

    def clear_marks(self) -> None:
        if self.marked:
            self.marked.clear()
            self._marks_changed()

    def _marks_changed(self) -> None:
        count = len(self.marked)
        self.border_subtitle = f"{count} marked · a decision key decides all" if count else ""
        self.refresh()
        self.refresh_bindings()
