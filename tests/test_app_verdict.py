"""`v` on the claim list in the running app: a reviewer proposes a verdict, a supervisor
finalises one in a view showing the evidence for and against and the suggestion."""

from __future__ import annotations

from apptools import SIZE, rendered, rows, toasts

from models.desk import Desk
from tui.app import EvideskApp
from tui.modals.verdict import VerdictModal


def shown(modal: VerdictModal, widget_id: str) -> str:
    return rendered(modal.query_one(f"#{widget_id}"))


async def test_a_reviewer_proposes_a_verdict(demo_db):
    app = EvideskApp(demo_db, "tom")
    async with app.run_test(size=SIZE) as pilot:
        claim = app.screen.claims.current
        await pilot.press("shift+tab", "v")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, VerdictModal)
        assert "Propose verdict" in shown(modal, "verdict-title")
        assert "For (0)" in shown(modal, "verdict-for-heading") and "Against (0)" in shown(
            modal, "verdict-against-heading")
        assert "Suggested: unverifiable — no item supports it" in shown(modal, "verdict-suggested")
        assert modal.query_one("#verdict-scale").highlighted_option.id == "unverifiable"  # the suggestion
        await pilot.press("up", "tab", *"the video is from 2019", "enter")
        await pilot.pause()
        assert rows(demo_db, "SELECT verdict, proposed_verdict, proposed_rationale, status FROM claim WHERE id = ?",
                    claim.id) == [(None, "false", "the video is from 2019", "in_review")]
        assert "Verdict proposed for a supervisor to finalise." in toasts(app)
        assert "proposed: false" in rendered(app.screen.claims)


async def test_a_supervisor_finalises_after_seeing_both_sides(demo_db):
    tom = Desk.open(demo_db, "tom")
    claim_id = tom.first_claim_with_pending()
    supporting, refuting = [row.id for row in tom.queue_page(claim_id).rows[:2]]
    tom.decide(supporting, "supports")
    tom.grade(supporting, reliability="B", credibility="2")
    tom.decide(refuting, "refutes")
    tom.propose_verdict(claim_id, "false", "the refuting report is stronger")
    source = tom.detail(supporting).source
    tom.engine.dispose()
    assert rows(demo_db, "SELECT name, role FROM reviewer ORDER BY id") == [("ana", "supervisor"), ("tom", "reviewer")]

    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.screen.claims.current.id == claim_id
        await pilot.press("v")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, VerdictModal)
        assert "Finalise verdict" in shown(modal, "verdict-title")
        assert "For (1)" in shown(modal, "verdict-for-heading")
        assert "Against (1)" in shown(modal, "verdict-against-heading")
        listed = shown(modal, "verdict-for-items")
        assert "B2" in listed and source[:30] in listed and f"#{supporting}" in listed
        assert f"#{refuting}" in shown(modal, "verdict-against-items")
        assert "Suggested: mixed — 1 item supports it, 1 item refutes it" in shown(modal, "verdict-suggested")
        assert "Proposed by tom: false — the refuting report is stronger" in shown(modal, "verdict-proposed")
        scale = modal.query_one("#verdict-scale")
        assert scale.highlighted_option.id == "false"  # the proposal, preselected
        await pilot.press("up", "up", "tab", "home", "ctrl+k", *"true in part, framed falsely", "enter")
        await pilot.pause()
        assert rows(demo_db, "SELECT verdict, rationale, status, proposed_verdict FROM claim WHERE id = ?",
                    claim_id) == [("misleading", "true in part, framed falsely", "resolved", "false")]
        assert "Verdict recorded." in toasts(app)
        assert "verdict: misleading" in rendered(app.screen.claims)
