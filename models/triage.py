"""Triage: decisions, grades, notes and undo on evidence items.

Each operation is one transaction: the decision row (the full state it
leaves the item in), the item's copy of that state, its claim's counts and
an audit event commit together, or not at all. Under second review a
reviewer's operation changes their own version of the item, and the item
settles from the versions (models.second_review). They are written with Core
statements, which take a third of the time an ORM session does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from sqlalchemy import bindparam, exists, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import aliased

from models.audit import append_event
from models.counts import add_to_counts
from models.errors import InvalidValue, NotFound
from models.item_state import TriageState
from models.leases import Queue, conflict, take_lease
from models.records import ReviewerRecord
from models.roles import require_supervisor
from models.second_review import Settlement, settle, versions
from models.settings import review_policy
from models.tables import Claim, Decision, Evidence, utcnow
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
class Applied:
    """The result of one triage operation, for the UI to redraw from."""

    decision_id: int
    evidence_id: int
    claim_id: int | None
    action: str
    state: TriageState  # the item's
    # Under second review: the reviewer's own version, and the versions in so far.
    version: TriageState | None = None
    reviews: int | None = None
    disputed: bool = False
    # The item's change count after this change, and the item the queue leased next, if asked.
    changes: int = 0
    next_id: int | None = None
    # For one decision on many items, or its undo: every item it changed.
    bulk_items: tuple[int, ...] = ()


# Core statements, built once so that SQLAlchemy compiles each only once: a decision
# is on the path from a key press to the next item painted.
_STATE_COLUMNS = (Evidence.stance, Evidence.outcome, Evidence.duplicate_of_id, Evidence.reliability,
                  Evidence.credibility, Evidence.note)
_ITEM = (select(Evidence.claim_id, func.coalesce(Claim.sealed, False), *_STATE_COLUMNS)
         .select_from(Evidence).outerjoin(Claim, Claim.id == Evidence.claim_id)
         .where(Evidence.id == bindparam("evidence_id")))
_DECISION_INSERT = insert(Decision.__table__)
_ITEMS = Evidence.__table__.c
_DECISION_STATE = (Decision.stance, Decision.outcome, Decision.duplicate_of_id, Decision.reliability,
                   Decision.credibility, Decision.note)


def _item(conn: Connection, evidence_id: int,
          reviewer: ReviewerRecord | None = None) -> tuple[int | None, TriageState]:
    """The item's claim and current state, or NotFound. With `reviewer`: NotPermitted (and
    an audited refusal) when the item's claim is sealed and the reviewer no supervisor."""
    found = conn.execute(_ITEM, {"evidence_id": evidence_id}).first()
    if found is None:
        raise NotFound(f"no evidence with id {evidence_id}")
    claim_id, sealed = found[0], found[1]
    if sealed and reviewer is not None:
        require_supervisor(conn.engine, reviewer, f"changing an item of sealed claim #{claim_id}")
    return claim_id, TriageState(*found[2:])


