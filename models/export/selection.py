"""What an export takes: the items a view shows (its scope, filter and searched words,
the same WHERE clauses the workstation reads), optionally only those of resolved
claims, and the claims they belong to; all read in id order, streamed.

A claim is exported when its items are: with a filter on the items themselves
(outcome, stance, grade…) the claims holding a selected item; with none, every claim
in scope, items or not, so that a whole export holds the whole desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ColumnElement, false, func, not_, select, true
from sqlalchemy.engine import Connection

from models.filters import ALL_CLAIMS, QueueFilter, parse_filter
from models.search import fts_query
from models.tables import Claim, Evidence
from models.views import View, _tagged, conditions, view_scope

CLAIM_FIELDS = frozenset({"claim", "tag"})  # the filter fields that choose claims, not items
BATCH = 2000  # rows fetched at a time: memory stays flat however large the export


@dataclass(frozen=True)
class Selection:
    view: View
    resolved_only: bool = False
    search: str = field(default="", compare=False)  # the words as typed, for the manifest

    @property
    def filters_items(self) -> bool:
        return self.view.words is not None or any(t.field not in CLAIM_FIELDS for t in self.view.filter.terms)

    def evidence_conditions(self) -> list[ColumnElement[bool]]:
        found = conditions(self.view)
        if self.resolved_only:
            found.append(Evidence.claim_id.in_(select(Claim.id).where(Claim.status == "resolved")))
        return found

    def claim_conditions(self) -> list[ColumnElement[bool]]:
        scope = self.view.scope
        if scope is None:
            return [false()]  # the inbox holds no claim
        found = [true() if scope == ALL_CLAIMS else Claim.id == scope]
        for term in self.view.filter.of("tag"):
            tagged = func.coalesce(*(_tagged(tag) for tag in term.values), false(), type_=Boolean)
            found.append(not_(tagged) if term.negated else tagged)
        if self.resolved_only:
            found.append(Claim.status == "resolved")
        if self.filters_items:
            found.append(Claim.id.in_(select(Evidence.claim_id).where(*self.evidence_conditions())))
        return found

    def describe(self) -> dict[str, Any]:
        """The selection as the manifest records it."""
        return {"filter": str(self.view.filter), "search": self.search,
                "scope": "inbox" if self.view.scope is None else str(self.view.scope),
                "resolved_only": self.resolved_only}


def selection_of(filter_text: str = "", *, search: str = "", open_claim: int | None = None,
                 resolved_only: bool = False, me: str = "", now: datetime | None = None) -> Selection:
    """The selection for a typed filter and search (InvalidValue naming a bad term). The
    scope is the filter's `claim:`, else `open_claim` when given, else every claim and the inbox."""
    queue_filter: QueueFilter = parse_filter(filter_text)
    words = fts_query(search)
    scope = view_scope(queue_filter, open_claim, True) if open_claim is not None else (
        view_scope(queue_filter, None, True) if queue_filter.claim_scope else ALL_CLAIMS)
    return Selection(View(scope, queue_filter, words, me=me, now=now), resolved_only, search)


def streamed(conn: Connection, query, batch: int = BATCH):
    """The rows of `query`, fetched `batch` at a time from a server-side cursor."""
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
    for partition in result.partitions():
        yield from partition
