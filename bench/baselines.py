"""The decision benchmark's baselines, on copies of the app's database: raw
sqlite3 with the app's PRAGMAs, and the model layer without a screen."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from time import perf_counter

from bench.dataset import REVIEWER
from models.database import BUSY_TIMEOUT_MS
from models.desk import Desk


def time_raw(path: Path, ids: list[int]) -> list[float]:
    """Per item: UPDATE the evidence row, INSERT a decision, COMMIT, with the app's PRAGMAs."""
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in (f"busy_timeout = {BUSY_TIMEOUT_MS}", "journal_mode = WAL", "foreign_keys = ON",
                   "synchronous = FULL"):
        conn.execute(f"PRAGMA {pragma}")
    reviewer_id = conn.execute("SELECT id FROM reviewer WHERE name = ?", (REVIEWER,)).fetchone()[0]
    timings = []
    for evidence_id in ids:
        started = perf_counter()
        at = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
        conn.execute("BEGIN")
        conn.execute("UPDATE evidence SET stance = 'supports', outcome = 'accepted', decided = 1, "
                     "decided_by_id = ?, decided_at = ? WHERE id = ?", (reviewer_id, at, evidence_id))
        conn.execute("INSERT INTO decision (evidence_id, reviewer_id, at, action, stance, outcome, note) "
                     "VALUES (?, ?, ?, 'supports', 'supports', 'accepted', '')", (evidence_id, reviewer_id, at))
        conn.execute("COMMIT")
        timings.append(perf_counter() - started)
    conn.close()
    return timings


def time_desk(path: Path, ids: list[int], *, with_reads: bool) -> list[float]:
    """Desk.decide per item; with_reads adds what ReviewScreen._redraw_after reads today."""
    desk = Desk.open(path, REVIEWER)
    timings = []
    try:
        for evidence_id in ids:
            started = perf_counter()
            applied = desk.decide(evidence_id, "supports")
            if with_reads:
                desk.queue_row(applied.evidence_id)
                desk.claim(applied.claim_id)
                following = desk.next_pending(applied.claim_id, applied.evidence_id)
                if following is not None:
                    desk.detail(following)
            timings.append(perf_counter() - started)
    finally:
        desk.engine.dispose()
    return timings
