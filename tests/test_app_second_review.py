"""Second review in the running app: with an overlap of two, a reviewer's call leaves the
item waiting for another's and the queue moves on; in blind review the second reviewer
sees nothing of the first call until making theirs; a disagreement lands in the
supervisor's adjudication queue (`a`), whose versions stand side by side, and `p` picks one."""

from __future__ import annotations

from apptools import SIZE, rendered, rows, settle, toasts

from models.desk import Desk
from models.reviewers import ensure_reviewer
from tui.app import EvideskApp


async def test_two_blind_calls_that_disagree_are_settled_by_a_supervisor(demo_db):
    ana = Desk.open(demo_db, "ana")
    ana.set_setting("review.overlap", "2")
    ana.set_setting("review.blind", "on")
    ensure_reviewer(ana.engine, "eva")
    ana.engine.dispose()

    tom = EvideskApp(demo_db, "tom")
    async with tom.run_test(size=SIZE) as pilot:
        first = tom.screen.queue.current.id
        await pilot.press("s")
        await settle(tom, pilot)
        assert rows(demo_db, "SELECT outcome, reviews FROM evidence WHERE id = ?", first) == [("pending", 1)]
        assert tom.screen.queue.current.id != first  # on to the next item waiting for tom
        assert "◐ 1 call in" in rendered(tom.screen.queue)

    again = EvideskApp(demo_db, "tom")
    async with again.run_test(size=SIZE):
        assert again.screen.queue.current.id != first  # back again, tom starts on an item waiting for him

    eva = EvideskApp(demo_db, "eva")
    async with eva.run_test(size=SIZE) as pilot:
        screen = eva.screen
        assert screen.queue.current.id == first
        shown = rendered(screen.detail)
        assert "1 decision by other reviewers hidden until you make yours (blind review)" in shown
        assert "tom" not in shown and "supports" not in shown
        await pilot.press("r")
        await settle(eva, pilot)
        assert any(f"disagree on item #{first}" in toast for toast in toasts(eva))
        assert "⚖ disputed" in rendered(screen.queue)

    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("L", "a")
        await settle(app, pilot)
        screen = app.screen
        assert [(line.reviewer, line.stance) for line in screen.decisions.rows] == [
            ("tom", "supports"), ("eva", "refutes")]
        side_by_side = rendered(screen.query_one("#versions"))
        assert "1 · tom" in side_by_side and "2 · eva" in side_by_side
        assert "▲ supports" in side_by_side and "▼ refutes" in side_by_side
        assert screen.decisions.current.reviewer == "eva"
        await pilot.press("p")
        await settle(app, pilot)
        assert rows(demo_db, "SELECT outcome, stance, disputed FROM evidence WHERE id = ?", first) == [
            ("accepted", "refutes", 0)]
        assert screen.decisions.count == 0 and "No disputes." in rendered(screen.detail)
