"""`f` in the running app: the queue shows what the filter keeps as it is typed, a
mistake is named under the bar, the filter meets a search, esc clears it; `S`
saves a view and `V` opens it again."""

from __future__ import annotations

from apptools import SIZE, rendered, rows

from tui.app import EvideskApp


async def typed(app, pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()


def claim_of(screen) -> int:
    return screen.claim.id


async def test_a_filter_narrows_the_open_claims_queue_as_it_is_typed(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        claim = claim_of(screen)
        everything = [row.id for row in screen.queue.rows]
        await typed(app, pilot, "x")  # one rejected item in this claim
        rejected = everything[0]
        await typed(app, pilot, "f", *"outcome:pending")
        assert screen.focused is screen.filter_bar
        pending = [id_ for (id_,) in rows(demo_db, "SELECT id FROM evidence WHERE claim_id = ? AND NOT decided "
                                                   "ORDER BY id", claim)]
        assert [row.id for row in screen.queue.rows] == pending and rejected not in pending
        title = str(screen.queue.border_title)
        assert "outcome:pending" in title and f"{len(pending)} item" in title
        await typed(app, pilot, "enter")
        assert screen.focused is screen.queue
        await typed(app, pilot, "escape")
        assert not screen.viewing and not screen.has_class("-filtering")
        assert sorted(row.id for row in screen.queue.rows) == sorted(everything)


async def test_claim_all_and_tags_look_past_the_open_claim(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await typed(app, pilot, "f", *"kind:video claim:all")
        videos = [id_ for (id_,) in rows(demo_db, "SELECT id FROM evidence WHERE kind = 'video' ORDER BY id")]
        assert [row.id for row in screen.queue.rows] == videos
        assert str(screen.queue.border_title).startswith("All claims · kind:video claim:all")
        await typed(app, pilot, "ctrl+u", *"tag:kremlin")
        tagged = [id_ for (id_,) in rows(demo_db, "SELECT e.id FROM evidence e JOIN claim c ON c.id = e.claim_id "
                                                  "WHERE c.tags LIKE '%\"kremlin\"%' ORDER BY e.id")]
        assert tagged and [row.id for row in screen.queue.rows] == tagged


async def test_a_bad_filter_is_named_under_the_bar_and_the_queue_keeps_the_last_good_one(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await typed(app, pilot, "f", *"kind:video")
        videos = [row.id for row in screen.queue.rows]
        await typed(app, pilot, *" by:nobody")
        problem = screen.query_one("#filter-problem")
        assert screen.has_class("-filter-invalid") and problem.display
        assert "no reviewer named 'nobody'" in rendered(problem)
        await typed(app, pilot, *["backspace"] * len(" by:nobody"), *" stance:maybe")
        assert "'maybe' in 'stance:maybe' is not a known stance" in rendered(problem)
        assert [row.id for row in screen.queue.rows] == videos
        await typed(app, pilot, "enter")
        assert screen.focused is screen.filter_bar  # enter does not leave a filter that is wrong
        await typed(app, pilot, *["backspace"] * len(" stance:maybe"))
        assert not screen.has_class("-filter-invalid") and not problem.display


async def test_a_filter_meets_a_search_and_decisions_keep_their_place(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await typed(app, pilot, "slash", *"drones", "enter", "f", *"outcome:pending claim:all", "enter")
        hits = [id_ for (id_,) in rows(
            demo_db, "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH '\"drones\"*' ORDER BY rowid")]
        shown = [row.id for row in screen.queue.rows]
        assert shown == hits  # nothing decided yet: every hit is pending
        assert "“drones”" in str(screen.queue.border_title)
        await typed(app, pilot, "x")
        assert [row.id for row in screen.queue.rows] == shown  # the rejected item stays until the view changes
        assert screen.queue.current.id == shown[1]
        await typed(app, pilot, "escape")  # closes the search first
        assert screen.has_class("-filtering") and not screen.has_class("-searching")
        assert shown[0] not in [row.id for row in screen.queue.rows]


async def test_a_saved_view_opens_again_from_its_name(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await typed(app, pilot, "f", *"kind:video,photo claim:all", "enter", "S")
        await typed(app, pilot, "ctrl+u", *"pictures", "enter")
        assert rows(demo_db, "SELECT name, filter, search FROM saved_view") == [
            ("pictures", "kind:video,photo claim:all", "")]
        wanted = [row.id for row in screen.queue.rows]
        await typed(app, pilot, "escape")
        assert not screen.viewing
        await typed(app, pilot, "V", *"pict", "enter")
        assert screen.filter_bar.value == "kind:video,photo claim:all" and screen.has_class("-filtering")
        assert [row.id for row in screen.queue.rows] == wanted


async def test_saving_with_no_view_says_what_to_do_first(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await typed(app, pilot, "S")
        await typed(app, pilot, "V")
        said = [notification.message for notification in app._notifications]
        assert said == ["Nothing to save: filter the queue with f or search with / first.",
                        "No saved views yet: filter with f or search with /, then S saves the view."]
        assert rows(demo_db, "SELECT count(*) FROM saved_view") == [(0,)]
