"""Claim verdicts: a reviewer proposes, a supervisor finalises; the verdict view's case
lists the accepted evidence for and against, and suggests a verdict from it."""

from __future__ import annotations

import pytest
from conftest import as_json, sql

from models.audit import verify_chain
from models.desk import Desk
from models.errors import InvalidValue
from models.reviewers import ensure_reviewer
from models.roles import NotPermitted
from models.verdicts import suggest_verdict
from models.vocab import Verdict


@pytest.fixture
def tom(desk: Desk) -> Desk:
    return Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))


def last_event(desk: Desk) -> tuple:
    actor, action, entity_id, before, after = sql(
        desk, "SELECT actor, action, entity_id, before, after FROM audit_event ORDER BY id DESC LIMIT 1")[0]
    return actor, action, entity_id, as_json(before), as_json(after)


def test_suggestion_in_all_four_cases():
    assert suggest_verdict([], []) == (Verdict.UNVERIFIABLE, "no item supports it, no item refutes it")
    assert suggest_verdict([1, 2, 3], []) == (Verdict.ACCURATE, "3 items support it, no item refutes it")
    assert suggest_verdict([], [1]) == (Verdict.FALSE, "no item supports it, 1 item refutes it")
    assert suggest_verdict([1, 2, 3], [1, 2]) == (Verdict.MIXED, "3 items support it, 2 items refute it")


def test_a_reviewer_proposes_and_it_is_audited(desk, tom):
    with pytest.raises(InvalidValue, match="needs a rationale"):
        tom.propose_verdict(1, "false", "  ")
    row = tom.propose_verdict(1, "mostly false", "the footage is older")
    assert (row.proposed_verdict, row.status, row.verdict) == ("mostly_false", "in_review", None)
    assert sql(desk, "SELECT proposed_verdict, proposed_rationale, r.name, proposed_at IS NOT NULL, status FROM "
                     "claim JOIN reviewer r ON r.id = proposed_by_id WHERE claim.id = 1") == [
        ("mostly_false", "the footage is older", "tom", 1, "in_review")]
    assert last_event(desk) == ("tom", "claim.propose", "1",
                                {"proposed_verdict": None, "proposed_rationale": "", "status": "open"},
                                {"proposed_verdict": "mostly_false", "proposed_rationale": "the footage is older",
                                 "status": "in_review"})
    assert verify_chain(desk.engine).intact


def test_a_reviewer_may_not_finalise_nor_propose_on_a_sealed_claim(desk, tom):
    with pytest.raises(NotPermitted, match="a claim's verdict needs a supervisor; tom is a reviewer"):
        tom.set_verdict(1, "false", "I think so")
    desk.seal_claim(1, "done")
    with pytest.raises(NotPermitted, match="proposing a verdict on sealed claim #1 needs a supervisor"):
        tom.propose_verdict(1, "false", "I think so")
    assert sql(desk, "SELECT verdict, proposed_verdict FROM claim WHERE id = 1") == [(None, None)]
    assert last_event(desk)[:3] == ("tom", "refused", "proposing a verdict on sealed claim #1")
    assert desk.propose_verdict(1, "false", "a supervisor may").proposed_verdict == "false"
    assert verify_chain(desk.engine).intact


def test_the_case_lists_accepted_items_for_and_against_with_grades(desk, tom):
    items = [row.id for row in desk.queue_page(1).rows]
    assert len(items) >= 5
    tom.decide(items[0], "supports")
    tom.grade(items[0], reliability="B", credibility="2")
    tom.decide(items[1], "refutes")
    tom.decide(items[2], "context")
    tom.decide(items[3], "reject")
    desk.decide(items[4], "supports")
    case = desk.verdict_case(1)
    assert [item.id for item in case.supporting] == [items[0], items[4]]
    assert [item.id for item in case.refuting] == [items[1]]
    first = case.supporting[0]
    assert (first.grade, first.decided_by, case.supporting[1].decided_by) == ("B2", "tom", "ana")
    assert first.source and first.kind and 0 < len(first.excerpt) <= 200
    assert case.n_context == 1
    assert (case.suggested, case.why) == (Verdict.MIXED, "2 items support it, 1 item refutes it")
    assert (case.verdict, case.proposed_verdict) == (None, None)


def test_finalising_records_the_suggestion_and_keeps_the_proposal(desk, tom):
    item = desk.queue_page(1).rows[0].id
    tom.decide(item, "refutes")
    tom.propose_verdict(1, "false", "the item refutes it")
    row = desk.set_verdict(1, "misleading", "true in part, framed falsely")
    assert (row.verdict, row.status, row.proposed_verdict) == ("misleading", "resolved", "false")
    actor, action, _, _, after = last_event(desk)
    assert (actor, action, after["suggested"], after["overrules_suggestion"]) == (
        "ana", "claim.verdict", "false", True)
    desk.set_verdict(1, "false", "on reflection, false")
    assert last_event(desk)[4]["overrules_suggestion"] is False
    case = desk.verdict_case(1)
    assert (case.verdict, case.proposed_verdict, case.proposed_by) == ("false", "false", "tom")
    assert tom.propose_verdict(1, "mixed", "still unsure").status == "resolved"  # a proposal reopens nothing
    assert verify_chain(desk.engine).intact
