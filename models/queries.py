"""Read-only queries behind the claim list and the queue: claims with counts, a
claim's evidence queue in keyset pages, and the items to pick from (models.detail
reads one item in full)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, func, tuple_
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.errors import NotFound
from models.records import (
    ClaimRow,
    QueuePage,
    QueueRow,
)
from models.second_review import awaiting
from models.tables import CLAIM_ORDER, Claim, Evidence

INBOX_LABEL = "Inbox"
# The list shows a preview; the detail view loads the whole excerpt.
PREVIEW_CHARS = 240


def in_queue(claim_id: int | None) -> ColumnElement[bool]:
    return Evidence.claim_id.is_(None) if claim_id is None else Evidence.claim_id == claim_id


def inbox_row(engine: Engine) -> ClaimRow:
    with Session(engine) as session:
        counts = dict(
            session.exec(
                select(Evidence.decided, func.count()).where(in_queue(None)).group_by(Evidence.decided)
            ).all()
        )
    return ClaimRow(id=None, text=INBOX_LABEL, n_pending=counts.get(False, 0), n_decided=counts.get(True, 0))


CLAIM_COLUMNS = (Claim.id, Claim.text, Claim.claimant, Claim.claim_date, Claim.status, Claim.verdict,
                 Claim.n_pending, Claim.n_decided, Claim.ext_id, Claim.priority,
                 Claim.proposed_verdict)  # ClaimRow's fields, in order


def list_claims(engine: Engine) -> list[ClaimRow]:
    """The inbox first, then every claim by priority (1 first, none last) and arrival."""
    with engine.connect() as conn:
        rows = [ClaimRow(*found) for found in conn.execute(select(*CLAIM_COLUMNS).order_by(CLAIM_ORDER, Claim.id))]
    return [inbox_row(engine), *rows]


def claim_row(engine: Engine, claim_id: int | None) -> ClaimRow:
    if claim_id is None:
        return inbox_row(engine)
    with engine.connect() as conn:
        found = conn.execute(select(*CLAIM_COLUMNS).where(Claim.id == claim_id)).first()
    if found is None:
        raise NotFound(f"no claim with id {claim_id}")
    return ClaimRow(*found)


QUEUE_COLUMNS = (
    Evidence.id, Evidence.kind, Evidence.source, func.substr(Evidence.text, 1, PREVIEW_CHARS),
    Evidence.outcome, Evidence.stance, Evidence.reliability, Evidence.credibility,
    Evidence.note != "", Evidence.decided, Evidence.reviews, Evidence.disputed, Evidence.version,
)


def queue_row_of(values: tuple) -> QueueRow:
    (id_, kind, source, text, outcome, stance, reliability, credibility, has_note, decided, reviews, disputed,
     changes) = values
    return QueueRow(
        id=id_, kind=kind, source=source, text=text, outcome=outcome, stance=stance,
        reliability=reliability, credibility=credibility, has_note=bool(has_note), decided=bool(decided),
        reviews=reviews, disputed=bool(disputed), changes=changes,
    )


def queue_page(
    engine: Engine, claim_id: int | None, after: tuple[bool, int] | None = None, limit: int = 100
) -> QueuePage:
    """Up to `limit` rows of a claim's queue (None: the inbox) following the
    keyset position `after`: pending items first, each group in arrival order."""
    query = select(*QUEUE_COLUMNS).where(in_queue(claim_id))
    if after is not None:
        query = query.where(tuple_(Evidence.decided, Evidence.id) > tuple_(*after))
    query = query.order_by(Evidence.decided, Evidence.id).limit(limit + 1)
    with engine.connect() as conn:
        found = conn.execute(query).all()
    return QueuePage(rows=tuple(queue_row_of(values) for values in found[:limit]), has_more=len(found) > limit)


def queue_row(engine: Engine, evidence_id: int) -> QueueRow:
    with engine.connect() as conn:
        found = conn.execute(select(*QUEUE_COLUMNS).where(Evidence.id == evidence_id)).first()
    if found is None:
        raise NotFound(f"no evidence with id {evidence_id}")
    return queue_row_of(found)


def next_pending(engine: Engine, claim_id: int | None, after_id: int | None,
                 waiting_for: int | None = None) -> int | None:
    """The first pending item after `after_id` in the claim's queue, wrapping to the top;
    with `waiting_for` (second review), the first still waiting for that reviewer's call."""
    pending = select(Evidence.id).where(
        in_queue(claim_id), Evidence.decided == false() if waiting_for is None else awaiting(waiting_for))
    with engine.connect() as conn:
        if after_id is not None:
            found = conn.execute(pending.where(Evidence.id > after_id).order_by(Evidence.id).limit(1)).scalar()
            if found is not None:
                return found
        return conn.execute(pending.order_by(Evidence.id).limit(1)).scalar()


def evidence_choices(engine: Engine, claim_id: int | None, exclude: int, limit: int = 2000) -> list[tuple[int, str]]:
    """(id, label) pairs of a queue's items, for picking the original of a duplicate."""
    with Session(engine) as session:
        found = session.exec(
            select(Evidence.id, Evidence.source, func.substr(Evidence.text, 1, PREVIEW_CHARS))
            .where(in_queue(claim_id), Evidence.id != exclude)
            .order_by(Evidence.id)
            .limit(limit)
        ).all()
    return [(id_, f"#{id_} {source}: {text}") for id_, source, text in found]
