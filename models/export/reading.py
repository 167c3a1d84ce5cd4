"""The rows an export writes, read in one snapshot and streamed: claims and items
with their exported ids (the external id, or `claim-<n>` / `evidence-<n>`), the
names of the people who decided, and each item's decisions, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased

from models.export.selection import Selection, streamed
from models.tables import Claim, Decision, Evidence, Reviewer


def exported_id(table, prefix: str):
    """An exported id: the row's external id, or `<prefix>-<id>` for a row made here."""
    return func.coalesce(table.ext_id, literal(f"{prefix}-").concat(cast(table.id, String)))


def claim_export_id(claim_id: int, ext_id: str | None) -> str:
    return ext_id or f"claim-{claim_id}"


_VERDICT_BY, _PROPOSED_BY = aliased(Reviewer), aliased(Reviewer)
_DECIDER, _ORIGINAL, _ITEM_CLAIM = aliased(Reviewer), aliased(Evidence), aliased(Claim)
_DECISION_BY, _DECISION_ORIGINAL = aliased(Reviewer), aliased(Evidence)


def claims(conn: Connection, selection: Selection) -> Iterator[Any]:
    """The selected claims by id, with the names of who rated and who proposed."""
    query = (
        select(Claim, exported_id(Claim, "claim").label("export_id"),
               _VERDICT_BY.name.label("verdict_by"), _PROPOSED_BY.name.label("proposed_by"))
        .outerjoin(_VERDICT_BY, _VERDICT_BY.id == Claim.verdict_by_id)
        .outerjoin(_PROPOSED_BY, _PROPOSED_BY.id == Claim.proposed_by_id)
        .where(*selection.claim_conditions()).order_by(Claim.id)
    )
    return streamed(conn, query)


def _items_query(selection: Selection, by_claim: bool = False):
    return (
        select(Evidence, exported_id(Evidence, "evidence").label("export_id"),
               exported_id(_ITEM_CLAIM, "claim").label("claim_export_id"),
               _DECIDER.name.label("decided_by"), exported_id(_ORIGINAL, "evidence").label("original_export_id"))
        .outerjoin(_ITEM_CLAIM, _ITEM_CLAIM.id == Evidence.claim_id)
        .outerjoin(_DECIDER, _DECIDER.id == Evidence.decided_by_id)
        .outerjoin(_ORIGINAL, _ORIGINAL.id == Evidence.duplicate_of_id)
        .where(*selection.evidence_conditions())
        .order_by(*((Evidence.claim_id, Evidence.id) if by_claim else (Evidence.id,)))
    )


def items(conn: Connection, selection: Selection) -> Iterator[Any]:
    """The selected items by id, each with its claim's exported id and its decider's name."""
    return streamed(conn, _items_query(selection))


def items_by_claim(conn: Connection, selection: Selection, *conditions) -> Iterator[Any]:
    """The selected items (and `conditions`) in claim order, then by id."""
    return streamed(conn, _items_query(selection, by_claim=True).where(*conditions))


def csv_rows(conn: Connection, selection: Selection) -> Iterator[tuple]:
    """The selected items by id as plain tuples: the item's exported id, its claim's columns
    (None for the inbox's), the item's columns, the decider's name (csv_out.COLUMNS' order)."""
    claim = _ITEM_CLAIM
    query = (
        select(exported_id(Evidence, "evidence"), exported_id(claim, "claim"), claim.text, claim.claimant,
               claim.claim_date, claim.status, claim.verdict, claim.rationale, Evidence.kind, Evidence.source,
               Evidence.url, Evidence.text, Evidence.published_at, Evidence.captured_at, Evidence.provenance,
               Evidence.stance, Evidence.outcome, exported_id(_ORIGINAL, "evidence"), Evidence.reliability,
               Evidence.credibility, Evidence.note, _DECIDER.name, Evidence.decided_at)
        .outerjoin(claim, claim.id == Evidence.claim_id)
        .outerjoin(_DECIDER, _DECIDER.id == Evidence.decided_by_id)
        .outerjoin(_ORIGINAL, _ORIGINAL.id == Evidence.duplicate_of_id)
        .where(*selection.evidence_conditions()).order_by(Evidence.id)
    )
    return streamed(conn, query)


def histories(conn: Connection, selection: Selection) -> Iterator[tuple[int, list[Any]]]:
    """(item id, its decisions oldest first) for the selected items that have any, by item id."""
    chosen = select(Evidence.id).where(*selection.evidence_conditions())
    query = (
        select(Decision, _DECISION_BY.name.label("by"),
               exported_id(_DECISION_ORIGINAL, "evidence").label("original_export_id"))
        .join(_DECISION_BY, _DECISION_BY.id == Decision.reviewer_id)
        .outerjoin(_DECISION_ORIGINAL, _DECISION_ORIGINAL.id == Decision.duplicate_of_id)
        .where(Decision.evidence_id.in_(chosen)).order_by(Decision.evidence_id, Decision.id)
    )
    current: int | None = None
    group: list[Any] = []
    for row in streamed(conn, query):
        if row.evidence_id != current:
            if group:
                yield current, group
            current, group = row.evidence_id, []
        group.append(row)
    if group:
        yield current, group


def with_histories(rows: Iterator[Any], decisions: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[Any, list]]:
    """Each item row with its decisions: both streams run in item id order, merged."""
    pending = next(decisions, None)
    for row in rows:
        while pending is not None and pending[0] < row.id:
            pending = next(decisions, None)
        if pending is not None and pending[0] == row.id:
            yield row, pending[1]
            pending = next(decisions, None)
        else:
            yield row, []
