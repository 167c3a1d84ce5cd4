"""The real `evidesk demo` in a real terminal (a private tmux server): decisions typed as
keys, the window shrunk to 60×20 and grown back, ctrl+q; then the database file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from apptools import rows
from rich.cells import cell_len

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not on PATH")

ROOT = Path(__file__).resolve().parents[1]
DEADLINE = 30.0  # generous: CI runs the suite in parallel on two cores
TARGET = "e2e"


class Tmux:
    """A tmux server of our own, its socket in `folder`, running one program in one window."""

    def __init__(self, folder: Path) -> None:
        self.socket = folder / "tmux.sock"
        self.status = folder / "exit-code"
        # A server copies the environment of the client that starts it: no outer tmux, and
        # no COLUMNS/LINES that would override the size the pane really has.
        self.env = {key: value for key, value in os.environ.items()
                    if key not in {"TMUX", "TMUX_PANE", "COLUMNS", "LINES"}}

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-S", str(self.socket), "-f", os.devnull, *args],
                              capture_output=True, text=True, env=self.env, timeout=10)
        if check and done.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: list[str], *, size: tuple[int, int], cwd: Path) -> None:
        """Run `command` in a new window of this size; a shell around it writes its exit code to
        a file. tmux's own record of it (#{pane_dead_status}) is not used: a tmux built with
        libutempter now and then misses the SIGCHLD of a pane that exits (tmux/tmux#311)."""
        columns, lines = size
        # remain-on-exit keeps the pane and what it shows once the app has exited; window-size
        # is set after the session, as tmux 3.3a's server dies when it is set before any exists.
        self.run("set", "-g", "remain-on-exit", "on", ";",
                 "set", "-g", "default-terminal", "xterm-256color", ";",
                 "new-session", "-d", "-s", TARGET, "-x", str(columns), "-y", str(lines), "-c", str(cwd),
                 "--", "sh", "-c", '"$@"; echo $? > "$0"', str(self.status), *command, ";",
                 "set", "-g", "window-size", "manual")

    def show(self, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", TARGET, fmt).strip()

    def screen(self) -> list[str]:
        return self.run("capture-pane", "-p", "-t", TARGET).split("\n")[:-1]

    def running(self) -> bool:
        return self.show("#{pane_dead}") == "0"

    def exit_code(self) -> str:
        """Wait for the app to exit; its exit code."""
        deadline = time.monotonic() + DEADLINE
        while not (code := self.status.read_text() if self.status.exists() else "").endswith("\n"):
            if time.monotonic() > deadline:
                painted = "\n".join(self.screen())
                raise AssertionError(f"the app did not exit within {DEADLINE:.0f} s:\n{painted}")
            time.sleep(0.05)
        return code.strip()

    def send(self, key: str) -> None:
        self.run("send-keys", "-t", TARGET, key)

    def resize(self, columns: int, lines: int) -> None:
        self.run("resize-window", "-t", TARGET, "-x", str(columns), "-y", str(lines))
        assert self.show("#{window_width}x#{window_height}") == f"{columns}x{lines}"

    def wait_for(self, what: str, check: Callable[[list[str]], bool]) -> list[str]:
        """Poll the pane until `check` holds for what it shows."""
        deadline = time.monotonic() + DEADLINE
        while True:
            screen = self.screen()
            if check(screen):
                return screen
            painted = "\n".join(screen)
            if not self.running():
                raise AssertionError(f"the app exited while waiting for {what}:\n{painted}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} not shown within {DEADLINE:.0f} s:\n{painted}")
            time.sleep(0.05)

    def kill(self) -> None:
        self.run("kill-server", check=False)


def shows(*texts: str) -> Callable[[list[str]], bool]:
    return lambda screen: all(text in "\n".join(screen) for text in texts)


def laid_out(columns: int, lines: int) -> Callable[[list[str]], bool]:
    """The app has repainted for this size: its panes' borders reach the right edge, top and bottom."""

    def check(screen: list[str]) -> bool:
        boxes = [line for line in screen if line.startswith(("╭─ Claims", "╰"))]
        return (len(screen) == lines and len(boxes) == 2
                and all(cell_len(line) == columns and line.endswith(("╮", "╯")) for line in boxes))

    return check


def assert_sane(screen: list[str], columns: int, lines: int) -> None:
    painted = "\n".join(screen)
    assert len(screen) == lines, painted
    assert all(cell_len(line) <= columns for line in screen), painted
    for text in ("evidesk — ana", "Claims", "Evidence", "Detail", "s Supports",
                 "▲ supports", "▼ refutes", "✗ rejected"):
        assert text in painted, f"{text!r} not on screen:\n{painted}"
    assert "Traceback" not in painted, painted


def test_decisions_across_a_resize_reach_the_file_and_quit_cleanly(tmp_path):
    db = tmp_path / "demo.db"
    tmux = Tmux(tmp_path)
    try:
        tmux.start([sys.executable, "-m", "tui", "demo", "--db", str(db), "--reviewer", "ana"],
                   size=(100, 30), cwd=ROOT)
        tmux.wait_for("the review screen", shows("╭─ Claims", "· pending    statement", "6 pending · 0 decided",
                                                 "s Supports"))

        for key, shown, counts in (("s", "▲ supports", "5 pending · 1 decided"),
                                   ("r", "▼ refutes", "4 pending · 2 decided"),
                                   ("x", "✗ rejected", "3 pending · 3 decided")):
            tmux.send(key)
            tmux.wait_for(f"the decision {key!r}", shows(shown, counts))

        tmux.resize(60, 20)
        assert_sane(tmux.wait_for("the layout at 60×20", laid_out(60, 20)), 60, 20)
        assert tmux.running()

        tmux.resize(100, 30)
        assert_sane(tmux.wait_for("the layout at 100×30", laid_out(100, 30)), 100, 30)
        assert tmux.running()

        tmux.send("c")
        tmux.wait_for("the decision 'c'", shows("◆ context", "2 pending · 4 decided"))

        tmux.send("C-q")
        assert tmux.exit_code() == "0", "\n".join(tmux.screen())
    finally:
        tmux.kill()

    assert rows(db, "SELECT action FROM decision ORDER BY id") == [
        ("supports",), ("refutes",), ("reject",), ("context",)]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
