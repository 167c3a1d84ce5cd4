"""The desk's figures: per reviewer, decisions and median seconds per decision, and
their triage decisions hour by hour over the last day; agreement between reviewers
on the items they both decided (pairwise Cohen's kappa on the decision,
Krippendorff's alpha on the stance); the items by outcome, the decided items by
stance; progress per claim.

A reviewer's say on an item is their latest triage decision on it that they
have not undone.

Everything is counted by SQL aggregates or one pass over the decisions; the
claims can be limited to the ones with most pending (a top-N over the claim
rows' kept counts), for a screen that shows only so many.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from itertools import combinations
from statistics import median
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.engine import Connection, Engine

from models.agreement import cohen_kappa, krippendorff_alpha_nominal
from models.queries import inbox_row, list_claims
from models.tables import CLAIM_ORDER, Claim, Decision, Evidence, Reviewer
from models.vocab import STANCE_ACTIONS, TRIAGE_ACTIONS, Action, Outcome, Stance

HOURS = 24
NO_STANCE = "none"


@dataclass(frozen=True, slots=True)
class ReviewerFigures:
    name: str
    decisions: int  # triage decisions made, undone ones included
    median_seconds: float | None


@dataclass(frozen=True, slots=True)
class PairAgreement:
    first: str
    second: str
    items: int  # decided by both
    kappa: float | None


@dataclass(frozen=True, slots=True)
class ClaimProgress:
    claim_id: int | None
    text: str
    pending: int
    decided: int


@dataclass(frozen=True, slots=True)
class HourlyDecisions:
    """Triage decisions per reviewer in each of the last `hours` clock hours, oldest first.
    The hours are cut in `start`'s time zone; the last one is the current hour, still running."""

    start: datetime  # the first hour's start, aware
    hours: int
    by_reviewer: dict[str, list[int]]  # every reviewer, idle ones with zeros

    def hour_starts(self) -> list[datetime]:
        return [self.start + timedelta(hours=hour) for hour in range(self.hours)]


@dataclass(frozen=True, slots=True)
class DeskStats:
    reviewers: list[ReviewerFigures]
    pairs: list[PairAgreement]
    stance_alpha: float | None
    stance_items: int  # items with a stance from two reviewers or more
    claims: list[ClaimProgress]  # every claim in list order, or the `claims_limit` with most pending first
    claim_count: int  # claims, the inbox included: more than `claims` when they were limited
    outcomes: dict[str, int]  # every item by outcome, each outcome named (pending first)
    stances: dict[str, int]  # decided items by stance, each stance named, "none" for those without
    hourly: HourlyDecisions

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _decision_rows(conn: Connection):
    """Every decision, oldest first: (id, reviewer id, item, action, undone decision, seconds on screen)."""
    return conn.execute(select(Decision.id, Decision.reviewer_id, Decision.evidence_id, Decision.action,
                               Decision.undoes_id, Decision.seconds_on_screen).order_by(Decision.id))


def _standing(rows) -> tuple[dict[tuple[int, int], str], dict[int, list[float | None]]]:
    """From one pass over the decisions: (reviewer id, item) → the action of the reviewer's
    standing triage decision on it; reviewer id → seconds on screen of each triage decision."""
    stacks: dict[tuple[int, int], list[tuple[int, str]]] = {}
    timed: dict[int, list[float | None]] = {}
    for decision_id, reviewer_id, item, action, undoes, seconds in rows:
        if action == Action.UNDO:
            stack = stacks.get((reviewer_id, item), [])
            stack[:] = [entry for entry in stack if entry[0] != undoes]
        elif action in TRIAGE_ACTIONS:
            stacks.setdefault((reviewer_id, item), []).append((decision_id, action))
            timed.setdefault(reviewer_id, []).append(seconds)
    return {key: stack[-1][1] for key, stack in stacks.items() if stack}, timed


def _reviewer_names(conn: Connection) -> dict[int, str]:
    return dict(conn.execute(select(Reviewer.id, Reviewer.name).order_by(Reviewer.name)).all())


def standing_decisions(engine: Engine) -> dict[tuple[str, int], str]:
    """(reviewer, item) → the action of that reviewer's standing triage decision on it."""
    with engine.connect() as conn:
        standing, _ = _standing(_decision_rows(conn))
        names = _reviewer_names(conn)
    return {(names[reviewer_id], item): action for (reviewer_id, item), action in standing.items()}


