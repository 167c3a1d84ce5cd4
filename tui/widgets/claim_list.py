"""The claim list: the inbox, then every claim with its pending/decided counts, in a
virtual list, so that a desk with a hundred thousand claims opens as fast as one
with ten. Each claim takes four lines: two of its text, its counts and verdict,
and a blank line."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from models.desk import Desk
from models.records import ClaimRow
from tui.format import claim_lines
from tui.widgets.virtual_list import VirtualList, movement_bindings


@dataclass(frozen=True)
class ClaimSource:
    desk: Desk
    reads_in_background = False  # every read walks the claim-order index to a page at once

    def after(self, key: tuple[int, int] | None, limit: int) -> tuple[ClaimRow, ...]:
        return self.desk.claim_list_after(key, limit)

    def before(self, key: tuple[int, int], limit: int) -> tuple[ClaimRow, ...]:
        return self.desk.claim_list_before(key, limit)

    def at(self, start: int, limit: int, count: int) -> tuple[ClaimRow, ...]:
        return self.desk.claim_list_at(start, limit)

    def position(self, claim_id: int | None) -> int | None:
        return self.desk.claim_list_position(claim_id)


class ClaimList(VirtualList[ClaimRow]):
    """Claims of the day; moving the highlight opens a claim's queue."""

    BINDINGS = [
        *movement_bindings("claims"),
        Binding("enter,right,l", "screen.focus_queue", "Open queue", id="claims.open",
                tooltip="Move to the evidence of the highlighted claim"),
        Binding("a", "screen.add_claim", "Add claim", id="claims.add", tooltip="Add a new claim"),
        Binding("v", "screen.set_verdict", "Verdict", id="claims.verdict",
                tooltip="Rate the highlighted claim, with a rationale"),
    ]

    row_lines = 4

    class Chosen(Message):
        """The highlighted claim changed."""

        def __init__(self, claim: ClaimRow) -> None:
            super().__init__()
            self.claim = claim

    def __init__(self, **kwargs) -> None:
        super().__init__(self._chosen, **kwargs)
        self.border_title = "Claims"
        self._chosen_id: object = ()

    def _chosen(self, row: ClaimRow | None) -> None:
        if row is not None and row.id != self._chosen_id:
            self._chosen_id = row.id
            self.post_message(self.Chosen(row))

    def show_claims(self, desk: Desk, keep: int | None = None) -> None:
        """Show every claim, keeping the highlight on claim `keep` (None: the inbox)."""
        self.show(ClaimSource(desk), desk.claim_list_count(), focus=keep)

    def select(self, claim_id: int | None) -> None:
        self.highlight(claim_id)

    def update_claim(self, row: ClaimRow) -> None:
        """Redraw a claim after its counts or verdict changed."""
        self.replace_row(row)

    def draw_line(self, row: ClaimRow, line: int, width: int) -> Content:
        return claim_lines(row, width)[line]

    def is_cursor_line(self, line: int) -> bool:
        return line < self.row_lines - 1  # the blank line between claims stays unlit
