"""Each reviewer comes back where they stopped: the claim, the filter and search, and
the item, kept in the database per reviewer."""

from __future__ import annotations

from apptools import SIZE, rows, settle, toasts

from tui.app import EvideskApp


async def test_a_reviewer_comes_back_to_the_claim_filter_and_item_where_they_stopped(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("shift+tab")  # the claim list
        await pilot.press("j", "j", "enter")
        claim = screen.claim.id
        await pilot.press("f", *"kind:photo,report")
        await settle(app, pilot)
        await pilot.press("enter", "j")
        await settle(app, pilot)
        item = screen.queue.current.id
        await pilot.press("ctrl+q")
    assert rows(demo_db, "SELECT claim_id, evidence_id, filter FROM reviewer_place") == [
        (claim, item, "kind:photo,report")]

    again = EvideskApp(demo_db, "ana")
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        screen = again.screen
        assert screen.claim.id == claim and screen.claims.current.id == claim
        assert screen.filter_bar.value == "kind:photo,report" and screen.viewing
        assert screen.queue.current.id == item
        assert any(toast.startswith(f"Back where you stopped: claim #{claim}") for toast in toasts(again))


async def test_each_reviewer_has_a_place_of_their_own(demo_db):
    ana = EvideskApp(demo_db, "ana")
    async with ana.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        ana_item = ana.screen.queue.current.id
        await pilot.press("ctrl+q")
    bo = EvideskApp(demo_db, "bo")
    async with bo.run_test(size=SIZE) as pilot:
        first = bo.screen.queue.current.id
        assert first != ana_item and not any("Back where" in toast for toast in toasts(bo))
    again = EvideskApp(demo_db, "ana")
    async with again.run_test(size=SIZE):
        assert again.screen.queue.current.id == ana_item


async def test_the_place_is_kept_while_working_not_only_on_quitting(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        item = app.screen.queue.current.id
        app.screen.save_place()  # what the timer does every few seconds
        assert rows(demo_db, "SELECT evidence_id FROM reviewer_place") == [(item,)]


async def test_a_place_on_a_claim_that_is_gone_opens_the_first_pending_claim(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
    rows(demo_db, "UPDATE reviewer_place SET claim_id = 999")
    again = EvideskApp(demo_db, "ana")
    async with again.run_test(size=SIZE):
        assert again.screen.claim is not None and again.screen.claim.id != 999
