"""Claim verdicts: reviewers propose, supervisors finalise (models.claims.set_verdict).

A claim's case is its accepted evidence for (supporting) and against (refuting);
`suggest_verdict` reads a verdict off the two lists by a literal rule, which the
supervisor may follow or overrule with a rationale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from models.audit import record_event
from models.errors import InvalidValue
from models.lookup import get_or_fail
from models.queries import claim_row
from models.records import ClaimRow, ReviewerRecord
from models.roles import require_supervisor
from models.tables import Claim, Evidence, Reviewer, utcnow
from models.vocab import ClaimStatus, Outcome, Stance, Verdict, parse_enum

EXCERPT_CHARS = 200


@dataclass(frozen=True, slots=True)
class CaseItem:
    """One accepted item for or against a claim."""

    id: int
    source: str
    kind: str
    excerpt: str
    reliability: str | None
    credibility: str | None
    url: str
    decided_by: str | None

    @property
    def grade(self) -> str:
        return f"{self.reliability or '-'}{self.credibility or '-'}"


@dataclass(frozen=True, slots=True)
class VerdictCase:
    """What the verdict view shows: the claim, its verdict or proposal, the evidence both ways."""

    claim_id: int
    text: str
    verdict: str | None
    rationale: str
    proposed_verdict: str | None
    proposed_rationale: str
    proposed_by: str | None
    proposed_at: datetime | None
    supporting: tuple[CaseItem, ...]
    refuting: tuple[CaseItem, ...]
    n_context: int
    suggested: Verdict
    why: str


def _items(conn: Connection, claim_id: int, stance: Stance) -> tuple[CaseItem, ...]:
    found = conn.execute(
        select(Evidence.id, Evidence.source, Evidence.kind, func.substr(Evidence.text, 1, EXCERPT_CHARS),
               Evidence.reliability, Evidence.credibility, Evidence.url, Reviewer.name)
        .outerjoin(Reviewer, Reviewer.id == Evidence.decided_by_id)
        .where(Evidence.claim_id == claim_id, Evidence.outcome == Outcome.ACCEPTED, Evidence.stance == stance)
        .order_by(Evidence.id)
    ).all()
    return tuple(CaseItem(*row) for row in found)


def _counted(n: int, verb: str) -> str:
    if n == 0:
        return f"no item {verb}s it"
    return f"1 item {verb}s it" if n == 1 else f"{n} items {verb} it"


def suggest_verdict(supporting: Sequence[object], refuting: Sequence[object]) -> tuple[Verdict, str]:
    """The verdict the accepted evidence points to, and why: neither way → unverifiable,
    only supporting → accurate, only refuting → false, both ways → mixed."""
    why = f"{_counted(len(supporting), 'support')}, {_counted(len(refuting), 'refute')}"
    if supporting and refuting:
        return Verdict.MIXED, why
    if supporting:
        return Verdict.ACCURATE, why
    if refuting:
        return Verdict.FALSE, why
    return Verdict.UNVERIFIABLE, why


def suggestion_for(conn: Connection, claim_id: int) -> Verdict:
    """The suggested verdict for a claim as the database has it now."""
    return suggest_verdict(_items(conn, claim_id, Stance.SUPPORTS), _items(conn, claim_id, Stance.REFUTES))[0]


def verdict_case(engine: Engine, claim_id: int) -> VerdictCase:
    with Session(engine) as session:
        claim = get_or_fail(session, Claim, claim_id, "claim")
        proposer = session.get(Reviewer, claim.proposed_by_id) if claim.proposed_by_id else None
        conn = session.connection()
        supporting = _items(conn, claim_id, Stance.SUPPORTS)
        refuting = _items(conn, claim_id, Stance.REFUTES)
        n_context = conn.execute(select(func.count()).select_from(Evidence).where(
            Evidence.claim_id == claim_id, Evidence.outcome == Outcome.ACCEPTED,
            Evidence.stance == Stance.CONTEXT)).scalar_one()
        suggested, why = suggest_verdict(supporting, refuting)
        return VerdictCase(
            claim_id=claim_id, text=claim.text, verdict=claim.verdict, rationale=claim.rationale,
            proposed_verdict=claim.proposed_verdict, proposed_rationale=claim.proposed_rationale,
            proposed_by=proposer.name if proposer else None, proposed_at=claim.proposed_at,
            supporting=supporting, refuting=refuting, n_context=n_context, suggested=suggested, why=why,
        )


def propose_verdict(
    engine: Engine, reviewer: ReviewerRecord, claim_id: int, verdict: Verdict | str, rationale: str
) -> ClaimRow:
    """Record a reviewer's proposed verdict for a supervisor to finalise; the claim goes
    in review unless it is already resolved. A sealed claim takes proposals from supervisors only."""
    verdict = parse_enum(Verdict, verdict, "verdict")
    rationale = rationale.strip()
    if not rationale:
        raise InvalidValue("a proposed verdict needs a rationale")
    with Session(engine) as session:
        claim = get_or_fail(session, Claim, claim_id, "claim")
        if claim.sealed:
            require_supervisor(engine, reviewer, f"proposing a verdict on sealed claim #{claim_id}")
        before = {"proposed_verdict": claim.proposed_verdict, "proposed_rationale": claim.proposed_rationale,
                  "status": claim.status}
        claim.proposed_verdict, claim.proposed_rationale = verdict.value, rationale
        claim.proposed_by_id, claim.proposed_at = reviewer.id, utcnow()
        if claim.status != ClaimStatus.RESOLVED:
            claim.status = ClaimStatus.IN_REVIEW
        session.add(claim)
        record_event(
            session, actor=reviewer.name, action="claim.propose", entity="claim", entity_id=claim_id,
            before=before, after={"proposed_verdict": verdict.value, "proposed_rationale": rationale,
                                  "status": claim.status},
        )
        session.commit()
    return claim_row(engine, claim_id)
