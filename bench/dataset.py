"""The benchmarks' review databases: one claim with N pending items, built once per
size into bench/.cache and copied for each run that writes.

The schema comes from the app (`Desk.open`); the rows go in through sqlite3
`executemany` with the secondary indexes and the search index built afterwards,
and the claim's pending count is set to match, since the app reads counts from
the claim row.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.rawload import EVIDENCE_SQL, stored_moment
from models.desk import Desk
from models.tables import utcnow

REVIEWER = "bench"
CACHE = Path(__file__).resolve().parent / ".cache"
VERSION = 3  # bump when the rows or the schema change
KINDS = ("report", "statement", "video", "photo", "social_post")
EXCERPT = ("Item {i}: the footage shows a delta-winged drone over the river at dawn; the uploader says it was "
           "filmed from a balcony on the left bank, and two other accounts posted the same clip minutes later. ")


def _rows(claim_id: int, items: int, created_at: str):
    for i in range(1, items + 1):
        url = f"https://example.org/bench/{i}"
        yield (i, f"bench-{i}", claim_id, KINDS[i % len(KINDS)], f"Source {i % 37}", url, url,
               EXCERPT.format(i=i) * 3, None, None, "bench", f"{i:064x}", None, None, "", None, "", "", 0, None,
               created_at, "pending", False, "")


def build_database(path: Path, items: int) -> int:
    """A database with one claim of `items` pending items; the claim's id."""
    Desk.open(path, REVIEWER).engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA cache_size = -524288")
        conn.execute("BEGIN")
        # The secondary indexes and the search triggers go, to be built once afterwards.
        built_after = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                                   "AND tbl_name = 'evidence' AND sql IS NOT NULL").fetchall()
        for kind, name, _ in built_after:
            conn.execute(f'DROP {kind.upper()} "{name}"')
        created_at = stored_moment(utcnow().isoformat())
        claim_id = conn.execute(
            "INSERT INTO claim (text, claimant, tags, created_at, status, rationale, n_pending, n_decided, "
            "appearance_url) VALUES ('Delta-winged drones flew over the river district.', 'bench', '[]', ?, "
            "'open', '', ?, 0, '')", (created_at, items)).lastrowid
        conn.executemany(EVIDENCE_SQL, _rows(claim_id, items, created_at))
        conn.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')")
        for _, _, sql in built_after:
            conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return claim_id


def queue_start(path: Path, claim_id: int, count: int) -> list[int]:
    """The first `count` item ids of the claim's queue."""
    with sqlite3.connect(path) as conn:
        return [id_ for (id_,) in conn.execute(
            "SELECT id FROM evidence WHERE claim_id = ? ORDER BY decided, id LIMIT ?", (claim_id, count))]


def cached_database(items: int, log=print) -> tuple[Path, int]:
    """(the database of `items` pending items in bench/.cache, its claim's id), built if missing."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"review-{items}-v{VERSION}.db"
    if not path.exists():
        log(f"  building {path.name} ({items:,} items, once)…")
        partial = path.with_suffix(".partial")
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
        build_database(partial, items)
        copy_database(partial, path)
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
    with sqlite3.connect(path) as conn:
        claim_id = conn.execute("SELECT min(id) FROM claim").fetchone()[0]
    return path, claim_id


def copy_database(source: Path, target: Path) -> Path:
    """A page-by-page copy through SQLite's backup API (safe with WAL)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target
