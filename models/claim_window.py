"""Positions in the claim list, for a list that shows any stretch of it without
loading the rest: the inbox first, then every claim by priority and arrival.
Reads walk the `ix_claim_order` index by keyset, or skip to a position in it.
"""

from __future__ import annotations

from sqlalchemy import func, literal, select, tuple_
from sqlalchemy.engine import Engine

from models.queries import CLAIM_COLUMNS, inbox_row
from models.records import INBOX_KEY, ClaimRow
from models.tables import CLAIM_ORDER, Claim


def _read(engine: Engine, query) -> list[ClaimRow]:
    with engine.connect() as conn:
        return [ClaimRow(*values) for values in conn.execute(query).all()]


def _ordered(descending: bool = False):
    query = select(*CLAIM_COLUMNS)
    return query.order_by(CLAIM_ORDER.desc(), Claim.id.desc()) if descending else query.order_by(CLAIM_ORDER, Claim.id)


def _past(key: tuple[int, int]):
    return tuple_(CLAIM_ORDER, Claim.id) > tuple_(literal(key[0]), literal(key[1]))


def _before(key: tuple[int, int]):
    return tuple_(CLAIM_ORDER, Claim.id) < tuple_(literal(key[0]), literal(key[1]))


def claim_list_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return 1 + conn.execute(select(func.count()).select_from(Claim)).scalar_one()


def claim_list_after(engine: Engine, key: tuple[int, int] | None, limit: int) -> tuple[ClaimRow, ...]:
    """Up to `limit` rows after the keyset position `key` (None: from the very start, the inbox)."""
    if key is None:
        return (inbox_row(engine), *_read(engine, _ordered().limit(limit - 1)))
    query = _ordered() if key[0] == INBOX_KEY else _ordered().where(_past(key))
    return tuple(_read(engine, query.limit(limit)))


def claim_list_before(engine: Engine, key: tuple[int, int], limit: int) -> tuple[ClaimRow, ...]:
    """Up to `limit` rows just before `key`, in list order; the inbox when the claims run out."""
    if key[0] == INBOX_KEY:
        return ()
    rows = _read(engine, _ordered(descending=True).where(_before(key)).limit(limit))[::-1]
    return tuple(rows) if len(rows) == limit else (inbox_row(engine), *rows)


def claim_list_at(engine: Engine, start: int, limit: int) -> tuple[ClaimRow, ...]:
    if start == 0:
        return claim_list_after(engine, None, limit)
    return tuple(_read(engine, _ordered().offset(start - 1).limit(limit)))


def claim_list_position(engine: Engine, claim_id: int | None) -> int | None:
    """Where a claim stands in the list (the inbox: 0), or None if there is no such claim."""
    if claim_id is None:
        return 0
    with engine.connect() as conn:
        found = conn.execute(select(CLAIM_ORDER, Claim.id).where(Claim.id == claim_id)).first()
        if found is None:
            return None
        return 1 + conn.execute(select(func.count()).select_from(Claim).where(_before(tuple(found)))).scalar_one()


def first_claim_with_pending(engine: Engine) -> int | None:
    """The first claim in list order with pending items, where a reviewer starts."""
    with engine.connect() as conn:
        return conn.execute(select(Claim.id).where(Claim.n_pending > 0).order_by(CLAIM_ORDER, Claim.id)
                            .limit(1)).scalar()
