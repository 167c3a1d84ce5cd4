"""Decision latency: a decision key → committed → the next item painted.

The app runs in-process under Textual's `run_test` (headless, 120x40) on a
database holding one claim with presses + 50 pending items. Each key is
posted to the app as its terminal driver posts one, and timed to the first
frame in which the queue highlights the expected item and the detail view
shows it. `Pilot.press` + `pause` is not the stopwatch: each waits for idle
in steps of at least 20 ms, a floor that would swamp the figure. Headless,
the compositor still renders every changed line; only the final encoding
into escape sequences for a real terminal is skipped.

Baselines from the same run, on copies of the same file: raw sqlite3 with
the app's PRAGMAs (one UPDATE + one INSERT + COMMIT per item), and the
model layer alone: Desk.decide, then Desk.decide plus the reads the review
screen makes to redraw after a decision.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from time import perf_counter

from sqlalchemy import insert
from sqlmodel import Session
from textual import events
from textual.widgets import Static

from bench.report import BenchError, ms, percentile, print_table, ratio
from models.database import BUSY_TIMEOUT_MS
from models.desk import Desk
from models.tables import Claim, Evidence, utcnow
from tui.app import EvideskApp

REVIEWER = "bench"
EXTRA_ITEMS = 50
KINDS = ("report", "statement", "video", "photo", "social_post")
EXCERPT = ("Item {i}: the footage shows a delta-winged drone over the river at dawn; the uploader says it was "
           "filmed from a balcony on the left bank, and two other accounts posted the same clip minutes later. ")
QUIET_S = 0.025
STALL_S = 10.0


def build_database(path: Path, items: int) -> tuple[int, list[int]]:
    """One claim with `items` pending evidence rows: the claim id and the item ids in queue order."""
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
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


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
                desk.claim(applied.claim_id)
                following = desk.next_pending(applied.claim_id, applied.evidence_id)
                if following is not None:
                    desk.detail(following)
            timings.append(perf_counter() - started)
    finally:
        desk.engine.dispose()
    return timings


def _detail_content(app: EvideskApp) -> object:
    return app.screen.detail.query_one(Static).content


async def _press(app: EvideskApp, frames: list, key: str, expected: int) -> float:
    """Seconds from posting `key` to the first frame showing item `expected` in queue and detail."""
    shown_before = _detail_content(app)
    frames.clear()
    key_event = events.Key(key, key)
    key_event.set_sender(app)
    started = perf_counter()
    app._driver.send_message(key_event)
    while True:
        painted = next((at for at, current, detail in frames if current == expected and detail is not shown_before),
                       None)
        if painted is not None:
            break
        if perf_counter() - started > STALL_S:
            current = app.screen.queue.current
            raise BenchError(f"after {key!r} the app never showed item {expected} "
                             f"(it highlights {current.id if current else None})")
        await asyncio.sleep(0.001)
    deadline = perf_counter() + 1.0
    while perf_counter() < deadline:
        count = len(frames)
        await asyncio.sleep(QUIET_S)
        if len(frames) == count:
            break
    return painted - started


async def _time_app(path: Path, claim_id: int, ids: list[int], presses: int) -> tuple[list[float], list[float]]:
    app = EvideskApp(path, REVIEWER)
    frames: list[tuple[float, int | None, object]] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        if screen.queue.current is None or screen.queue.current.id != ids[0]:
            raise BenchError(f"the app opened on {screen.queue.current}, not on the first item #{ids[0]}")
        display = app._display

        # Every frame passes through App._display; record when it was drawn and what it showed.
        def recording_display(shown_screen, update) -> None:
            display(shown_screen, update)
            if update is not None and shown_screen is screen:
                current = screen.queue.current
                frames.append((perf_counter(), current.id if current else None, _detail_content(app)))

        app._display = recording_display
        decide = [await _press(app, frames, "s", ids[n + 1]) for n in range(presses)]
        if (decided := app.desk.claim(claim_id).n_decided) != presses:
            raise BenchError(f"{presses} presses of s left {decided} items decided")
        undo = [await _press(app, frames, "u", ids[n]) for n in reversed(range(presses))]
        if (decided := app.desk.claim(claim_id).n_decided) != 0:
            raise BenchError(f"{presses} presses of u left {decided} items decided")
    return decide, undo


def run(workdir: Path, presses: int) -> None:
    """Build the database, time the baselines and the app, print the table."""
    workdir.mkdir(parents=True, exist_ok=True)
    app_db = workdir / "decisions.db"
    claim_id, ids = build_database(app_db, presses + EXTRA_ITEMS)
    raw = time_raw(copy_database(app_db, workdir / "raw.db"), ids[:presses])
    desk = time_desk(copy_database(app_db, workdir / "desk.db"), ids[:presses], with_reads=False)
    reads = time_desk(copy_database(app_db, workdir / "reads.db"), ids[:presses], with_reads=True)
    decide, undo = asyncio.run(_time_app(app_db, claim_id, ids, presses))

    raw50, raw99 = percentile(raw, 0.5), percentile(raw, 0.99)
    rows = []
    for label, values in (
        ("raw sqlite3: UPDATE + INSERT + COMMIT", raw),
        ("Desk.decide (model layer alone)", desk),
        ("Desk.decide + the screen's redraw reads", reads),
        ('app: "s" → committed → next item painted', decide),
        ('app: "u" → undone → that item painted', undo),
    ):
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        rows.append((label, ms(p50), ms(p99), ms(max(values)), ratio(p50, raw50), ratio(p99, raw99)))
    print_table(
        f"Decisions: {presses} keystrokes each on a queue of {len(ids)} items "
        f"(SQLite {sqlite3.sqlite_version}, WAL, synchronous=FULL, files under {workdir.parent})",
        ("", "p50", "p99", "max", "p50 × raw", "p99 × raw"),
        rows,
        notes=(
            "Desk.decide also updates the claim's counts and appends an audit event in its transaction.",
            "Redraw reads: queue_row, claim ×2, next_pending, detail (as ReviewScreen._redraw_after does).",
            "App rows: key posted → first frame (headless, 120x40) with the item highlighted and in the detail view.",
        ),
    )
