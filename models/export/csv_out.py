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
_FORMULA_STARTS = frozenset("=+-@\t\r")
_TIMES = tuple(COLUMNS.index(name) for name in ("published_at", "captured_at", "decided_at"))
_DATE = COLUMNS.index("claim_date")


def neutralised(value: Any) -> Any:
    """The cell, an apostrophe first when a spreadsheet would read it as a formula."""
    if value.__class__ is str and value and value[0] in _FORMULA_STARTS:
        return "'" + value
    return value


def write_csv(conn, selection: Selection, out: TextIO, progress: Callable[[int], None]) -> dict[str, int]:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in reading.csv_rows(conn, selection):  # the columns in COLUMNS' order
        cells = list(row)
        for index in _TIMES:
            cells[index] = moment(cells[index])
        cells[_DATE] = day(cells[_DATE])
        writer.writerow([neutralised(cell) for cell in cells])
        count += 1
        progress(1)
    return {"evidence": count}
