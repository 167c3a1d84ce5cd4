"""Importing files: one transaction per file, a batch record with the file's
SHA-256, an audit event, and rejects written as they are found."""

from __future__ import annotations

import gc
import hashlib
import io
import os
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, Iterator

from sqlalchemy import Index, insert, select, update
from sqlalchemy.engine import Connection, Engine

from models import search
from models.audit import append_event
from models.errors import EvideskError
from models.ingest.files import file_store
from models.ingest.formats import detect_format, reader_for
from models.ingest.loader import COUNT_NAMES, Counts, Loader
from models.ingest.parallel import parse_in_worker
from models.ingest.rejects import Reject
from models.records import ReviewerRecord
from models.tables import Claim, Evidence, ImportBatch, utcnow

SNIFF_BYTES = 64 * 1024
BYTES_PER_ROW = 500  # a typical evidence line, for guessing a file's rows from its size
DEFER_INDEXES_FROM = 50_000
IMPORT_CACHE_KIB = 512 * 1024
PARALLEL_FROM = 20_000  # rows; below, starting a worker costs more than it saves
KEPT_REJECTS = 1_000  # kept in memory for the caller to show; all go to the rejects file

Progress = Callable[[int], None]


class _HashingReader(io.RawIOBase):
    """Passes a stream through, hashing every byte and reporting how many were read."""

    def __init__(self, stream: IO[bytes], progress: Progress | None) -> None:
        self._stream, self._progress = stream, progress
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        self.sha256.update(data)
        if self._progress is not None and data:
            self._progress(len(data))
        return len(data)


@dataclass(slots=True)
class ImportSummary(Counts):
    """The counts of every file of one run, with the first rejects for showing."""

    files: int = 0
    seconds: float = 0.0
    rejects: list[Reject] = field(default_factory=list)

    def add(self, counts: Counts) -> None:
        self.files += 1
        for name in COUNT_NAMES:
            setattr(self, name, getattr(self, name) + getattr(counts, name))

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, **{name: getattr(self, name) for name in COUNT_NAMES},
                "seconds": round(self.seconds, 3)}


@dataclass(frozen=True, slots=True)
class ImportOptions:
    fmt: str = "auto"
    mapping: dict[str, str] = field(default_factory=dict)
    claim: str | None = None
    on_reject: Callable[[Reject], None] | None = None
    progress: Progress | None = None
    # Parse large JSONL files in a second process; only for callers running no other threads.
    parallel: bool = False


def resolve_claim(engine: Engine, ref: str) -> int:
    """A claim named by its external id, or by its number as `#12` or `12`."""
    number = int(ref.lstrip("#")) if ref.lstrip("#").isdigit() else None
    with engine.connect() as conn:
        found = conn.execute(select(Claim.id).where(Claim.ext_id == ref)).scalar()
        if found is None and number is not None:
            found = conn.execute(select(Claim.id).where(Claim.id == number)).scalar()
    if found is None:
        raise EvideskError(f"no claim {ref!r} (give its id from the import file, or #number)")
    return found


