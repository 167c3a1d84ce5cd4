"""Reading the audit log back: events in time order, filtered by who, which claim
(the claim's own events and its items') and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, cast, or_, select
from sqlalchemy.engine import Engine

from models.tables import AuditEvent, Evidence


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any
    reason: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "entity": self.entity, "entity_id": self.entity_id, "before": self.before, "after": self.after,
                "reason": self.reason, "hash": self.hash}


def audit_events(engine: Engine, *, reviewer: str | None = None, claim_id: int | None = None,
                 since: datetime | None = None, until: datetime | None = None) -> list[EventRow]:
    query = select(AuditEvent.id, AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.entity,
                   AuditEvent.entity_id, AuditEvent.before, AuditEvent.after, AuditEvent.reason, AuditEvent.hash)
    if reviewer is not None:
        query = query.where(AuditEvent.actor == reviewer)
    if claim_id is not None:
        items = select(cast(Evidence.id, String)).where(Evidence.claim_id == claim_id)
        query = query.where(or_(and_(AuditEvent.entity == "claim", AuditEvent.entity_id == str(claim_id)),
                                and_(AuditEvent.entity == "evidence", AuditEvent.entity_id.in_(items))))
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    with engine.connect() as conn:
        return [EventRow(*row) for row in conn.execute(query.order_by(AuditEvent.id))]
