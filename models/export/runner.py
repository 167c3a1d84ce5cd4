"""Running an export: the rows read in one snapshot and written to a temporary file
beside the target while hashed, the export recorded as an audit event, then the file
and its manifest (format, selection, counts, the file's SHA-256, the audit head, tool
version, time, who) moved into place. A failure leaves nothing behind; stdout gets
the same bytes without a manifest.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import Connection, Engine

from models.audit import append_event
from models.errors import EvideskError, InvalidValue
from models.export import claimreview
from models.export.csv_out import write_csv
from models.export.jsonl import write_jsonl
from models.export.manifest import manifest_path, write_manifest
from models.export.markdown import write_markdown
from models.export.selection import Selection
from models.records import ReviewerRecord
from models.tables import utcnow

# Each format: its writer and whether it writes bytes (else text, UTF-8).
FORMATS: dict[str, tuple[Callable, bool]] = {
    "jsonl": (write_jsonl, True),
    "csv": (write_csv, False),
    "markdown": (write_markdown, False),
}


class ExportProblem(EvideskError):
    """What makes an export invalid (every problem found); nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)
        self.problems = problems


@dataclass(frozen=True)
class ExportResult:
    format: str
    counts: dict[str, int]
    sha256: str
    size: int
    audit_head: str
    path: Path | None = None
    manifest: Path | None = None
    warnings: tuple[str, ...] = ()


class _Hashing(io.RawIOBase):
    """Passes bytes on to `target`, hashing and counting them."""

    def __init__(self, target: BinaryIO) -> None:
        self.target, self.digest, self.size = target, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


@contextlib.contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see one state of the database."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")  # a read transaction: a concurrent decision waits for the next export
        else:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        try:
            yield conn
        finally:
            conn.rollback()


def _write(engine: Engine, fmt: str, selection: Selection, target: BinaryIO,
           progress: Callable[[int], None]) -> tuple[dict[str, int], str, int]:
    hashing = _Hashing(target)
    with snapshot(engine) as conn:
        if fmt == "claimreview":
            out = _text(hashing)
            counts = {"claims": claimreview.write_claimreview(conn, selection, out)}
        else:
            writer, binary = FORMATS[fmt]
            out = io.BufferedWriter(hashing, 1 << 16) if binary else _text(hashing)
            counts = writer(conn, selection, out, progress)
        out.flush()
    return counts, hashing.digest.hexdigest(), hashing.size


def _text(hashing: _Hashing) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedWriter(hashing, 1 << 16), encoding="utf-8", newline="")


def check(engine: Engine, fmt: str, selection: Selection) -> tuple[str, ...]:
    """The export's warnings; ExportProblem (nothing written) when it cannot be valid."""
    if fmt != "claimreview" and fmt not in FORMATS:
        raise InvalidValue(f"unknown export format {fmt!r}; formats: jsonl, csv, claimreview, markdown")
    if fmt != "claimreview":
        return ()
    with engine.connect() as conn:
        findings = claimreview.check_claimreview(conn, selection)
    if findings.errors:
        raise ExportProblem(list(findings.errors))
    return tuple(findings.warnings)


def run_export(engine: Engine, actor: ReviewerRecord, fmt: str, selection: Selection, path: Path | None, *,
               stdout: BinaryIO | None = None, progress: Callable[[int], None] = lambda _: None) -> ExportResult:
    """Write the selection in `fmt` to `path` with its manifest, or to `stdout` when `path` is None."""
    warnings = check(engine, fmt, selection)
    if path is None:
        counts, digest, size = _write(engine, fmt, selection, stdout, progress)
        head = _record(engine, actor, fmt, selection, counts, digest, "-")
        return ExportResult(fmt, counts, digest, size, head, warnings=warnings)
    path = Path(path)
    if not path.parent.is_dir():
        raise InvalidValue(f"cannot write {path}: folder {path.parent} does not exist")
    partial = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".partial", delete=False)
    manifest_partial = None
    try:
        with partial:
            counts, digest, size = _write(engine, fmt, selection, partial, progress)
            partial.flush()
            os.fsync(partial.fileno())
        head = _record(engine, actor, fmt, selection, counts, digest, path.name)
        result = ExportResult(fmt, counts, digest, size, head, path, manifest_path(path), warnings)
        manifest_partial = write_manifest(result, selection, actor.name, utcnow())
        os.replace(partial.name, path)
        os.replace(manifest_partial, result.manifest)
        return result
    except OSError as error:
        raise EvideskError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        for leftover in (partial.name, manifest_partial):
            if leftover and os.path.exists(leftover):
                os.unlink(leftover)


def _record(engine: Engine, actor: ReviewerRecord, fmt: str, selection: Selection, counts: dict[str, int],
            digest: str, name: str) -> str:
    """The export as an audit event; the chain's new head."""
    with engine.connect() as conn:
        head = append_event(conn, actor=actor.name, action="export", entity="export", entity_id=fmt,
                            after={"file": name, "sha256": digest, "counts": counts, "selection": selection.describe()})
        conn.commit()
    return head