def _apply(
    conn: Connection,
    reviewer: ReviewerRecord,
    evidence_id: int,
    claim_id: int | None,
    before: TriageState,
    action: Action,
    state: TriageState,
    *,
    seconds_on_screen: float | None = None,
    undoes_id: int | None = None,
    reason: str = "",
    item: Settlement | None = None,
    item_before: TriageState | None = None,
    shown_changes: int | None = None,
    lease_in: Queue | None = None,
    bulk_id: int | None = None,
    commit: bool = True,
) -> Applied:
    """Write the decision (leaving `state`), the item's copy of its state (`item`'s under
    second review, else `state`), its claim's counts and the audit event, and commit
    them together (unless `commit` is False: one of many in a transaction). With
    `shown_changes`, only if the item is still as it was shown (else Conflict, nothing
    written); with `lease_in`, the queue's next item is leased to the reviewer in the
    same transaction."""
    now = utcnow()
    decision_id = conn.execute(_DECISION_INSERT, {
        "evidence_id": evidence_id, "reviewer_id": reviewer.id, "at": now, "action": action,
        "seconds_on_screen": seconds_on_screen, "undoes_id": undoes_id, "reason": reason, "bulk_id": bulk_id,
        **state.columns(),
    }).inserted_primary_key[0]
    item_before = item_before or before
    item_after = item.state if item else state
    values = {"reviews": item.reviews, "disputed": item.disputed} if item else {}
    if action == Action.OVERRIDE:
        values["disputed"] = False  # a ruling settles a dispute
    if item is None or item_after != item_before:
        values |= {"decided": item_after.decided, "decided_by_id": reviewer.id, "decided_at": now,
                   **item_after.columns()}
    unchanged = [_ITEMS.version == shown_changes] if shown_changes is not None else []
    changes = conn.execute(update(Evidence.__table__).where(_ITEMS.id == evidence_id, *unchanged)
                           .values(version=_ITEMS.version + 1, **values).returning(_ITEMS.version)).scalar()
    if changes is None:
        conn.rollback()
        raise conflict(conn, evidence_id, reviewer, now)
    if item_before.decided != item_after.decided:
        step = 1 if item_after.decided else -1
        add_to_counts(conn, claim_id, pending=-step, decided=step)
    after = state.as_dict() | {"decision": decision_id}
    if item is not None:
        after |= {"reviews": item.reviews, "disputed": item.disputed}
        if item_after != item_before:
            after["item"] = item_after.as_dict()
    if bulk_id is not None:
        after["bulk"] = bulk_id
    append_event(conn, at=now, actor=reviewer.name, action=f"decision.{action}", entity="evidence",
                 entity_id=evidence_id, before=before.as_dict(), after=after, reason=reason)
    next_id = take_lease(conn, reviewer, lease_in.clause, evidence_id, now) if lease_in is not None else None
    if commit:
        conn.commit()
    if item is None:
        return Applied(decision_id, evidence_id, claim_id, action, state, changes=changes, next_id=next_id)
    return Applied(decision_id, evidence_id, claim_id, action, item_after, state, item.reviews, item.disputed,
                   changes, next_id)


def _change(conn: Connection, reviewer: ReviewerRecord, evidence_id: int, claim_id: int | None,
            current: TriageState, action: Action, change: Callable[[TriageState], TriageState],
            **extra) -> Applied:
    """Apply `change` to the item, or under second review to the reviewer's version of
    it, the item settling from the versions. A grade or a note on a settled item
    changes the item too, without reopening it."""
    policy = review_policy(conn)
    if not policy.independent:
        return _apply(conn, reviewer, evidence_id, claim_id, current, action, change(current), **extra)
    # Independent calls are not conflicts, and the queue hands the same item to N reviewers.
    extra.pop("shown_changes", None)
    extra.pop("lease_in", None)
    others = versions(conn, evidence_id)
    own = others.pop(reviewer.id, None)
    mine = own.state if own else current
    version = change(mine)
    states = [other.state for other in others.values()] + [version]
    if action in (Action.GRADE, Action.NOTE) and current.decided:
        item = Settlement(change(current), sum(state.decided for state in states), False)
    else:
        item = settle(current, states, policy.overlap)
    return _apply(conn, reviewer, evidence_id, claim_id, mine, action, version, item=item, item_before=current,
                  **extra)


def decide(
    engine: Engine,
    reviewer: ReviewerRecord,
    evidence_id: int,
    action: Action | str,
    *,
    duplicate_of: int | None = None,
    seconds_on_screen: float | None = None,
    shown_changes: int | None = None,
    lease_next: bool = False,
) -> Applied:
    """Record one triage decision (supports, refutes, context, reject, duplicate, escalate).
    With `shown_changes` (the item's change count when it was shown), Conflict when someone
    changed it since; with `lease_next`, the next pending item of its queue is leased."""
    action = triage_action(action)
    with engine.connect() as conn:
        claim_id, current = _item(conn, evidence_id, reviewer)
        return _change(conn, reviewer, evidence_id, claim_id, current, action,
                       lambda base: decided_state(conn, evidence_id, claim_id, base, action, duplicate_of),
                       seconds_on_screen=seconds_on_screen, shown_changes=shown_changes,
                       lease_in=Queue(claim_id) if lease_next else None)


def triage_action(action: Action | str) -> Action:
    """The triage decision named, or InvalidValue."""
    try:
        action = Action(action)
    except ValueError:
        raise InvalidValue(f"unknown decision {action!r}") from None
    if action not in _OUTCOME_OF:
        raise InvalidValue(f"{action} is not a triage decision")
    return action


