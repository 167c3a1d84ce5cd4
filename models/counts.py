"""The pending/decided counts kept on each claim, changed only by relative
updates so that concurrent writers never overwrite each other's counts."""

from __future__ import annotations

from sqlalchemy import bindparam, update
from sqlalchemy.engine import Connection
from sqlmodel import Session

from models.tables import Claim

_CLAIMS = Claim.__table__.c
# Built once, on the table: a decision runs it between its key press and the next item painted.
_SHIFT = (update(Claim.__table__).where(_CLAIMS.id == bindparam("claim"))
          .values(n_pending=_CLAIMS.n_pending + bindparam("pending"),
                  n_decided=_CLAIMS.n_decided + bindparam("decided")))


def add_to_counts(session: Session | Connection, claim_id: int | None, *, pending: int = 0, decided: int = 0) -> None:
    """Shift a claim's counts; the inbox (None) is counted on demand instead."""
    if claim_id is None or (pending == 0 and decided == 0):
        return
    session.execute(_SHIFT, {"claim": claim_id, "pending": pending, "decided": decided})


def move_item_counts(session: Session, claim_id: int | None, *, decided: bool, sign: int) -> None:
    """Add (sign 1) or remove (sign -1) one item of the given state from a claim's counts."""
    add_to_counts(session, claim_id, pending=0 if decided else sign, decided=sign if decided else 0)
