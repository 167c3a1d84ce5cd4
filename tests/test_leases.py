"""Many reviewers on one queue: each is handed a different pending item under a lease
that runs out; a decision on an item someone else changed since it was shown is
refused with who did what and when, never written over; under second review the
same item goes to several reviewers on purpose. On both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import sql

from models.audit import verify_chain
from models.desk import Desk
from models.leases import LEASE, Conflict
from models.reviewers import ensure_reviewer


@pytest.fixture
def tom(desk: Desk) -> Desk:
    return Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))


def pending(desk: Desk, claim_id: int) -> list[int]:
    return [row.id for row in desk.queue_page(claim_id).rows if not row.decided]


def test_two_reviewers_are_handed_different_items_and_one_lease_each(desk, tom):
    first, second, third = pending(desk, 1)[:3]
    assert desk.next_pending(1, None) == first
    assert tom.next_pending(1, None) == second  # ana holds the first
    assert desk.next_pending(1, None) == first  # her own lease is hers again
    assert desk.next_pending(1, first) == third  # moving on drops the lease she held…
    assert tom.next_pending(1, None) == first  # …so the first is free for tom again
    held = sql(desk, "SELECT r.name, e.id FROM evidence e JOIN reviewer r ON r.id = e.leased_by_id ORDER BY e.id")
    assert held == [("tom", first), ("ana", third)]


def test_a_lease_runs_out_after_idleness(desk, tom):
    first = desk.next_pending(1, None)
    assert tom.next_pending(1, None) != first
    sql(desk, "UPDATE evidence SET leased_until = ? WHERE id = ?", desk_time(desk, -1), first)
    assert tom.next_pending(1, None) == first


def desk_time(desk: Desk, minutes: float):
    from models.tables import utcnow

    moment = utcnow() + timedelta(minutes=minutes)
    return moment.replace(tzinfo=None).isoformat(sep=" ") if desk.engine.dialect.name == "sqlite" else moment


def test_a_decision_leases_the_next_item_in_the_same_transaction(desk, tom):
    first, second, third = pending(desk, 1)[:3]
    tom.next_pending(1, first)  # tom holds the second
    applied = desk.decide(first, "supports", lease_next=True)
    assert applied.next_id == third
    assert LEASE >= timedelta(minutes=1)


def test_a_decision_on_a_changed_item_is_refused_with_who_and_what(desk, tom):
    row = desk.queue_page(1).rows[0]
    tom.decide(row.id, "refutes")
    with pytest.raises(Conflict, match=rf"item #{row.id} was decided by tom \d+ s ago: refutes; nothing was written"):
        desk.decide(row.id, "supports", shown_changes=row.changes)
    assert sql(desk, "SELECT count(*) FROM decision WHERE evidence_id = ?", row.id) == [(1,)]
    assert sql(desk, "SELECT stance FROM evidence WHERE id = ?", row.id) == [("refutes",)]
    now = desk.queue_row(row.id)
    assert desk.decide(row.id, "supports", shown_changes=now.changes).state.stance == "supports"  # seen: fine
    assert verify_chain(desk.engine).intact


def test_under_second_review_the_same_item_goes_to_each_reviewer(desk, tom):
    desk.set_setting("review.overlap", "2")
    row = desk.queue_page(1).rows[0]
    assert desk.next_pending(1, None) == tom.next_pending(1, None) == row.id
    tom.decide(row.id, "refutes", shown_changes=row.changes)
    assert desk.decide(row.id, "refutes", shown_changes=row.changes).state.decided  # independent calls
