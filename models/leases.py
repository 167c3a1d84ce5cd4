"""Many reviewers on one queue: the queue hands each reviewer the next pending item
under a lease, so that two people are not given the same item, and a decision on an
item someone else has changed since it was shown is caught rather than written over.

A lease is one atomic statement: `UPDATE … WHERE id = (the first free pending item)
RETURNING id`, the subquery taking `FOR UPDATE SKIP LOCKED` on PostgreSQL (a row
another reviewer is taking is passed over, not waited for); SQLite runs one writer
at a time. A reviewer holds one lease at a time, and it runs out after LEASE of
idleness, so that an item left on a screen goes back to the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import false, or_, select, update
from sqlalchemy.engine import Connection, Engine

from models.errors import EvideskError
from models.records import ReviewerRecord
from models.tables import Decision, Evidence, Reviewer, utcnow
from models.text import visible

LEASE = timedelta(minutes=5)


class Conflict(EvideskError):
    """Someone else changed the item since it was shown; nothing was written."""


@dataclass(frozen=True)
class Queue:
    """A claim's queue (None: the inbox's)."""

    claim_id: int | None

    @property
    def clause(self):
        return Evidence.claim_id.is_(None) if self.claim_id is None else Evidence.claim_id == self.claim_id


def _free(reviewer_id: int, now: datetime):
    return or_(Evidence.leased_until.is_(None), Evidence.leased_until < now, Evidence.leased_by_id == reviewer_id)


def take_lease(conn: Connection, reviewer: ReviewerRecord, in_queue, after_id: int | None,
               now: datetime) -> int | None:
    """In the caller's transaction: drop the reviewer's lease and lease the first free
    pending item of the queue after `after_id` (wrapping to the top); its id, or None."""
    conn.execute(update(Evidence).where(Evidence.leased_by_id == reviewer.id)
                 .values(leased_by_id=None, leased_until=None))
    for after in dict.fromkeys((after_id or 0, 0)):
        candidate = (select(Evidence.id).where(in_queue, Evidence.decided == false(), _free(reviewer.id, now),
                                               Evidence.id > after).order_by(Evidence.id).limit(1))
        if conn.dialect.name == "postgresql":
            candidate = candidate.with_for_update(skip_locked=True)
        taken = conn.execute(update(Evidence).where(Evidence.id == candidate.scalar_subquery())
                             .values(leased_by_id=reviewer.id, leased_until=now + LEASE)
                             .returning(Evidence.id)).scalar()
        if taken is not None:
            return taken
    return None


def conflict(conn: Connection, evidence_id: int, reviewer: ReviewerRecord, now: datetime) -> Conflict:
    """What happened to the item since it was shown, as one line."""
    last = conn.execute(select(Reviewer.name, Decision.at, Decision.action, Decision.stance, Decision.outcome)
                        .join(Reviewer, Reviewer.id == Decision.reviewer_id)
                        .where(Decision.evidence_id == evidence_id).order_by(Decision.id.desc()).limit(1)).first()
    if last is None:
        return Conflict(f"item #{evidence_id} changed since it was shown; it is shown again as it is now")
    seconds = max(0, round((now - last.at).total_seconds()))
    ago = f"{seconds} s" if seconds < 120 else f"{seconds // 60} min"
    who = "you" if last.name == reviewer.name else visible(last.name, single_line=True)
    state = last.stance if last.outcome == "accepted" and last.stance else last.outcome
    verb = "decided" if last.action not in ("grade", "note", "undo") else f"changed ({last.action})"
    return Conflict(f"item #{evidence_id} was {verb} by {who} {ago} ago: {state}; nothing was written, "
                    "and it is shown as it is now")


def lease_next(engine: Engine, reviewer: ReviewerRecord, claim_id: int | None, after_id: int | None) -> int | None:
    """Lease the queue's next free pending item after `after_id` to the reviewer; its id."""
    with engine.connect() as conn:
        taken = take_lease(conn, reviewer, Queue(claim_id).clause, after_id, utcnow())
        conn.commit()
    return taken
