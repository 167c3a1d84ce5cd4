"""Where the evidence queue's rows come from: a claim's queue, or a view (a filter,
searched words, or both).

Each source reads rows after or before a row it gave (keyset), at a position,
and finds an item's position, for the virtual list to read any stretch.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.desk import Desk
from models.records import QueueRow
from models.views import View


@dataclass(frozen=True)
class QueueSource:
    """One claim's queue (None: the inbox), pending items first, so that a decision
    moves its item to the decided part."""

    desk: Desk
    claim_id: int | None
    pending_first = True
    reads_in_background = False  # every read walks the queue index to a page at once

    def after(self, key: tuple[bool, int] | None, limit: int) -> tuple[QueueRow, ...]:
        return self.desk.queue_page(self.claim_id, key, limit).rows

    def before(self, key: tuple[bool, int], limit: int) -> tuple[QueueRow, ...]:
        return self.desk.queue_rows_before(self.claim_id, key, limit)

    def at(self, start: int, limit: int, count: int) -> tuple[QueueRow, ...]:
        return self.desk.queue_rows_at(self.claim_id, start, limit, count)

    def position(self, evidence_id: int) -> int | None:
        return self.desk.queue_position(self.claim_id, evidence_id)


@dataclass(frozen=True)
class ViewSource:
    """The items of a view, in id order: a decision leaves its item in place, even when
    the item no longer matches, until the view is read again."""

    desk: Desk
    view: View
    pending_first = False

    @property
    def reads_in_background(self) -> bool:
        """A filter may scan far for a page's rows; a plain search stops at its first hits."""
        return not self.view.is_plain_search

    def after(self, key: tuple[bool, int] | None, limit: int) -> tuple[QueueRow, ...]:
        return self.desk.view_after(self.view, key[1] if key else None, limit)

    def before(self, key: tuple[bool, int], limit: int) -> tuple[QueueRow, ...]:
        return self.desk.view_before(self.view, key[1], limit)

    def at(self, start: int, limit: int, count: int) -> tuple[QueueRow, ...]:
        return self.desk.view_at(self.view, start, limit)

    def position(self, evidence_id: int) -> int | None:
        return self.desk.view_position(self.view, evidence_id)
