"""A virtual list: its height comes from a count, and it draws only the lines on
screen, from pages of rows kept in a small LRU. A page next to one already held
is read at once by keyset (a fraction of a millisecond); any other, after a
jump, is read by a background worker while its lines show a placeholder.
Nothing here grows with the list.

Subclasses say how many lines a row takes and draw each line; the evidence
queue and the claim list are two.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Generic, Protocol, TypeVar

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

KEPT_PAGES = 12
PLACEHOLDER = "  …"


def movement_bindings(prefix: str) -> list[Binding]:
    """The keys that move a list's highlight; their ids (`queue.down`…) name them in the help."""
    moves = [("down,j", "cursor_down", "Down", "down"), ("up,k", "cursor_up", "Up", "up"),
             ("pagedown", "page_down", "Page down", "page_down"), ("pageup", "page_up", "Page up", "page_up"),
             ("home,g", "first", "First", "first"), ("end,G", "last", "Last", "last")]
    return [Binding(keys, action, label, show=False, id=f"{prefix}.{name}") for keys, action, label, name in moves]


class Row(Protocol):
    @property
    def id(self) -> object: ...

    @property
    def key(self) -> tuple: ...


R = TypeVar("R", bound=Row)


class RowSource(Protocol[R]):
    """Where a list's rows come from, in the list's order."""

    reads_in_background: bool

    def after(self, key: tuple | None, limit: int) -> tuple[R, ...]: ...

    def before(self, key: tuple, limit: int) -> tuple[R, ...]: ...

    def at(self, start: int, limit: int, count: int) -> tuple[R, ...]: ...

    def position(self, row_id: object) -> int | None: ...


