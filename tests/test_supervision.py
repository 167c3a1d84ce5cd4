"""A supervisor's operations: overrides with a reason that keep the old decisions,
confirmations, sealed claims read-only for reviewers (not for supervisors), reopening
with a reason — each refused for reviewers, each in the audit chain."""

from __future__ import annotations

import pytest
from conftest import sql

from models.audit import verify_chain
from models.desk import Desk
from models.errors import InvalidValue
from models.reviewers import ensure_reviewer
from models.roles import NotPermitted


@pytest.fixture
def tom(desk: Desk) -> Desk:
    return Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))


def test_an_override_is_a_new_decision_with_its_reason_and_the_old_one_stays(desk, tom):
    item = tom.queue_page(1).rows[0].id
    tom.decide(item, "supports")
    with pytest.raises(InvalidValue, match="an override needs a reason"):
        desk.override(item, "refutes", "  ")
    applied = desk.override(item, "refutes", "the footage is from 2019")
    assert applied.state.stance == "refutes"
    assert sql(desk, "SELECT r.name, d.action, d.stance, d.reason FROM decision d JOIN reviewer r ON r.id = "
                     "d.reviewer_id WHERE evidence_id = ? ORDER BY d.id", item) == [
        ("tom", "supports", "supports", ""), ("ana", "override", "refutes", "the footage is from 2019")]
    assert sql(desk, "SELECT stance, outcome FROM evidence WHERE id = ?", item) == [("refutes", "accepted")]
    assert sql(desk, "SELECT action, reason FROM audit_event ORDER BY id DESC LIMIT 1") == [
        ("decision.override", "the footage is from 2019")]
    with pytest.raises(NotPermitted, match="overriding a decision needs a supervisor; tom is a reviewer"):
        tom.override(item, "supports", "I disagree")
    assert verify_chain(desk.engine).intact


def test_a_confirmation_is_audited_and_changes_nothing(desk, tom):
    item = tom.queue_page(1).rows[0].id
    decision = tom.decide(item, "refutes").decision_id
    desk.confirm(decision, "checked against the source")
    assert sql(desk, "SELECT action, entity, entity_id, reason FROM audit_event ORDER BY id DESC LIMIT 1") == [
        ("decision.confirm", "decision", str(decision), "checked against the source")]
    with pytest.raises(NotPermitted):
        tom.confirm(decision)


def test_a_sealed_claim_is_read_only_for_reviewers_until_reopened_with_a_reason(desk, tom):
    item = tom.queue_page(1).rows[0].id
    assert desk.seal_claim(1, "verdict published") is not None
    for attempt in (lambda: tom.decide(item, "supports"), lambda: tom.grade(item, reliability="A"),
                    lambda: tom.note(item, "more"), lambda: tom.seal_claim(1)):
        with pytest.raises(NotPermitted):
            attempt()
    assert sql(desk, "SELECT count(*) FROM decision") == [(0,)]
    refusals = sql(desk, "SELECT actor, entity_id FROM audit_event WHERE action = 'refused' ORDER BY id")
    assert refusals[0] == ("tom", "changing an item of sealed claim #1") and len(refusals) == 4
    desk.decide(item, "context")  # a supervisor still may
    with pytest.raises(InvalidValue, match="reopening a claim needs a reason"):
        desk.reopen_claim(1, "")
    with pytest.raises(InvalidValue, match="already sealed"):
        desk.seal_claim(1)
    desk.reopen_claim(1, "new footage arrived")
    tom.decide(item, "supports")
    assert sql(desk, "SELECT action, reason FROM audit_event WHERE entity = 'claim' ORDER BY id") == [
        ("claim.seal", "verdict published"), ("claim.reopen", "new footage arrived")]
    assert verify_chain(desk.engine).intact


SUPERVISOR_ONLY = {
    "override": lambda tom, item, decision: tom.override(item, "refutes", "I disagree"),
    "confirm": lambda tom, item, decision: tom.confirm(decision),
    "adjudicate": lambda tom, item, decision: tom.adjudicate(item, decision),
    "seal": lambda tom, item, decision: tom.seal_claim(1, "done"),
    "reopen": lambda tom, item, decision: tom.reopen_claim(1, "more came in"),
    "verdict": lambda tom, item, decision: tom.set_verdict(1, "false", "the footage is old"),
    "setting": lambda tom, item, decision: tom.set_setting("review.overlap", "1"),
    "new supervisor": lambda tom, item, decision: tom.add_reviewer("eva", "supervisor"),
    "role change": lambda tom, item, decision: tom.add_reviewer("tom", "supervisor"),
}


@pytest.mark.parametrize("operation", SUPERVISOR_ONLY)
def test_every_supervisor_only_operation_is_refused_for_a_reviewer_and_audited(desk, tom, operation):
    desk.set_setting("review.overlap", "2")
    item = tom.queue_page(1).rows[0].id
    decision = tom.decide(item, "supports").decision_id
    Desk(desk.engine, ensure_reviewer(desk.engine, "eva")).decide(item, "refutes")  # a dispute to settle
    before = sql(desk, "SELECT count(*) FROM audit_event")[0][0]
    state = sql(desk, "SELECT * FROM evidence WHERE id = ?", item), sql(desk, "SELECT * FROM claim WHERE id = 1")
    with pytest.raises(NotPermitted, match="needs a supervisor; tom is a reviewer"):
        SUPERVISOR_ONLY[operation](tom, item, decision)
    assert sql(desk, "SELECT actor, action FROM audit_event WHERE id > (SELECT max(id) - 1 FROM audit_event)") == [
        ("tom", "refused")]
    assert sql(desk, "SELECT count(*) FROM audit_event")[0][0] == before + 1  # the refusal, and nothing else
    assert (sql(desk, "SELECT * FROM evidence WHERE id = ?", item), sql(desk, "SELECT * FROM claim WHERE id = 1")) \
        == state
    assert sql(desk, "SELECT role FROM reviewer WHERE name = 'tom'") == [("reviewer",)]
    assert verify_chain(desk.engine).intact
