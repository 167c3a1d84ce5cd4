"""Keyboard triage in the real app: decisions, undo, notes, grades, panes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from apptools import SIZE, rendered, rows

from tui.app import EvideskApp

KEY_OUTCOME = {
    "s": ("supports", "accepted", "supports"),
    "r": ("refutes", "accepted", "refutes"),
    "c": ("context", "accepted", "context"),
    "x": ("reject", "rejected", None),
    "e": ("escalate", "escalated", None),
}


@pytest.mark.parametrize("key", sorted(KEY_OUTCOME))
async def test_decision_key_writes_one_row_and_moves_to_next_pending(demo_db, key):
    action, outcome, stance = KEY_OUTCOME[key]
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        first = screen.queue.current
        assert first is not None and first.outcome == "pending"
        await pilot.press(key)
        await pilot.pause()
        decisions = rows(demo_db, "SELECT d.evidence_id, r.name, d.action, d.outcome, d.stance, d.at, "
                                  "d.seconds_on_screen FROM decision d JOIN reviewer r ON r.id = d.reviewer_id")
        assert len(decisions) == 1
        evidence_id, who, done, now, towards, at, seconds = decisions[0]
        assert (evidence_id, who, done, now, towards) == (first.id, "ana", action, outcome, stance)
        assert at and seconds is not None and seconds >= 0
        following = screen.queue.current
        assert following.id != first.id and following.outcome == "pending"
        assert rows(demo_db, "SELECT outcome FROM evidence WHERE id = ?", first.id) == [(outcome,)]
        claim = screen.claims.current
        assert claim.n_decided == 1
        assert "1 decided" in rendered(screen.claims)


async def test_undo_restores_previous_state_with_a_new_row(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen.queue.current
        await pilot.press("r", "u")
        await pilot.pause()
        assert app.screen.queue.current.id == first.id
        assert app.screen.queue.current.outcome == "pending"
        history = rows(demo_db, "SELECT action, outcome, undoes_id FROM decision ORDER BY id")
        assert history == [("refutes", "accepted", None), ("undo", "pending", 1)]
        assert rows(demo_db, "SELECT outcome, stance FROM evidence WHERE id = ?", first.id) == [("pending", None)]
        assert app.screen.claims.current.n_decided == 0


async def test_duplicate_asks_for_the_original(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        item = app.screen.queue.current
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        found = rows(demo_db, "SELECT evidence_id, outcome, duplicate_of_id FROM decision")
        assert len(found) == 1
        assert found[0][:2] == (item.id, "duplicate") and found[0][2] not in (None, item.id)


async def test_grade_takes_two_keystrokes(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        item = app.screen.queue.current
        await pilot.press("B", "2")
        await pilot.pause()
        assert rows(demo_db, "SELECT reliability, credibility FROM evidence WHERE id = ?", item.id) == [("B", "2")]
        assert app.screen.queue.current.id == item.id
        assert "usually reliable" in rendered(app.screen.detail)


async def test_note_survives_a_restart(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        item = app.screen.queue.current
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"ask the agency for the original", "enter")
        await pilot.pause()
    again = EvideskApp(demo_db, "ana")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.screen.queue.current.id == item.id
        assert "ask the agency for the original" in rendered(again.screen.detail)
    assert rows(demo_db, "SELECT note FROM evidence WHERE id = ?", item.id) == [("ask the agency for the original",)]


async def test_moving_in_the_claim_list_changes_the_queue(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        before = screen.claims.current
        shown_before = {row.id for row in screen.queue.rows}
        await pilot.press("shift+tab")
        assert screen.focused is screen.claims
        await pilot.press("j")
        await pilot.pause()
        after = screen.claims.current
        assert after.id != before.id
        shown_after = {row.id for row in screen.queue.rows}
        expected = {id_ for (id_,) in rows(app.screen.desk.engine.url.database,
                                           "SELECT id FROM evidence WHERE claim_id = ?", after.id)}
        assert shown_after == expected and shown_after != shown_before
        assert "Claim" in rendered(screen.detail)


async def test_tab_moves_across_the_three_panes(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.focused is screen.queue
        await pilot.press("tab")
        assert screen.focused is screen.detail
        await pilot.press("tab")
        assert screen.focused is screen.claims
        await pilot.press("shift+tab")
        assert screen.focused is screen.detail


async def test_help_lists_every_binding(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        expected = [
            binding
            for node in (screen.queue, screen.claims, screen.detail, screen, app)
            for _key, binding in node._bindings
        ]
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = "\n".join(rendered(static) for static in app.screen.query("Static"))
        for binding in expected:
            assert app.get_key_display(replace(binding, key_display=None)) in help_text, binding
            assert (binding.description or binding.action) in help_text, binding
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_header_names_the_reviewer(demo_db):
    app = EvideskApp(demo_db, "maria")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "maria" in rendered(app.screen.query_one("HeaderTitle"))


async def test_verdict_from_the_claim_list(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        claim = app.screen.claims.current
        await pilot.press("shift+tab", "v")
        await pilot.pause()
        await pilot.press("home", "down", "down", "down", "down", "down", "tab", *"footage shows it", "enter")
        await pilot.pause()
        assert rows(demo_db, "SELECT verdict, rationale, status FROM claim WHERE id = ?", claim.id) == [
            ("false", "footage shows it", "resolved")
        ]
        assert "verdict: false" in rendered(app.screen.claims)


async def test_empty_database_explains_how_to_start(tmp_path):
    app = EvideskApp(tmp_path / "empty.db", "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = rendered(app.screen.query_one("#empty"))
        assert "evidesk import" in text and "evidesk demo" in text
        await pilot.press("s", "u", "n")
        assert app.is_running


async def test_a_decided_item_moves_to_the_end_of_a_short_queue_and_stays_drawn(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.queue
        first = queue.current
        await pilot.press("s")
        await pilot.pause()
        assert len(queue.rows) == queue.count and queue.rows[-1].id == first.id and queue.rows[-1].decided
        assert "▲ supports" in rendered(queue).splitlines()[queue.count - 1]
