"""A queue longer than one page: pages load as the reviewer goes, items never repeat."""

from __future__ import annotations

import json

from apptools import rows

from models.desk import Desk
from tui.app import EvideskApp
from tui.widgets.evidence_queue import EvidenceQueue

ITEMS = 24


def long_queue_db(tmp_path):
    source = tmp_path / "long.jsonl"
    lines = [{"type": "claim", "id": "c1", "text": "A claim with a long queue"}] + [
        {"type": "evidence", "id": f"e{n}", "claim": "c1", "kind": "photo", "text": f"item {n}"}
        for n in range(ITEMS)
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    desk = Desk.open(tmp_path / "long.db", "ana")
    desk.import_file(source)
    desk.engine.dispose()
    return tmp_path / "long.db"


async def test_deciding_through_several_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(EvidenceQueue, "page_size", 5)
    db = long_queue_db(tmp_path)
    app = EvideskApp(db, "ana")
    async with app.run_test(size=(120, 30)) as pilot:
        queue = app.screen.queue
        assert queue.count == ITEMS and len(queue.rows) < ITEMS
        decided = []
        for _ in range(ITEMS):
            decided.append(queue.current.id)
            await pilot.press("s")
        await pilot.pause()
        assert len(set(decided)) == ITEMS  # each press decided the next pending item, never one twice
        assert queue.current.decided and queue.count == ITEMS
    assert rows(db, "SELECT count(*), count(DISTINCT evidence_id) FROM decision") == [(ITEMS, ITEMS)]
    assert rows(db, "SELECT n_pending, n_decided FROM claim") == [(0, ITEMS)]
