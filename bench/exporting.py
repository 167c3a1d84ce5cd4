"""Export throughput: `evidesk export` JSONL and CSV of every item against a plain loop
over a raw sqlite3 cursor writing one JSON line per evidence row, on the same database
in the same run; and the exporter's peak memory as a process, at each size."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bench.dataset import REVIEWER, cached_database, copy_database
from bench.report import print_table
from models.desk import Desk
from models.export.runner import run_export
from models.export.selection import selection_of


def raw_loop(db: Path, out: Path) -> tuple[float, int]:
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    cursor = conn.execute("SELECT * FROM evidence ORDER BY id")
    names = [column[0] for column in cursor.description]
    count = 0
    with out.open("w", encoding="utf-8") as target:
        for row in cursor:
            target.write(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n")
            count += 1
    conn.close()
    return time.perf_counter() - started, count


def app_export(db: Path, fmt: str, out: Path) -> tuple[float, int]:
    desk = Desk.open(db, REVIEWER)
    started = time.perf_counter()
    result = run_export(desk.engine, desk.reviewer, fmt, selection_of(), out)
    elapsed = time.perf_counter() - started
    desk.engine.dispose()
    return elapsed, result.counts["evidence"]


def peak_rss_mb(db: Path, out: Path) -> float:
    """The peak resident memory of `evidesk export --format jsonl` run as its own process."""
    script = ("import resource, sys; from tui.cli import main\n"
              "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
              "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", script, "export", "--format", "jsonl", "--out", str(out),
                           "--db", str(db)], capture_output=True, text=True, check=True,
                          env=os.environ | {"EVIDESK_REVIEWER": REVIEWER})
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def run(workdir: Path, sizes: list[int]) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in sizes:
        cached, _ = cached_database(size, log=lambda text: print(text, file=sys.stderr, flush=True))
        db = copy_database(cached, workdir / f"export-{size}.db")
        try:
            raw_seconds, raw_count = raw_loop(db, workdir / "raw.jsonl")
            rows.append((f"{size:,}: raw sqlite3 loop → JSON lines", f"{raw_count / raw_seconds:,.0f}",
                         f"{raw_seconds:.1f} s", "1.00×", ""))
            for fmt in ("jsonl", "csv"):
                seconds, count = app_export(db, fmt, workdir / f"out.{fmt}")
                rss = f"{peak_rss_mb(db, workdir / 'rss.jsonl'):.0f} MB" if fmt == "jsonl" else ""
                speed = (count / seconds) / (raw_count / raw_seconds)
                rows.append((f"{size:,}: evidesk export --format {fmt}", f"{count / seconds:,.0f}",
                             f"{seconds:.1f} s", f"{speed:.2f}×", rss))
        finally:
            for leftover in workdir.iterdir():
                leftover.unlink()
    print_table("Export: every item of one claim, to a file on /tmp", ("", "rows/s", "time", "× raw rows/s", "peak RSS"),
                rows, notes=("× raw rows/s: the export's rows per second over the raw loop's (1.00× = as fast).",
                             "peak RSS: the whole `evidesk export --format jsonl` process, start-up included.",
                             "The export also writes the claims, the decision histories, a manifest and an audit event."))

