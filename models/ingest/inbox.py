"""The inbox folder: files dropped there are imported, then moved to done/
(every row went in) or failed/ (a row was refused, or the file could not be
read), with their rejects file beside them. Headless: the app's watcher
calls `ArrivalWatch.poll` and `import_inbox_file`; nothing here knows of a
screen.

A JSONL file is imported in parts of a few thousand lines, each part one
transaction through the CLI's importer: SQLite lets one writer at a time,
and one transaction over a 100k-line file would hold the write lock for
seconds, stalling every decision the reviewer makes meanwhile. A hidden
`.NAME.resume` marker records the lines already committed, so an import
cut short (the app quit) resumes where it stopped instead of counting its
first part again as duplicates. CSV and ClaimReview files cannot be cut
by lines and go in as one transaction.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any, Callable

import orjson
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from models.database import database_problem
from models.errors import EvideskError
from models.ingest.folders import InboxFolders
from models.ingest.formats import detect_format
from models.ingest.importer import (
    SNIFF_BYTES,
    ImportOptions,
    ImportSummary,
    import_path,
    import_stream,
)
from models.ingest.loader import COUNT_NAMES
from models.ingest.rejects import Reject, RejectsFile
from models.records import ReviewerRecord

SUFFIXES = frozenset({".jsonl", ".ndjson", ".json", ".csv", ".tsv"})
# Each part should hold the write lock for about this long: short enough
# that a decision waiting behind it still feels instant.
PART_SECONDS = 0.2
# A writer kept waiting retries only every 25-100 ms (SQLite's busy handler
# backs off), so without a pause the next part would take the lock again first.
GAP_SECONDS = 0.05
FIRST_PART_LINES = 1_000
PART_LINES_RANGE = (500, 20_000)


class ArrivalWatch:
    """Finds files that have arrived in full: a file is ready once its size and
    modification time are the same on two polls in a row."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._last: dict[str, tuple[int, int]] = {}
        self._taken: set[str] = set()

    def poll(self) -> list[Path]:
        """Files ready since the last poll, oldest first; each is handed out once."""
        seen: dict[str, tuple[int, int]] = {}
        ready: list[tuple[int, str]] = []
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return []  # the folder vanished or is unreadable for now; try again next poll
        for entry in entries:
            name = entry.name
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            seen[name] = (stat.st_size, stat.st_mtime_ns)
            # An empty file is most often one whose writer has not started yet.
            if name not in self._taken and stat.st_size > 0 and self._last.get(name) == seen[name]:
                ready.append((stat.st_mtime_ns, name))
        self._last = seen
        self._taken &= seen.keys()
        ready.sort()
        self._taken.update(name for _, name in ready)
        return [self.folder / name for _, name in ready]

    def release(self, name: str) -> None:
        """The file was dealt with: a new file of the same name is a new arrival."""
        self._taken.discard(name)
        self._last.pop(name, None)


@dataclass(frozen=True)
class InboxOutcome:
    """What became of one file: its counts, or the error that stopped it."""

    name: str
    moved_to: Path | None
    rejects: Path | None = None
    counts: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None or bool(self.counts.get("rejected"))

    def message(self) -> str:
        """One line for a notification."""
        where = f" → {self.moved_to.parent.name}/" if self.moved_to else " (left in the inbox)"
        if self.error is not None:
            went_in = self.counts.get("evidence_new", 0) + self.counts.get("claims_new", 0)
            before = f" ({went_in} new rows went in before it stopped)" if went_in else ""
            return f"Could not import {self.name}: {self.error}{before}{where}"
        counts = self.counts
        parts = [_count(counts.get("evidence_new", 0), "new item")]
        for key, label in (("claims_new", "new claim"), ("duplicates", "duplicate"),
                           ("near_duplicates", "near duplicate"), ("unchanged", "already present"),
                           ("rejected", "rejected")):
            if counts.get(key):
                parts.append(_count(counts[key], label))
        return f"Imported {self.name}: {', '.join(parts)}{where}"


def _count(number: int, label: str) -> str:
    plural = number != 1 and label.endswith(("item", "claim", "duplicate"))
    return f"{number} {label}{'s' if plural else ''}"


