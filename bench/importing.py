"""Import throughput: `evidesk import` beside raw sqlite3 and sqlite-utils, in the same run.

For each size N (evidence rows over N/1000 claims, see bench/importdata.py):

- evidesk: `python -m tui import FILE --db NEW.db --json --reviewer bench`
  as a subprocess, timed from outside (wall clock, so interpreter start and
  imports count); the importer's own "seconds" is shown beside it.
- raw executemany: sqlite3 into the app's schema and PRAGMAs, pre-built
  tuples, only executemany + COMMIT timed (JSON parsing excluded); and
  raw + parsing, which also times reading the file, orjson.loads per line and
  building the tuples (bench/rawload.py).
- sqlite-utils: `sqlite-utils insert NEW.db evidence FILE --nl` on the
  evidence lines only ("type" key kept) into a new, empty database, with its
  defaults (its own table, no indexes, rollback journal, a commit every 100
  rows), as a subprocess timed from outside.

Each tool runs once per size on a fresh database; the input file has just
been read by the preparation, so all tools find it in the page cache.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import importdata, rawload
from bench.report import BenchError

REPO_ROOT = Path(__file__).resolve().parents[1]
TARGET_RAW, TARGET_1M_SECONDS = 0.7, 30.0


@dataclass
class Figure:
    tool: str
    seconds: float
    note: str = ""


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def _run(tool: str, command: list[str]) -> tuple[float, str]:
    """Wall-clock seconds and stdout; BenchError with stderr's last line if it crashes."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1) or (done.returncode == 1 and tool != "evidesk"):
        raise BenchError(f"{tool} exited with {done.returncode}: {_last_line(done.stderr)}")
    return seconds, done.stdout


def _evidesk(data: importdata.ImportData, scratch: Path) -> Figure:
    db = scratch / "evidesk.db"
    seconds, out = _run("evidesk", [sys.executable, "-m", "tui", "import", str(data.full), "--db", str(db), "--json",
                                    "--reviewer", "bench", "--rejects", str(scratch / "rejects.jsonl")])
    try:
        summary = json.loads(_last_line(out))
    except ValueError:
        raise BenchError(f"evidesk printed no JSON summary: {_last_line(out)}") from None
    note = f"importer's own: {summary.get('seconds', float('nan')):.1f} s"
    if summary.get("evidence_new") != data.evidence or summary.get("rejected"):
        note += (f"; {summary.get('evidence_new')} new, {summary.get('rejected')} rejected, "
                 f"{summary.get('duplicates')} duplicates")
    if summary.get("near_duplicates"):
        note += f"; {summary['near_duplicates']:,} flagged near-duplicate"
    return Figure("evidesk import", seconds, note)


def _sqlite_utils(data: importdata.ImportData, scratch: Path) -> Figure | None:
    found = Path(sys.executable).with_name("sqlite-utils")
    program = str(found) if found.is_file() else shutil.which("sqlite-utils")
    if program is None:
        _log("  sqlite-utils not found: not measured")
        return None
    db = scratch / "sqlite-utils.db"
    seconds, _ = _run("sqlite-utils", [program, "insert", str(db), "evidence", str(data.evidence_only), "--nl"])
    return Figure("sqlite-utils insert", seconds, "no schema/indexes, commit per 100 rows")


def _measure(size: int, scratch: Path) -> list[Figure]:
    _log(f"import: {size:,} evidence rows")
    data = importdata.prepare(size, log=_log)
    _log(f"  input {data.full.name} ({data.full.stat().st_size / 1e6:,.0f} MB); deriving the importer's values…")
    derived = rawload.derive(data.full)
    figures = []
    steps = (("raw executemany", lambda db: Figure("raw executemany", rawload.time_prebuilt(db, data.full, derived),
                                                   "pre-built tuples; parsing excluded")),
             ("raw + parsing", lambda db: _raw_parsing(db, data, derived)),
             ("evidesk", lambda db: _evidesk(data, db.parent)),
             ("sqlite-utils", lambda db: _sqlite_utils(data, db.parent)))
    for name, step in steps:
        folder = scratch / f"{size}-{name.replace(' ', '-').replace('+', 'and')}"
        folder.mkdir(parents=True)
        _log(f"  {name}…")
        try:
            figure = step(folder / "raw.db")
        except BenchError:
            raise
        except Exception as error:  # a baseline that crashed
            raise BenchError(f"{name} at {size:,} rows: {type(error).__name__}: {error}") from None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if figure is not None:
            figures.append(figure)
            _log(f"    {figure.seconds:.1f} s")
    return figures


