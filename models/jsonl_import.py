"""Import of evidesk JSONL v1 (claims and evidence, one JSON object per line).

A file is imported in one transaction. A bad line is rejected with its line
number and the rest goes in; importing the same file twice changes nothing
(external ids), and an item equal to one already under its claim (same
normalised URL and text) is counted on the original instead of inserted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any, Iterator

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.audit import record_event
from models.counts import add_to_counts
from models.errors import EvideskError, InvalidValue
from models.records import ReviewerRecord
from models.tables import Claim, Evidence, EvidenceAlias, ImportBatch
from models.text import dedup_key, normalise_text, sha256_text
from models.vocab import Kind, parse_enum


@dataclass(frozen=True, slots=True)
class Reject:
    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.reason}"


@dataclass(slots=True)
class ImportSummary:
    files: int = 0
    claims_new: int = 0
    evidence_new: int = 0
    duplicates: int = 0
    unchanged: int = 0
    rejects: list[Reject] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files, "claims_new": self.claims_new, "evidence_new": self.evidence_new,
            "duplicates": self.duplicates, "unchanged": self.unchanged, "rejected": len(self.rejects),
        }


class _RowError(Exception):
    """One line cannot be imported; the message says why."""


def _text(row: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = row.get(key)
    if value is None:
        if required:
            raise _RowError(f'missing "{key}"')
        return ""
    if not isinstance(value, str):
        raise _RowError(f'"{key}" must be a string')
    if required and not value.strip():
        raise _RowError(f'"{key}" is empty')
    return value


def _date(row: dict[str, Any], key: str) -> date | None:
    value = _text(row, key)
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise _RowError(f'"{key}" is not a date (YYYY-MM-DD): {value!r}') from None


def _moment(row: dict[str, Any], key: str) -> datetime | None:
    value = _text(row, key)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _RowError(f'"{key}" is not an ISO 8601 time: {value!r}') from None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | _RowError]]:
    for number, raw in enumerate(stream, start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            row = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield number, _RowError("not valid UTF-8")
            continue
        except json.JSONDecodeError as error:
            yield number, _RowError(f"not JSON: {error.msg} at column {error.colno}")
            continue
        yield number, row if isinstance(row, dict) else _RowError("a line must be a JSON object")


class _Importer:
    """Adds rows to one session. Each row is checked in full before anything
    is written, so a rejected line leaves nothing behind."""

    def __init__(self, session: Session, reviewer: ReviewerRecord, batch: ImportBatch, summary: ImportSummary):
        self.session, self.reviewer, self.batch, self.summary = session, reviewer, batch, summary
        self.claims_by_ext: dict[str, Claim] = {}

    def claim_by_ext(self, ext_id: str) -> Claim | None:
        if ext_id not in self.claims_by_ext:
            found = self.session.exec(select(Claim).where(Claim.ext_id == ext_id)).first()
            if found is None:
                return None
            self.claims_by_ext[ext_id] = found
        return self.claims_by_ext[ext_id]

    def add_claim(self, row: dict[str, Any]) -> None:
        ext_id = _text(row, "id") or None
        text = _text(row, "text", required=True)
        tags = row.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise _RowError('"tags" must be a list of strings')
        priority = row.get("priority")
        if priority is not None and (not isinstance(priority, int) or isinstance(priority, bool)):
            raise _RowError('"priority" must be a whole number')
        if ext_id and self.claim_by_ext(ext_id):
            self.summary.unchanged += 1
            return
        claim = Claim(
            ext_id=ext_id, text=text, claimant=_text(row, "claimant"), claim_date=_date(row, "claim_date"),
            appearance_url=_text(row, "appearance_url"), tags=tags, priority=priority,
        )
        self.session.add(claim)
        self.session.flush()
        if ext_id:
            self.claims_by_ext[ext_id] = claim
        self.summary.claims_new += 1

    def known_evidence(self, ext_id: str) -> bool:
        """Imported before, as an item or as a duplicate of one."""
        return (
            self.session.exec(select(Evidence.id).where(Evidence.ext_id == ext_id)).first() is not None
            or self.session.get(EvidenceAlias, ext_id) is not None
        )

    def claim_for(self, row: dict[str, Any]) -> Claim | None:
        if claim_ext := _text(row, "claim"):
            claim = self.claim_by_ext(claim_ext)
            if claim is None:
                raise _RowError(f'unknown claim "{claim_ext}"')
            return claim
        if claim_text := _text(row, "claim_text").strip():
            wanted = normalise_text(claim_text)
            for claim in self.session.exec(select(Claim).where(Claim.text == claim_text)):
                return claim
            for claim in self.session.exec(select(Claim)):
                if normalise_text(claim.text) == wanted:
                    return claim
            claim = Claim(text=claim_text)
            self.session.add(claim)
            self.session.flush()
            self.summary.claims_new += 1
            return claim
        return None

    def add_evidence(self, row: dict[str, Any]) -> None:
        ext_id = _text(row, "id") or None
        url, text = _text(row, "url").strip(), _text(row, "text")
        if not url and not text.strip():
            raise _RowError('evidence needs "url" or "text"')
        if row.get("file") is not None:
            raise _RowError('"file" attachments are not supported by this importer yet')
        try:
            kind = parse_enum(Kind, _text(row, "kind") or "other", "kind")
        except InvalidValue as error:
            raise _RowError(str(error)) from None
        published_at = _moment(row, "published_at")
        claim = self.claim_for(row)
        if ext_id and self.known_evidence(ext_id):
            self.summary.unchanged += 1
            return
        key = dedup_key(url, text)
        claim_id = claim.id if claim else None
        in_queue = Evidence.claim_id.is_(None) if claim_id is None else Evidence.claim_id == claim_id
        original = self.session.exec(select(Evidence).where(in_queue, Evidence.dedup_key == key)).first()
        if original is not None:
            original.dup_count += 1
            self.session.add(original)
            if ext_id:
                self.session.add(EvidenceAlias(ext_id=ext_id, evidence_id=original.id))
            self.summary.duplicates += 1
            return
        self.session.add(
            Evidence(
                ext_id=ext_id, claim_id=claim_id, kind=kind, source=_text(row, "source"), url=url, text=text,
                published_at=published_at, provenance=_text(row, "provenance"),
                content_sha256=sha256_text(text), dedup_key=key, batch_id=self.batch.id,
            )
        )
        self.session.flush()
        add_to_counts(self.session, claim_id, pending=1)
        self.summary.evidence_new += 1

    def add(self, row: dict[str, Any]) -> None:
        kind = row.get("type")
        if kind == "claim":
            self.add_claim(row)
        elif kind == "evidence":
            self.add_evidence(row)
        else:
            raise _RowError(f'"type" must be "claim" or "evidence", not {kind!r}')


def import_stream(
    engine: Engine, reviewer: ReviewerRecord, stream: IO[bytes], source: str, summary: ImportSummary | None = None
) -> ImportSummary:
    """Import one JSONL stream in one transaction; `source` names it in rejects."""
    summary = summary or ImportSummary()
    with Session(engine) as session:
        batch = ImportBatch(source=source, reviewer_id=reviewer.id)
        session.add(batch)
        session.flush()
        importer = _Importer(session, reviewer, batch, summary)
        before = summary.as_dict()
        for number, row in _lines(stream):
            if isinstance(row, _RowError):
                summary.rejects.append(Reject(source, number, str(row)))
                continue
            try:
                importer.add(row)
            except _RowError as error:
                summary.rejects.append(Reject(source, number, str(error)))
        counts = {key: value - before[key] for key, value in summary.as_dict().items() if key != "files"}
        batch.claims_new, batch.evidence_new = counts["claims_new"], counts["evidence_new"]
        batch.duplicates, batch.rejected = counts["duplicates"], counts["rejected"]
        session.add(batch)
        record_event(
            session, actor=reviewer.name, action="import.batch", entity="import_batch", entity_id=batch.id,
            after={"source": source} | counts,
        )
        session.commit()
    summary.files += 1
    return summary


def import_file(engine: Engine, reviewer: ReviewerRecord, path: str | Path, summary: ImportSummary | None = None) -> ImportSummary:
    path = Path(path)
    try:
        stream = path.open("rb")
    except OSError as error:
        raise EvideskError(f"cannot read {path}: {error.strerror}") from None
    with stream:
        return import_stream(engine, reviewer, stream, str(path), summary)