def free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or with a timestamp (and a number) before the suffix when taken."""
    wanted = folder / name
    if not wanted.exists() and not (folder / f"{name}.rejects.jsonl").exists():
        return wanted
    path = Path(name)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for number in range(1, 10_000):
        tail = "" if number == 1 else f"-{number}"
        candidate = folder / f"{path.stem}.{stamp}{tail}{path.suffix}"
        if not candidate.exists() and not (folder / f"{candidate.name}.rejects.jsonl").exists():
            return candidate
    raise EvideskError(f"no free name for {name} in {folder}")


def _lines_in_parts(stream: IO[bytes], skip: int, next_size: Callable[[], int]):
    """(first line number, line count, bytes) for consecutive parts of `stream`, after `skip` lines."""
    number = 0
    for number, _line in zip(range(1, skip + 1), stream):
        pass
    first, part = number + 1, []
    for line in stream:
        part.append(line)
        if len(part) >= next_size():
            yield first, len(part), b"".join(part)
            first, part = first + len(part), []
    if part:
        yield first, len(part), b"".join(part)


class _Resume:
    """The `.NAME.resume` marker: lines committed so far and their counts,
    valid only for the very file (size and mtime) it was written for."""

    def __init__(self, path: Path) -> None:
        self.marker = path.with_name(f".{path.name}.resume")
        try:
            stat = path.stat()
            self.signature: list[int] | None = [stat.st_size, stat.st_mtime_ns]
        except OSError:
            self.signature = None

    def load(self) -> tuple[int, dict[str, int]]:
        try:
            saved = orjson.loads(self.marker.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return 0, {}
        if not isinstance(saved, dict) or self.signature is None or saved.get("file") != self.signature:
            return 0, {}
        return int(saved.get("lines", 0)), {key: int(saved.get("counts", {}).get(key, 0)) for key in COUNT_NAMES}

    def save(self, lines: int, summary: ImportSummary) -> None:
        counts = {key: getattr(summary, key) for key in COUNT_NAMES}
        self.marker.write_bytes(orjson.dumps({"file": self.signature, "lines": lines, "counts": counts}))

    def clear(self) -> None:
        self.marker.unlink(missing_ok=True)


def _import_jsonl_in_parts(engine: Engine, reviewer: ReviewerRecord, path: Path, rejects: RejectsFile,
                           resume: _Resume, cancelled: Callable[[], bool]) -> tuple[ImportSummary, bool]:
    """(summary, finished): finished is False when `cancelled` stopped it between parts."""
    done_lines, counts = resume.load()
    summary = ImportSummary(**counts)
    size = FIRST_PART_LINES
    with path.open("rb") as stream:
        for first, count, part in _lines_in_parts(stream, done_lines, lambda: size):
            if cancelled():
                return summary, False
            offset = first - 1

            def shifted(reject: Reject, offset: int = offset) -> None:
                rejects.write(Reject(reject.source, reject.line + offset, reject.reason, reject.raw))

            started = time.perf_counter()
            import_stream(engine, reviewer, BytesIO(part), str(path), base_dir=path.parent,
                          options=ImportOptions(fmt="jsonl", on_reject=shifted), summary=summary)
            resume.save(offset + count, summary)
            elapsed = max(time.perf_counter() - started, 1e-3)
            low, high = PART_LINES_RANGE
            size = int(min(high, max(low, size * PART_SECONDS / elapsed)))
            time.sleep(GAP_SECONDS)
    return summary, True


def import_inbox_file(engine: Engine, reviewer: ReviewerRecord, path: Path, folders: InboxFolders, *,
                      cancelled: Callable[[], bool] = lambda: False) -> InboxOutcome:
    """Import one arrived file and move it (with its rejects) to done/ or failed/.
    When `cancelled` stops it between parts, the file stays in the inbox to resume."""
    partial = folders.failed / f".{path.name}.rejects.partial"
    resume = _Resume(path)
    if not resume.load()[0]:
        partial.unlink(missing_ok=True)  # left by an earlier file of this name, not one to resume
    rejects = RejectsFile(partial, fresh=False)
    summary, error, finished = ImportSummary(), None, True
    try:
        with path.open("rb") as stream:
            fmt = detect_format(path.name, stream.read(SNIFF_BYTES))
        if fmt == "jsonl":
            summary, finished = _import_jsonl_in_parts(engine, reviewer, path, rejects, resume, cancelled)
        else:
            summary = import_path(engine, reviewer, path, options=ImportOptions(on_reject=rejects.write))
    except EvideskError as problem:
        error = str(problem)
    except DBAPIError as problem:
        error = str(database_problem(problem, "cannot import"))
    except OSError as problem:
        error = f"cannot read it: {problem.strerror}"
    finally:
        rejects.close()
    counts = {key: getattr(summary, key) for key in COUNT_NAMES}
    if not finished:
        return InboxOutcome(path.name, None, None, counts, "stopped before the end; it resumes next time")
    failed = error is not None or bool(summary.rejected)
    try:
        target = free_name(folders.failed if failed else folders.done, path.name)
        path.rename(target)
    except (OSError, EvideskError) as problem:
        partial.unlink(missing_ok=True)
        reason = problem.strerror if isinstance(problem, OSError) else str(problem)
        return InboxOutcome(path.name, None, None, counts, error or f"cannot move it: {reason}")
    resume.clear()
    moved_rejects = None
    if partial.exists():  # it may hold rejects of an earlier, resumed run too
        moved_rejects = target.with_name(f"{target.name}.rejects.jsonl")
        partial.rename(moved_rejects)
    else:
        partial.unlink(missing_ok=True)
    return InboxOutcome(path.name, target, moved_rejects, counts, error)
