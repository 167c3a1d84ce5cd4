"""The stats screen's count (models.stats.desk_stats, the 500 claims with most pending)
on a desk of 100k items over 20k claims with 50k decisions by five reviewers over the
last 36 hours, next to raw sqlite3 reading the same rows in the same run: every decision,
the items by outcome and stance, the last day's decisions by reviewer and hour, the top
claims."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta
from pathlib import Path
from statistics import median
from time import perf_counter

from bench.dataset import CACHE, REVIEWER, build_database
from bench.report import ms, print_table, ratio
from models.database import open_database
from models.stats import desk_stats
from models.tables import utcnow

ITEMS, CLAIMS, DECISIONS, REVIEWERS = 100_000, 20_000, 50_000, 5
REPEATS = 7
RAW = ("SELECT id, reviewer_id, evidence_id, action, undoes_id, seconds_on_screen FROM decision ORDER BY id",
       "SELECT outcome, count(*) FROM evidence GROUP BY outcome",
       "SELECT stance, count(*) FROM evidence WHERE decided GROUP BY stance",
       "SELECT reviewer_id, strftime('%Y-%m-%d %H', at), count(*) FROM decision WHERE at >= ? "
       "GROUP BY reviewer_id, strftime('%Y-%m-%d %H', at)",
       "SELECT id, text, n_pending, n_decided FROM claim ORDER BY n_pending DESC, id LIMIT 500")


def build(path: Path) -> None:
    """The 100k-item review database, its items spread over claims, with decisions."""
    build_database(path, ITEMS)
    rng = random.Random(9)
    now = utcnow()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO reviewer (name, role, created_at) VALUES (?, 'reviewer', ?)",
                         [(f"reviewer-{n}", now.isoformat(" ")) for n in range(REVIEWERS)])
        reviewers = [id_ for (id_,) in conn.execute("SELECT id FROM reviewer WHERE name != ?", (REVIEWER,))]
        conn.executemany("INSERT INTO claim (text, claimant, tags, created_at, status, rationale, n_pending, "
                         "n_decided, appearance_url) VALUES (?, 'bench', '[]', ?, 'open', '', 0, 0, '')",
                         [(f"Claim {n}", now.isoformat(" ")) for n in range(CLAIMS - 1)])
        conn.execute(f"UPDATE evidence SET claim_id = 1 + (id % {CLAIMS})")
        actions = ("supports", "refutes", "context", "reject", "escalate")
        decisions = []
        for n in range(DECISIONS):
            item, action = rng.randint(1, ITEMS), rng.choice(actions)
            at = now - timedelta(seconds=rng.uniform(0, 36 * 3600))
            stance = action if action in actions[:3] else None
            outcome = {"reject": "rejected", "escalate": "escalated"}.get(action, "accepted")
            decisions.append((item, rng.choice(reviewers), at.isoformat(" "), action, stance, outcome,
                              rng.uniform(2, 40)))
        conn.executemany("INSERT INTO decision (evidence_id, reviewer_id, at, action, stance, outcome, note, "
                         "seconds_on_screen, reason) VALUES (?, ?, ?, ?, ?, ?, '', ?, '')", decisions)
        conn.execute("UPDATE evidence SET decided = 1, outcome = d.outcome, stance = d.stance FROM "
                     "(SELECT evidence_id, outcome, stance, max(id) FROM decision GROUP BY evidence_id) AS d "
                     "WHERE d.evidence_id = evidence.id")
        conn.execute("UPDATE claim SET n_pending = (SELECT count(*) FROM evidence WHERE claim_id = claim.id "
                     "AND NOT decided), n_decided = (SELECT count(*) FROM evidence WHERE claim_id = claim.id "
                     "AND decided)")
        conn.execute("COMMIT")
    finally:
        conn.close()


def run(scratch: Path) -> None:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / "stats-100000-v1.db"
    if not path.exists():
        print(f"  building {path.name} (once)…")
        build(path)
    since = (utcnow() - timedelta(hours=24)).isoformat(" ")
    raw, app = [], []
    conn = sqlite3.connect(path)
    engine = open_database(path)
    try:
        for _ in range(REPEATS):
            started = perf_counter()
            for statement in RAW:
                conn.execute(statement, (since,) if "?" in statement else ()).fetchall()
            raw.append(perf_counter() - started)
            started = perf_counter()
            desk_stats(engine, claims_limit=500)
            app.append(perf_counter() - started)
    finally:
        conn.close()
        engine.dispose()
    print_table(f"The stats screen's count ({ITEMS:,} items, {CLAIMS:,} claims, {DECISIONS:,} decisions, SQLite)",
                ("", "median", "best", "ratio"),
                [("raw sqlite3, the same reads", ms(median(raw)), ms(min(raw)), "1.0×"),
                 ("desk_stats (claims_limit=500)", ms(median(app)), ms(min(app)), ratio(median(app), median(raw)))],
                [f"{REPEATS} repetitions each, alternating; the screen counts in a worker thread, again on each "
                 "change."])
