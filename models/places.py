"""Where each reviewer stopped: the claim (None: the inbox), the filter and search on
the queue, and the item highlighted; the workstation opens there next time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from models.database import BUSY_TIMEOUT_MS
from models.records import ReviewerRecord
from models.tables import ReviewerPlace, utcnow


PLACE_WAIT_MS = 100


@dataclass(frozen=True, slots=True)
class Place:
    claim_id: int | None
    evidence_id: int | None
    filter: str = ""
    search: str = ""


def save_place(engine: Engine, reviewer: ReviewerRecord, place: Place) -> None:
    """Keep the place; a database another program keeps busy refuses it at once (a place is
    kept again a few seconds later, and must never hold up a decision)."""
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {PLACE_WAIT_MS}" if sqlite
                             else f"SET LOCAL lock_timeout = '{PLACE_WAIT_MS}ms'")
        try:
            conn.execute(delete(ReviewerPlace).where(ReviewerPlace.reviewer_id == reviewer.id))
            conn.execute(insert(ReviewerPlace).values(
                reviewer_id=reviewer.id, claim_id=place.claim_id, evidence_id=place.evidence_id,
                filter=place.filter, search=place.search, at=utcnow()))
            conn.commit()
        finally:
            if sqlite:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def place_of(engine: Engine, reviewer: ReviewerRecord) -> Place | None:
    """The reviewer's place, or None when they have none yet."""
    with engine.connect() as conn:
        found = conn.execute(select(ReviewerPlace.claim_id, ReviewerPlace.evidence_id, ReviewerPlace.filter,
                                    ReviewerPlace.search).where(ReviewerPlace.reviewer_id == reviewer.id)).first()
    return Place(*found) if found else None
