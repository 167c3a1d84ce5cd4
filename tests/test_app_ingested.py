"""What the import found, shown on the item: near duplicates, the same link elsewhere, captured files."""

from __future__ import annotations

import json
import sys
import time

from apptools import SIZE, rendered, rows

from models.desk import Desk
from tui.app import EvideskApp

TEXT = "Video shows a Shahed-136 drone diving towards a building in central Kyiv on Monday morning."


def imported(tmp_path, lines) -> str:
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    desk = Desk.open(tmp_path / "i.db", "ana")
    assert not desk.import_file(source).rejects
    desk.engine.dispose()
    return tmp_path / "i.db"


async def test_near_duplicate_is_suggested_and_d_accepts_it(tmp_path):
    db = imported(tmp_path, [
        {"type": "claim", "id": "c1", "text": "Drones hit Kyiv", "priority": 1},
        {"type": "claim", "id": "c2", "text": "Iran sent drones"},
        {"type": "evidence", "id": "a", "claim": "c1", "url": "https://tv.example/v", "text": TEXT},
        {"type": "evidence", "id": "b", "claim": "c1", "url": "https://other.example/v", "text": TEXT + " (updated)"},
        {"type": "evidence", "id": "c", "claim": "c2", "url": "https://tv.example/v/?utm_source=x", "text": "x"},
    ])
    app = EvideskApp(db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        body = rendered(app.screen.detail)
        assert "Same link under another claim: Iran sent drones" in " ".join(body.split())
        await pilot.press("j")
        await pilot.pause()
        body = " ".join(rendered(app.screen.detail).split())
        assert "Looks like #1 (" in body and "d marks it a duplicate" in body
        await pilot.press("d")
        await pilot.pause()
    assert rows(db, "SELECT evidence_id, outcome, duplicate_of_id FROM decision") == [(2, "duplicate", 1)]


async def test_o_opens_the_captured_file_with_the_viewer(tmp_path, monkeypatch):
    (tmp_path / "clip.mp4").write_bytes(b"\x00\x01 video")
    db = imported(tmp_path, [{"type": "claim", "id": "c1", "text": "Drones hit Kyiv"},
                             {"type": "evidence", "id": "a", "claim": "c1", "text": "clip", "file": "clip.mp4"}])
    opened = tmp_path / "opened.txt"
    viewer = tmp_path / "viewer.py"
    viewer.write_text(f"import sys, pathlib\npathlib.Path({str(opened)!r}).write_bytes(pathlib.Path(sys.argv[1]).read_bytes())\n"
                      f"pathlib.Path({str(opened)!r} + '.name').write_text(pathlib.Path(sys.argv[1]).name)\n")
    monkeypatch.setenv("EVIDESK_OPENER", f"{sys.executable} {viewer}")
    app = EvideskApp(db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        body = " ".join(rendered(app.screen.detail).split())
        assert "clip.mp4 (video/mp4, 8 bytes) — o opens it" in body
        await pilot.press("o")
        deadline = time.monotonic() + 10
        while not (opened.exists() and (tmp_path / "opened.txt.name").exists()) and time.monotonic() < deadline:
            await pilot.pause(0.1)
    assert opened.read_bytes() == b"\x00\x01 video"
    assert (tmp_path / "opened.txt.name").read_text() == "clip.mp4"


async def test_o_is_not_offered_without_a_file(tmp_path):
    db = imported(tmp_path, [{"type": "claim", "id": "c1", "text": "Drones hit Kyiv"},
                             {"type": "evidence", "id": "a", "claim": "c1", "text": "no file"}])
    app = EvideskApp(db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.check_action("open_file", ()) is False
