"""Positions in an evidence queue, for a list that shows any stretch of it
without loading what lies before: the queue's length, the rows at a position
(read from whichever end is nearer), the rows just before a known row, and
the position of one item.

The queue order is the one `queries.queue_page` pages through: pending items
first, each group by id. Every query here walks the (claim, decided, id) index.
"""

from __future__ import annotations

from sqlalchemy import and_, false, func, or_, tuple_
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.queries import QUEUE_COLUMNS, in_queue, queue_row_of
from models.records import QueueRow
from models.tables import Evidence


def queue_count(engine: Engine, claim_id: int | None) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Evidence).where(in_queue(claim_id))).one()


def queue_rows_at(engine: Engine, claim_id: int | None, start: int, limit: int, count: int) -> tuple[QueueRow, ...]:
    """The rows at positions start … start + limit - 1 of a queue of `count` rows. The
    positions are skipped in the index alone, counted from the nearer end."""
    if start >= count or limit <= 0:
        return ()
    limit = min(limit, count - start)
    ids = select(Evidence.id).where(in_queue(claim_id))
    from_end = count - (start + limit)
    if from_end < start:
        ids = ids.order_by(Evidence.decided.desc(), Evidence.id.desc()).offset(from_end)
    else:
        ids = ids.order_by(Evidence.decided, Evidence.id).offset(start)
    query = (select(*QUEUE_COLUMNS).where(Evidence.id.in_(ids.limit(limit).scalar_subquery()))
             .order_by(Evidence.decided, Evidence.id))
    with Session(engine) as session:
        return tuple(queue_row_of(values) for values in session.exec(query).all())


def queue_rows_before(engine: Engine, claim_id: int | None, key: tuple[bool, int], limit: int) -> tuple[QueueRow, ...]:
    """Up to `limit` rows just before the keyset position `key`, in queue order."""
    query = (select(*QUEUE_COLUMNS).where(in_queue(claim_id), tuple_(Evidence.decided, Evidence.id) < tuple_(*key))
             .order_by(Evidence.decided.desc(), Evidence.id.desc()).limit(limit))
    with Session(engine) as session:
        return tuple(reversed([queue_row_of(values) for values in session.exec(query).all()]))


def queue_position(engine: Engine, claim_id: int | None, evidence_id: int) -> int | None:
    """Where an item stands in the queue (0: first), or None if it is not in it."""
    with Session(engine) as session:
        decided = session.exec(select(Evidence.decided).where(Evidence.id == evidence_id, in_queue(claim_id))).first()
        if decided is None:
            return None
        before = or_(Evidence.decided == false(), Evidence.id < evidence_id) if decided else and_(
            Evidence.decided == false(), Evidence.id < evidence_id)
        return session.exec(select(func.count()).select_from(Evidence).where(in_queue(claim_id), before)).one()
