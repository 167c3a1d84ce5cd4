"""Claims: adding one, linking evidence to it, and rating it with a verdict."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.audit import record_event
from models.counts import move_item_counts
from models.errors import InvalidValue
from models.lookup import get_or_fail
from models.queries import claim_row
from models.records import ClaimRow, ReviewerRecord
from models.roles import require_supervisor
from models.tables import Claim, Evidence, utcnow
from models.verdicts import suggestion_for
from models.vocab import ClaimStatus, Verdict, parse_enum


def _claim(session: Session, claim_id: int) -> Claim:
    return get_or_fail(session, Claim, claim_id, "claim")


def add_claim(
    engine: Engine,
    reviewer: ReviewerRecord,
    text: str,
    *,
    claimant: str = "",
    claim_date: date | None = None,
    appearance_url: str = "",
    tags: list[str] | None = None,
    from_evidence: int | None = None,
) -> int:
    """Create a claim; with `from_evidence`, that item is linked to it. Returns the claim id."""
    text = text.strip()
    if not text:
        raise InvalidValue("a claim needs its text")
    with Session(engine) as session:
        claim = Claim(
            text=text, claimant=claimant.strip(), claim_date=claim_date,
            appearance_url=appearance_url.strip(), tags=tags or [],
        )
        session.add(claim)
        session.flush()
        record_event(
            session, actor=reviewer.name, action="claim.add", entity="claim", entity_id=claim.id,
            after={"text": claim.text, "claimant": claim.claimant, "claim_date": str(claim_date or "")},
        )
        if from_evidence is not None:
            _move(session, reviewer, from_evidence, claim)
        session.commit()
        return claim.id


def _move(session: Session, reviewer: ReviewerRecord, evidence_id: int, claim: Claim) -> None:
    item = get_or_fail(session, Evidence, evidence_id, "evidence")
    if item.claim_id == claim.id:
        return
    move_item_counts(session, item.claim_id, decided=item.decided, sign=-1)
    move_item_counts(session, claim.id, decided=item.decided, sign=1)
    record_event(
        session, actor=reviewer.name, action="evidence.link", entity="evidence", entity_id=item.id,
        before={"claim": item.claim_id}, after={"claim": claim.id},
    )
    item.claim_id = claim.id
    session.add(item)


def link_evidence(engine: Engine, reviewer: ReviewerRecord, evidence_id: int, claim_id: int) -> ClaimRow:
    """Attach an item (from the inbox or another claim) to `claim_id`; returns that claim."""
    with Session(engine) as session:
        _move(session, reviewer, evidence_id, _claim(session, claim_id))
        session.commit()
    return claim_row(engine, claim_id)


def set_verdict(
    engine: Engine, reviewer: ReviewerRecord, claim_id: int, verdict: Verdict | str, rationale: str
) -> ClaimRow:
    """Rate a claim and resolve it (a supervisor's call); the rationale is required so readers see why.
    The audit event records the suggested verdict and whether this one overrules it; a
    reviewer's proposal (models.verdicts) stays on the claim."""
    verdict = parse_enum(Verdict, verdict, "verdict")
    rationale = rationale.strip()
    if not rationale:
        raise InvalidValue("a verdict needs a rationale")
    require_supervisor(engine, reviewer, "a claim's verdict")
    with Session(engine) as session:
        claim = _claim(session, claim_id)
        before = {"verdict": claim.verdict, "rationale": claim.rationale, "status": claim.status}
        suggested = suggestion_for(session.connection(), claim_id)
        claim.verdict, claim.rationale, claim.status = verdict.value, rationale, ClaimStatus.RESOLVED
        claim.verdict_by_id, claim.verdict_at = reviewer.id, utcnow()
        session.add(claim)
        record_event(
            session, actor=reviewer.name, action="claim.verdict", entity="claim", entity_id=claim.id,
            before=before, after={"verdict": claim.verdict, "rationale": rationale, "status": claim.status,
                                  "suggested": suggested.value, "overrules_suggestion": verdict != suggested},
        )
        session.commit()
    return claim_row(engine, claim_id)