def import_stream(
    engine: Engine, reviewer: ReviewerRecord, stream: IO[bytes], source: str, *,
    base_dir: Path, options: ImportOptions = ImportOptions(), summary: ImportSummary | None = None,
) -> ImportSummary:
    """Import one file in one transaction: all its good rows, or nothing if it fails part-way."""
    summary = summary if summary is not None else ImportSummary()
    started = time.perf_counter()
    hashing = _HashingReader(stream, options.progress)
    buffered = io.BufferedReader(hashing, buffer_size=1 << 16)
    fmt = options.fmt if options.fmt != "auto" else detect_format(source, buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES])
    read = reader_for(fmt, options.mapping, source if "://" in source else "")
    default_claim = resolve_claim(engine, options.claim) if options.claim else None

    def rejected(reject: Reject) -> None:
        if len(summary.rejects) < KEPT_REJECTS:
            summary.rejects.append(reject)
        if options.on_reject is not None:
            options.on_reject(reject)

    database = engine.url.database if engine.dialect.name == "sqlite" else None
    store = file_store(engine)
    with _collector_paused(), engine.begin() as conn:
        batch_id = conn.execute(insert(ImportBatch).values(
            source=source, format=fmt, reviewer_id=reviewer.id, at=utcnow(), file_sha256="",
            claims_new=0, evidence_new=0, duplicates=0, near_duplicates=0, rejected=0,
        )).inserted_primary_key[0]
        expected = _expected_rows(stream)
        deferred = _defer_indexes(conn, expected_rows=expected)
        in_worker = options.parallel and fmt == "jsonl" and expected >= PARALLEL_FROM
        loader = Loader(
            conn, batch_id=batch_id, source=source, on_reject=rejected, reviewer=reviewer, default_claim=default_claim,
            base_dir=base_dir, store=store, ingested_at=utcnow(),
            hinted=in_worker,
        )
        # A load large enough to rebuild indexes afterwards also indexes its text afterwards.
        with search.suspended_triggers(conn, loader.first_id) if deferred else nullcontext():
            if in_worker:
                for line, raw, record, hint in parse_in_worker(buffered):
                    loader.feed_parsed(line, raw, record, hint)
            else:
                for row in read(buffered):
                    loader.feed(row)
            counts = loader.finish()
        for index in deferred:
            index.create(conn)
        if deferred and database:
            conn.exec_driver_sql("PRAGMA cache_size = -2000")  # SQLite's default, for the pooled connection
        file_sha256 = hashing.sha256.hexdigest()
        conn.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
            file_sha256=file_sha256, claims_new=counts.claims_new, evidence_new=counts.evidence_new,
            duplicates=counts.duplicates, near_duplicates=counts.near_duplicates, rejected=counts.rejected,
        ))
        append_event(
            conn, actor=reviewer.name, action="import.batch", entity="import_batch", entity_id=batch_id,
            after={"source": source, "format": fmt, "file_sha256": file_sha256,
                   "claims_new": counts.claims_new, "evidence_new": counts.evidence_new,
                   "duplicates": counts.duplicates, "near_duplicates": counts.near_duplicates,
                   "unchanged": counts.unchanged, "rejected": counts.rejected, "decisions": counts.decisions},
        )
    summary.add(counts)
    summary.seconds += time.perf_counter() - started
    return summary


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while loading: the load makes no reference cycles, and
    the collector's passes over its millions of young objects cost more than the insert."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _expected_rows(stream: IO[bytes]) -> int:
    """A guess at a file's rows from its size (0 when it has none, such as a pipe)."""
    try:
        return os.fstat(stream.fileno()).st_size // BYTES_PER_ROW
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return 0


def _defer_indexes(conn: Connection, expected_rows: int) -> list[Index]:
    """For a load larger than the table, drop the evidence indexes the load does not read,
    to build them once afterwards (sorted, with a large cache): several times faster than
    keeping them up to date row by row. Inside the transaction: a kill brings them back."""
    existing = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM evidence").scalar_one()
    if expected_rows < max(existing, DEFER_INDEXES_FROM):
        return []
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    # The duplicate lookups read the content index while earlier items exist.
    names = {"ix_evidence_queue", "ix_evidence_claim", "ix_evidence_url"}
    if existing == 0:
        names.add("ix_evidence_content")
    indexes = [index for index in Evidence.__table__.indexes if index.name in names]
    for index in indexes:
        index.drop(conn)
    return indexes


def import_path(
    engine: Engine, reviewer: ReviewerRecord, path: str | Path, *,
    options: ImportOptions = ImportOptions(), summary: ImportSummary | None = None,
) -> ImportSummary:
    path = Path(path)
    try:
        stream = path.open("rb")
    except IsADirectoryError:
        raise EvideskError(f"cannot read {path}: it is a folder") from None
    except OSError as error:
        raise EvideskError(f"cannot read {path}: {error.strerror}") from None
    with stream:
        return import_stream(engine, reviewer, stream, str(path), base_dir=path.parent, options=options,
                             summary=summary)
