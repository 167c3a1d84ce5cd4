"""A supervisor's operations on the record: overriding an item's state with a reason
(a new decision; the old ones stay), settling a disputed item with one reviewer's
version, confirming a decision, sealing a claim so that its evidence is read-only
for reviewers, and reopening it with a reason. Each is refused for reviewers and
lands in the audit log."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.engine import Engine

from models.audit import append_event
from models.errors import InvalidValue, NotFound
from models.queries import claim_row
from models.records import ClaimRow, ReviewerRecord
from models.roles import require_supervisor
from models.second_review import Version, disputed_count, disputed_ids, versions
from models.tables import Claim, Decision, Evidence
from models.triage import Applied, _apply, _item, decided_state, triage_action
from models.vocab import TRIAGE_ACTIONS, Action


def _reason(reason: str, doing: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidValue(f"{doing} needs a reason")
    return reason


def override(engine: Engine, supervisor: ReviewerRecord, evidence_id: int, action: Action | str, reason: str, *,
             duplicate_of: int | None = None) -> Applied:
    """Set the item's state as triage `action` would, as a supervisor's override with its reason."""
    action = triage_action(action)
    reason = _reason(reason, "an override")
    require_supervisor(engine, supervisor, "overriding a decision")
    with engine.connect() as conn:
        claim_id, current = _item(conn, evidence_id)
        state = decided_state(conn, evidence_id, claim_id, current, action, duplicate_of)
        return _apply(conn, supervisor, evidence_id, claim_id, current, Action.OVERRIDE, state, reason=reason)


def confirm(engine: Engine, supervisor: ReviewerRecord, decision_id: int, note: str = "") -> None:
    """Record that a supervisor checked a decision and lets it stand."""
    require_supervisor(engine, supervisor, "confirming a decision")
    with engine.connect() as conn:
        found = conn.execute(select(Decision.evidence_id, Decision.action).where(Decision.id == decision_id)).first()
        if found is None:
            raise NotFound(f"no decision with id {decision_id}")
        append_event(conn, actor=supervisor.name, action="decision.confirm", entity="decision", entity_id=decision_id,
                     after={"evidence": found.evidence_id, "action": found.action}, reason=" ".join(note.split()))
        conn.commit()


def _set_sealed(engine: Engine, supervisor: ReviewerRecord, claim_id: int, sealed: bool, reason: str) -> ClaimRow:
    doing = "sealing a claim" if sealed else "reopening a claim"
    require_supervisor(engine, supervisor, doing)
    with engine.connect() as conn:
        before = conn.execute(select(Claim.sealed).where(Claim.id == claim_id)).scalar()
        if before is None:
            raise NotFound(f"no claim with id {claim_id}")
        if bool(before) == sealed:
            raise InvalidValue(f"claim #{claim_id} is already {'sealed' if sealed else 'open'}")
        conn.execute(update(Claim).where(Claim.id == claim_id).values(sealed=sealed))
        append_event(conn, actor=supervisor.name, action="claim.seal" if sealed else "claim.reopen", entity="claim",
                     entity_id=claim_id, before={"sealed": bool(before)}, after={"sealed": sealed}, reason=reason)
        conn.commit()
    return claim_row(engine, claim_id)


def seal_claim(engine: Engine, supervisor: ReviewerRecord, claim_id: int, reason: str = "") -> ClaimRow:
    """Make a claim's evidence read-only for reviewers."""
    return _set_sealed(engine, supervisor, claim_id, True, " ".join(reason.split()))


def reopen_claim(engine: Engine, supervisor: ReviewerRecord, claim_id: int, reason: str) -> ClaimRow:
    """Let reviewers change a sealed claim's evidence again; the reason is required."""
    return _set_sealed(engine, supervisor, claim_id, False, _reason(reason, "reopening a claim"))


def escalated_items(engine: Engine, limit: int = 1000) -> list[int]:
    """The items reviewers sent up (outcome escalated), oldest first."""
    with engine.connect() as conn:
        return list(conn.execute(select(Evidence.id).where(Evidence.outcome == "escalated")
                                 .order_by(Evidence.id).limit(limit)).scalars())


def adjudication_queue(engine: Engine, limit: int = 1000) -> tuple[int, list[int]]:
    """How many items are disputed, and the first `limit` of them, oldest first."""
    with engine.connect() as conn:
        return disputed_count(conn), disputed_ids(conn, limit)


def on_disputed_items() -> ColumnElement[bool]:
    """The reviewers' calls on disputed items, as a WHERE clause over decisions."""
    return Decision.action.in_([str(action) for action in TRIAGE_ACTIONS]) & Decision.evidence_id.in_(
        select(Evidence.id).where(Evidence.disputed))


def item_versions(engine: Engine, evidence_id: int) -> list[Version]:
    """Each reviewer's version of the item, the latest changed last."""
    with engine.connect() as conn:
        return list(versions(conn, evidence_id).values())


def adjudicate(engine: Engine, supervisor: ReviewerRecord, evidence_id: int, decision_id: int,
               reason: str = "") -> Applied:
    """Settle an item with the version one reviewer's decision `decision_id` gave it:
    an override whose reason names whose version was kept."""
    require_supervisor(engine, supervisor, "settling a disputed item")
    with engine.connect() as conn:
        kept = next((version for version in versions(conn, evidence_id).values()
                     if version.decision_id == decision_id), None)
        if kept is None:
            raise NotFound(f"decision {decision_id} is no reviewer's standing version of item #{evidence_id}")
        claim_id, current = _item(conn, evidence_id)
        because = f"kept {kept.reviewer}'s version (decision {decision_id})"
        reason = " ".join(reason.split())
        return _apply(conn, supervisor, evidence_id, claim_id, current, Action.OVERRIDE, kept.state,
                      reason=f"{because}: {reason}" if reason else because)
