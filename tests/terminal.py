"""A real program in a pseudo-terminal: type keys, read what it paints."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


class Terminal:
    def __init__(self, args: list[str], *, size: tuple[int, int] = (100, 30), env: dict[str, str] | None = None,
                 preexec: Callable[[], None] | None = None):
        columns, lines = size
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        full_env = os.environ | {"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)}
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=full_env | (env or {}),
            start_new_session=True, close_fds=True, preexec_fn=preexec,
        )
        os.close(slave)
        self.output = ""

    def text(self) -> str:
        """Everything painted so far, escape sequences removed."""
        return ANSI.sub("", self.output)

    def wait_for(self, pattern: str, timeout: float = 30.0, *, after: int = 0) -> int:
        """Read until `pattern` (a regex) appears past position `after` of text(); returns its end."""
        deadline = time.monotonic() + timeout
        while True:
            if found := re.compile(pattern).search(self.text(), after):
                return found.end()
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.process.poll() is not None:
                raise TimeoutError(f"{pattern!r} not painted; last output: {self.text()[-500:]!r}")
            ready, _, _ = select.select([self.master], [], [], min(remaining, 0.2))
            if ready:
                try:
                    self.output += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:  # the child closed the terminal
                    pass

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def kill(self) -> None:
        """SIGKILL: no chance to clean up, as in a crash."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        os.close(self.master)
