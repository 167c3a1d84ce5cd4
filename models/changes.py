"""What other people changed in the database since we last looked: items they
decided, items that arrived, claims added or rated, so that an open queue
shows them within a poll.

On SQLite a poll first asks the file whether anything at all was committed
since (`PRAGMA data_version`, on a connection of its own: it counts the other
connections' commits), which costs microseconds; only then are the tables read.
Elsewhere the ends of the decision, evidence and audit tables tell (every change
appends an audit event).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine

from models.tables import AuditEvent, Decision, Evidence, Reviewer


@dataclass(frozen=True, slots=True)
class Mark:
    """How far the tables went when last looked at."""

    decision: int
    evidence: int
    event: int


@dataclass(frozen=True, slots=True)
class Changes:
    decided: tuple[tuple[int, int | None, str, str], ...]  # (item, its claim, by whom, action), oldest first
    arrived: bool
    claims_changed: bool

    def __bool__(self) -> bool:
        return bool(self.decided) or self.arrived or self.claims_changed


class ChangeWatch:
    """Polled by the app: `changes()` gives what others did since the previous call (with
    `me` None, what anyone did, oneself included)."""

    def __init__(self, engine: Engine, me: str | None) -> None:
        self.engine, self.me = engine, me
        self._file: sqlite3.Connection | None = None
        if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
            self._file = sqlite3.connect(engine.url.database, check_same_thread=False)
        self._version = self._data_version()
        self.mark = self._mark()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _data_version(self) -> int | None:
        return self._file.execute("PRAGMA data_version").fetchone()[0] if self._file is not None else None

    def _mark(self) -> Mark:
        with self.engine.connect() as conn:
            return Mark(*(conn.execute(select(func.coalesce(func.max(table.id), 0))).scalar_one()
                          for table in (Decision, Evidence, AuditEvent)))

    def changes(self) -> Changes | None:
        """Others' changes since the last call, or None when nothing was committed since."""
        version = self._data_version()
        if version is not None and version == self._version:
            return None
        self._version = version
        before, self.mark = self.mark, self._mark()
        if version is None and self.mark == before:
            return None  # no file to ask (PostgreSQL): the tables' ends tell
        others = [] if self.me is None else [Reviewer.name != self.me]
        not_mine = [] if self.me is None else [AuditEvent.actor != self.me]
        with self.engine.connect() as conn:
            decided = conn.execute(
                select(Decision.evidence_id, Evidence.claim_id, Reviewer.name, Decision.action)
                .join(Reviewer, Reviewer.id == Decision.reviewer_id).join(Evidence, Evidence.id == Decision.evidence_id)
                .where(Decision.id > before.decision, Decision.id <= self.mark.decision, *others)
                .order_by(Decision.id)).all()
            claims = conn.execute(
                select(func.count()).select_from(AuditEvent)
                .where(AuditEvent.id > before.event, AuditEvent.id <= self.mark.event, *not_mine,
                       or_(AuditEvent.entity == "claim", AuditEvent.action == "evidence.link"))).scalar_one()
        return Changes(tuple(tuple(row) for row in decided), self.mark.evidence > before.evidence, claims > 0)
