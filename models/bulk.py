"""One decision for many marked items: every item changes, in one transaction, or none
does; one undo takes it back on all of them (models.triage.undo_last).

Refused, before anything is written, when a marked item is in a sealed claim (a sealed
claim's items change one at a time, by a supervisor), and when someone changed a marked
item since it was marked (Conflict, naming the item).
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from models.errors import InvalidValue, NotFound
from models.records import ReviewerRecord
from models.roles import NotPermitted, current_role, require_supervisor
from models.tables import BulkDecision, Claim, Evidence, utcnow
from models.triage import Applied, _change, _item, decided_state, triage_action
from models.vocab import Role

MAX_ITEMS = 10_000


def decide_many(engine: Engine, reviewer: ReviewerRecord, marked: Mapping[int, int | None], action: str, *,
                duplicate_of: int | None = None) -> list[Applied]:
    """Record `action` on every marked item ({item: its change count when marked, or None}),
    all in one transaction; the Applied of each, in the order marked."""
    action = triage_action(action)
    if not marked:
        raise InvalidValue("no items are marked")
    if len(marked) > MAX_ITEMS:
        raise InvalidValue(f"{len(marked):,} items are marked; one decision takes at most {MAX_ITEMS:,}")
    with engine.connect() as conn:
        found = {row.id: row for row in conn.execute(
            select(Evidence.id, Evidence.claim_id, func.coalesce(Claim.sealed, False).label("sealed"))
            .select_from(Evidence).outerjoin(Claim, Claim.id == Evidence.claim_id)
            .where(Evidence.id.in_(list(marked))))}
    if missing := [item for item in marked if item not in found]:
        raise NotFound(f"no evidence with id {missing[0]}")
    if sealed := [found[item] for item in marked if found[item].sealed]:
        doing = f"deciding {len(marked)} items at once: item #{sealed[0].id} is in sealed claim #{sealed[0].claim_id}"
        if current_role(engine, reviewer) != Role.SUPERVISOR:
            require_supervisor(engine, reviewer, doing)
        raise NotPermitted(f"{doing}; a sealed claim's items change one at a time")
    with engine.connect() as conn:
        bulk_id = conn.execute(insert(BulkDecision).values(
            reviewer_id=reviewer.id, at=utcnow(), action=action, items=len(marked))).inserted_primary_key[0]
        done = []
        for item, shown in marked.items():
            claim_id = found[item].claim_id
            current = _item(conn, item)[1]
            done.append(_change(
                conn, reviewer, item, claim_id, current, action,
                lambda base, item=item, claim_id=claim_id: decided_state(conn, item, claim_id, base, action,
                                                                         duplicate_of),
                shown_changes=shown, bulk_id=bulk_id, commit=False))
        conn.commit()
    return done

