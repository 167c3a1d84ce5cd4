"""Where the evidence queue's rows come from: a claim's queue, or the hits of a search.

Each source reads rows after or before a row it gave (keyset), at a position,
and finds an item's position, for the virtual list to read any stretch.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.desk import Desk
from models.records import QueueRow


@dataclass(frozen=True)
class QueueSource:
    """Where a queue's rows come from: one claim's queue (None: the inbox) in a database,
    pending items first, so that a decision moves its item to the decided part."""

    desk: Desk
    claim_id: int | None
    pending_first = True

    def after(self, key: tuple[bool, int] | None, limit: int) -> tuple[QueueRow, ...]:
        return self.desk.queue_page(self.claim_id, key, limit).rows

    def before(self, key: tuple[bool, int], limit: int) -> tuple[QueueRow, ...]:
        return self.desk.queue_rows_before(self.claim_id, key, limit)

    def at(self, start: int, limit: int, count: int) -> tuple[QueueRow, ...]:
        return self.desk.queue_rows_at(self.claim_id, start, limit, count)

    def position(self, evidence_id: int) -> int | None:
        return self.desk.queue_position(self.claim_id, evidence_id)


@dataclass(frozen=True)
class SearchSource:
    """The items matching a full-text query, in id order: a decision leaves its item in place."""

    desk: Desk
    query: str
    pending_first = False

    def after(self, key: tuple[bool, int] | None, limit: int) -> tuple[QueueRow, ...]:
        return self.desk.search_after(self.query, key[1] if key else None, limit)

    def before(self, key: tuple[bool, int], limit: int) -> tuple[QueueRow, ...]:
        return self.desk.search_before(self.query, key[1], limit)

    def at(self, start: int, limit: int, count: int) -> tuple[QueueRow, ...]:
        return self.desk.search_at(self.query, start, limit)

    def position(self, evidence_id: int) -> int | None:
        return self.desk.search_position(self.query, evidence_id)
