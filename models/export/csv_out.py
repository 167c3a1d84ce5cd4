"""CSV: one row per selected item with its claim's columns; UTF-8, RFC 4180 quoting
(csv.QUOTE_MINIMAL, CRLF line ends), and every cell a spreadsheet could run as a
formula neutralised as the OWASP CSV-injection guidance says: a cell beginning
with =, +, -, @, a tab or a carriage return gets a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any, TextIO

from models.export import reading
from models.export.jsonl import day, moment
from models.export.selection import Selection

COLUMNS = (
    "evidence_id", "claim_id", "claim_text", "claimant", "claim_date", "claim_status", "verdict", "rationale",
    "kind", "source", "url", "text", "published_at", "captured_at", "provenance", "stance", "outcome",
    "duplicate_of", "reliability", "credibility", "note", "decided_by", "decided_at",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> str:
    """The cell's text, an apostrophe first when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _cells(row: Any) -> list[Any]:
    in_claim = row.claim_id is not None
    return [
        row.export_id, row.claim_export_id if in_claim else None, row.claim_text, row.claimant,
        day(row.claim_date), row.claim_status, row.verdict, row.rationale, row.kind, row.source, row.url,
        row.text, moment(row.published_at), moment(row.captured_at), row.provenance, row.stance, row.outcome,
        row.original_export_id if row.duplicate_of_id is not None else None, row.reliability, row.credibility,
        row.note, row.decided_by, moment(row.decided_at),
    ]


def write_csv(conn, selection: Selection, out: TextIO, progress: Callable[[int], None]) -> dict[str, int]:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in reading.items_with_claims(conn, selection):
        writer.writerow([neutralised(cell) for cell in _cells(row)])
        count += 1
        progress(1)
    return {"evidence": count}
