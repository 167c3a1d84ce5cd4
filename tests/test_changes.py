"""What other people changed since the last look: their decisions, arrivals and claims,
never one's own, and nothing at all when nobody committed."""

from __future__ import annotations

from conftest import write_jsonl

from models.changes import ChangeWatch
from models.desk import Desk
from models.reviewers import ensure_reviewer


def test_others_changes_are_reported_once_and_ones_own_never(desk, tmp_path):
    watch = ChangeWatch(desk.engine, "ana")
    try:
        assert watch.changes() is None
        first = desk.queue_page(None).rows[0].id
        desk.decide(first, "reject")
        assert not watch.changes()  # one's own decision: something was committed, nothing to show
        tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
        item = tom.queue_page(1).rows[0].id
        tom.decide(item, "refutes")
        changes = watch.changes()
        assert changes.decided == ((item, 1, "tom", "refutes"),) and not changes.arrived
        assert not changes.claims_changed
        assert watch.changes() is None
        tom.add_claim("A claim tom added")
        assert watch.changes().claims_changed
        tom.import_file(write_jsonl(tmp_path / "more.jsonl", [
            {"type": "evidence", "id": "late", "kind": "photo", "source": "x", "text": "A late photo"}]))
        assert watch.changes().arrived
    finally:
        watch.close()
