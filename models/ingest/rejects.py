"""The rejects file: one JSON object per refused row (file, line, reason, raw row)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

import orjson

from models.errors import EvideskError


@dataclass(frozen=True, slots=True)
class Reject:
    source: str
    line: int
    reason: str
    raw: str = ""

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


class RejectsFile:
    """Opened on the first reject only, so a clean import leaves no empty file."""

    def __init__(self, path: Path, *, fresh: bool = True) -> None:
        """`fresh`: replace what an earlier run left there; else add to it."""
        self.path, self._mode = path, "wb" if fresh else "ab"
        self._handle: IO[bytes] | None = None
        self.count = 0

    def write(self, reject: Reject) -> None:
        self.count += 1
        if self._handle is None:
            try:
                self._handle = self.path.open(self._mode)
            except OSError as error:
                raise EvideskError(f"cannot write the rejects file {self.path}: {error.strerror}") from None
        self._handle.write(orjson.dumps(
            {"file": reject.source, "line": reject.line, "reason": reject.reason, "raw": reject.raw}
        ) + b"\n")

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
