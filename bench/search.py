"""Search: the last key of a two-word query typed in the running app → its hits
painted as the queue, next to the same FTS5 statements in raw sqlite3.

For each queue size, on a copy of the cached review database (bench/dataset.py),
two queries: one whose words are in every item (its count stops at the cap)
and one with a rare last word. Each repetition closes the search, opens it,
types all but the last character (untimed), then posts the last key as the
terminal driver would and waits for the first frame whose queue shows that
query's hits. The raw baseline runs what the app's search runs: the capped
count, then the first page of rows.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path
from time import perf_counter

from textual import events

from bench.dataset import REVIEWER, cached_database, copy_database
from bench.report import BenchError, ms, percentile, print_table, ratio
from models.search import COUNT_CAP, fts_query
from tui.app import EvideskApp

QUERIES = ("winged drone", "item 4242")
PAGE_SQL = ("SELECT id, kind, source, substr(text, 1, 240), outcome, stance, reliability, credibility, note != '', "
            "decided FROM evidence WHERE id IN (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? "
            "ORDER BY rowid LIMIT ?) ORDER BY id")
REPEATS = 15
STALL_S = 10.0


def time_raw(db: Path, typed: str, repeats: int) -> list[float]:
    query = fts_query(typed)
    conn = sqlite3.connect(db)
    timings = []
    try:
        for _ in range(repeats):
            started = perf_counter()
            conn.execute("SELECT count(*) FROM (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? "
                         "ORDER BY rowid LIMIT ?)", (query, COUNT_CAP)).fetchone()
            conn.execute(PAGE_SQL, (query, 100)).fetchall()
            timings.append(perf_counter() - started)
    finally:
        conn.close()
    return timings


async def _settle(app: EvideskApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def time_app(db: Path, repeats: int) -> dict[str, list[float]]:
    app = EvideskApp(db, REVIEWER)
    frames: list[tuple[float, str]] = []
    found: dict[str, list[float]] = {typed: [] for typed in QUERIES}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        display = app._display

        def recording_display(shown_screen, update) -> None:
            display(shown_screen, update)
            if update is not None and shown_screen is screen:
                frames.append((perf_counter(), str(screen.queue.border_title)))

        app._display = recording_display
        for _ in range(repeats):
            for typed in QUERIES:
                await pilot.press("escape", "slash", *typed[:-1])
                await _settle(app, pilot)
                frames.clear()
                key = events.Key(typed[-1], typed[-1])
                key.set_sender(app)
                started = perf_counter()
                app._driver.send_message(key)
                wanted = f"Search · “{typed}” · "
                while (painted := next((at for at, title in frames if title.startswith(wanted)), None)) is None:
                    if perf_counter() - started > STALL_S:
                        raise BenchError(f"typing {typed!r} never showed its hits (the queue shows {frames[-1:]})")
                    await asyncio.sleep(0.001)
                found[typed].append(painted - started)
    return found


def run(workdir: Path, sizes: list[int]) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        cached, _ = cached_database(size, log=lambda text: print(text, file=sys.stderr, flush=True))
        db = copy_database(cached, workdir / f"search-{size}.db")
        try:
            app = asyncio.run(time_app(db, REPEATS))
            rows = []
            for typed in QUERIES:
                raw = time_raw(db, typed, REPEATS)
                hits = sqlite3.connect(db).execute(
                    "SELECT count(*) FROM (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? LIMIT ?)",
                    (fts_query(typed), COUNT_CAP)).fetchone()[0]
                label = f'"{typed}" ({hits:,}{"+" if hits >= COUNT_CAP else ""} hit{"" if hits == 1 else "s"})'
                rows.append((f"raw sqlite3 FTS5: {label}", ms(percentile(raw, 0.5)), ms(percentile(raw, 0.99)),
                             "1.0×"))
                rows.append((f"app: last key → hits painted: {label}", ms(percentile(app[typed], 0.5)),
                             ms(percentile(app[typed], 0.99)), ratio(percentile(app[typed], 0.5),
                                                                     percentile(raw, 0.5))))
        finally:
            db.unlink(missing_ok=True)
        print_table(
            f"Search: one claim with {size:,} items, {REPEATS} repetitions per query",
            ("", "p50", "p99", "p50 × raw"),
            rows,
            notes=("raw: the capped count and the first page of 100 rows, as the app's search runs them;",
                   "app: headless 120x40, from posting the query's last key to the first frame showing its hits."),
        )
