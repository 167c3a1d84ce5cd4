"""Bulk decisions and reviewers' places in the models, on each backend: one transaction
for every marked item or none, one undo for all of them, a sealed claim or a stance on
an inbox item refusing the whole bulk; one place per reviewer, replaced when it moves."""

from __future__ import annotations

import pytest
from conftest import sql

from models.audit import verify_chain
from models.desk import Desk
from models.errors import InvalidValue
from models.places import Place
from models.roles import NotPermitted


def pending_of(desk: Desk, claim_id: int) -> list:
    return [row for row in desk.queue_page(claim_id).rows if not row.decided]


def test_one_bulk_decision_for_every_marked_item_and_one_undo_for_all(desk: Desk) -> None:
    items = pending_of(desk, 1)[:4]
    done = desk.decide_many({row.id: row.changes for row in items}, "context")
    assert [applied.evidence_id for applied in done] == [row.id for row in items]
    assert desk.claim(1).n_decided == 4
    bulk = sql(desk, "SELECT DISTINCT bulk_id FROM decision")
    assert len(bulk) == 1 and bulk[0][0] is not None
    assert sql(desk, "SELECT reviewer_id, action, items FROM bulk_decision") == [(desk.reviewer.id, "context", 4)]
    desk.decide(pending_of(desk, 1)[0].id, "reject")  # a single decision after it is undone first
    assert desk.undo().bulk_items == ()
    undone = desk.undo()
    assert sorted(undone.bulk_items) == sorted(row.id for row in items)
    assert desk.claim(1).n_decided == 0 and desk.undo() is None
    assert verify_chain(desk.engine).intact


def test_a_refused_item_leaves_every_marked_item_as_it_was(desk: Desk) -> None:
    inbox = pending_of(desk, None)
    if not inbox:
        pytest.skip("the demo data has no inbox items")
    claimed = pending_of(desk, 1)[:2]
    marked = {row.id: row.changes for row in claimed} | {inbox[0].id: inbox[0].changes}
    with pytest.raises(InvalidValue, match="link the item to a claim"):
        desk.decide_many(marked, "supports")
    assert sql(desk, "SELECT count(*) FROM decision") == sql(desk, "SELECT count(*) FROM bulk_decision") == [(0,)]
    assert desk.claim(1).n_decided == 0


def test_a_sealed_claim_refuses_the_bulk_even_for_a_supervisor(desk: Desk) -> None:
    items = pending_of(desk, 1)[:2]
    desk.seal_claim(1, "published")
    with pytest.raises(NotPermitted, match="sealed claim #1; a sealed claim's items change one at a time"):
        desk.decide_many({row.id: row.changes for row in items}, "reject")
    reviewer = Desk.open(desk.engine.url.render_as_string(hide_password=False), "tom")
    with pytest.raises(NotPermitted, match="needs a supervisor; tom is a reviewer"):
        reviewer.decide_many({row.id: row.changes for row in items}, "reject")
    assert sql(desk, "SELECT count(*) FROM decision") == [(0,)]
    assert sql(desk, "SELECT count(*) FROM audit_event WHERE action = 'refused'") == [(1,)]


def test_each_reviewer_has_one_place_replaced_as_it_moves(desk: Desk) -> None:
    assert desk.place() is None
    desk.save_place(Place(1, 3, "kind:video", ""))
    desk.save_place(Place(2, 7, "", "drones"))
    other = Desk.open(desk.engine.url.render_as_string(hide_password=False), "bo")
    other.save_place(Place(None, None))
    assert desk.place() == Place(2, 7, "", "drones") and other.place() == Place(None, None)
    assert sql(desk, "SELECT count(*) FROM reviewer_place") == [(2,)]
