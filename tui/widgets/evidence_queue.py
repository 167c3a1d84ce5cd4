"""The evidence queue: the selected claim's items, pending first, one line each.

A virtual list: its height is the queue's length, and it draws only the lines
on screen, from pages of rows kept in a small LRU. A page next to one already
held is read at once by keyset (a fraction of a millisecond); any other, after
a jump, is read by a background worker while its lines show a placeholder.
Nothing here grows with the queue.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Callable

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from models.records import QueueRow
from models.vocab import CREDIBILITY, RELIABILITY
from tui.format import queue_prompt
from tui.widgets.queue_sources import QueueSource, ViewSource

KEPT_PAGES = 12
PLACEHOLDER = "  …"


def _decision(key: str, action: str, label: str, tooltip: str) -> Binding:
    return Binding(key, f"screen.decide('{action}')", label, id=action, tooltip=tooltip)


def _grade(key: str, action: str, what: str, meaning: str) -> Binding:
    # One footer entry ("A–F 1–6 Grade") stands for all twelve grading keys.
    first = key == "A"
    return Binding(key, action, "Grade" if first else f"{what} {key}", show=first,
                   key_display="A–F 1–6" if first else None, id=f"grade.{key}",
                   tooltip=f"Grade the {what} {key}: {meaning}")


class EvidenceQueue(ScrollView, can_focus=True):
    """One line per item; the decision keys act on the highlighted one."""

    DEFAULT_CSS = """
    EvidenceQueue { overflow-x: hidden; padding: 0 1; }
    EvidenceQueue > .evidence-queue--cursor { background: $block-cursor-blurred-background; }
    EvidenceQueue:focus > .evidence-queue--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: $block-cursor-text-style;
    }
    EvidenceQueue > .evidence-queue--placeholder { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"evidence-queue--cursor", "evidence-queue--placeholder"}

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
        Binding("down,j", "cursor_down", "Down", show=False, id="queue.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="queue.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="queue.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="queue.page_up"),
        Binding("home,g", "first", "First", show=False, id="queue.first"),
        Binding("end,G", "last", "Last", show=False, id="queue.last"),
    ]

    page_size = 100

    def __init__(self, on_shown: Callable[[QueueRow | None], None], **kwargs) -> None:
        """`on_shown(row)` hears of every change of the highlighted item (None: the queue is
        empty) at once, not through a message, so that what it draws is painted in the
        same frame as the highlight: a message would arrive a frame later."""
        super().__init__(**kwargs)
        self._on_shown = on_shown
        self.border_title = "Evidence"
        self._source: QueueSource | ViewSource | None = None
        self._count = 0
        self._cursor = 0
        self._pages: OrderedDict[int, tuple[QueueRow, ...]] = OrderedDict()
        self._fetching: set[int] = set()
        self._generation = 0  # pages read for an earlier state are dropped when they arrive
        self._strips: LRUCache[tuple, Strip] = LRUCache(512)
        self._shown_id: int | None = None
        self.shown_since = time.monotonic()

    # --- what is shown -------------------------------------------------

    @property
    def count(self) -> int:
        return self._count

    @property
    def cursor(self) -> int:
        return self._cursor

    @property
    def rows(self) -> list[QueueRow]:
        """The rows held in memory, in queue order (at most KEPT_PAGES pages)."""
        return [row for page in sorted(self._pages) for row in self._pages[page]]

    @property
    def current(self) -> QueueRow | None:
        return self._row_at(self._cursor)

    def seconds_on_screen(self) -> float:
        return round(time.monotonic() - self.shown_since, 3)

    @property
    def source(self) -> QueueSource | ViewSource | None:
        return self._source

    def load(self, source: QueueSource | ViewSource, count: int, title: str,
             focus_item: int | None = None, at: int | None = None,
             page: tuple[int, tuple[QueueRow, ...]] | None = None) -> None:
        """Show a new queue of `count` rows, highlighting `focus_item`, else position `at`,
        else the first row; `page` is (number, rows) of a page read already."""
        self._source, self._count = source, count
        self.border_title = Content(title)  # a claim's text is outside text: never markup
        self._forget()
        if page is not None:
            self._keep(*page)
        self._shown_id = None
        if focus_item is not None and self.highlight_item(focus_item):
            return
        self._move_to(at or 0, scroll_top=at is None)

    def reread(self, count: int | None = None, focus: int | None = None) -> None:
        """The queue changed in the database (arrivals, an undo): forget what is held and
        read the lines on screen again, highlighting `focus` or the same line as before."""
        if count is not None:
            self._count = count
        self._forget()
        if focus is None or not self.highlight_item(focus):
            self._move_to(self._cursor)

    def highlight_item(self, evidence_id: int) -> bool:
        """Move the highlight to an item; False if it is not in this queue."""
        position = self._held_position(evidence_id)
        if position is None and self._source is not None:
            position = self._source.position(evidence_id)
        if position is None:
            return False
        self._move_to(position)
        return True

    def holds(self, evidence_id: int) -> bool:
        """Whether the item's row is among the pages held (and so may be on screen)."""
        return self._held_position(evidence_id) is not None

    def _forget(self) -> None:
        self._generation += 1
        self._pages.clear()
        self._fetching.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self._count)
        self.refresh()

    def _held_position(self, evidence_id: int) -> int | None:
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == evidence_id:
                    return page * self.page_size + offset
        return None

    # --- moving --------------------------------------------------------

    def _move_to(self, position: int, *, scroll_top: bool = False) -> None:
        self._cursor = max(0, min(position, self._count - 1))
        if not self._scroll_to_cursor(scroll_top):
            # Before the first layout there are no scrollbars yet and a scroll is refused.
            self.call_after_refresh(self._scroll_to_cursor, scroll_top)
        self.refresh()
        self._announce()

    def _scroll_to_cursor(self, scroll_top: bool = False) -> bool:
        """Scroll the least that shows the cursor's line (to the top line with `scroll_top`);
        False if the scroll did not take."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height or 1
        if scroll_top or self._cursor < top:
            target = self._cursor
        elif self._cursor >= top + height:
            target = self._cursor - height + 1
        else:
            return True
        self.scroll_to(y=target, animate=False, immediate=True)
        return self.scroll_offset.y == min(target, self.max_scroll_y)

    def _announce(self) -> None:
        """Tell the screen which item is highlighted, once its row is at hand."""
        row = self.current if self._count else None
        if self._count and row is None:
            return  # its page is on its way; _arrived announces it
        if (shown := row.id if row else None) != self._shown_id:
            self._shown_id = shown
            self.shown_since = time.monotonic()
        self._on_shown(row)

    def advance(self) -> bool:
        """Move to the next line; False at the end."""
        if self._cursor + 1 >= self._count:
            return False
        self._move_to(self._cursor + 1)
        return True

    def action_cursor_down(self) -> None:
        self._move_to(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self._cursor - 1)

    def action_page_down(self) -> None:
        self._move_to(self._cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move_to(self._cursor - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self._count - 1)

    def on_click(self, event: events.Click) -> None:
        if (position := self.scroll_offset.y + event.y) < self._count:
            self._move_to(position)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._count)
        self._strips.clear()

    # --- rows ----------------------------------------------------------

    def _row_at(self, position: int) -> QueueRow | None:
        if not 0 <= position < self._count:
            return None
        page, offset = divmod(position, self.page_size)
        rows = self._page(page)
        return rows[offset] if rows is not None and offset < len(rows) else None

    def _page(self, page: int) -> tuple[QueueRow, ...] | None:
        """A page held, or read at once by keyset beside a neighbour held; else None, and
        a worker reads it. A source whose reads may scan (a filtered view) is always read
        by the worker."""
        if (rows := self._pages.get(page)) is not None:
            self._pages.move_to_end(page)
            return rows
        if self._source is None:
            return None
        read = self._keyset_read(page)
        if read is None or self._source.reads_in_background:
            self._read_later(page, read)
            return None
        rows = read()
        self._keep(page, rows)
        return rows

    def _keyset_read(self, page: int) -> Callable[[], tuple[QueueRow, ...]] | None:
        """How to read a page from a neighbour held (or the start), or None."""
        source, size = self._source, self.page_size
        before, after = self._pages.get(page - 1), self._pages.get(page + 1)
        if page == 0:
            return lambda: source.after(None, size)
        if before is not None and len(before) == size:
            return lambda: source.after(before[-1].key, size)
        if after:
            return lambda: source.before(after[0].key, size)
        return None

    def _keep(self, page: int, rows: tuple[QueueRow, ...]) -> None:
        self._pages[page] = rows
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)

    def _read_later(self, page: int, read: Callable[[], tuple[QueueRow, ...]] | None) -> None:
        if page in self._fetching or self._source is None:
            return
        self._fetching.add(page)
        source, generation, count, size = self._source, self._generation, self._count, self.page_size

        def read_page() -> None:
            rows = read() if read is not None else source.at(page * size, size, count)
            self.app.call_from_thread(self._arrived, generation, page, rows)

        self.run_worker(read_page, thread=True, group="queue-pages", exit_on_error=False)

    def _arrived(self, generation: int, page: int, rows: tuple[QueueRow, ...]) -> None:
        if generation != self._generation:
            return
        self._fetching.discard(page)
        self._keep(page, rows)
        self.refresh()
        if self._cursor // self.page_size == page:
            self._announce()

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
            self._pages[page] = (*rows[:offset], row, *rows[offset + 1:])
            self.refresh()
            return
        if not row.decided or len(rows) == 1:
            self.reread(focus=None if row.decided else row.id)
            return
        # Pages before this one are unchanged; this one is read again from its first row
        # that stays first; the ones after are dropped, to be read when shown.
        self._generation += 1
        self._fetching.clear()
        for later in [held for held in self._pages if held > page]:
            del self._pages[later]
        anchor = rows[1] if offset == 0 else rows[0]
        self._pages[page] = (anchor, *self._source.after(anchor.key, self.page_size - 1))
        self.refresh()
        self._announce()

    # --- drawing -------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        position = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if position >= self._count:
            return Strip.blank(width, self.rich_style)
        row = self._row_at(position)
        if row is None:
            return self._draw(Content(PLACEHOLDER), width, self.get_visual_style("evidence-queue--placeholder"))
        cursor = position == self._cursor
        # A line depends on nothing else, wherever the row moves in the queue.
        key = (row, cursor, self.has_focus, width, self.app.theme)
        if (strip := self._strips.get(key)) is None:
            style = self.get_visual_style("evidence-queue--cursor") if cursor else self.get_visual_style()
            strip = self._strips[key] = self._draw(queue_prompt(row), width, style)
        return strip

    def _draw(self, content: Content, width: int, style) -> Strip:
        line = content.truncate(width, ellipsis=True, pad=True)
        return Visual.to_strips(self, line, width, 1, style)[0].extend_cell_length(width, style.rich_style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
