"""`python -m bench`: start-up and decision latency, each beside a baseline measured in the same run.

Exits 0 whatever the figures; 1 only when something measured misbehaved
(crashed, hung, showed the wrong item), with the reason on stderr.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench import decision, startup
from bench.report import BenchError


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=_positive, default=10, help="start-up repetitions per command (default 10)")
    parser.add_argument("--presses", type=_positive, default=300, help="decision keystrokes to time (default 300)")
    args = parser.parse_args(argv)
    status = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="evidesk-bench-") as scratch:
        for name, measure in (
            ("start-up", lambda: startup.run(Path(scratch) / "startup", args.runs)),
            ("decisions", lambda: decision.run(Path(scratch) / "decision", args.presses)),
        ):
            try:
                measure()
            except BenchError as error:
                print(f"{name}: not measured: {error}", file=sys.stderr)
                status = 1
    print(f"({time.perf_counter() - started:.0f} s in all)")
    return status


sys.exit(main())
