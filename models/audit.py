"""The audit log: one appended event per change, written in the change's own
transaction so that a change and its event land together or not at all.

The events form a hash chain: each one's hash is SHA-256 of the previous
event's hash followed by the canonical JSON of the event itself (its id,
time, actor, action, entity, before, after and reason). Editing, deleting,
swapping or forging an event breaks the chain from that event on, which
`verify_chain` finds; a head hash recorded earlier (in an export's manifest)
proves that no event was cut off the end either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import false, func, insert, literal, select, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from models.tables import AuditEvent, Meta, utcnow

GENESIS = "0" * 64  # the "previous hash" of the first event


def canonical(event_id: int, at: datetime, actor: str, action: str, entity: str, entity_id: str,
              before: Any, after: Any, reason: str) -> bytes:
    """The event as the chain hashes it: sorted keys, no spaces, UTF-8, times in UTC ISO 8601."""
    return json.dumps(
        {"id": event_id, "at": at.isoformat(), "actor": actor, "action": action, "entity": entity,
         "entity_id": entity_id, "before": before, "after": after, "reason": reason},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    ).encode("utf-8")


def chain_hash(previous: str, event: bytes) -> str:
    return hashlib.sha256(previous.encode("ascii") + event).hexdigest()


_CHAIN_LOCK = select(func.pg_advisory_xact_lock(literal(0x65766964)))  # "evid"
# Built once, on the tables rather than the ORM classes: an event is on the path from a
# decision's key press to the next item painted.
_WRITE_LOCK = update(Meta.__table__).where(false()).values(value=Meta.__table__.c.value)
_EVENTS = AuditEvent.__table__.c
_HEAD = select(_EVENTS.id, _EVENTS.hash).order_by(_EVENTS.id.desc()).limit(1)
_INSERT = insert(AuditEvent.__table__)


def append_event(
    conn: Connection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> str:
    """Append one event to the chain, in the caller's transaction; its hash."""
    at = at or utcnow()
    # No other writer may append between the head read below and this event. SQLite: a write
    # that changes nothing takes the database's write lock (when the change has not already);
    # PostgreSQL: a lock held to the end of the transaction.
    if conn.dialect.name == "postgresql":
        conn.execute(_CHAIN_LOCK)
    else:
        conn.execute(_WRITE_LOCK)
    # Stored and read back as JSON: hash exactly what a reader will see.
    before, after = json.loads(json.dumps(before)), json.loads(json.dumps(after))
    head = conn.execute(_HEAD).first()
    event_id, previous = (head[0] + 1, head[1]) if head else (1, GENESIS)
    digest = chain_hash(previous, canonical(event_id, at, actor, action, entity, str(entity_id), before, after, reason))
    conn.execute(_INSERT, {"id": event_id, "at": at, "actor": actor, "action": action, "entity": entity,
                           "entity_id": str(entity_id), "before": before, "after": after, "reason": reason,
                           "prev_hash": previous, "hash": digest})
    return digest


def record_event(session: Session, **event: Any) -> str:
    """append_event inside an ORM session's transaction (its pending changes written first)."""
    session.flush()
    return append_event(session.connection(), **event)


@dataclass(frozen=True, slots=True)
class ChainCheck:
    events: int
    head: str  # the last event's hash (GENESIS for an empty log)
    problem: str | None = None  # the first break, naming its event
    head_found: bool | None = None  # whether an expected head is in the chain (None: none was given)

    @property
    def intact(self) -> bool:
        return self.problem is None and self.head_found is not False


def rehash_all(conn: Connection) -> None:
    """Give every event its place in the chain, in id order (for a log from before the chain)."""
    previous = GENESIS
    for row in conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all():
        digest = chain_hash(previous, canonical(row.id, row.at, row.actor, row.action, row.entity, row.entity_id,
                                                row.before, row.after, row.reason))
        conn.execute(AuditEvent.__table__.update().where(AuditEvent.id == row.id)
                     .values(prev_hash=previous, hash=digest))
        previous = digest


def verify_chain(engine: Engine, expected_head: str | None = None) -> ChainCheck:
    """Recompute the chain from the first event; the first event that does not match, if any."""
    previous, count, seen_head = GENESIS, 0, expected_head is None
    expected_id = 1
    with engine.connect() as conn:
        for row in conn.execute(select(AuditEvent).order_by(AuditEvent.id)):
            count += 1
            if row.id != expected_id:
                problem = (f"event {expected_id} is missing (the next is {row.id}): deleted"
                           if row.id > expected_id else f"event {row.id} appears twice")
                return ChainCheck(count, previous, problem)
            if row.prev_hash != previous:
                return ChainCheck(count, previous, f"event {row.id} does not follow event {row.id - 1}: "
                                                   "its previous hash differs (an event before it was changed, "
                                                   "removed or put in another place)")
            digest = chain_hash(previous, canonical(row.id, row.at, row.actor, row.action, row.entity,
                                                    row.entity_id, row.before, row.after, row.reason))
            if digest != row.hash:
                return ChainCheck(count, previous, f"event {row.id} ({row.action} by {row.actor} at "
                                                   f"{row.at.isoformat()}) does not match its hash: "
                                                   "it was edited or forged")
            seen_head = seen_head or digest == expected_head
            previous, expected_id = digest, expected_id + 1
    return ChainCheck(count, previous, None, None if expected_head is None else seen_head)
