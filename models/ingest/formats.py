"""Which reader a file needs: by its name, else by its first bytes."""

from __future__ import annotations

from pathlib import PurePath
from typing import IO, Callable, Iterator

from models.errors import EvideskError
from models.ingest.csv_reader import read_csv
from models.ingest.jsonl import read_jsonl
from models.ingest.rows import SourceRow

FORMATS = ("jsonl", "csv", "claimreview")
_CLAIMREVIEW_MARKS = (b'"ClaimReview"', b"schema.org/ClaimReview", b'"claimReviewed"', b'"dataFeedElement"')


def detect_format(name: str, head: bytes) -> str:
    """'jsonl', 'csv' or 'claimreview' for a file called `name` starting with `head`."""
    suffix = PurePath(name).suffix.lower()
    if any(mark in head for mark in _CLAIMREVIEW_MARKS):
        return "claimreview"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"{":
        return "jsonl"
    if start == b"[":
        return "claimreview"
    if start:
        return "csv"
    raise EvideskError(f"cannot tell the format of {name} (use --format jsonl|csv|claimreview)")


def reader_for(fmt: str, mapping: dict[str, str], source_url: str = "") -> Callable[[IO[bytes]], Iterator[SourceRow]]:
    if fmt == "jsonl":
        return read_jsonl
    if fmt == "csv":
        return lambda stream: read_csv(stream, mapping)
    if fmt == "claimreview":
        from models.ingest.claimreview import read_claimreview

        return lambda stream: read_claimreview(stream, source_url)
    raise EvideskError(f"unknown format {fmt!r} (expected auto, {', '.join(FORMATS)})")
