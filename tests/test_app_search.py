"""`/` in the running app: hits become the queue as the reviewer types, decisions on
hits stay in place and move on, esc brings the claim's queue back."""

from __future__ import annotations

from apptools import SIZE, rows

from models import search
from tui.app import EvideskApp


def expected_hits(db, typed: str) -> list[int]:
    return [id_ for (id_,) in rows(db, "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? ORDER BY rowid",
                                   search.fts_query(typed))]


async def typed(app, pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_typing_a_search_turns_the_queue_into_its_hits(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        claim_queue = [row.id for row in screen.queue.rows]
        await typed(app, pilot, "slash", *"shahed")
        assert screen.focused is screen.search_bar
        wanted = expected_hits(demo_db, "shahed")
        assert [row.id for row in screen.queue.rows] == wanted != claim_queue
        assert f"{len(wanted)} hits" in str(screen.queue.border_title)
        await typed(app, pilot, *" vid")  # the newest query wins
        assert [row.id for row in screen.queue.rows] == expected_hits(demo_db, "shahed vid")
        await typed(app, pilot, *" zzzznothing")
        assert screen.queue.count == 0 and screen.queue.current is None


async def test_deciding_on_hits_keeps_them_in_place_and_moves_on(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await typed(app, pilot, "slash", *"drones", "enter")
        assert screen.focused is screen.queue
        hits = [row.id for row in screen.queue.rows]
        first = screen.queue.current
        await pilot.press("x")
        await pilot.pause()
        assert [row.id for row in screen.queue.rows] == hits  # nothing moved
        assert screen.queue.rows[0].outcome == "rejected"
        assert screen.queue.current.id == hits[1]
        assert rows(demo_db, "SELECT evidence_id, action FROM decision") == [(first.id, "reject")]


async def test_escape_ends_the_search_and_restores_the_claims_queue(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        claim_queue = [row.id for row in screen.queue.rows]
        await typed(app, pilot, "slash", *"peskov", "enter")
        assert screen.viewing
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.viewing and not screen.has_class("-searching")
        assert [row.id for row in screen.queue.rows] == claim_queue
        assert screen.focused is screen.queue
        await pilot.press("escape")  # nothing to close: harmless
        assert [row.id for row in screen.queue.rows] == claim_queue


async def test_search_text_is_never_markup_or_a_query_operator(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await typed(app, pilot, "slash", *'[bold]"drones" OR NEAR(x')
        assert "[bold]" in str(screen.queue.border_title)
        assert screen.queue.count == 0  # every word required, "bold" and "x" included
