"""The decision benchmark's database: one claim with many pending items, and copies of it.

Rows go in through SQLAlchemy Core `executemany`, with the claim's pending
count set to match, since the app reads counts from the claim row.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session

from models.desk import Desk
from models.tables import Claim, Evidence, utcnow

REVIEWER = "bench"
KINDS = ("report", "statement", "video", "photo", "social_post")
EXCERPT = ("Item {i}: the footage shows a delta-winged drone over the river at dawn; the uploader says it was "
           "filmed from a balcony on the left bank, and two other accounts posted the same clip minutes later. ")


def build_database(path: Path, items: int) -> tuple[int, list[int]]:
    """The claim id and its item ids in queue order; the reviewer exists already."""
    desk = Desk.open(path, REVIEWER)
    try:
        with Session(desk.engine) as session:
            claim = Claim(text="Delta-winged drones flew over the river district.", claimant="bench",
                          n_pending=items)
            session.add(claim)
            session.commit()
            claim_id = claim.id
        now = utcnow()
        rows = [
            dict(ext_id=f"bench-{i}", claim_id=claim_id, kind=KINDS[i % len(KINDS)], source=f"Source {i % 37}",
                 url=f"https://example.org/bench/{i}", text=EXCERPT.format(i=i) * 3, published_at=None,
                 provenance="bench", content_sha256="", dedup_key=f"bench-{i}", dup_count=0, batch_id=None,
                 created_at=now, stance=None, outcome="pending", decided=False, duplicate_of_id=None,
                 reliability=None, credibility=None, note="", decided_by_id=None, decided_at=None)
            for i in range(items)
        ]
        with desk.engine.begin() as connection:
            connection.execute(insert(Evidence.__table__), rows)
        ids = [row.id for row in desk.queue_page(claim_id, None, limit=items).rows]
    finally:
        desk.engine.dispose()
    return claim_id, ids


def copy_database(source: Path, target: Path) -> Path:
    """A page-by-page copy through SQLite's backup API (safe with WAL)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target
