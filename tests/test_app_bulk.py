"""Marking items with space and deciding them at once, in the real app: one bulk
decision for every marked item, one u undoes it on all of them, and a sealed claim's
items or an item changed since it was marked refuse the whole decision."""

from __future__ import annotations

from apptools import SIZE, footer_text, rendered, rows, toasts

from models.desk import Desk
from tui.app import EvideskApp


def decisions(db):
    return rows(db, "SELECT evidence_id, action, bulk_id, undoes_id FROM decision ORDER BY id")


async def test_space_marks_and_one_key_decides_every_marked_item(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        claim = screen.claim.id
        first = [row.id for row in screen.queue.rows[:3]]
        await pilot.press("space", "space", "space")
        assert list(screen.queue.marked) == first
        assert "3 marked" in str(screen.queue.border_subtitle)
        assert all(rendered(screen.queue).splitlines()[n].startswith("●") for n in range(3))
        await pilot.press("r")
        await pilot.pause()
        written = decisions(demo_db)
        assert [(item, action) for item, action, _, _ in written] == [(item, "refutes") for item in first]
        bulk = {bulk_id for _, _, bulk_id, _ in written}
        assert len(bulk) == 1 and None not in bulk
        assert rows(demo_db, "SELECT action, items FROM bulk_decision") == [("refutes", 3)]
        assert rows(demo_db, "SELECT n_decided FROM claim WHERE id = ?", claim) == [(3,)]
        assert screen.queue.marked == {} and screen.queue.current.outcome == "pending"
        assert any("3 items" in toast and "u undoes all 3" in toast for toast in toasts(app))

        await pilot.press("u")
        await pilot.pause()
        undone = decisions(demo_db)[3:]
        assert sorted(item for item, action, _, target in undone if action == "undo") == sorted(first)
        assert rows(demo_db, "SELECT n_pending, n_decided FROM claim WHERE id = ?", claim)[0][1] == 0
        assert rows(demo_db, "SELECT count(*) FROM evidence WHERE id IN (?, ?, ?) AND outcome = 'pending'",
                    *first) == [(3,)]
        await pilot.press("u")  # the bulk is undone whole: nothing is left to undo
        await pilot.pause()
        assert len(decisions(demo_db)) == 6 and "Nothing to undo." in toasts(app)


async def test_space_again_unmarks_and_esc_clears_every_mark(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.queue
        await pilot.press("space", "k", "space")
        assert queue.marked == {}
        await pilot.press("space", "space")
        assert len(queue.marked) == 2 and "Clear marks" in footer_text(app.screen)
        await pilot.press("escape")
        assert queue.marked == {} and "Clear marks" not in footer_text(app.screen)
        await pilot.press("s")
        await pilot.pause()
        assert [(action, bulk) for _, action, bulk, _ in decisions(demo_db)] == [("supports", None)]


async def test_a_sealed_claims_items_refuse_the_whole_bulk_decision(demo_db):
    supervisor = Desk.open(demo_db, "ana")
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("space", "space")
        supervisor.seal_claim(screen.claim.id, "published")
        await pilot.press("x")
        await pilot.pause()
        assert decisions(demo_db) == [] and rows(demo_db, "SELECT count(*) FROM bulk_decision") == [(0,)]
        assert any("sealed claim" in toast and "Nothing was decided" in toast for toast in toasts(app))
        assert len(screen.queue.marked) == 2


async def test_an_item_changed_since_it_was_marked_refuses_the_bulk_decision(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("space", "space")
        second = list(screen.queue.marked)[1]
        Desk.open(demo_db, "bo").decide(second, "reject")
        await pilot.press("c")
        await pilot.pause()
        assert decisions(demo_db) == [(second, "reject", None, None)]
        assert any(f"item #{second} was decided by bo" in toast for toast in toasts(app))


async def test_marked_items_go_as_duplicates_of_one_picked_original(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("space", "space")
        marked = list(screen.queue.marked)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        written = rows(demo_db, "SELECT evidence_id, duplicate_of_id FROM decision ORDER BY id")
        assert [item for item, _ in written] == marked
        originals = {original for _, original in written}
        assert len(originals) == 1 and originals.isdisjoint(marked)
