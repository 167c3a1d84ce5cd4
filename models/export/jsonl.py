"""evidesk JSONL v1 with the review fields: every selected claim, then every selected
item with its current state and its decision history, oldest first. `"type"` comes
first on each line, the other keys sorted; times are UTC to the microsecond, so an
export imported into an empty database gives back the same record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any, BinaryIO

import orjson

from models.export import reading
from models.export.selection import Selection


def moment(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def line(kind: str, fields: dict[str, Any]) -> bytes:
    return orjson.dumps({"type": kind, **{key: fields[key] for key in sorted(fields)}}) + b"\n"


def claim_fields(row: Any) -> dict[str, Any]:
    return {
        "id": row.export_id, "text": row.text, "claimant": row.claimant, "claim_date": day(row.claim_date),
        "appearance_url": row.appearance_url, "tags": list(row.tags or []), "priority": row.priority,
        "status": row.status, "verdict": row.verdict, "rationale": row.rationale, "verdict_by": row.verdict_by,
        "verdict_at": moment(row.verdict_at), "proposed_verdict": row.proposed_verdict,
        "proposed_rationale": row.proposed_rationale, "proposed_by": row.proposed_by,
        "proposed_at": moment(row.proposed_at), "sealed": bool(row.sealed),
    }


def _history(decisions: list[Any]) -> list[dict[str, Any]]:
    index = {decision.id: number for number, decision in enumerate(decisions)}
    return [{  # keys in sorted order, as on the line itself
        "action": d.action, "at": moment(d.at), "by": d.by, "credibility": d.credibility,
        "duplicate_of": d.original_export_id if d.duplicate_of_id is not None else None, "note": d.note,
        "outcome": d.outcome, "reason": d.reason, "reliability": d.reliability,
        "seconds_on_screen": d.seconds_on_screen, "stance": d.stance, "undoes": index.get(d.undoes_id),
    } for d in decisions]


def item_fields(row: Any, decisions: list[Any]) -> dict[str, Any]:
    return {
        "id": row.export_id, "claim": row.claim_export_id if row.claim_id is not None else None,
        "kind": row.kind, "source": row.source, "url": row.url, "text": row.text,
        "published_at": moment(row.published_at), "captured_at": moment(row.captured_at),
        "provenance": row.provenance, "file_sha256": row.file_sha256, "file_name": row.file_name,
        "file_type": row.file_type, "file_size": row.file_size, "stance": row.stance, "outcome": row.outcome,
        "duplicate_of": row.original_export_id if row.duplicate_of_id is not None else None,
        "reliability": row.reliability, "credibility": row.credibility, "note": row.note,
        "decided_by": row.decided_by, "decided_at": moment(row.decided_at), "reviews": row.reviews,
        "disputed": bool(row.disputed), "history": _history(decisions),
    }


def write_jsonl(conn, selection: Selection, out: BinaryIO, progress: Callable[[int], None]) -> dict[str, int]:
    counts = {"claims": 0, "evidence": 0, "decisions": 0}
    for row in reading.claims(conn, selection):
        out.write(line("claim", claim_fields(row)))
        counts["claims"] += 1
    rows = reading.with_histories(reading.items(conn, selection), reading.histories(conn, selection))
    for row, decisions in rows:
        out.write(line("evidence", item_fields(row, decisions)))
        counts["evidence"] += 1
        counts["decisions"] += len(decisions)
        progress(1)
    return counts
