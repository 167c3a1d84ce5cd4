"""Finding claims by what the user types: a number (`12`, `#12`) or words that must all
appear in the claim's text or claimant, in the claim list's order."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine

from models.queries import CLAIM_COLUMNS
from models.records import ClaimRow
from models.tables import CLAIM_ORDER, Claim


def _like(words: str) -> str:
    escaped = words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def find_claims(engine: Engine, typed: str, limit: int = 20) -> list[ClaimRow]:
    """Claims matching `typed`: its number, else all its words. Empty: the first claims."""
    typed = typed.strip()
    number = typed.removeprefix("#")
    where = []
    if number.isdigit():
        where.append(Claim.id == int(number))
    elif typed:
        where.append(and_(*(or_(func.lower(Claim.text).like(_like(word), escape="\\"),
                                func.lower(Claim.claimant).like(_like(word), escape="\\"))
                            for word in typed.split())))
    query = select(*CLAIM_COLUMNS).where(*where).order_by(CLAIM_ORDER, Claim.id).limit(limit)
    with engine.connect() as conn:
        return [ClaimRow(*found) for found in conn.execute(query)]
