"""The desk's figures: per reviewer, decisions and median seconds per decision;
agreement between reviewers on the items they both decided (pairwise Cohen's
kappa on the decision, Krippendorff's alpha on the stance); progress per claim.

A reviewer's say on an item is their latest triage decision on it that they
have not undone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from itertools import combinations
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from models.agreement import cohen_kappa, krippendorff_alpha_nominal
from models.queries import list_claims
from models.tables import Decision, Reviewer
from models.vocab import STANCE_ACTIONS, TRIAGE_ACTIONS, Action


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
class DeskStats:
    reviewers: list[ReviewerFigures]
    pairs: list[PairAgreement]
    stance_alpha: float | None
    stance_items: int  # items with a stance from two reviewers or more
    claims: list[ClaimProgress]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def standing_decisions(engine: Engine) -> dict[tuple[str, int], str]:
    """(reviewer, item) → the action of that reviewer's standing triage decision on it."""
    query = (select(Decision.id, Reviewer.name, Decision.evidence_id, Decision.action, Decision.undoes_id)
             .join(Reviewer, Reviewer.id == Decision.reviewer_id).order_by(Decision.id))
    stacks: dict[tuple[str, int], list[tuple[int, str]]] = {}
    with engine.connect() as conn:
        for decision_id, name, item, action, undoes in conn.execute(query):
            stack = stacks.setdefault((name, item), [])
            if action == Action.UNDO:
                stack[:] = [entry for entry in stack if entry[0] != undoes]
            elif action in TRIAGE_ACTIONS:
                stack.append((decision_id, action))
    return {key: stack[-1][1] for key, stack in stacks.items() if stack}


def desk_stats(engine: Engine) -> DeskStats:
    standing = standing_decisions(engine)
    with engine.connect() as conn:
        timed = conn.execute(select(Reviewer.name, Decision.seconds_on_screen)
                             .join(Reviewer, Reviewer.id == Decision.reviewer_id)
                             .where(Decision.action.in_([str(action) for action in TRIAGE_ACTIONS]))).all()
        names = list(conn.execute(select(Reviewer.name).order_by(Reviewer.name)).scalars())
    counts = {name: 0 for name in names}
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for name, spent in timed:
        counts[name] += 1
        if spent is not None:
            seconds[name].append(spent)
    reviewers = [ReviewerFigures(name, counts[name], median(seconds[name]) if seconds[name] else None)
                 for name in names]

    by_reviewer: dict[str, dict[int, str]] = {}
    for (name, item), action in standing.items():
        by_reviewer.setdefault(name, {})[item] = action
    pairs = []
    for first, second in combinations(sorted(by_reviewer), 2):
        shared = sorted(by_reviewer[first].keys() & by_reviewer[second].keys())
        labels = [(by_reviewer[first][item], by_reviewer[second][item]) for item in shared]
        pairs.append(PairAgreement(first, second, len(shared), cohen_kappa(labels)))

    stances: dict[int, list[str]] = {}
    for (_, item), action in standing.items():
        if action in STANCE_ACTIONS:
            stances.setdefault(item, []).append(action)
    pairable = [labels for labels in stances.values() if len(labels) >= 2]
    claims = [ClaimProgress(row.id, row.text, row.n_pending, row.n_decided) for row in list_claims(engine)]
    return DeskStats(reviewers, pairs, krippendorff_alpha_nominal(pairable), len(pairable), claims)
