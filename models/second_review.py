"""Second review. With review.overlap N > 1 each item is decided independently by N
reviewers before it is settled: each reviewer's decisions on an item make their own
version of it (the decision rows keep it), and the item stays pending until N
versions are in. When they agree on the call (outcome, stance, the original of a
duplicate) the item takes it; when they do not, it is disputed and waits for a
supervisor to keep one version or correct it (models.supervision.adjudicate).

A supervisor's override is a ruling, not a version: it settles the item as it says.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, bindparam, exists, false, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from models.item_state import TriageState
from models.tables import Decision, Evidence, Reviewer
from models.vocab import Action, Outcome


@dataclass(frozen=True, slots=True)
class Settlement:
    """The item's state once the versions are in, how many there are, and whether they disagree."""

    state: TriageState
    reviews: int
    disputed: bool


@dataclass(frozen=True, slots=True)
class Version:
    """One reviewer's version of an item: the state their latest decision left it in."""

    reviewer: str
    decision_id: int
    at: datetime
    state: TriageState


_STATE = (Decision.stance, Decision.outcome, Decision.duplicate_of_id, Decision.reliability,
          Decision.credibility, Decision.note)
_DECISIONS = (select(Decision.id, Decision.reviewer_id, Reviewer.name, Decision.at, *_STATE)
              .join(Reviewer, Reviewer.id == Decision.reviewer_id)
              .where(Decision.evidence_id == bindparam("evidence_id"), Decision.action != Action.OVERRIDE)
              .order_by(Decision.id))


def versions(conn: Connection, evidence_id: int) -> dict[int, Version]:
    """Each reviewer's version of the item by reviewer id, the latest changed last."""
    found: dict[int, Version] = {}
    for row in conn.execute(_DECISIONS, {"evidence_id": evidence_id}):
        found.pop(row.reviewer_id, None)
        found[row.reviewer_id] = Version(row.name, row.id, row.at, TriageState(*row[4:]))
    return found


def _call(state: TriageState) -> tuple:
    return state.outcome, state.stance, state.duplicate_of_id


def settle(item: TriageState, states: list[TriageState], overlap: int) -> Settlement:
    """What the item becomes with these versions (oldest change first) under overlap N."""
    decided = [state for state in states if state.decided]
    pending = replace(item, stance=None, outcome=Outcome.PENDING, duplicate_of_id=None)
    if len(decided) < overlap:
        return Settlement(pending, len(decided), False)
    if len({_call(state) for state in decided}) > 1:
        return Settlement(pending, len(decided), True)
    latest = decided[::-1]
    return Settlement(replace(
        decided[-1],
        reliability=next((state.reliability for state in latest if state.reliability), item.reliability),
        credibility=next((state.credibility for state in latest if state.credibility), item.credibility),
        note="\n".join(dict.fromkeys(state.note for state in decided if state.note)),
    ), len(decided), False)


_MINE = aliased(Decision)
_LATER = aliased(Decision)


def decided_by(reviewer_id: int):
    """Items the reviewer's version has decided (their latest decision left it decided)."""
    return exists().where(
        _MINE.evidence_id == Evidence.id, _MINE.reviewer_id == reviewer_id, _MINE.action != Action.OVERRIDE,
        _MINE.outcome != Outcome.PENDING,
        ~exists().where(_LATER.evidence_id == Evidence.id, _LATER.reviewer_id == reviewer_id,
                        _LATER.action != Action.OVERRIDE, _LATER.id > _MINE.id),
    )


def awaiting(reviewer_id: int):
    """Items still waiting for this reviewer's call: pending, undisputed, not decided by them."""
    return and_(Evidence.decided == false(), Evidence.disputed == false(), ~decided_by(reviewer_id))


def disputed_ids(conn: Connection, limit: int) -> list[int]:
    return list(conn.execute(select(Evidence.id).where(Evidence.disputed).order_by(Evidence.id).limit(limit)).scalars())


def disputed_count(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(Evidence).where(Evidence.disputed)).scalar_one()
