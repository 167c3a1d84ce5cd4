"""The command palette (ctrl+p): evidesk's commands beside Textual's own. Jump to a
claim by number or words, open a saved view, apply a ready-made filter, run any key
of the pane by its name; outside text in a hit is never markup."""

from __future__ import annotations

from apptools import SIZE, settle
from textual.command import CommandList

from models.desk import Desk
from tui.app import EvideskApp


async def palette(pilot, app, typed: str) -> list[str]:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    for _ in range(20):  # hits arrive from the providers as they find them
        await pilot.pause(0.05)
        hits = app.screen.query_one(CommandList)
        if hits.option_count:
            break
    await pilot.pause(0.2)
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(index).prompt).split("\n")[0] for index in range(hits.option_count)]


async def test_a_claim_found_by_its_number_or_its_words_opens_its_queue(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        shown = await palette(pilot, app, "#9")
        assert shown[0].startswith("Go to claim #9: Russia renamed")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.claim.id == 9 and app.screen.claims.current.id == 9
        assert app.screen.queue.current is not None and app.focused is app.screen.queue

        shown = await palette(pilot, app, "geran")
        assert any(hit.startswith("Go to claim #9") for hit in shown)
        await pilot.press("escape")
        shown = await palette(pilot, app, "drone")  # every word typed, not letters scattered in a title
        assert len(shown) >= 4 and all(hit.startswith("Go to claim #") for hit in shown), shown


async def test_saved_views_and_ready_filters_apply_from_the_palette(demo_db):
    Desk.open(demo_db, "ana").save_view("[b]videos[/b]", "kind:video")
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        shown = await palette(pilot, app, "open view")
        assert "Open view: [b]videos[/b]" in shown  # the name as typed, not bold
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.filter_bar.value == "kind:video" and app.screen.viewing
        assert all(row.kind == "video" for row in app.screen.queue.rows)

        await palette(pilot, app, "filter: escalated")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.filter_bar.value == "outcome:escalated" and app.screen.queue.count == 0

        await palette(pilot, app, "clear the filter")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not app.screen.viewing and app.screen.queue.count > 0


async def test_the_panes_keys_run_by_name_and_textuals_commands_stay(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen.queue.current.id
        shown = await palette(pilot, app, "refutes")
        assert shown[0] == "Refutes"
        await pilot.press("enter")
        await settle(app, pilot)
        assert Desk.open(demo_db, "ana").detail(first).stance == "refutes"

        assert "Theme" in await palette(pilot, app, "theme")
        await pilot.press("escape")
        await pilot.pause()
        await palette(pilot, app, "stats")
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "StatsScreen"
