"""Triage on a real SQLite file: decisions, grades, notes, undo, counts and audit events."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlmodel import Session, func, select

from models.desk import Desk
from models.errors import DatabaseProblem, InvalidValue, NotFound
from models.reviewers import ensure_reviewer
from models.tables import AuditEvent, Claim, Decision, Evidence

EXPECTED = {  # action -> (outcome, stance taken)
    "supports": ("accepted", "supports"), "refutes": ("accepted", "refutes"), "context": ("accepted", "context"),
    "reject": ("rejected", None), "escalate": ("escalated", None), "duplicate": ("duplicate", None),
}


def count(desk: Desk, table) -> int:
    with Session(desk.engine) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def claim_items(desk: Desk) -> tuple[int, list[int]]:
    """A claim with several pending items, and their ids."""
    claim = next(row for row in desk.claims() if row.id is not None and row.n_pending >= 4)
    return claim.id, [row.id for row in desk.queue_page(claim.id).rows]


def state(desk: Desk, evidence_id: int) -> tuple:
    d = desk.detail(evidence_id)
    return (d.stance, d.outcome, d.duplicate_of, d.reliability, d.credibility, d.note)


def counts(desk: Desk, claim_id: int | None) -> tuple[int, int]:
    row = desk.claim(claim_id)
    return row.n_pending, row.n_decided


@pytest.mark.parametrize("action", list(EXPECTED))
def test_each_decision_writes_one_row_and_updates_state(desk: Desk, action: str) -> None:
    claim_id, (item, other, *_) = claim_items(desk)
    pending, decided = counts(desk, claim_id)
    n_decisions, n_audit = count(desk, Decision), count(desk, AuditEvent)
    started = datetime.now(timezone.utc)
    applied = desk.decide(item, action, duplicate_of=other if action == "duplicate" else None, seconds_on_screen=4.25)
    assert (applied.evidence_id, applied.claim_id, applied.action) == (item, claim_id, action)
    assert (count(desk, Decision), count(desk, AuditEvent)) == (n_decisions + 1, n_audit + 1)
    with Session(desk.engine) as session:
        row = session.get(Decision, applied.decision_id)
    outcome, stance = EXPECTED[action]
    assert (row.evidence_id, row.reviewer_id, row.action, row.outcome, row.stance) == (
        item, desk.reviewer.id, action, outcome, stance)
    assert row.at.utcoffset() == timedelta(0)
    assert started - timedelta(seconds=1) <= row.at <= datetime.now(timezone.utc) + timedelta(seconds=1)
    assert row.seconds_on_screen == pytest.approx(4.25)
    detail = desk.detail(item)
    assert (detail.outcome, detail.stance, detail.decided_by, detail.decided_at, detail.duplicate_of) == (
        outcome, stance, "ana", row.at, other if action == "duplicate" else None)
    assert counts(desk, claim_id) == (pending - 1, decided + 1)
    assert desk.queue_row(item).decided


def test_redeciding_a_decided_item_keeps_counts(desk: Desk) -> None:
    claim_id, (item, *_) = claim_items(desk)
    desk.decide(item, "supports")
    after_first = counts(desk, claim_id)
    desk.decide(item, "refutes")
    assert counts(desk, claim_id) == after_first
    assert state(desk, item)[:2] == ("refutes", "accepted")
    desk.decide(item, "reject")
    assert state(desk, item)[:2] == ("refutes", "rejected")  # the stance stays on record


def test_inbox_items_take_no_stance_but_can_be_rejected_or_escalated(desk: Desk) -> None:
    first, second = (row.id for row in desk.queue_page(None).rows)
    inbox, n_decisions, n_audit = counts(desk, None), count(desk, Decision), count(desk, AuditEvent)
    for action in ("supports", "refutes", "context"):
        with pytest.raises(InvalidValue, match="claim"):
            desk.decide(first, action)
    assert (count(desk, Decision), count(desk, AuditEvent)) == (n_decisions, n_audit)
    assert state(desk, first)[1] == "pending"
    desk.decide(first, "reject")
    desk.decide(second, "escalate")
    assert counts(desk, None) == (inbox[0] - 2, inbox[1] + 2)


def test_duplicate_needs_an_existing_other_item(desk: Desk) -> None:
    _, (item, *_) = claim_items(desk)
    n_decisions = count(desk, Decision)
    with pytest.raises(InvalidValue):
        desk.decide(item, "duplicate")
    with pytest.raises(InvalidValue):
        desk.decide(item, "duplicate", duplicate_of=item)
    with pytest.raises(NotFound):
        desk.decide(item, "duplicate", duplicate_of=999_999)
    with pytest.raises(NotFound):
        desk.decide(999_999, "reject")
    assert count(desk, Decision) == n_decisions
    assert state(desk, item)[1] == "pending"


@pytest.mark.parametrize("action", ["grade", "note", "undo", "banana", ""])
def test_non_decisions_refused_by_decide(desk: Desk, action: str) -> None:
    _, (item, *_) = claim_items(desk)
    with pytest.raises(InvalidValue):
        desk.decide(item, action)


def test_grades_on_the_admiralty_scale(desk: Desk) -> None:
    claim_id, (item, *_) = claim_items(desk)
    desk.decide(item, "supports")
    before = counts(desk, claim_id)
    for reliability, credibility in zip("ABCDEF", "123456"):
        desk.grade(item, reliability=reliability, credibility=credibility)
        assert desk.detail(item).grade == reliability + credibility
    desk.grade(item, reliability="B")  # one part at a time keeps the other
    assert desk.detail(item).grade == "B6"
    assert state(desk, item)[:2] == ("supports", "accepted")
    assert counts(desk, claim_id) == before
    assert [h.action for h in desk.detail(item).history].count("grade") == 7


@pytest.mark.parametrize("grade", [{"reliability": "G"}, {"reliability": "AB"}, {"reliability": ""},
                                   {"credibility": "0"}, {"credibility": "7"}, {"credibility": "A"}])
def test_invalid_grades_refused(desk: Desk, grade: dict) -> None:
    _, (item, *_) = claim_items(desk)
    n_decisions = count(desk, Decision)
    with pytest.raises(InvalidValue):
        desk.grade(item, **grade)
    assert count(desk, Decision) == n_decisions
    assert desk.detail(item).grade == "??"


def test_note_is_set_kept_in_history_and_cleared(desk: Desk) -> None:
    _, (item, *_) = claim_items(desk)
    desk.note(item, "  first look: geolocated  ")
    assert desk.detail(item).note == "first look: geolocated"
    assert desk.queue_row(item).has_note
    desk.note(item, "second thought")
    desk.note(item, "")
    detail = desk.detail(item)
    assert detail.note == "" and not desk.queue_row(item).has_note
    assert [h.note for h in detail.history] == ["first look: geolocated", "second thought", ""]
    assert detail.outcome == "pending"


def test_undo_restores_with_a_new_row(desk: Desk) -> None:
    assert desk.undo() is None  # nothing to undo yet
    claim_id, (item, *_) = claim_items(desk)
    before_counts, before_state = counts(desk, claim_id), state(desk, item)
    first = desk.decide(item, "refutes")
    n_decisions = count(desk, Decision)
    undone = desk.undo()
    assert undone is not None and undone.action == "undo" and undone.evidence_id == item
    assert count(desk, Decision) == n_decisions + 1
    with Session(desk.engine) as session:
        assert session.get(Decision, first.decision_id) is not None  # nothing deleted
        assert session.get(Decision, undone.decision_id).undoes_id == first.decision_id
    assert (state(desk, item), counts(desk, claim_id)) == (before_state, before_counts)
    assert not desk.queue_row(item).decided


def test_undo_walks_back_several_steps(desk: Desk) -> None:
    claim_id, (a, b, c, *_) = claim_items(desk)
    start = counts(desk, claim_id)
    snapshots = []
    for step in (lambda: desk.decide(a, "supports"), lambda: desk.grade(a, reliability="C", credibility="3"),
                 lambda: desk.decide(b, "duplicate", duplicate_of=a), lambda: desk.note(a, "check date"),
                 lambda: desk.decide(a, "escalate")):
        snapshots.append((state(desk, a), state(desk, b)))
        step()
    assert counts(desk, claim_id) == (start[0] - 2, start[1] + 2)
    for expected in reversed(snapshots):
        assert desk.undo() is not None
        assert (state(desk, a), state(desk, b)) == expected
    assert desk.undo() is None
    assert (counts(desk, claim_id), count(desk, Decision), state(desk, c)[1]) == (start, 10, "pending")


def test_undo_refused_after_another_reviewer_decided(desk: Desk) -> None:
    ben = Desk(desk.engine, ensure_reviewer(desk.engine, "ben"))
    assert ben.reviewer.role == "reviewer" and desk.reviewer.role == "supervisor"
    claim_id, (item, *_) = claim_items(desk)
    desk.decide(item, "supports")
    ben.decide(item, "reject")
    n_decisions = count(desk, Decision)
    with pytest.raises(InvalidValue, match="another reviewer"):
        desk.undo()
    assert (count(desk, Decision), state(desk, item)[:2]) == (n_decisions, ("supports", "rejected"))
    assert ben.undo() is not None  # ben's own decision is his to undo
    assert state(desk, item)[:2] == ("supports", "accepted")
    assert ben.undo() is None


def test_audit_event_per_change_and_in_the_same_transaction(desk: Desk) -> None:
    claim_id, (a, b, *_) = claim_items(desk)
    operations = [lambda: desk.decide(a, "supports"), lambda: desk.grade(a, reliability="A"),
                  lambda: desk.note(a, "n"), lambda: desk.undo()]
    for operation in operations:
        n_audit = count(desk, AuditEvent)
        applied = operation()
        assert count(desk, AuditEvent) == n_audit + 1
        with Session(desk.engine) as session:
            event = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert (event.actor, event.entity, event.entity_id) == ("ana", "evidence", str(a))
        assert event.action == f"decision.{applied.action}" and event.after["decision"] == applied.decision_id
    # If the audit event cannot be written, the decision is not written either.
    with desk.engine.begin() as connection:
        if desk.engine.dialect.name == "sqlite":
            connection.execute(text("CREATE TRIGGER no_audit BEFORE INSERT ON audit_event "
                                    "BEGIN SELECT RAISE(ABORT, 'audit refused'); END"))
        else:
            connection.execute(text("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                                    "$$ BEGIN RAISE EXCEPTION 'audit refused'; END $$"))
            connection.execute(text("CREATE TRIGGER no_audit BEFORE INSERT ON audit_event "
                                    "FOR EACH ROW EXECUTE FUNCTION refuse()"))
    n_decisions, before = count(desk, Decision), counts(desk, claim_id)
    with pytest.raises(DatabaseProblem, match="audit refused"):
        desk.decide(b, "reject")
    assert count(desk, Decision) == n_decisions
    assert state(desk, b)[1] == "pending" and counts(desk, claim_id) == before


def test_counts_agree_with_evidence_after_mixed_sequence(desk: Desk) -> None:
    rng = random.Random(20221017)
    ben = Desk(desk.engine, ensure_reviewer(desk.engine, "ben"))
    with Session(desk.engine) as session:
        every = session.exec(select(Evidence.id, Evidence.claim_id).order_by(Evidence.id)).all()
    # Each reviewer works a few items of two claims and the inbox; they share one item.
    pools = {desk: every[0:3] + every[6:8] + every[-1:], ben: every[2:6] + every[8:10] + every[-2:-1]}
    assert [claim for _, claim in every[-2:]] == [None, None]
    for _ in range(200):
        who = rng.choice([desk, ben])
        item, claim_id = rng.choice(pools[who])
        roll = rng.random()
        try:
            if roll < 0.35:
                who.undo()
            elif roll < 0.45:
                who.grade(item, reliability=rng.choice("ABCDEF"))
            elif roll < 0.5:
                who.note(item, rng.choice(["", "x", "y"]))
            else:
                action = rng.choice(["reject", "escalate", "duplicate"] + ["supports", "refutes"] * bool(claim_id))
                other = next(i for i, _ in every if i != item)
                who.decide(item, action, duplicate_of=other if action == "duplicate" else None)
        except InvalidValue:  # an undo blocked by the other reviewer's later decision
            pass
    assert count(desk, Decision) > 100
    with Session(desk.engine) as session:
        undone_to_pending = session.exec(select(func.count()).select_from(Decision).where(
            Decision.action == "undo", Decision.outcome == "pending")).one()
        assert undone_to_pending >= 5  # the sequence did reopen items, which is where counts go wrong
        for claim in session.exec(select(Claim)).all():
            decided = session.exec(select(Evidence.decided).where(Evidence.claim_id == claim.id)).all()
            assert (claim.n_pending, claim.n_decided) == (decided.count(False), decided.count(True)), claim.ext_id
        for evidence in session.exec(select(Evidence)).all():
            latest = session.exec(select(Decision).where(Decision.evidence_id == evidence.id)
                                  .order_by(Decision.id.desc())).first()
            expected = (latest.stance, latest.outcome, latest.note) if latest else (None, "pending", "")
            assert (evidence.stance, evidence.outcome, evidence.note) == expected
            assert evidence.decided == (evidence.outcome != "pending")
