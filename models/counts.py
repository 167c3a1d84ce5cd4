"""The pending/decided counts kept on each claim, changed only by relative
updates so that concurrent writers never overwrite each other's counts."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.engine import Connection
from sqlmodel import Session

from models.tables import Claim


def add_to_counts(session: Session | Connection, claim_id: int | None, *, pending: int = 0, decided: int = 0) -> None:
    """Shift a claim's counts; the inbox (None) is counted on demand instead."""
    if claim_id is None or (pending == 0 and decided == 0):
        return
    session.execute(
        update(Claim)
        .where(Claim.id == claim_id)
        .values(n_pending=Claim.n_pending + pending, n_decided=Claim.n_decided + decided)
        .execution_options(synchronize_session=False)
    )


def move_item_counts(session: Session, claim_id: int | None, *, decided: bool, sign: int) -> None:
    """Add (sign 1) or remove (sign -1) one item of the given state from a claim's counts."""
    add_to_counts(session, claim_id, pending=0 if decided else sign, decided=sign if decided else 0)