def hour_floor(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _hourly(conn: Connection, names: list[str], now: datetime, hours: int) -> HourlyDecisions:
    """One pass over the decisions since the first hour: each is given its hour's index
    by a CASE over the hour edges (bound as UTC moments, so any backend compares them)."""
    start = hour_floor(now) - timedelta(hours=hours - 1)
    edges = [start + timedelta(hours=hour) for hour in range(1, hours)]
    hour = case(*((Decision.at < edge, index) for index, edge in enumerate(edges)), else_=hours - 1)
    # Grouped outside the subquery, so that no backend has to match two spellings of the CASE.
    recent = (select(Decision.reviewer_id, hour.label("hour"))
              .where(Decision.at >= start, Decision.action.in_([str(action) for action in TRIAGE_ACTIONS]))
              .subquery())
    rows = conn.execute(
        select(Reviewer.name, recent.c.hour, func.count())
        .join(Reviewer, Reviewer.id == recent.c.reviewer_id)
        .group_by(Reviewer.name, recent.c.hour)).all()
    by_reviewer = {name: [0] * hours for name in names}
    for name, index, count in rows:
        by_reviewer.setdefault(name, [0] * hours)[index] += count
    return HourlyDecisions(start, hours, by_reviewer)


def _outcomes_and_stances(conn: Connection) -> tuple[dict[str, int], dict[str, int]]:
    """The items by outcome and the decided ones by stance, from one grouped scan of the items."""
    outcomes = {str(outcome): 0 for outcome in Outcome}
    stances = {**{str(stance): 0 for stance in Stance}, NO_STANCE: 0}
    query = (select(Evidence.decided, Evidence.outcome, Evidence.stance, func.count())
             .group_by(Evidence.decided, Evidence.outcome, Evidence.stance))
    for decided, outcome, stance, count in conn.execute(query):
        outcomes[outcome] = outcomes.get(outcome, 0) + count
        if decided:
            key = stance or NO_STANCE
            stances[key] = stances.get(key, 0) + count
    return outcomes, stances


def _claims_most_pending(engine: Engine, limit: int) -> list[ClaimProgress]:
    """The `limit` claims (the inbox among them) with most pending, most first."""
    with engine.connect() as conn:
        rows = conn.execute(select(Claim.id, Claim.text, Claim.n_pending, Claim.n_decided)
                            .order_by(Claim.n_pending.desc(), CLAIM_ORDER, Claim.id).limit(limit)).all()
    inbox = inbox_row(engine)
    claims = [ClaimProgress(None, inbox.text, inbox.n_pending, inbox.n_decided),
              *(ClaimProgress(*row) for row in rows)]
    return sorted(claims, key=lambda claim: -claim.pending)[:limit]


def desk_stats(engine: Engine, *, claims_limit: int | None = None, now: datetime | None = None,
               hours: int = HOURS) -> DeskStats:
    """The desk's figures; `now` (aware; by default the local time) sets the time zone the
    last `hours` clock hours are cut in. With `claims_limit`, only that many claims, those
    with most pending first."""
    now = datetime.now().astimezone() if now is None else now
    if now.tzinfo is None or (offset := now.utcoffset()) is None:
        raise ValueError("naive datetime given where an aware one is required")
    now = now.astimezone(timezone(offset))  # a fixed offset: an hour is an hour across a DST change
    with engine.connect() as conn:
        standing, timed = _standing(_decision_rows(conn))
        names = _reviewer_names(conn)  # after the decisions: every reviewer who made one is in it
        hourly = _hourly(conn, list(names.values()), now, hours)
        outcomes, stances = _outcomes_and_stances(conn)
        claim_count = conn.execute(select(func.count()).select_from(Claim)).scalar_one() + 1
    reviewers = []
    for reviewer_id, name in names.items():
        spent = [seconds for seconds in timed.get(reviewer_id, []) if seconds is not None]
        reviewers.append(ReviewerFigures(name, len(timed.get(reviewer_id, [])), median(spent) if spent else None))

    by_reviewer: dict[str, dict[int, str]] = {}
    item_stances: dict[int, list[str]] = {}
    for (reviewer_id, item), action in standing.items():
        by_reviewer.setdefault(names[reviewer_id], {})[item] = action
        if action in STANCE_ACTIONS:
            item_stances.setdefault(item, []).append(action)
    pairs = []
    for first, second in combinations(sorted(by_reviewer), 2):
        shared = sorted(by_reviewer[first].keys() & by_reviewer[second].keys())
        labels = [(by_reviewer[first][item], by_reviewer[second][item]) for item in shared]
        pairs.append(PairAgreement(first, second, len(shared), cohen_kappa(labels)))
    pairable = [labels for labels in item_stances.values() if len(labels) >= 2]
    if claims_limit is None:
        claims = [ClaimProgress(row.id, row.text, row.n_pending, row.n_decided) for row in list_claims(engine)]
    else:
        claims = _claims_most_pending(engine, claims_limit)
    return DeskStats(reviewers, pairs, krippendorff_alpha_nominal(pairable), len(pairable), claims,
                     claim_count, outcomes, stances, hourly)
