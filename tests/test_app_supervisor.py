"""`L` in the running app: the supervisor's screen lists every decision in time order
with its item beside it; confirm, override with a reason, seal and reopen act on the
record; a filter narrows the list; a reviewer may look but is refused the acts."""

from __future__ import annotations

from apptools import SIZE, rendered, rows, settle, toasts

from models.desk import Desk
from tui.app import EvideskApp


async def test_decisions_in_time_order_with_confirm_and_override(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "r", "x", "L")
        await settle(app, pilot)
        screen = app.screen
        decided = [id_ for (id_,) in rows(demo_db, "SELECT id FROM decision ORDER BY id")]
        assert [line.id for line in screen.decisions.rows] == decided
        newest = screen.decisions.current
        assert newest.id == decided[-1] and screen.detail.shown.id == newest.evidence_id
        await pilot.press("y")
        await settle(app, pilot)
        assert rows(demo_db, "SELECT action, entity_id FROM audit_event ORDER BY id DESC LIMIT 1") == [
            ("decision.confirm", str(newest.id))]
        await pilot.press("o", *"refutes", "enter")
        await pilot.pause()
        await pilot.press(*"the source retracted it", "enter")
        await settle(app, pilot)
        assert rows(demo_db, "SELECT action, stance, reason FROM decision ORDER BY id DESC LIMIT 1") == [
            ("override", "refutes", "the source retracted it")]
        assert screen.decisions.count == len(decided) + 1 and screen.decisions.current.id == newest.id
        assert "override → ▼ refutes" in rendered(screen.decisions)


async def test_a_sealed_claim_refuses_a_reviewers_decision(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "L")
        await settle(app, pilot)
        claim = app.screen.decisions.current.claim_id
        await pilot.press("z")
        await settle(app, pilot)
        assert rows(demo_db, "SELECT sealed FROM claim WHERE id = ?", claim) == [(1,)]
    reviewer = EvideskApp(demo_db, "tom")
    async with reviewer.run_test(size=SIZE) as pilot:
        assert reviewer.screen.claim.id == claim
        await pilot.press("r")
        await settle(reviewer, pilot)
        assert rows(demo_db, "SELECT count(*) FROM decision") == [(1,)]
        assert any("sealed claim" in toast and "needs a supervisor; tom is a reviewer" in toast
                   for toast in toasts(reviewer))
        await pilot.press("L", "y")
        await settle(reviewer, pilot)
        assert any("confirming a decision needs a supervisor" in toast for toast in toasts(reviewer))


async def test_the_filter_narrows_the_decisions_and_names_a_field_they_lack(demo_db):
    tom = Desk.open(demo_db, "tom")
    tom.decide(tom.queue_page(2).rows[0].id, "supports")
    tom.engine.dispose()
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "L", "f", *"by:tom")
        await settle(app, pilot)
        screen = app.screen
        assert [line.reviewer for line in screen.decisions.rows] == ["tom"]
        await pilot.press(*" tag:drones")
        await settle(app, pilot)
        assert "tag: does not apply to decisions" in rendered(screen.query_one("#decision-filter-problem"))
        assert [line.reviewer for line in screen.decisions.rows] == ["tom"]  # the last good filter stays
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ReviewScreen"


async def test_e_shows_the_escalations(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "e", "x", "e", "L", "e")
        await settle(app, pilot)
        escalated = [id_ for (id_,) in rows(demo_db, "SELECT id FROM decision WHERE outcome = 'escalated' ORDER BY id")]
        assert len(escalated) == 2 and [line.id for line in app.screen.decisions.rows] == escalated


async def test_t_shows_the_desks_figures(demo_db):
    tom = Desk.open(demo_db, "tom")
    item = tom.queue_page(1).rows[0].id
    tom.decide(item, "supports", seconds_on_screen=6.0)
    tom.engine.dispose()
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "r", "T")  # ana refutes the item tom said supports (last: decided)
        await settle(app, pilot)
        screen = app.screen
        reviewers = rendered(screen.query_one("#stats-reviewers")).splitlines()
        assert [line.split()[-3:] for line in reviewers if line.endswith("  tom")] == [["1", "6.0", "tom"]]
        pairs = rendered(screen.query_one("#stats-pairs")).splitlines()
        assert pairs[1].split() == ["1", "0.000", "ana", "×", "tom"]  # one disagreement
        assert "Krippendorff's alpha on stance" in rendered(screen.query_one("#stats-alpha"))
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "ReviewScreen"


async def test_c_shows_the_spot_check_queue_once_a_share_is_set(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "r", "x", "L", "c")
        await settle(app, pilot)
        assert any("No spot checks" in toast for toast in toasts(app)) and app.screen.decisions.count == 3
        app.desk.set_setting("review.spot_check", "100")
        await pilot.press("c")
        await settle(app, pilot)
        assert str(app.screen.decisions.border_title).startswith("Spot checks (100%) · 3")
        await pilot.press("c")
        await settle(app, pilot)
        assert str(app.screen.decisions.border_title).startswith("Decisions · 3")