def decided_state(conn: Connection, evidence_id: int, claim_id: int | None, current: TriageState,
                  action: Action, duplicate_of: int | None) -> TriageState:
    """The state a triage decision leaves the item in, or InvalidValue."""
    if action in STANCE_ACTIONS and claim_id is None:
        raise InvalidValue("link the item to a claim before taking a stance on it")
    if action == Action.DUPLICATE:
        if duplicate_of is None or duplicate_of == evidence_id:
            raise InvalidValue("a duplicate needs the item it duplicates")
        _item(conn, duplicate_of)
    return replace(
        current,
        stance=action.value if action in STANCE_ACTIONS else current.stance,
        outcome=_OUTCOME_OF[action],
        duplicate_of_id=duplicate_of if action == Action.DUPLICATE else None,
    )


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
    with engine.connect() as conn:
        claim_id, current = _item(conn, evidence_id, reviewer)
        return _change(conn, reviewer, evidence_id, claim_id, current, Action.GRADE, lambda base: replace(
            base,
            reliability=reliability if reliability is not None else base.reliability,
            credibility=credibility if credibility is not None else base.credibility,
        ))


def add_note(engine: Engine, reviewer: ReviewerRecord, evidence_id: int, note: str) -> Applied:
    """Set the item's note (an empty note clears it); the old one stays in the history."""
    with engine.connect() as conn:
        claim_id, current = _item(conn, evidence_id, reviewer)
        return _change(conn, reviewer, evidence_id, claim_id, current, Action.NOTE,
                       lambda base: replace(base, note=note.strip()))


_UNDOING = aliased(Decision)  # made once, so that the statement below is cached


def undo_last(engine: Engine, reviewer: ReviewerRecord) -> Applied | None:
    """Undo the reviewer's latest decision not yet undone, by a new decision that
    restores the state before it; a decision made for many marked items is undone on
    all of them, in one transaction. None when there is nothing left to undo.

    Refused when someone else has decided the item since (under second review: when a
    supervisor has ruled on it since): their decision is never silently overwritten.
    Under second review, the reviewer's own version goes back to its state before.
    """
    with engine.connect() as conn:
        independent = review_policy(conn).independent
        standing = [Decision.reviewer_id == reviewer.id, Decision.action != Action.UNDO,
                    ~exists().where(_UNDOING.undoes_id == Decision.id)]
        target = conn.execute(select(Decision.id, Decision.evidence_id, Decision.bulk_id).where(*standing)
                              .order_by(Decision.id.desc()).limit(1)).first()
        if target is None:
            return None
        target_id, evidence_id, bulk_id = target
        if bulk_id is None:
            return _undo(conn, reviewer, target_id, evidence_id, independent)
        members = conn.execute(select(Decision.id, Decision.evidence_id).where(Decision.bulk_id == bulk_id, *standing)
                               .order_by(Decision.id.desc())).all()
        undone = [_undo(conn, reviewer, decision_id, item, independent, commit=False) for decision_id, item in members]
        conn.commit()
        return replace(undone[-1], bulk_items=tuple(applied.evidence_id for applied in undone))


def _undo(conn: Connection, reviewer: ReviewerRecord, target_id: int, evidence_id: int, independent: bool,
          commit: bool = True) -> Applied:
    since = [Decision.evidence_id == evidence_id, Decision.id > target_id, Decision.reviewer_id != reviewer.id]
    earlier = [Decision.evidence_id == evidence_id, Decision.id < target_id]
    if independent:
        since.append(Decision.action == Action.OVERRIDE)
        earlier += [Decision.reviewer_id == reviewer.id, Decision.action != Action.OVERRIDE]
    if conn.execute(select(Decision.id).where(*since)).first() is not None:
        raise InvalidValue(f"cannot undo: another reviewer has decided item #{evidence_id} since")
    previous = conn.execute(select(*_DECISION_STATE).where(*earlier).order_by(Decision.id.desc()).limit(1)).first()
    state = TriageState(*previous) if previous else TriageState()
    claim_id, current = _item(conn, evidence_id, reviewer)
    return _change(conn, reviewer, evidence_id, claim_id, current, Action.UNDO, lambda _: state,
                   undoes_id=target_id, commit=commit)
