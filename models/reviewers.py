"""Reviewers and their roles. The first reviewer of a database is its supervisor."""

from __future__ import annotations

import getpass

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.audit import record_event
from models.errors import InvalidValue
from models.records import ReviewerRecord
from models.tables import Reviewer
from models.vocab import Role


def default_reviewer_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (containers)
        return "reviewer"


def ensure_reviewer(engine: Engine, name: str) -> ReviewerRecord:
    """The reviewer called `name`, created on first use."""
    name = name.strip()
    if not name:
        raise InvalidValue("reviewer name is empty")
    with Session(engine) as session:
        reviewer = session.exec(select(Reviewer).where(Reviewer.name == name)).first()
        if reviewer is None:
            is_first = session.exec(select(Reviewer.id).limit(1)).first() is None
            reviewer = Reviewer(name=name, role=Role.SUPERVISOR if is_first else Role.REVIEWER)
            session.add(reviewer)
            session.flush()
            record_event(
                session, actor=name, action="reviewer.add", entity="reviewer", entity_id=reviewer.id,
                after={"name": name, "role": reviewer.role},
            )
            session.commit()
        return ReviewerRecord(id=reviewer.id, name=reviewer.name, role=reviewer.role)
