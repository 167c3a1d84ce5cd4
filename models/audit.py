"""The audit log: one appended event per change, written in the change's own
transaction so that a change and its event land together or not at all."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from models.tables import AuditEvent


def record_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before,
            after=after,
            reason=reason,
        )
    )
