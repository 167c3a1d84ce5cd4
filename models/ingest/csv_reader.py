"""Reading CSV: v1 field names as headers, or any headers mapped to them.

UTF-8 with or without a BOM; the delimiter (comma, semicolon, tab) is
sniffed from the first lines; quoted cells may hold newlines.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import IO, Iterator

from models.ingest.rows import SourceRow, raw_text

SNIFF_BYTES = 64 * 1024
CELL_LIMIT = 2**31 - 1  # characters: the largest csv.field_size_limit every platform takes
DELIMITERS = ",;\t"
# v1 fields a CSV column may carry ("type" defaults to evidence).
FIELDS = {
    "type", "id", "claim", "claim_text", "kind", "source", "url", "text", "published_at", "captured_at",
    "provenance", "file", "claimant", "claim_date", "appearance_url", "tags", "priority",
}


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","


def read_csv(stream: IO[bytes], mapping: dict[str, str] | None = None) -> Iterator[SourceRow]:
    """One SourceRow per record. `mapping` renames headers to v1 fields (COLUMN=FIELD)."""
    mapping = mapping or {}
    buffered = io.BufferedReader(stream) if not hasattr(stream, "peek") else stream
    head = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    sample = codecs.decode(head.removeprefix(codecs.BOM_UTF8), "utf-8", "replace")
    text = io.TextIOWrapper(buffered, encoding="utf-8-sig", errors="surrogateescape", newline="")
    # A cell may be as long as a JSONL line: the size limits refuse a long one with its reason,
    # where the csv module's default (128 KiB, for the whole process) would stop the import.
    csv.field_size_limit(CELL_LIMIT)
    reader = csv.reader(text, delimiter=_delimiter(sample))
    try:
        header = next(reader)
    except StopIteration:
        return
    columns = [mapping.get(name.strip(), name.strip()) for name in header]
    unknown = [name for name in columns if name and name not in FIELDS]
    if unknown:
        yield SourceRow(1, raw_text(",".join(header)), None,
                        f"unknown column(s) {', '.join(unknown[:5])}: map them with --map COLUMN=FIELD")
        return
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        raw = ",".join(cells)
        if any("\udc80" <= char <= "\udcff" for cell in cells for char in cell):
            yield SourceRow(line, raw_text(raw.encode("utf-8", "surrogateescape")), None, "not valid UTF-8")
            continue
        if len(cells) > len(columns):
            yield SourceRow(line, raw_text(raw), None, f"{len(cells)} cells but {len(columns)} columns")
            continue
        data = {column: cell for column, cell in zip(columns, cells) if column and cell != ""}
        data.setdefault("type", "evidence")
        yield SourceRow(line, "", data)
