"""Start-up: spawn → first painted screen of evidesk, timed from outside the process.

Each command runs in its own pseudo-terminal (100x30, TERM=xterm-256color),
as in a person's terminal. The app counts as painted once the footer shows
the queue's decision keys ("Supports"): the footer lists them only after the
review screen has mounted, loaded the queue and focused it, which is the
frame with the queue filled in. The baselines, `python -c "import textual"`
and `python -c "pass"`, are timed from spawn to exit, as is
`python -c "import tui.app"`, which shows how much of the start is imports.

Every command gets one untimed warm-up run (page cache, bytecode caches),
then the timed runs are interleaved so that noise on the machine falls on
every command alike.
"""

from __future__ import annotations

import codecs
import fcntl
import itertools
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Callable

from bench.dataset import cached_database
from bench.report import BenchError, ms, print_table, ratio

COLUMNS, LINES = 100, 30
REVIEWER = "bench"
MARKER = "Supports"
CTRL_Q = b"\x11"
TIMEOUT_S = 60.0
QUIT_GRACE_S = 5.0
REPO_ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[P^_][^\x1b]*\x1b\\"
    r"|\x1b[@-Z\\-_]"
)


class _Terminal:
    """The master side of a pseudo-terminal: everything the child has written."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._chunks: list[str] = []

    def read(self, timeout: float) -> bool:
        """Wait up to `timeout` for output; False once the child side is closed."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: every process holding the terminal has exited
            return False
        if not chunk:
            return False
        self._chunks.append(self._decoder.decode(chunk))
        return True

    def text(self) -> str:
        # Strip the whole text each time: an escape sequence may span two reads.
        return ANSI.sub("", "".join(self._chunks))


def _child_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TEXTUAL", "EVIDESK_"))}
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
    return env


def _stop(proc: subprocess.Popen[bytes], terminal: _Terminal) -> bool:
    """Quit with ctrl+q, draining output meanwhile; kill after a grace period.
    True when the process left by itself."""
    if proc.poll() is not None:
        return True
    try:
        os.write(terminal.fd, CTRL_Q)
    except OSError:
        pass
    deadline = time.perf_counter() + QUIT_GRACE_S
    while proc.poll() is None and time.perf_counter() < deadline:
        if not terminal.read(0.05):
            break
    try:
        proc.wait(timeout=max(0.0, deadline - time.perf_counter()))
        return True
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return False


def _peak_rss(pid: int) -> int:
    """The process's peak resident memory so far, in bytes (0 where /proc cannot tell)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) * 1024 if found else 0


def time_command(argv: list[str], marker: str | None) -> tuple[float, bool, int]:
    """Seconds from spawn until `marker` is on screen (None: until the process exits),
    whether the process then quit by itself, and its peak resident memory by then
    (for a command timed to exit: 0)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    terminal = _Terminal(master)
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=_child_env(),
                            cwd=REPO_ROOT, start_new_session=True)
    os.close(slave)
    try:
        while True:
            remaining = started + TIMEOUT_S - time.perf_counter()
            if remaining <= 0:
                raise BenchError(f"{' '.join(argv[1:])}: no {marker!r} after {TIMEOUT_S:.0f} s; "
                                 f"screen ends with: {terminal.text()[-300:]!r}")
            still_open = terminal.read(remaining)
            now = time.perf_counter()
            if marker is not None and marker in terminal.text():
                peak = _peak_rss(proc.pid)
                return now - started, _stop(proc, terminal), peak
            if not still_open:
                code = proc.wait()
                if marker is None and code == 0:
                    return now - started, True, 0
                raise BenchError(f"{' '.join(argv[1:])} exited with code {code} before painting; "
                                 f"its output ends with: {terminal.text()[-300:]!r}")
    finally:
        if proc.poll() is None:
            _stop(proc, terminal)
        os.close(master)


def run(workdir: Path, runs: int, sizes: list[int]) -> None:
    """Time every command `runs` times and print the table."""
    workdir.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    existing = workdir / "existing.db"
    fresh_paths = (workdir / f"fresh-{number}.db" for number in itertools.count())
    textual_label = 'python -c "import textual" (to exit)'
    commands: list[tuple[str, Callable[[], list[str]], str | None]] = [
        ("evidesk demo, new database (includes the demo import)",
         lambda: [python, "-m", "tui", "demo", "--db", str(next(fresh_paths)), "--reviewer", REVIEWER], MARKER),
        ("evidesk --db existing.db (reopen)",
         lambda: [python, "-m", "tui", "--db", str(existing), "--reviewer", REVIEWER], MARKER),
    ]
    for size in sizes:
        path, _ = cached_database(size, log=lambda text: print(text, file=sys.stderr, flush=True))
        commands.append((f"evidesk --db review-{size}.db (one claim of {size:,} items)",
                         lambda path=path: [python, "-m", "tui", "--db", str(path), "--reviewer", REVIEWER], MARKER))
    commands += [
        ('python -c "import tui.app" (the app\'s imports, to exit)', lambda: [python, "-c", "import tui.app"], None),
        (textual_label, lambda: [python, "-c", "import textual"], None),
        ('python -c "pass" (to exit)', lambda: [python, "-c", "pass"], None),
    ]
    # Builds existing.db, and is the warm-up of the reopen command.
    time_command([python, "-m", "tui", "demo", "--db", str(existing), "--reviewer", REVIEWER], MARKER)
    for _, argv, marker in commands:
        time_command(argv(), marker)

    samples: dict[str, list[float]] = {label: [] for label, _, _ in commands}
    peaks: dict[str, int] = {label: 0 for label, _, _ in commands}
    quit_cleanly = app_runs = 0
    for _ in range(runs):
        for label, argv, marker in commands:
            seconds, clean, peak = time_command(argv(), marker)
            samples[label].append(seconds)
            peaks[label] = max(peaks[label], peak)
            quit_cleanly += clean and marker is not None
            app_runs += marker is not None

    textual_median = statistics.median(samples[textual_label])
    rows = [
        (label, ms(statistics.median(values)), ms(min(values)), ms(max(values)),
         ratio(statistics.median(values), textual_median), f"{peaks[label] / 2**20:.0f} MB" if peaks[label] else "")
        for label, values in samples.items()
    ]
    print_table(
        f"Start-up: spawn → first screen, pseudo-terminal {COLUMNS}x{LINES}, {runs} interleaved runs each",
        ("command", "median", "min", "max", "× import textual", "peak RSS"),
        rows,
        notes=(
            f'The app is timed until the footer shows "{MARKER}" (review screen mounted, queue loaded and focused).',
            "Each new-database run imports the demo data set first, as `evidesk demo` always does.",
            "review-N.db: one claim of N pending items (bench/dataset.py), built once into bench/.cache.",
            "peak RSS: the app process's VmHWM when the first screen was painted, the largest over the runs.",
            f"After each app run ctrl+q was sent: {quit_cleanly}/{app_runs} runs quit by themselves "
            f"within {QUIT_GRACE_S:.0f} s (the rest were killed).",
        ),
    )
