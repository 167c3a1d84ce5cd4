"""The import benchmark's raw baselines: Python's sqlite3 `executemany` into the app's schema.

The schema comes from `models.database.open_database` (same tables, indexes
and PRAGMAs); the engine is then disposed and a plain sqlite3 connection with
the same PRAGMAs (WAL, synchronous FULL, foreign keys) inserts one import
batch row, the claim rows, then the evidence rows with every column the
importer fills, in one transaction. Values the importer derives (normalised
URL, content SHA-256, the stored form of published_at) are computed beforehand
with the app's own functions and are never timed.

Two variants: `executemany` of pre-built tuples (only executemany + COMMIT
timed: JSON parsing excluded), and the same with reading the file, orjson.loads
per line and building the tuples inside the timing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from time import perf_counter

import orjson
from sqlalchemy.dialects import sqlite as sqlite_dialect

from models.database import BUSY_TIMEOUT_MS, open_database
from models.ingest.loader import EVIDENCE_COLUMNS
from models.tables import Evidence
from models.text import content_key, normalise_url

CLAIM_COLUMNS = ("id", "ext_id", "text", "claimant", "claim_date", "appearance_url", "tags", "priority",
                 "created_at", "status", "rationale", "n_pending", "n_decided")
CLAIM_SQL = f"INSERT INTO claim ({', '.join(CLAIM_COLUMNS)}) VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})"
EVIDENCE_SQL = f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) VALUES ({', '.join('?' * len(EVIDENCE_COLUMNS))})"
BATCH_SQL = ("INSERT INTO import_batch (id, source, file_sha256, format, at, claims_new, evidence_new, duplicates, "
             "near_duplicates, rejected) VALUES (1, 'bench', '', 'jsonl', ?, 0, 0, 0, 0, 0)")
_STORED = Evidence.__table__.c.created_at.type.bind_processor(sqlite_dialect.dialect())


@dataclass
class Derived:
    """Per evidence line, in file order: (url_norm, content_sha256, published_at as stored)."""

    columns: list[tuple[str, str, str | None]]
    pending: dict[str, int]  # evidence rows per claim external id
    created_at: str


def stored_moment(value: str | None) -> str | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
    return _STORED(moment)


def derive(path: Path) -> Derived:
    """The importer's derived values for every evidence line (untimed preparation)."""
    columns, pending = [], {}
    with path.open("rb") as stream:
        for line in stream:
            row = orjson.loads(line)
            if row.get("type") != "evidence":
                continue
            url_norm = normalise_url(row.get("url") or "")
            columns.append((url_norm, content_key(url_norm, row.get("text") or "")[0],
                            stored_moment(row.get("published_at"))))
            if row.get("claim"):
                pending[row["claim"]] = pending.get(row["claim"], 0) + 1
    return Derived(columns, pending, _STORED(datetime.now(timezone.utc)))


def _claim_tuple(number: int, row: dict, derived: Derived) -> tuple:
    return (number, row.get("id"), row["text"], row.get("claimant") or "", row.get("claim_date"),
            row.get("appearance_url") or "", orjson.dumps(row.get("tags") or []).decode(), row.get("priority"),
            derived.created_at, "open", "", derived.pending.get(row.get("id"), 0), 0)


def _evidence_tuple(number: int, row: dict, claim_id: int | None, extra: tuple, created_at: str) -> tuple:
    url_norm, sha, published = extra
    return (number, row.get("id"), claim_id, row.get("kind") or "other", row.get("source") or "",
            row.get("url") or "", url_norm, row.get("text") or "", published, None, row.get("provenance") or "",
            sha, None, None, "", None, "", "", 0, 1, created_at, "pending", False, "")


def build(path: Path, derived: Derived) -> tuple[list[tuple], list[tuple]]:
    """(claim tuples, evidence tuples) for the file, claim ids numbered in file order."""
    claims, evidence, claim_ids = [], [], {}
    with path.open("rb") as stream:
        for line in stream:
            row = orjson.loads(line)
            if row.get("type") == "claim":
                claims.append(_claim_tuple(len(claims) + 1, row, derived))
                claim_ids[row.get("id")] = len(claims)
            elif row.get("type") == "evidence":
                number = len(evidence) + 1
                evidence.append(_evidence_tuple(number, row, claim_ids.get(row.get("claim")),
                                                derived.columns[number - 1], derived.created_at))
    return claims, evidence


def _connect(db: Path) -> sqlite3.Connection:
    open_database(db).dispose()  # the app's schema and indexes
    conn = sqlite3.connect(db, isolation_level=None)
    for pragma in (f"busy_timeout = {BUSY_TIMEOUT_MS}", "journal_mode = WAL", "foreign_keys = ON",
                   "synchronous = FULL"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def _insert(conn: sqlite3.Connection, claims: list[tuple], evidence: list[tuple], created_at: str) -> None:
    conn.execute("BEGIN")
    conn.execute(BATCH_SQL, (created_at,))
    conn.executemany(CLAIM_SQL, claims)
    conn.executemany(EVIDENCE_SQL, evidence)
    conn.execute("COMMIT")


def _check(conn: sqlite3.Connection, expected: int) -> None:
    found = conn.execute("SELECT count(*) FROM evidence").fetchone()[0]
    if found != expected:
        raise RuntimeError(f"raw baseline wrote {found:,} evidence rows, expected {expected:,}")


def time_prebuilt(db: Path, path: Path, derived: Derived) -> float:
    """Seconds for executemany + COMMIT of tuples built beforehand (parsing excluded)."""
    claims, evidence = build(path, derived)
    conn = _connect(db)
    try:
        started = perf_counter()
        _insert(conn, claims, evidence, derived.created_at)
        seconds = perf_counter() - started
        _check(conn, len(evidence))
    finally:
        conn.close()
    return seconds


def time_with_parsing(db: Path, path: Path, derived: Derived) -> tuple[float, float]:
    """(total seconds, of which reading + orjson.loads + building tuples), then executemany + COMMIT."""
    conn = _connect(db)
    try:
        started = perf_counter()
        claims, evidence = build(path, derived)
        parsed = perf_counter()
        _insert(conn, claims, evidence, derived.created_at)
        seconds = perf_counter() - started
        _check(conn, len(evidence))
    finally:
        conn.close()
    return seconds, parsed - started
