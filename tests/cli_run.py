"""Running the evidesk command line as a user does: a real process, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from terminal import ANSI

EVIDESK = [sys.executable, "-m", "tui"]


def evidesk(*args: str, cwd=None, env: dict[str, str] | None = None, stdin: str | None = None,
            preexec: Callable[[], None] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """`evidesk ARGS` as reviewer ana, its output as text."""
    return subprocess.run([*EVIDESK, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                          preexec_fn=preexec, env=os.environ | {"EVIDESK_REVIEWER": "ana"} | (env or {}))


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The single line a refused command printed on stderr (never a traceback), as a terminal
    shows it (the workstation's screen set-up and tear-down sequences removed)."""
    err = ANSI.sub("", result.stderr if isinstance(result.stderr, str) else result.stderr.decode())
    assert "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("evidesk: "), err
    return err.strip()