def _raw_parsing(db: Path, data: importdata.ImportData, derived: rawload.Derived) -> Figure:
    seconds, parsing = rawload.time_with_parsing(db, data.full, derived)
    return Figure("raw + parsing", seconds, f"of which read+orjson+tuples {parsing:.1f} s")


def _fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def run(scratch: Path, sizes: list[int]) -> None:
    started = time.perf_counter()
    rows, verdicts = [], {"raw": [], "peer": [], "1m": None}
    for size in sizes:
        figures = _measure(size, scratch)
        rate = {figure.tool: size / figure.seconds for figure in figures}
        raw, peer = rate.get("raw executemany"), rate.get("sqlite-utils insert")
        for figure in figures:
            mine = rate[figure.tool]
            rows.append((f"{size:,}", figure.tool, f"{figure.seconds:.2f}", f"{mine:,.0f}",
                         _fmt_ratio(mine / raw if raw else None), _fmt_ratio(mine / peer if peer else None),
                         figure.note))
        if "evidesk import" in rate:
            ours = rate["evidesk import"]
            verdicts["raw"].append((size, ours / raw))
            verdicts["peer"].append((size, ours / peer if peer else None))
            if size == 1_000_000:
                verdicts["1m"] = size / ours
    _table(
        "Import (one run per tool and size; rows/s = N evidence rows / seconds; ratios are rows/s over the baseline's)",
        ("N", "tool", "seconds", "rows/s", "vs raw", "vs sqlite-utils", "note"), rows,
        ["evidesk and sqlite-utils: wall clock of the subprocess (start-up and imports included).",
         "raw executemany: sqlite3, app schema + PRAGMAs (WAL, synchronous FULL, foreign keys), one transaction,",
         "  only executemany + COMMIT timed (JSON parsing excluded); raw + parsing also times reading the file.",
         "sqlite-utils: evidence lines only (\"type\" key kept) into an empty database with its own table."],
    )
    print(_targets(verdicts))
    print(f"(import benchmark: {time.perf_counter() - started:.0f} s)\n")


def _table(title: str, header: tuple[str, ...], rows: list[tuple[str, ...]], notes: list[str]) -> None:
    """Figures right-aligned, the tool and the note left-aligned."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    print(title)
    for row in [header, *rows]:
        cells = [cell.ljust(width) if i in (1, len(row) - 1) else cell.rjust(width)
                 for i, (cell, width) in enumerate(zip(row, widths))]
        print("  " + "  ".join(cells).rstrip())
    for note in notes:
        print(f"  {note}")
    print()


def _targets(verdicts: dict) -> str:
    def met(ok: bool) -> str:
        return "met" if ok else "NOT met"

    raw = verdicts["raw"]
    raw_text = ", ".join(f"{size:,}: {value:.2f}×" for size, value in raw)
    raw_ok = met(bool(raw) and all(value >= TARGET_RAW for _, value in raw))
    peer = [(size, value) for size, value in verdicts["peer"] if value is not None]
    peer_text = ", ".join(f"{size:,}: {value:.2f}×" for size, value in peer)
    peer_ok = met(bool(peer) and all(value > 1 for _, value in peer)) if peer else "not measured"
    one_m = verdicts["1m"]
    one_m_ok = "not measured" if one_m is None else f"{one_m:.1f} s, {met(one_m < TARGET_1M_SECONDS)}"
    return (f"targets: ≥ 0.7× raw, faster than sqlite-utils, 1M < 30 s\n"
            f"  ≥ 0.7× raw executemany: {raw_ok} ({raw_text})\n"
            f"  faster than sqlite-utils: {peer_ok} ({peer_text})\n"
            f"  1M < 30 s: {one_m_ok}")
