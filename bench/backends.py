"""SQLite against PostgreSQL on this machine, measured in the same run: import rate (the
same evidesk JSONL file into an empty database) and model-layer decision latency
(Desk.decide with the next item leased, as the workstation runs it). The PostgreSQL
server is a throwaway one started here with its default durability (fsync on), as
SQLite here commits with synchronous=FULL."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import ms, percentile, print_table
from models.desk import Desk

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "bench" / ".cache" / "import-100000-fixtures.jsonl"


def _server(folder: Path) -> str | None:
    env = os.environ | {"EVIDESK_PG_DURABLE": "1"}
    url = subprocess.run([str(ROOT / ".ci" / "postgres"), "start", str(folder)], capture_output=True,
                         text=True, env=env, check=True).stdout.strip()
    return url or None


def _import(db: str) -> tuple[float, int, Desk]:
    desk = Desk.open(db, "bench")
    started = time.perf_counter()
    summary = desk.import_file(SOURCE)
    return time.perf_counter() - started, summary.evidence_new, desk


def _decisions(desk: Desk, presses: int) -> list[float]:
    claim = desk.first_claim_with_pending()
    item = desk.next_pending(claim, None)
    timings = []
    for _ in range(presses):
        if item is None:
            break
        started = time.perf_counter()
        applied = desk.decide(item, "reject", lease_next=True)
        timings.append(time.perf_counter() - started)
        item = applied.next_id
    return timings


def run(scratch: Path, presses: int = 300) -> None:
    if not SOURCE.exists():
        print(f"backends: not measured: {SOURCE.name} is built by `python -m bench --only import` first",
              file=sys.stderr)
        return
    scratch.mkdir(parents=True, exist_ok=True)
    server = Path(tempfile.mkdtemp(prefix="evidesk-bench-postgres-"))  # the server's user must reach it
    url = _server(server)
    if url is None:
        print("backends: not measured: no PostgreSQL server installed", file=sys.stderr)
        return
    rows = []
    try:
        for name, db in (("SQLite", str(scratch / "bench.db")), ("PostgreSQL", url)):
            seconds, items, desk = _import(db)
            timings = _decisions(desk, presses)
            desk.engine.dispose()
            rows.append((name, f"{items / seconds:,.0f} rows/s", f"{seconds:.1f} s", ms(percentile(timings, 0.5)),
                         ms(percentile(timings, 0.99))))
    finally:
        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", str(server)], check=False)
        shutil.rmtree(server, ignore_errors=True)
    print_table(f"Backends: importing {SOURCE.name} (100,000 items), then {presses} decisions",
                ("", "import", "import time", "decide p50", "decide p99"), rows,
                notes=("decide: Desk.decide with the next pending item leased in the same transaction.",
                       "PostgreSQL: local server over a Unix socket, default settings (fsync on)."))
