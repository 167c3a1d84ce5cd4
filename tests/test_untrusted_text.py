"""Outside text is shown literally in every pane: never markup, never escapes."""

from __future__ import annotations

import json

from apptools import rendered

from models.desk import Desk
from tui.app import EvideskApp

HOSTILE = "[@click=app.quit]Q[/] [b]x[/b] [link=file:///etc/passwd]a[/link] \x1b[31mred"
SHOWN = "[@click=app.quit]Q[/] [b]x[/b] [link=file:///etc/passwd]a[/link] ␛[31mred"


def hostile_db(tmp_path):
    source = tmp_path / "hostile.jsonl"
    lines = [
        {"type": "claim", "id": "c-hostile", "text": "Claim " + HOSTILE, "claimant": HOSTILE, "priority": 1},
        {"type": "evidence", "id": "e-hostile", "claim": "c-hostile", "kind": "social_post",
         "source": "src " + HOSTILE, "url": "https://example.org/[@click=app.quit]", "text": HOSTILE,
         "provenance": HOSTILE},
        {"type": "evidence", "id": "e-other", "claim": "c-hostile", "kind": "photo", "text": "second " + HOSTILE},
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    desk = Desk.open(tmp_path / "hostile.db", "ana")
    assert not desk.import_file(source).rejects
    desk.engine.dispose()
    return tmp_path / "hostile.db"


def assert_literal(text: str) -> None:
    flat = " ".join(text.split())
    assert SHOWN in flat or SHOWN[:60] in flat, text
    assert "\x1b" not in text


async def test_hostile_text_is_shown_as_typed_everywhere(tmp_path):
    app = EvideskApp(hostile_db(tmp_path), "ana")
    async with app.run_test(size=(220, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert "Claim [@click=app.quit]Q[/] [b]x[/b]" in rendered(screen.claims)
        queue_text = rendered(screen.queue)
        assert "src [@click=app.quit]Q[" in queue_text and SHOWN in queue_text and "\x1b" not in queue_text
        detail = rendered(screen.detail)
        assert_literal(detail)
        assert "https://example.org/[@click=app.quit]" in detail
        assert detail.count("[@click=app.quit]") >= 3  # excerpt, provenance, URL

        await pilot.click(screen.detail, offset=(2, 12))
        assert screen.focused is screen.detail
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert screen.focused is screen.claims
        assert_literal(rendered(screen.detail))  # the claim, shown in the detail view

        await pilot.press("tab", "d")  # duplicate picker lists the other item
        await pilot.pause()
        await pilot.pause()
        picker = app.screen.query_one("#picker-list")
        assert "second [@click=app.quit]Q[/] [b]x[/b]" in rendered(picker)
        await pilot.press("escape", "n")
        await pilot.pause()
        await pilot.press(*"[red]note[/red]", "enter")
        await pilot.pause()
        assert "[red]note[/red]" in rendered(screen.detail)
        assert app.is_running
    assert app.return_code in (None, 0)
