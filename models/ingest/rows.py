"""Rows as read from a file, and their validation into records ready to load.

A reader turns its format into `SourceRow`s holding evidesk JSONL v1 dicts;
`parse_row` checks one dict in full (types, required fields, dates, URLs,
size limits, review fields) and returns a ClaimIn or an EvidenceIn, or raises
RowError with the one-line reason that goes to the rejects file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from models.ingest.fields import NUL, RowError, moment
from models.ingest.review import (
    EVIDENCE_KEYS,
    ClaimReview,
    EvidenceReview,
    claim_review,
    evidence_review,
)
from models.text import content_key, normalise_parts, normalise_plain_url
from models.vocab import Kind

RAW_LIMIT = 10_000  # characters of a bad row kept in the rejects file

# Longest accepted value per field, in characters.
LIMITS = {
    "id": 256, "claim": 256, "text": 1_000_000, "claim_text": 10_000, "claimant": 2_000, "source": 2_000,
    "url": 8_192, "appearance_url": 8_192, "provenance": 20_000, "file": 4_096, "kind": 64,
}
_EVIDENCE_LIMITS = {key: LIMITS.get(key, 64) for key in (
    "id", "claim", "claim_text", "kind", "source", "url", "text", "provenance", "file", "published_at", "captured_at")}
_KINDS = {kind.value for kind in Kind}
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class SourceRow:
    line: int
    raw: str | bytes  # kept for the rejects file; may be empty while `data` holds the row
    data: dict | None
    error: str | None = None


@dataclass(slots=True)
class ClaimIn:
    ext_id: str | None
    text: str
    claimant: str = ""
    claim_date: date | None = None
    appearance_url: str = ""
    tags: list[str] = field(default_factory=list)
    priority: int | None = None
    reviews: list[dict[str, Any]] = field(default_factory=list)  # partners' ClaimReview ratings
    review: ClaimReview | None = None  # the desk's own status and verdict


@dataclass(slots=True)
class EvidenceIn:
    ext_id: str | None
    claim_ref: str | None
    claim_text: str | None
    kind: str
    source: str
    url: str
    url_norm: str
    text: str
    norm_text: str | None  # None when matched for near duplicates elsewhere
    content_sha256: str
    published_at: datetime | None
    captured_at: datetime | None
    provenance: str
    file: str | None
    review: EvidenceReview | None = None


def raw_text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return text[:RAW_LIMIT]


def _text(row: dict[str, Any], key: str, *, required: bool = False) -> str:
    value = row.get(key)
    if value.__class__ is str and value and len(value) <= LIMITS.get(key, len(value)) and NUL not in value:
        if required and not value.strip():
            raise RowError(f'"{key}" is empty')
        return value
    if value is None or value == "":
        if required:
            raise RowError(f'missing "{key}"')
        return ""
    if not isinstance(value, str):
        raise RowError(f'"{key}" must be a string, not {type(value).__name__}')
    if NUL in value:
        raise RowError(f'"{key}" holds a NUL character')
    raise RowError(f'"{key}" is longer than {LIMITS[key]:,} characters ({len(value):,})')


def _date(row: dict[str, Any], key: str) -> date | None:
    value = _text(row, key).strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]) if len(value) == 10 or value[10] in "T " else date.fromisoformat(value)
    except (ValueError, IndexError):
        raise RowError(f'"{key}" is not a date (YYYY-MM-DD): {value[:40]!r}') from None


def _all_text(row: dict[str, Any], limits: dict[str, int]) -> bool:
    """Whether each of these fields is absent, null or a string within its limit and free of
    NUL: the usual row, checked in one pass; `_text` then says what is wrong with any other."""
    for key, limit in limits.items():
        value = row.get(key)
        if value is not None and (value.__class__ is not str or len(value) > limit or NUL in value):
            return False
    return True


def _url(value: str, key: str) -> tuple[str, str]:
    """(the URL as given, its normalised form), or ("", "") when there is none."""
    url = value.strip()
    if not url:
        return "", ""
    full = url if "://" in url else "https://" + url.removeprefix("//")
    if (normalised := normalise_plain_url(full)) is not None:
        return url, normalised
    try:
        parts = urlsplit(full)
        normalised = normalise_parts(parts)
    except ValueError:
        raise RowError(f'"{key}" is not a URL: {url[:80]!r}') from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or _SPACE.search(url):
        raise RowError(f'"{key}" is not an http(s) URL: {url[:80]!r}')
    return url, normalised


def parse_claim(row: dict[str, Any]) -> ClaimIn:
    tags = row.get("tags") or []
    if isinstance(tags, str):
        tags = [tag.strip() for tag in tags.split(";") if tag.strip()]
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise RowError('"tags" must be a list of strings')
    if any(NUL in tag for tag in tags):
        raise RowError('"tags" holds a NUL character')
    priority = row.get("priority")
    if isinstance(priority, str) and priority.strip().isdigit():
        priority = int(priority)
    if priority in ("", None):
        priority = None
    elif not isinstance(priority, int) or isinstance(priority, bool):
        raise RowError('"priority" must be a whole number')
    reviews = row.get("reviews") or []
    if not isinstance(reviews, list) or not all(isinstance(review, dict) for review in reviews):
        raise RowError('"reviews" must be a list of objects')
    appearance_url = _url(_text(row, "appearance_url"), "appearance_url")[0]
    return ClaimIn(
        ext_id=_text(row, "id") or None, text=_text(row, "text", required=True), claimant=_text(row, "claimant"),
        claim_date=_date(row, "claim_date"), appearance_url=appearance_url, tags=tags, priority=priority,
        reviews=reviews, review=claim_review(row),
    )


# What validating an evidence row computes, beside the values copied as given:
# (url, url_norm, kind, content_sha256, norm_text, published_at, captured_at).
Derived = tuple[str, str, str, str, str | None, datetime | None, datetime | None]


def derive_evidence(row: dict[str, Any]) -> Derived:
    """Check every field of an evidence row and compute its derived values."""
    if not _all_text(row, _EVIDENCE_LIMITS):
        for key in _EVIDENCE_LIMITS:
            _text(row, key)  # raises, naming the field
    get = row.get
    (url, url_norm), text = _url(get("url") or "", "url"), get("text") or ""
    if not url and not text.strip():
        raise RowError('evidence needs "url" or "text"')
    kind = (get("kind") or "other").strip().lower().replace(" ", "_")
    if kind not in _KINDS:
        raise RowError(f'unknown kind {kind[:40]!r} (expected one of: {", ".join(sorted(_KINDS))})')
    key, norm_text = content_key(url_norm, text)
    published_at = moment(get("published_at") or "", "published_at")
    return url, url_norm, kind, key, norm_text, published_at, moment(get("captured_at") or "", "captured_at")


def evidence_from(row: dict[str, Any], derived: Derived) -> EvidenceIn:
    """The record of a row `derive_evidence` accepted (here or in another process)."""
    url, url_norm, kind, key, norm_text, published_at, captured_at = derived
    get = row.get
    return EvidenceIn(
        get("id") or None, get("claim") or None, (get("claim_text") or "").strip() or None, kind,
        get("source") or "", url, url_norm, get("text") or "", norm_text, key, published_at, captured_at,
        get("provenance") or "", get("file") or None, None if EVIDENCE_KEYS.isdisjoint(row) else evidence_review(row),
    )


def parse_evidence(row: dict[str, Any]) -> EvidenceIn:
    return evidence_from(row, derive_evidence(row))


def parse_row(row: dict[str, Any]) -> ClaimIn | EvidenceIn:
    kind = row.get("type")
    if kind == "evidence":
        return parse_evidence(row)
    if kind == "claim":
        return parse_claim(row)
    raise RowError(f'"type" must be "claim" or "evidence", not {str(kind)[:40]!r}')