class VirtualList(ScrollView, Generic[R], can_focus=True):
    """Rows of `row_lines` lines each; the cursor highlights one row."""

    DEFAULT_CSS = """
    VirtualList { overflow-x: hidden; padding: 0 1; }
    VirtualList > .virtual-list--cursor { background: $block-cursor-blurred-background; }
    VirtualList:focus > .virtual-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: $block-cursor-text-style;
    }
    VirtualList > .virtual-list--placeholder { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"virtual-list--cursor", "virtual-list--placeholder"}

    page_size = 100
    row_lines = 1

    def __init__(self, on_shown: Callable[[R | None], None], **kwargs) -> None:
        """`on_shown(row)` hears of every change of the highlighted row (None: the list is
        empty) at once, not through a message, so that what it draws is painted in the
        same frame as the highlight: a message would arrive a frame later."""
        super().__init__(**kwargs)
        self._on_shown = on_shown
        self._source: RowSource[R] | None = None
        self._count = 0
        self._cursor = 0
        self._pages: OrderedDict[int, tuple[R, ...]] = OrderedDict()
        self._fetching: set[int] = set()
        self._generation = 0  # pages read for an earlier state are dropped when they arrive
        self._strips: LRUCache[tuple, Strip] = LRUCache(512)

    # --- what is shown -------------------------------------------------

    @property
    def count(self) -> int:
        return self._count

    @property
    def cursor(self) -> int:
        return self._cursor

    @property
    def rows(self) -> list[R]:
        """The rows held in memory, in list order (at most KEPT_PAGES pages)."""
        return [row for page in sorted(self._pages) for row in self._pages[page]]

    @property
    def current(self) -> R | None:
        return self._row_at(self._cursor)

    @property
    def source(self) -> RowSource[R] | None:
        return self._source

    def show(self, source: RowSource[R], count: int, focus: object = None, at: int | None = None,
             page: tuple[int, tuple[R, ...]] | None = None) -> None:
        """Show `count` rows from `source`, highlighting row `focus` (by id), else position
        `at`, else the first row; `page` is (number, rows) of a page read already."""
        self._source, self._count = source, count
        self._forget()
        if page is not None:
            self._keep(*page)
        if focus is not None and self.highlight(focus):
            return
        self._move_to(at or 0, scroll_top=at is None)

    def reread(self, count: int | None = None, focus: object = None) -> None:
        """The rows changed in the database: forget what is held and read the lines on
        screen again, highlighting `focus` or the same line as before."""
        if count is not None:
            self._count = count
        self._forget()
        if focus is None or not self.highlight(focus):
            self._move_to(self._cursor)

    def highlight(self, row_id: object) -> bool:
        """Move the highlight to a row; False if it is not in this list."""
        position = self._held_position(row_id)
        if position is None and self._source is not None:
            position = self._source.position(row_id)
        if position is None:
            return False
        self._move_to(position)
        return True

    def holds(self, row_id: object) -> bool:
        """Whether the row is among the pages held (and so may be on screen)."""
        return self._held_position(row_id) is not None

    def held_row(self, row_id: object) -> R | None:
        position = self._held_position(row_id)
        if position is None:
            return None
        page, offset = divmod(position, self.page_size)
        return self._pages[page][offset]

    def replace_row(self, row: R) -> bool:
        """Redraw a held row in place (its order unchanged); False if it is not held."""
        position = self._held_position(row.id)
        if position is None:
            return False
        page, offset = divmod(position, self.page_size)
        rows = self._pages[page]
        self._pages[page] = (*rows[:offset], row, *rows[offset + 1:])
        self.refresh_lines(position * self.row_lines, self.row_lines)  # only its lines are painted again
        if position == self._cursor:
            self._announce()
        return True

    def _forget(self) -> None:
        self._generation += 1
        self._pages.clear()
        self._fetching.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self._count * self.row_lines)
        self.refresh()

    def _held_position(self, row_id: object) -> int | None:
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id == row_id:
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
        """Scroll the least that shows the cursor's row (at the top with `scroll_top`);
        False if the scroll did not take."""
        lines = self.row_lines
        top, height = self.scroll_offset.y, self.scrollable_content_region.height or 1
        first, last = self._cursor * lines, self._cursor * lines + lines - 1
        if scroll_top or first < top:
            target = first
        elif last >= top + height:
            target = max(first, last - height + 1) if lines > height else last - height + 1
        else:
            return True
        self.scroll_to(y=target, animate=False, immediate=True)
        return self.scroll_offset.y == min(target, self.max_scroll_y)

    def _announce(self) -> None:
        """Tell the owner which row is highlighted, once it is at hand."""
        row = self.current if self._count else None
        if self._count and row is None:
            return  # its page is on its way; _arrived announces it
        self._on_shown(row)

    def advance(self) -> bool:
        """Move to the next row; False at the end."""
        if self._cursor + 1 >= self._count:
            return False
        self._move_to(self._cursor + 1)
        return True

    def _rows_per_screen(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_lines - (self.row_lines == 1))

    def action_cursor_down(self) -> None:
        self._move_to(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self._cursor - 1)

    def action_page_down(self) -> None:
        self._move_to(self._cursor + self._rows_per_screen())

    def action_page_up(self) -> None:
        self._move_to(self._cursor - self._rows_per_screen())

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self._count - 1)

    def on_click(self, event: events.Click) -> None:
        if (position := (self.scroll_offset.y + event.y) // self.row_lines) < self._count:
            self._move_to(position)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._count * self.row_lines)
        self._strips.clear()

    # --- rows ----------------------------------------------------------

    def _row_at(self, position: int) -> R | None:
        if not 0 <= position < self._count:
            return None
        page, offset = divmod(position, self.page_size)
        rows = self._page(page)
        return rows[offset] if rows is not None and offset < len(rows) else None

    def _page(self, page: int) -> tuple[R, ...] | None:
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

    def _keyset_read(self, page: int) -> Callable[[], tuple[R, ...]] | None:
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

    def _keep(self, page: int, rows: tuple[R, ...]) -> None:
        self._pages[page] = rows
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)

    def _read_later(self, page: int, read: Callable[[], tuple[R, ...]] | None) -> None:
        if page in self._fetching or self._source is None:
            return
        self._fetching.add(page)
        source, generation, count, size = self._source, self._generation, self._count, self.page_size

        def read_page() -> None:
            rows = read() if read is not None else source.at(page * size, size, count)
            self.app.call_from_thread(self._arrived, generation, page, rows)

        self.run_worker(read_page, thread=True, group="list-pages", exit_on_error=False)

    def _arrived(self, generation: int, page: int, rows: tuple[R, ...]) -> None:
        if generation != self._generation:
            return
        self._fetching.discard(page)
        self._keep(page, rows)
        self.refresh()
        if self._cursor // self.page_size == page:
            self._announce()

    # --- drawing -------------------------------------------------------

    def draw_line(self, row: R, line: int, width: int) -> Content:
        """Line `line` (0 … row_lines - 1) of a row."""
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        position, line = divmod(self.scroll_offset.y + y, self.row_lines)
        width = self.scrollable_content_region.width
        if position >= self._count:
            return Strip.blank(width, self.rich_style)
        row = self._row_at(position)
        if row is None:
            text = PLACEHOLDER if line == 0 else ""
            return self._draw(Content(text), width, self.get_visual_style("virtual-list--placeholder"))
        cursor = position == self._cursor and self.is_cursor_line(line)
        # A line depends on nothing else, wherever the row moves in the list.
        key = (row, line, cursor, self.has_focus, width, self.app.theme, self.row_state(row))
        if (strip := self._strips.get(key)) is None:
            style = self.get_visual_style("virtual-list--cursor") if cursor else self.get_visual_style()
            strip = self._strips[key] = self._draw(self.draw_line(row, line, width), width, style)
        return strip

    def row_state(self, row: R) -> object:
        """What else a row's lines depend on (a mark), for the cache of drawn lines."""
        return None

    def is_cursor_line(self, line: int) -> bool:
        """Whether the cursor's highlight covers this line of its row."""
        return True

    def _draw(self, content: Content, width: int, style: Style) -> Strip:
        line = content.truncate(width, ellipsis=True, pad=True)
        return Visual.to_strips(self, line, width, 1, style)[0].extend_cell_length(width, style.rich_style)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
