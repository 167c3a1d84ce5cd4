"""`python -m bench`: start-up, decision latency, search, import and export throughput, bulk decisions and the
stats count, each beside baselines measured in the same run.

Exits 0 whatever the figures; 1 only when something measured misbehaved
(crashed, hung, showed the wrong item), with the reason on stderr.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench import backends, bulk, decision, exporting, importing, search, startup, stats
from bench.report import BenchError


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _sizes(text: str) -> list[int]:
    try:
        return [_positive(part.strip().replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("give whole numbers separated by commas, e.g. 100000,1000000") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=_positive, default=10, help="start-up repetitions per command (default 10)")
    parser.add_argument("--presses", type=_positive, default=500, help="decision keystrokes to time (default 500)")
    parser.add_argument("--only", choices=("startup", "decisions", "search", "import", "export", "backends", "bulk",
                                            "stats"), help="run one benchmark (default: all)")
    parser.add_argument("--import-sizes", type=_sizes, default=[100_000, 1_000_000], metavar="N,N",
                        help="evidence rows per import run (default 100000,1000000)")
    parser.add_argument("--export-sizes", type=_sizes, default=[100_000, 1_000_000], metavar="N,N",
                        help="items exported per run (default 100000,1000000)")
    parser.add_argument("--queue-sizes", type=_sizes, default=[10_000, 100_000, 1_000_000], metavar="N,N",
                        help="items in the reviewed claim's queue, for start-up and decisions "
                             "(default 10000,100000,1000000)")
    args = parser.parse_args(argv)
    status = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="evidesk-bench-") as scratch:
        for name, measure in (
            ("start-up", lambda: startup.run(Path(scratch) / "startup", args.runs, args.queue_sizes)),
            ("decisions", lambda: decision.run(Path(scratch) / "decision", args.presses, args.queue_sizes)),
            ("search", lambda: search.run(Path(scratch) / "search", args.queue_sizes)),
            ("import", lambda: importing.run(Path(scratch) / "import", args.import_sizes)),
            ("export", lambda: exporting.run(Path(scratch) / "export", args.export_sizes)),
            ("backends", lambda: backends.run(Path(scratch) / "backends", args.presses)),
            ("bulk", lambda: bulk.run(Path(scratch) / "bulk")),
            ("stats", lambda: stats.run(Path(scratch) / "stats")),
        ):
            if args.only and args.only != name.replace("-", ""):
                continue
            try:
                measure()
            except BenchError as error:
                print(f"{name}: not measured: {error}", file=sys.stderr)
                status = 1
    print(f"({time.perf_counter() - started:.0f} s in all)")
    return status


sys.exit(main())
