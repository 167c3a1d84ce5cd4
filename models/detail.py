"""One item in full, for the detail view: the item with its claim, decider and
import batch, its decision history, its near-duplicate suggestion and the
other claims holding the same link.

Read at every move of the highlight, so with Core statements built once (SQLAlchemy
caches their compiled form) on one connection: ORM entities here cost several
times more than the whole query.
"""

from __future__ import annotations

from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection, Engine

from models.errors import NotFound
from models.queries import PREVIEW_CHARS
from models.records import CapturedFile, DecisionRow, EvidenceDetail, NearDuplicate
from models.tables import Claim, Decision, Evidence, ImportBatch, Reviewer

SAME_URL_LIMIT = 50

_item, _claim, _batch = Evidence.__table__, Claim.__table__, ImportBatch.__table__
_decider, _decision, _reviewer = Reviewer.__table__.alias("decider"), Decision.__table__, Reviewer.__table__

_ITEM = (
    select(_item, _claim.c.text.label("claim_text"), _decider.c.name.label("decider_name"),
           _batch.c.source.label("batch_source"))
    .select_from(_item.outerjoin(_claim, _claim.c.id == _item.c.claim_id)
                 .outerjoin(_decider, _decider.c.id == _item.c.decided_by_id)
                 .outerjoin(_batch, _batch.c.id == _item.c.batch_id))
    .where(_item.c.id == bindparam("id"))
)
_HISTORY = (
    select(_decision, _reviewer.c.name.label("reviewer_name"))
    .join(_reviewer, _reviewer.c.id == _decision.c.reviewer_id)
    .where(_decision.c.evidence_id == bindparam("id"))
    .order_by(_decision.c.id)
)
_PREVIEW = select(func.substr(_item.c.text, 1, PREVIEW_CHARS)).where(_item.c.id == bindparam("id"))
_SAME_URL = (
    select(_claim.c.id, _claim.c.text).join(_item, _item.c.claim_id == _claim.c.id)
    .where(_item.c.url_norm == bindparam("url_norm"), _claim.c.id != bindparam("claim_id"))
    .distinct().order_by(_claim.c.id).limit(SAME_URL_LIMIT)
)


def decision_history(conn: Connection, evidence_id: int) -> tuple[DecisionRow, ...]:
    return tuple(
        DecisionRow(
            id=row.id, evidence_id=row.evidence_id, at=row.at, reviewer=row.reviewer_name, action=row.action,
            reviewer_id=row.reviewer_id,
            stance=row.stance, outcome=row.outcome, reliability=row.reliability, credibility=row.credibility,
            note=row.note, duplicate_of=row.duplicate_of_id, seconds_on_screen=row.seconds_on_screen,
            undoes_id=row.undoes_id,
        )
        for row in conn.execute(_HISTORY, {"id": evidence_id})
    )


def evidence_detail(engine: Engine, evidence_id: int, blind_for: int | None = None) -> EvidenceDetail:
    """The item in full. With `blind_for` (blind second review), that reviewer sees no
    other reviewer's decision on an item still under review until they have decided it."""
    with engine.connect() as conn:
        item = conn.execute(_ITEM, {"id": evidence_id}).first()
        if item is None:
            raise NotFound(f"no evidence with id {evidence_id}")
        history = decision_history(conn, item.id)
        shown = history
        if blind_for is not None and not item.decided:
            own = [row for row in history if row.reviewer_id == blind_for]
            if not own or own[-1].outcome == "pending":
                shown = tuple(own)
        return EvidenceDetail(
            id=item.id, ext_id=item.ext_id, claim_id=item.claim_id, claim_text=item.claim_text, kind=item.kind,
            source=item.source, url=item.url, text=item.text, published_at=item.published_at,
            provenance=item.provenance, content_sha256=item.content_sha256, dup_count=item.dup_count,
            stance=item.stance, outcome=item.outcome, duplicate_of=item.duplicate_of_id,
            reliability=item.reliability, credibility=item.credibility, note=item.note,
            decided_by=item.decider_name, decided_at=item.decided_at, history=shown,
            captured_at=item.captured_at, ingested_at=item.created_at, batch_source=item.batch_source or "",
            file=CapturedFile(item.file_sha256, item.file_size, item.file_type, item.file_name)
            if item.file_sha256 else None,
            near_duplicate=_near_duplicate(conn, item.near_dup_of_id, item.near_score),
            same_url_claims=_same_url_claims(conn, item.url_norm, item.claim_id),
            reviews=item.reviews, disputed=item.disputed, hidden_decisions=len(history) - len(shown),
        )


def _near_duplicate(conn: Connection, original: int | None, score: float | None) -> NearDuplicate | None:
    if original is None:
        return None
    text = conn.execute(_PREVIEW, {"id": original}).scalar()
    return NearDuplicate(original, score or 0.0, text or "")


def _same_url_claims(conn: Connection, url_norm: str, claim_id: int | None) -> tuple[tuple[int, str], ...]:
    """Other claims holding an item with the same normalised URL."""
    if not url_norm:
        return ()
    # An inbox item (no claim) has every claim as "another"; claim ids start at 1.
    return tuple(tuple(row) for row in conn.execute(_SAME_URL, {"url_norm": url_norm, "claim_id": claim_id or 0}))
