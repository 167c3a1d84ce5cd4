"""Triage: decisions, grades, notes and undo on evidence items.

Each operation is one transaction: the decision row (the full state it
leaves the item in), the item's copy of that state, its claim's counts and
an audit event commit together, or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import exists
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from models.audit import record_event
from models.counts import add_to_counts
from models.errors import InvalidValue
from models.lookup import get_or_fail
from models.records import ReviewerRecord
from models.tables import Decision, Evidence, utcnow
from models.vocab import CREDIBILITY, RELIABILITY, STANCE_ACTIONS, Action, Outcome

_OUTCOME_OF = {
    Action.SUPPORTS: Outcome.ACCEPTED,
    Action.REFUTES: Outcome.ACCEPTED,
    Action.CONTEXT: Outcome.ACCEPTED,
    Action.REJECT: Outcome.REJECTED,
    Action.DUPLICATE: Outcome.DUPLICATE,
    Action.ESCALATE: Outcome.ESCALATED,
}


@dataclass(frozen=True, slots=True)
class TriageState:
    """What a decision leaves an item in."""

    stance: str | None = None
    outcome: str = Outcome.PENDING
    duplicate_of_id: int | None = None
    reliability: str | None = None
    credibility: str | None = None
    note: str = ""

    @classmethod
    def of(cls, row: Evidence | Decision) -> TriageState:
        return cls(row.stance, row.outcome, row.duplicate_of_id, row.reliability, row.credibility, row.note)

    def as_dict(self) -> dict[str, Any]:
        return {
            "stance": self.stance, "outcome": self.outcome, "duplicate_of": self.duplicate_of_id,
            "reliability": self.reliability, "credibility": self.credibility, "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Applied:
    """The result of one triage operation, for the UI to redraw from."""

    decision_id: int
    evidence_id: int
    claim_id: int | None
    action: str


def _load(session: Session, evidence_id: int) -> Evidence:
    return get_or_fail(session, Evidence, evidence_id, "evidence")


def _apply(
    session: Session,
    reviewer: ReviewerRecord,
    item: Evidence,
    action: Action,
    state: TriageState,
    *,
    seconds_on_screen: float | None = None,
    undoes_id: int | None = None,
) -> Applied:
    before = TriageState.of(item)
    now = utcnow()
    decision = Decision(
        evidence_id=item.id, reviewer_id=reviewer.id, at=now, action=action,
        stance=state.stance, outcome=state.outcome, duplicate_of_id=state.duplicate_of_id,
        reliability=state.reliability, credibility=state.credibility, note=state.note,
        seconds_on_screen=seconds_on_screen, undoes_id=undoes_id,
    )
    session.add(decision)
    now_decided = state.outcome != Outcome.PENDING
    if item.decided != now_decided:
        step = 1 if now_decided else -1
        add_to_counts(session, item.claim_id, pending=-step, decided=step)
    item.stance, item.outcome, item.duplicate_of_id = state.stance, state.outcome, state.duplicate_of_id
    item.reliability, item.credibility, item.note = state.reliability, state.credibility, state.note
    item.decided = now_decided
    item.decided_by_id, item.decided_at = reviewer.id, now
    session.add(item)
    session.flush()
    record_event(
        session, actor=reviewer.name, action=f"decision.{action}", entity="evidence", entity_id=item.id,
        before=before.as_dict(), after=state.as_dict() | {"decision": decision.id},
    )
    applied = Applied(decision.id, item.id, item.claim_id, action)
    session.commit()  # after it, reading an attribute would load its row again
    return applied


def decide(
    engine: Engine,
    reviewer: ReviewerRecord,
    evidence_id: int,
    action: Action | str,
    *,
    duplicate_of: int | None = None,
    seconds_on_screen: float | None = None,
) -> Applied:
    """Record one triage decision (supports, refutes, context, reject, duplicate, escalate)."""
    try:
        action = Action(action)
    except ValueError:
        raise InvalidValue(f"unknown decision {action!r}") from None
    if action not in _OUTCOME_OF:
        raise InvalidValue(f"{action} is not a triage decision")
    with Session(engine) as session:
        item = _load(session, evidence_id)
        if action in STANCE_ACTIONS and item.claim_id is None:
            raise InvalidValue("link the item to a claim before taking a stance on it")
        if action == Action.DUPLICATE:
            if duplicate_of is None or duplicate_of == evidence_id:
                raise InvalidValue("a duplicate needs the item it duplicates")
            _load(session, duplicate_of)
        current = TriageState.of(item)
        state = replace(
            current,
            stance=action.value if action in STANCE_ACTIONS else current.stance,
            outcome=_OUTCOME_OF[action],
            duplicate_of_id=duplicate_of if action == Action.DUPLICATE else None,
        )
        return _apply(session, reviewer, item, action, state, seconds_on_screen=seconds_on_screen)


def set_grade(
    engine: Engine,
    reviewer: ReviewerRecord,
    evidence_id: int,
    *,
    reliability: str | None = None,
    credibility: str | None = None,
) -> Applied:
    """Grade the item's source (reliability A–F) and/or its information (credibility 1–6)."""
    reliability = reliability.upper() if reliability is not None else None
    if reliability is not None and reliability not in RELIABILITY:
        raise InvalidValue(f"reliability must be one of A–F, not {reliability!r}")
    if credibility is not None and credibility not in CREDIBILITY:
        raise InvalidValue(f"credibility must be one of 1–6, not {credibility!r}")
    with Session(engine) as session:
        item = _load(session, evidence_id)
        current = TriageState.of(item)
        state = replace(
            current,
            reliability=reliability if reliability is not None else current.reliability,
            credibility=credibility if credibility is not None else current.credibility,
        )
        return _apply(session, reviewer, item, Action.GRADE, state)


def add_note(engine: Engine, reviewer: ReviewerRecord, evidence_id: int, note: str) -> Applied:
    """Set the item's note (an empty note clears it); the old one stays in the history."""
    with Session(engine) as session:
        item = _load(session, evidence_id)
        state = replace(TriageState.of(item), note=note.strip())
        return _apply(session, reviewer, item, Action.NOTE, state)


_UNDOING = aliased(Decision)  # made once, so that the statement below is cached


def undo_last(engine: Engine, reviewer: ReviewerRecord) -> Applied | None:
    """Undo the reviewer's latest decision not yet undone, by a new decision that
    restores the state before it. None when there is nothing left to undo.

    Refused when someone else has decided the item since: their decision is
    never silently overwritten.
    """
    with Session(engine) as session:
        undoing = _UNDOING
        target = session.exec(
            select(Decision)
            .where(
                Decision.reviewer_id == reviewer.id,
                Decision.action != Action.UNDO,
                ~exists().where(undoing.undoes_id == Decision.id),
            )
            .order_by(Decision.id.desc())
            .limit(1)
        ).first()
        if target is None:
            return None
        others_since = session.exec(
            select(Decision.id).where(
                Decision.evidence_id == target.evidence_id,
                Decision.id > target.id,
                Decision.reviewer_id != reviewer.id,
            )
        ).first()
        if others_since is not None:
            raise InvalidValue("cannot undo: another reviewer has decided this item since")
        previous = session.exec(
            select(Decision)
            .where(Decision.evidence_id == target.evidence_id, Decision.id < target.id)
            .order_by(Decision.id.desc())
            .limit(1)
        ).first()
        state = TriageState.of(previous) if previous else TriageState()
        item = _load(session, target.evidence_id)
        return _apply(session, reviewer, item, Action.UNDO, state, undoes_id=target.id)
