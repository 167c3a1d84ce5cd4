"""The supervisor's decision list: every decision in time order, with its reviewer,
its item and the item's claim, filtered by reviewer, claim, outcome, stance, kind
and time (the terms of models.filters that make sense for a decision), read a
stretch at a time by keyset on the decision id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import ColumnElement, Select, func, or_, select, true
from sqlalchemy.engine import Engine

from models.errors import InvalidValue
from models.filters import QueueFilter, Term, resolve_time, until_moment
from models.queries import PREVIEW_CHARS
from models.tables import Decision, Evidence, Reviewer

DECISION_FIELDS = ("by", "claim", "outcome", "stance", "kind", "since", "until")


@dataclass(frozen=True, slots=True)
class DecisionLine:
    id: int
    at: datetime
    reviewer: str
    action: str
    stance: str | None
    outcome: str
    evidence_id: int
    claim_id: int | None
    excerpt: str
    reason: str

    @property
    def key(self) -> tuple[int]:
        return (self.id,)


def _columns():
    return (Decision.id, Decision.at, Reviewer.name, Decision.action, Decision.stance, Decision.outcome,
            Decision.evidence_id, Evidence.claim_id, func.substr(Evidence.text, 1, PREVIEW_CHARS), Decision.reason)


def _base() -> Select:
    return (select(*_columns()).select_from(Decision).join(Reviewer, Reviewer.id == Decision.reviewer_id)
            .join(Evidence, Evidence.id == Decision.evidence_id))


def _term(term: Term, me: str, now: datetime) -> ColumnElement[bool]:
    values = term.values
    if term.field == "by":
        return Reviewer.name.in_([me if value == "me" else value for value in values])
    if term.field == "claim":
        value = values[0]
        if value == "all" or value == "here":
            return true()
        return Evidence.claim_id.is_(None) if value == "inbox" else Evidence.claim_id == int(value)
    if term.field == "outcome":
        return or_(*([Decision.outcome != "pending"] if "decided" in values else []),
                   Decision.outcome.in_(values))
    if term.field == "stance":
        return func.coalesce(Decision.stance, "none").in_(values)
    if term.field == "kind":
        return Evidence.kind.in_(values)
    if term.field == "since":
        return Decision.at >= resolve_time(values[0], now)
    return Decision.at < until_moment(values[0], now)


def decision_conditions(queue_filter: QueueFilter, me: str = "") -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter over decisions; InvalidValue for a field decisions lack."""
    now = datetime.now(timezone.utc)
    clauses = []
    for term in queue_filter.terms:
        if term.field not in DECISION_FIELDS:
            raise InvalidValue(f"filter: {term.field}: does not apply to decisions; "
                               f"fields here: {', '.join(DECISION_FIELDS)}")
        clause = _term(term, me, now)
        clauses.append(~func.coalesce(clause, False) if term.negated else clause)
    return clauses


def _read(engine: Engine, query) -> tuple[DecisionLine, ...]:
    with engine.connect() as conn:
        return tuple(DecisionLine(*row) for row in conn.execute(query))


def decision_count(engine: Engine, clauses: list[ColumnElement[bool]]) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(_base().where(*clauses).subquery())).scalar_one()


def decisions_after(engine: Engine, clauses, after_id: int | None, limit: int) -> tuple[DecisionLine, ...]:
    return _read(engine, _base().where(*clauses, Decision.id > (after_id or 0)).order_by(Decision.id).limit(limit))


def decisions_before(engine: Engine, clauses, before_id: int, limit: int) -> tuple[DecisionLine, ...]:
    return _read(engine, _base().where(*clauses, Decision.id < before_id).order_by(Decision.id.desc())
                 .limit(limit))[::-1]


def decisions_at(engine: Engine, clauses, start: int, limit: int) -> tuple[DecisionLine, ...]:
    return _read(engine, _base().where(*clauses).order_by(Decision.id).offset(start).limit(limit))


def decision_position(engine: Engine, clauses, decision_id: int) -> int | None:
    with engine.connect() as conn:
        if conn.execute(_base().where(*clauses, Decision.id == decision_id)).first() is None:
            return None
        return conn.execute(select(func.count()).select_from(
            _base().where(*clauses, Decision.id < decision_id).subquery())).scalar_one()
