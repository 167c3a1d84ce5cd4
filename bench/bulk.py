"""Marked items decided at once: one bulk decision of N marked items (one transaction)
and its one undo, next to the same N items decided one key at a time (N transactions),
measured in the same run on copies of the cached 100k-item review database."""

from __future__ import annotations

from pathlib import Path
from time import perf_counter

from bench.dataset import REVIEWER, cached_database, copy_database, queue_start
from bench.report import BenchError, ms, print_table, ratio
from models.desk import Desk

SIZES = (10, 100, 1000)
QUEUE = 100_000


def _timed(action) -> tuple[float, object]:
    started = perf_counter()
    result = action()
    return perf_counter() - started, result


def run(scratch: Path) -> None:
    scratch.mkdir(parents=True, exist_ok=True)
    source, claim_id = cached_database(QUEUE)
    rows = []
    for size in SIZES:
        items = queue_start(source, claim_id, size)
        one_db, bulk_db = (copy_database(source, scratch / f"{name}-{size}.db") for name in ("one", "bulk"))
        one, bulk = Desk.open(one_db, REVIEWER), Desk.open(bulk_db, REVIEWER)
        try:
            singles, _ = _timed(lambda: [one.decide(item, "reject") for item in items])
            marked, done = _timed(lambda: bulk.decide_many({item: 0 for item in items}, "reject"))
            undone, applied = _timed(bulk.undo)
            if len(done) != size or applied is None or len(applied.bulk_items) != size:
                raise BenchError(f"the bulk decision of {size} items decided {len(done)}, undid "
                                 f"{0 if applied is None else len(applied.bulk_items)}")
        finally:
            one.engine.dispose()
            bulk.engine.dispose()
        rows.append((f"{size:,} marked items", ms(singles), ms(marked), ratio(marked, singles), ms(undone),
                     ms(marked / size)))
    print_table(f"Marked items decided at once (a claim of {QUEUE:,} items, SQLite)",
                ("", "one key each", "one bulk", "ratio", "its undo", "bulk per item"), rows,
                ["one key each: Desk.decide per item, each its own transaction (the baseline);",
                 "one bulk: Desk.decide_many, every item in one transaction; its undo: one u, every item back."])
