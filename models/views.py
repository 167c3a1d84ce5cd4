"""Views of the evidence: a queue (one claim, the inbox, or every claim), a
filter and searched words together, read in id order for a virtual list:
the count, the rows after or before a row, the rows at a position, and an
item's position.

A view with words only is a plain search and goes through models.search, whose
statements stop at the first hits. Any filter reads the evidence table itself;
the counts and far jumps that scan it run off the UI thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import (
    Boolean,
    ColumnElement,
    String,
    and_,
    cast,
    false,
    func,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Engine

from models import search
from models.errors import InvalidValue
from models.filters import ALL_CLAIMS, QueueFilter, Term, resolve_time, until_moment
from models.queries import QUEUE_COLUMNS, queue_row_of
from models.records import QueueRow
from models.tables import Claim, Evidence, Reviewer

Scope = int | None | str  # a claim's id, None for the inbox, ALL_CLAIMS for every queue


@dataclass(frozen=True)
class View:
    scope: Scope
    filter: QueueFilter = field(default_factory=QueueFilter)
    words: str | None = None  # an FTS5 query (search.fts_query)
    me: str = ""  # whom `by:me` means
    # What relative times (since:24h) count from; None: the moment of each read.
    now: datetime | None = field(default=None, compare=False)

    @property
    def is_plain_search(self) -> bool:
        return self.words is not None and not self.filter and self.scope == ALL_CLAIMS


def view_scope(queue_filter: QueueFilter, open_claim: int | None, searching: bool) -> Scope:
    """The queue a view reads: what the filter names, else the open claim's; words alone search everything."""
    named = queue_filter.claim_scope
    if named == ALL_CLAIMS or (named is None and searching and not queue_filter):
        return ALL_CLAIMS
    if named == "inbox":
        return None
    if named is not None and named.isdigit():
        return int(named)
    return open_claim


def _in_scope(scope: Scope) -> ColumnElement[bool]:
    if scope == ALL_CLAIMS:
        return true()
    return Evidence.claim_id.is_(None) if scope is None else Evidence.claim_id == scope


def _grade(value: str) -> ColumnElement[bool]:
    if value == "none":
        return and_(Evidence.reliability.is_(None), Evidence.credibility.is_(None))
    letter, digit = value.rstrip("123456"), value.lstrip("ABCDEF")
    parts = ([Evidence.reliability == letter] if letter else []) + ([Evidence.credibility == digit] if digit else [])
    return and_(*parts)


def _tagged(tag: str) -> ColumnElement[bool]:
    # Tags are a JSON list; its text holds each tag as a JSON string, which works on every backend.
    quoted = json.dumps(tag).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return cast(Claim.tags, String).like(f"%{quoted}%", escape="\\")


def _matches(term: Term, view: View, now: datetime) -> ColumnElement[bool]:
    values = term.values
    if term.field == "outcome":
        # Pending and decided are the queue index's own column: a count reads the index alone.
        parts = [Evidence.decided == false()] if "pending" in values else []
        parts += [Evidence.decided == true()] if "decided" in values else []
        others = [value for value in values if value not in ("pending", "decided")]
        return or_(*parts, *([Evidence.outcome.in_(others)] if others else []))
    if term.field == "stance":
        return func.coalesce(Evidence.stance, "none").in_(values)
    if term.field == "kind":
        return Evidence.kind.in_(values)
    if term.field == "grade":
        return or_(*(_grade(value) for value in values))
    if term.field == "by":
        names = [view.me if value == "me" else value for value in values]
        return Evidence.decided_by_id.in_(select(Reviewer.id).where(Reviewer.name.in_(names)).scalar_subquery())
    if term.field == "tag":
        return Evidence.claim_id.in_(select(Claim.id).where(or_(*(_tagged(tag) for tag in values))).scalar_subquery())
    if term.field == "since":
        return Evidence.decided_at >= resolve_time(values[0], now)
    if term.field == "until":
        return Evidence.decided_at < until_moment(values[0], now)
    if term.field == "arrived":
        return Evidence.created_at >= resolve_time(values[0], now)
    return true()  # claim: chooses the scope


def conditions(view: View) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a view."""
    now = view.now or datetime.now(timezone.utc)
    found = [_in_scope(view.scope)]
    for term in view.filter.terms:
        clause = _matches(term, view, now)
        # A missing value (no stance, no reviewer, the inbox's claim) fails the term, so it passes its negation.
        found.append(not_(func.coalesce(clause, false(), type_=Boolean)) if term.negated else clause)
    if view.words is not None:
        found.append(search.WordsMatch(view.words))
    return found


def unknown_reviewers(engine: Engine, view: View) -> None:
    """InvalidValue when `by:` names nobody in this database: an empty view would not say why."""
    names = {value for term in view.filter.of("by") for value in term.values if value != "me"}
    if not names:
        return
    with engine.connect() as conn:
        known = set(conn.execute(select(Reviewer.name).where(Reviewer.name.in_(names))).scalars())
        if missing := sorted(names - known):
            everyone = sorted(conn.execute(select(Reviewer.name)).scalars())
            raise InvalidValue(f"filter: no reviewer named {missing[0]!r}; reviewers: {', '.join(everyone)}")


def _read(engine: Engine, query) -> tuple[QueueRow, ...]:
    with engine.connect() as conn:
        return tuple(queue_row_of(values) for values in conn.execute(query).all())


def view_count(engine: Engine, view: View) -> int:
    """Items in the view; with words, counted up to search.COUNT_CAP like a search."""
    if view.is_plain_search:
        return search.search_count(engine, view.words)
    matching = select(Evidence.id).where(*conditions(view))
    if view.words is not None:
        matching = matching.limit(search.COUNT_CAP)
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(matching.subquery())).scalar_one()


def view_after(engine: Engine, view: View, after_id: int | None, limit: int) -> tuple[QueueRow, ...]:
    if view.is_plain_search:
        return search.search_after(engine, view.words, after_id, limit)
    return _read(engine, select(*QUEUE_COLUMNS).where(*conditions(view), Evidence.id > (after_id or 0))
                 .order_by(Evidence.id).limit(limit))


def view_before(engine: Engine, view: View, before_id: int, limit: int) -> tuple[QueueRow, ...]:
    if view.is_plain_search:
        return search.search_before(engine, view.words, before_id, limit)
    rows = _read(engine, select(*QUEUE_COLUMNS).where(*conditions(view), Evidence.id < before_id)
                 .order_by(Evidence.id.desc()).limit(limit))
    return rows[::-1]


def view_at(engine: Engine, view: View, start: int, limit: int) -> tuple[QueueRow, ...]:
    if view.is_plain_search:
        return search.search_at(engine, view.words, start, limit)
    return _read(engine, select(*QUEUE_COLUMNS).where(*conditions(view)).order_by(Evidence.id)
                 .offset(start).limit(limit))


def view_position(engine: Engine, view: View, evidence_id: int) -> int | None:
    if view.is_plain_search:
        return search.search_position(engine, view.words, evidence_id)
    clauses = conditions(view)
    with engine.connect() as conn:
        if conn.execute(select(Evidence.id).where(Evidence.id == evidence_id, *clauses)).first() is None:
            return None
        return conn.execute(select(func.count()).select_from(Evidence)
                            .where(Evidence.id < evidence_id, *clauses)).scalar_one()
