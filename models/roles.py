"""Who may do what. Supervisor-only operations (a final verdict, role changes, and
the supervisor's own screen's overrides, seals and settings) are refused here, in
the models, for anyone else — and the refusal is itself an audit event."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from models.audit import append_event
from models.errors import EvideskError, InvalidValue
from models.records import ReviewerRecord
from models.tables import Reviewer, utcnow
from models.vocab import Role, parse_enum


class NotPermitted(EvideskError):
    """The reviewer's role does not allow the operation."""


def current_role(engine: Engine, reviewer: ReviewerRecord) -> str:
    """The role as the database has it now (a supervisor may have changed it since the desk opened)."""
    with engine.connect() as conn:
        return conn.execute(select(Reviewer.role).where(Reviewer.id == reviewer.id)).scalar_one()


def require_supervisor(engine: Engine, reviewer: ReviewerRecord, doing: str) -> None:
    """NotPermitted, and a `refused` audit event, unless `reviewer` is a supervisor."""
    if current_role(engine, reviewer) == Role.SUPERVISOR:
        return
    message = f"{doing} needs a supervisor; {reviewer.name} is a reviewer"
    with engine.connect() as conn:
        # The refusal's own transaction: the refused change never began.
        append_event(conn, at=utcnow(), actor=reviewer.name, action="refused", entity="operation",
                     entity_id=doing, reason=message)
        conn.commit()
    raise NotPermitted(message)


def list_reviewers(engine: Engine) -> list[ReviewerRecord]:
    with engine.connect() as conn:
        found = conn.execute(select(Reviewer.id, Reviewer.name, Reviewer.role).order_by(Reviewer.name)).all()
    return [ReviewerRecord(*row) for row in found]


def add_reviewer(engine: Engine, actor: ReviewerRecord, name: str, role: Role | str = Role.REVIEWER) -> ReviewerRecord:
    """Add a reviewer, or change an existing one's role. Making a supervisor, or changing
    anyone's role, needs a supervisor."""
    role = parse_enum(Role, role, "role")
    name = name.strip()
    if not name:
        raise InvalidValue("reviewer name is empty")
    with engine.connect() as conn:
        existing = conn.execute(select(Reviewer.id, Reviewer.role).where(Reviewer.name == name)).first()
    if existing is not None and existing.role == role:
        return ReviewerRecord(existing.id, name, role.value)
    if role == Role.SUPERVISOR or existing is not None:
        require_supervisor(engine, actor, "changing a role" if existing is not None else "adding a supervisor")
    with engine.connect() as conn:
        if existing is None:
            reviewer_id = conn.execute(insert(Reviewer).values(name=name, role=role.value, created_at=utcnow())
                                       ).inserted_primary_key[0]
            append_event(conn, actor=actor.name, action="reviewer.add", entity="reviewer", entity_id=reviewer_id,
                         after={"name": name, "role": role.value})
        else:
            reviewer_id = existing.id
            conn.execute(update(Reviewer).where(Reviewer.id == reviewer_id).values(role=role.value))
            append_event(conn, actor=actor.name, action="reviewer.role", entity="reviewer", entity_id=reviewer_id,
                         before={"role": existing.role}, after={"role": role.value})
        conn.commit()
    return ReviewerRecord(reviewer_id, name, role.value)
