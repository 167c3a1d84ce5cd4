"""Second review: with an overlap of N, each item waits for N reviewers' independent
calls; agreeing calls settle it, disagreeing ones send it to the adjudication queue,
where a supervisor keeps one version or corrects it. Blind review hides others'
decisions on an item under review until one has made one's own."""

from __future__ import annotations

import pytest
from conftest import sql

from models.audit import verify_chain
from models.desk import Desk
from models.errors import InvalidValue
from models.filters import QueueFilter
from models.reviewers import ensure_reviewer
from models.roles import NotPermitted


@pytest.fixture
def team(desk: Desk) -> tuple[Desk, Desk, Desk]:
    """ana (supervisor) with overlap 2, and reviewers tom and eva."""
    desk.set_setting("review.overlap", "2")
    tom, eva = (Desk(desk.engine, ensure_reviewer(desk.engine, name)) for name in ("tom", "eva"))
    return desk, tom, eva


def item_row(desk: Desk, item: int) -> tuple:
    return sql(desk, "SELECT outcome, stance, decided, reviews, disputed FROM evidence WHERE id = ?", item)[0]


def counts(desk: Desk, claim_id: int) -> tuple[int, int]:
    claim = desk.claim(claim_id)
    return claim.n_pending, claim.n_decided


def test_an_item_waits_for_two_calls_and_agreeing_calls_settle_it(team):
    ana, tom, eva = team
    first, second = (row.id for row in tom.queue_page(1).rows[:2])
    before = counts(ana, 1)
    applied = tom.decide(first, "supports")
    assert (applied.state.outcome, applied.version.stance, applied.reviews) == ("pending", "supports", 1)
    assert item_row(ana, first) == ("pending", None, 0, 1, 0)
    assert counts(ana, 1) == before  # still pending for the desk
    assert tom.next_pending(1, None) == second  # tom is not asked twice
    assert eva.next_pending(1, None) == first  # eva is
    applied = eva.decide(first, "supports")
    assert (applied.state.outcome, applied.state.stance, applied.state.decided) == ("accepted", "supports", True)
    assert item_row(ana, first) == ("accepted", "supports", 1, 2, 0)
    assert counts(ana, 1) == (before[0] - 1, before[1] + 1)
    assert verify_chain(ana.engine).intact


def test_disagreeing_calls_go_to_adjudication_where_a_supervisor_keeps_one_version(team):
    ana, tom, eva = team
    item = tom.queue_page(1).rows[0].id
    tom.decide(item, "supports")
    tom.grade(item, reliability="B")
    disputed = eva.decide(item, "refutes")
    assert disputed.disputed and not disputed.state.decided
    assert item_row(ana, item) == ("pending", None, 0, 2, 1)
    assert ana.adjudication_queue() == (1, [item])
    assert eva.next_pending(1, item - 1) != item  # out of the reviewers' way
    versions = {version.reviewer: version for version in ana.versions(item)}
    assert {name: (v.state.stance, v.state.reliability) for name, v in versions.items()} == {
        "tom": ("supports", "B"), "eva": ("refutes", None)}
    with pytest.raises(NotPermitted):
        tom.adjudicate(item, versions["tom"].decision_id)
    applied = ana.adjudicate(item, versions["eva"].decision_id, "the video predates the claim")
    assert (applied.state.stance, applied.state.decided) == ("refutes", True)
    assert item_row(ana, item) == ("accepted", "refutes", 1, 2, 0)
    assert ana.adjudication_queue() == (0, [])
    assert sql(ana, "SELECT reason FROM decision ORDER BY id DESC LIMIT 1")[0] == (
        f"kept eva's version (decision {versions['eva'].decision_id}): the video predates the claim",)
    assert verify_chain(ana.engine).intact


def test_an_override_corrects_a_disputed_item_and_settles_it(team):
    ana, tom, eva = team
    item = tom.queue_page(1).rows[0].id
    tom.decide(item, "supports")
    eva.decide(item, "reject")
    ana.override(item, "context", "background only")
    assert item_row(ana, item) == ("accepted", "context", 1, 2, 0)


def test_undo_takes_back_ones_own_call_and_unsettles_the_item(team):
    ana, tom, eva = team
    item = tom.queue_page(1).rows[0].id
    tom.decide(item, "refutes")
    eva.decide(item, "refutes")
    assert item_row(ana, item)[:3] == ("accepted", "refutes", 1)
    undone = tom.undo()  # eva decided since: under second review that does not block it
    assert (undone.state.outcome, undone.reviews) == ("pending", 1)
    assert item_row(ana, item) == ("pending", None, 0, 1, 0)
    assert tom.next_pending(1, item - 1) == item
    tom.decide(item, "supports")
    assert item_row(ana, item)[4] == 1  # now they disagree
    ana.adjudicate(item, ana.versions(item)[0].decision_id)
    with pytest.raises(InvalidValue, match="another reviewer has decided item #[0-9]+ since"):
        tom.undo()  # a supervisor's ruling is never undone from under them


def test_a_note_on_a_settled_item_does_not_reopen_it(team):
    ana, tom, eva = team
    item = tom.queue_page(1).rows[0].id
    tom.decide(item, "context")
    eva.decide(item, "context")
    tom.note(item, "see also the ministry statement")
    assert item_row(ana, item)[:3] == ("accepted", "context", 1)
    assert ana.detail(item).note == "see also the ministry statement"


def test_blind_review_hides_others_decisions_until_ones_own(team):
    ana, tom, eva = team
    ana.set_setting("review.blind", "on")
    item = tom.queue_page(1).rows[0].id
    tom.decide(item, "supports")
    tom.note(item, "matches the geolocation")
    seen = eva.detail(item)
    assert seen.history == () and seen.hidden_decisions == 2
    assert (seen.stance, seen.note) == (None, "")  # the item itself shows nothing of tom's call
    assert [line.reviewer for line in eva.decisions_after(eva.decision_clauses(QueueFilter()), None, 100)] == []
    assert ana.detail(item).hidden_decisions == 0  # a supervisor sees everything
    eva.decide(item, "refutes")
    seen = eva.detail(item)
    assert [row.reviewer for row in seen.history] == ["tom", "tom", "eva"] and seen.hidden_decisions == 0
    ana.set_setting("review.blind", "off")
    assert tom.detail(tom.queue_page(1).rows[1].id).hidden_decisions == 0


def test_overlap_one_is_the_plain_desk(desk):
    item = desk.queue_page(1).rows[0].id
    applied = desk.decide(item, "supports")
    assert applied.version is None and applied.state.decided
    assert item_row(desk, item) == ("accepted", "supports", 1, 0, 0)
