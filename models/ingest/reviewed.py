"""Writing the review fields of imported rows, in the import's transaction: a claim's
verdict columns, an item's copy of its state and its decisions, and the reviewers
they name (found by name, or added with an audit event of their own).

Decisions are staged in a temporary table as their rows are read, and written at
the end of the file in the order of their times, with ids given here (the
transaction holds the write lock) so that an undo names the decision it undoes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    select,
)
from sqlalchemy.engine import Connection

from models.audit import append_event
from models.ingest.review import ClaimReview, EvidenceReview, StateIn
from models.records import ReviewerRecord
from models.tables import Decision, Reviewer, utcnow
from models.vocab import Outcome, Role

_DECISION_COLUMNS = (
    "id", "evidence_id", "reviewer_id", "at", "action", "stance", "outcome", "duplicate_of_id", "reliability",
    "credibility", "note", "seconds_on_screen", "undoes_id", "reason",
)
_TEMPORARY = MetaData()
# The decisions as they are read, numbered in file order (seq), each undo naming the seq it undoes;
# and the id each will have, by time.
_STAGED = Table(
    "import_decision", _TEMPORARY,
    Column("seq", Integer, primary_key=True, autoincrement=False), Column("sort_at", DateTime(timezone=True)),
    Column("evidence_id", Integer), Column("reviewer_id", Integer), Column("at", DateTime(timezone=True)),
    *(Column(name, String) for name in ("action", "stance", "outcome")), Column("duplicate_of_id", Integer),
    *(Column(name, String) for name in ("reliability", "credibility", "note")),
    Column("seconds_on_screen", Float), Column("undoes_seq", Integer), Column("reason", String),
    prefixes=["TEMPORARY"],
)
_ORDER = Table(
    "import_decision_order", _TEMPORARY,
    Column("seq", Integer, primary_key=True, autoincrement=False), Column("id", Integer), prefixes=["TEMPORARY"],
)
_STATE_COLUMNS = (
    "stance", "outcome", "decided", "duplicate_of_id", "reliability", "credibility", "note", "decided_by_id",
    "decided_at", "reviews", "disputed",
)


class ReviewWriter:
    def __init__(self, conn: Connection, *, importer: ReviewerRecord, batch_id: int,
                 moment: Callable[[datetime | None], Any], ingested_at: datetime) -> None:
        self.conn, self.importer, self.batch_id = conn, importer, batch_id
        self.moment, self.ingested_at = moment, ingested_at
        self.reviewer_ids: dict[str, int] = {importer.name: importer.id}
        self.next_seq: int | None = None  # of the next staged decision, once staging has begun
        self.decisions = 0
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        self.staged_sql = (f"INSERT INTO {_STAGED.name} ({', '.join(_STAGED.c.keys())}) "
                           f"VALUES ({', '.join([mark] * len(_STAGED.c))})")
        self.state_sql = f"UPDATE evidence SET {', '.join(f'{c} = {mark}' for c in _STATE_COLUMNS)} WHERE id = {mark}"

    def reviewer_id(self, name: str | None) -> int | None:
        """The id of the reviewer called `name`, added as a reviewer on first mention."""
        if name is None:
            return None
        if (found := self.reviewer_ids.get(name)) is None:
            found = self.conn.execute(select(Reviewer.id).where(Reviewer.name == name)).scalar()
            if found is None:
                found = self.conn.execute(insert(Reviewer).values(
                    name=name, role=Role.REVIEWER, created_at=utcnow())).inserted_primary_key[0]
                append_event(self.conn, actor=self.importer.name, action="reviewer.add", entity="reviewer",
                             entity_id=found, after={"name": name, "role": Role.REVIEWER.value,
                                                     "import_batch": self.batch_id})
            self.reviewer_ids[name] = found
        return found

    def claim_values(self, review: ClaimReview) -> dict[str, Any]:
        """The claim columns a claim row's review fields set."""
        return {
            "status": review.status, "verdict": review.verdict, "rationale": review.rationale,
            "verdict_by_id": self.reviewer_id(review.verdict_by), "verdict_at": review.verdict_at,
            "proposed_verdict": review.proposed_verdict, "proposed_rationale": review.proposed_rationale,
            "proposed_by_id": self.reviewer_id(review.proposed_by), "proposed_at": review.proposed_at,
            "sealed": review.sealed,
        }

    def write_items(self, reviewed: list[tuple[int, EvidenceReview]], item_of: Callable[[str], int | None]) -> None:
        """Each new item's state, and its decisions staged for `finish`; `item_of` gives the id of
        an item named by its external id (every name was checked to resolve before its row went in)."""
        if self.next_seq is None:
            _STAGED.create(self.conn)
            self.next_seq = 1
        states, staged, moment = [], [], self.moment
        for item_id, review in reviewed:
            state = review.state
            stance, original, reliability, credibility, note = self._state(state, item_of)
            states.append((
                stance, state.outcome, state.outcome != Outcome.PENDING, original, reliability, credibility, note,
                self.reviewer_id(review.decided_by), moment(review.decided_at), review.reviews, review.disputed,
                item_id,
            ))
            first, latest = self.next_seq, None
            for entry in review.history:
                at = entry.at or review.decided_at or self.ingested_at
                latest = at if latest is None or at > latest else latest  # the history's order within the item
                stance, original, reliability, credibility, note = self._state(entry.state, item_of)
                staged.append((
                    self.next_seq, moment(latest), item_id, self.reviewer_id(entry.by) or self.importer.id,
                    moment(at), entry.action, stance, entry.state.outcome, original, reliability, credibility, note,
                    entry.seconds_on_screen, None if entry.undoes is None else first + entry.undoes, entry.reason,
                ))
                self.next_seq += 1
        self.conn.exec_driver_sql(self.state_sql, states)
        if staged:
            self.conn.exec_driver_sql(self.staged_sql, staged)
            self.decisions += len(staged)

    @staticmethod
    def _state(state: StateIn, item_of: Callable[[str], int | None]) -> tuple:
        """(stance, duplicate_of_id, reliability, credibility, note) with the original resolved."""
        original = item_of(state.duplicate_of) if state.duplicate_of else None
        return state.stance, original, state.reliability, state.credibility, state.note

    def finish(self) -> None:
        """Write the staged decisions in the order of their times, as the desk that made them
        numbered them (a history keeping its own order), so that "the latest" means the same."""
        if self.next_seq is None:
            return
        base = self.conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM decision").scalar_one()
        _ORDER.create(self.conn)
        ranked = func.row_number().over(order_by=(_STAGED.c.sort_at, _STAGED.c.seq))
        self.conn.execute(insert(_ORDER).from_select(["seq", "id"], select(_STAGED.c.seq, ranked + base)))
        undone = _ORDER.alias("undone")
        columns = [column for column in _DECISION_COLUMNS if column not in ("id", "undoes_id")]
        self.conn.execute(insert(Decision).from_select(
            ["id", *columns, "undoes_id"],
            select(_ORDER.c.id, *(_STAGED.c[column] for column in columns), undone.c.id)
            .select_from(_STAGED.join(_ORDER, _ORDER.c.seq == _STAGED.c.seq)
                         .outerjoin(undone, undone.c.seq == _STAGED.c.undoes_seq))
            .order_by(_ORDER.c.id),
        ))
        _ORDER.drop(self.conn)
        _STAGED.drop(self.conn)
        if self.conn.dialect.name == "postgresql":  # ids were given, not drawn from the sequence
            self.conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('decision', 'id'), (SELECT max(id) FROM decision))")
