"""The claim list read a stretch at a time: the inbox first, then claims by priority
(none last) and arrival, the same from either side, at any position, and where a
claim stands — all agreeing with the whole list read at once."""

from __future__ import annotations

import pytest
from conftest import write_jsonl

from models.desk import Desk
from models.records import ClaimRow


@pytest.fixture
def many(desk: Desk, tmp_path) -> Desk:
    """The demo claims plus 250 more, a third of them with priorities out of order."""
    desk.import_file(write_jsonl(tmp_path / "claims.jsonl", [
        {"type": "claim", "id": f"c{n}", "text": f"Claim {n}", **({"priority": (n * 7) % 5 + 1} if n % 3 == 0 else {})}
        for n in range(250)]))
    return desk


def ids(rows) -> list[int | None]:
    return [row.id for row in rows]


def test_every_way_of_reading_agrees_with_the_whole_list(many):
    whole = many.claims()
    assert whole[0].is_inbox and many.claim_list_count() == len(whole) > 250
    assert ids(many.claim_list_after(None, 10)) == ids(whole[:10])
    assert ids(many.claim_list_after(whole[0].key, 10)) == ids(whole[1:11])
    assert ids(many.claim_list_after(whole[99].key, 50)) == ids(whole[100:150])
    assert ids(many.claim_list_before(whole[150].key, 50)) == ids(whole[100:150])
    assert ids(many.claim_list_before(whole[20].key, 50)) == ids(whole[:20])  # the inbox when claims run out
    assert many.claim_list_before(whole[0].key, 5) == ()
    assert ids(many.claim_list_at(0, 7)) == ids(whole[:7])
    assert ids(many.claim_list_at(180, 30)) == ids(whole[180:210])
    assert [many.claim_list_position(row.id) for row in whole] == list(range(len(whole)))
    assert many.claim_list_position(10**9) is None


def test_the_list_starts_where_work_waits(many):
    whole = many.claims()
    assert many.first_claim_with_pending() == next(row.id for row in whole[1:] if row.n_pending)
    prioritised = [row.priority for row in whole[1:] if row.priority is not None]
    assert prioritised == sorted(prioritised) and whole[-1].priority is None


def test_a_claim_row_knows_its_place():
    assert ClaimRow(id=None, text="Inbox").key < ClaimRow(id=5, text="x", priority=-3).key
    assert ClaimRow(id=5, text="x", priority=1).key < ClaimRow(id=2, text="y").key
