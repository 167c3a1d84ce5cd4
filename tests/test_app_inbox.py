"""The inbox: evidence linked to no claim, linked with l or turned into a claim with a."""

from __future__ import annotations

from apptools import SIZE, footer_text, rendered, rows

from tui.app import EvideskApp


async def open_inbox(pilot) -> None:
    screen = pilot.app.screen
    await pilot.press("shift+tab", "home", "enter")
    await pilot.pause()
    assert screen.claim.is_inbox and screen.focused is screen.queue


async def test_stance_keys_are_not_offered_in_the_inbox(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(pilot)
        footer = footer_text(app.screen)
        assert "Supports" not in footer and "Reject" in footer
        await pilot.press("s", "r", "c")
        await pilot.pause()
        assert rows(demo_db, "SELECT count(*) FROM decision") == [(0,)]


async def test_link_moves_an_inbox_item_to_the_picked_claim(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(pilot)
        item = app.screen.queue.current
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"security council", "enter")
        await pilot.pause()
        linked = rows(demo_db, "SELECT c.ext_id FROM evidence e JOIN claim c ON c.id = e.claim_id WHERE e.id = ?",
                      item.id)
        assert linked == [("c-unsc-meeting",)]
        assert item.id not in {row.id for row in app.screen.queue.rows}
        assert app.screen.claims.current.is_inbox and app.screen.claims.current.n_pending == 1
        assert rows(demo_db, "SELECT n_pending FROM claim WHERE ext_id = 'c-unsc-meeting'") == [(2,)]


async def test_add_claim_from_an_inbox_item(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await open_inbox(pilot)
        item = app.screen.queue.current
        await pilot.press("a")
        await pilot.pause()
        text_input = app.screen.query_one("#claim-text")
        assert text_input.value  # prefilled from the item's excerpt
        text_input.value = "Iran is not supplying Russia"
        await pilot.press("tab", "tab")
        await pilot.press(*"2022-10-19", "enter")
        await pilot.pause()
        found = rows(demo_db, "SELECT c.text, c.claim_date FROM evidence e JOIN claim c ON c.id = e.claim_id "
                              "WHERE e.id = ?", item.id)
        assert found == [("Iran is not supplying Russia", "2022-10-19")]
        assert "Iran is not supplying Russia" in [row.text for row in app.screen.claims.rows]


async def test_add_claim_rejects_a_bad_date_and_keeps_the_dialog(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab", "a")
        await pilot.pause()
        await pilot.press(*"A new statement", "tab", "tab", *"19/10/2022", "enter")
        await pilot.pause()
        assert "Not a date" in rendered(app.screen.query_one("#claim-error"))
        await pilot.press("escape")
        await pilot.pause()
        assert rows(demo_db, "SELECT count(*) FROM claim WHERE text = 'A new statement'") == [(0,)]
