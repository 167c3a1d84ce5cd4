"""The tamper-evident audit log: every change appends a chained event, verification
names the first event edited, deleted, swapped or forged, a head recorded earlier
catches a cut-off tail, and supervisor-only operations are refused (and audited)
for reviewers."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import sql

from models.audit import GENESIS, verify_chain
from models.audit_log import audit_events
from models.database import SCHEMA_VERSION, schema_version
from models.desk import Desk
from models.reviewers import ensure_reviewer
from models.roles import NotPermitted


def busy_day(desk: Desk) -> Desk:
    """One change of every kind the desk makes."""
    item = desk.queue_page(1).rows[0].id
    desk.decide(item, "refutes")
    desk.grade(item, reliability="B", credibility="2")
    desk.note(item, "ask for the original")
    desk.undo()
    desk.set_verdict(1, "false", "the footage shows it")
    desk.link(desk.queue_page(None).rows[0].id, 2)
    desk.add_claim("A claim added by hand")
    desk.save_view("mine", "by:me")
    desk.add_reviewer("tom")
    return desk


def test_every_change_appends_an_event_to_one_unbroken_chain(desk):
    busy_day(desk)
    actions = [action for (action,) in sql(desk, "SELECT action FROM audit_event ORDER BY id")]
    assert actions == ["reviewer.add", "import.batch", "decision.refutes", "decision.grade", "decision.note",
                       "decision.undo", "claim.verdict", "evidence.link", "claim.add", "view.save", "reviewer.add"]
    links = sql(desk, "SELECT prev_hash, hash FROM audit_event ORDER BY id")
    assert links[0][0] == GENESIS and all(prev == before[1] for (prev, _), before in zip(links[1:], links))
    check = verify_chain(desk.engine)
    assert check.intact and check.events == len(actions) and check.head == links[-1][1]


def tampered(desk: Desk, *statements: str) -> str:
    head = verify_chain(desk.engine).head
    for statement in statements:
        sql(desk, statement)
    check = verify_chain(desk.engine, head)
    assert not check.intact
    return check.problem or "head missing"


def test_an_edited_field_is_named(desk):
    busy_day(desk)
    edited = ("json_set(after, '$.stance', 'supports')" if desk.engine.dialect.name == "sqlite"
              else "jsonb_set(after::jsonb, '{stance}', '\"supports\"')::json")
    problem = tampered(desk, f"UPDATE audit_event SET after = {edited} WHERE id = 3")
    assert problem.startswith("event 3 (decision.refutes by ana at ") and "edited or forged" in problem


def test_a_deleted_event_is_named(desk):
    busy_day(desk)
    assert tampered(desk, "DELETE FROM audit_event WHERE id = 5").startswith("event 5 is missing")


def test_a_deletion_hidden_by_renumbering_is_named(desk):
    busy_day(desk)
    problem = tampered(desk, "DELETE FROM audit_event WHERE id = 5", "UPDATE audit_event SET id = id - 1 WHERE id > 5")
    assert problem.startswith("event 5 does not follow event 4")


def test_two_swapped_events_are_named(desk):
    busy_day(desk)
    problem = tampered(desk, "UPDATE audit_event SET id = -1 WHERE id = 4", "UPDATE audit_event SET id = 4 WHERE id = 5",
                       "UPDATE audit_event SET id = 5 WHERE id = -1")
    assert problem.startswith("event 4 does not follow event 3")


def test_a_forged_event_is_named(desk):
    busy_day(desk)
    last_id, last_hash = sql(desk, "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1")[0]
    problem = tampered(desk, "INSERT INTO audit_event (id, at, actor, action, entity, entity_id, reason, prev_hash, "
                             f"hash) VALUES ({last_id + 1}, '2026-01-01 00:00:00.000000', 'ana', 'claim.verdict', "
                             f"'claim', '1', '', '{last_hash}', '{'f' * 64}')")
    assert problem.startswith(f"event {last_id + 1} (claim.verdict by ana") and "forged" in problem


def test_a_cut_off_tail_is_caught_by_a_head_recorded_before(desk):
    busy_day(desk)
    head = verify_chain(desk.engine).head
    sql(desk, "DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)")
    assert verify_chain(desk.engine).intact  # what is left is a valid chain…
    check = verify_chain(desk.engine, head)
    assert check.head_found is False and not check.intact  # …that no longer holds the head


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # a file from an older version
def test_a_log_from_before_the_chain_is_chained_on_open(desk):
    busy_day(desk)
    path = desk.engine.url.database
    desk.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE audit_event DROP COLUMN hash")
        conn.execute("ALTER TABLE audit_event DROP COLUMN prev_hash")
        conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        conn.execute("DROP TABLE alembic_version")  # a file from before migrations
    reopened = Desk.open(path, "ana")
    try:
        assert schema_version(reopened.engine) == SCHEMA_VERSION
        assert verify_chain(reopened.engine).intact
        reopened.decide(reopened.queue_page(1).rows[0].id, "reject")
        assert verify_chain(reopened.engine).events == 12
    finally:
        reopened.engine.dispose()


def test_a_reviewer_is_refused_a_verdict_and_the_refusal_is_audited(desk):
    tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
    with pytest.raises(NotPermitted, match="a claim's verdict needs a supervisor; tom is a reviewer"):
        tom.set_verdict(1, "false", "I think so")
    assert sql(desk, "SELECT verdict FROM claim WHERE id = 1") == [(None,)]
    assert sql(desk, "SELECT actor, action, entity_id FROM audit_event ORDER BY id DESC LIMIT 1") == [
        ("tom", "refused", "a claim's verdict")]
    with pytest.raises(NotPermitted):
        tom.add_reviewer("maria", "supervisor")
    desk.add_reviewer("tom", "supervisor")  # a supervisor's call
    assert tom.set_verdict(1, "false", "now I may").verdict == "false"  # the role is read afresh
    assert [(r.name, r.role) for r in desk.reviewers()] == [("ana", "supervisor"), ("tom", "supervisor")]
    assert verify_chain(desk.engine).intact


def test_the_log_reads_back_by_reviewer_claim_and_time(desk):
    busy_day(desk)
    tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
    item = tom.queue_page(2).rows[0].id
    tom.decide(item, "supports")
    assert [(e.actor, e.action) for e in audit_events(desk.engine, reviewer="tom")] == [("tom", "decision.supports")]
    claim_one = [e.action for e in audit_events(desk.engine, claim_id=1)]
    assert claim_one[:5] == ["decision.refutes", "decision.grade", "decision.note", "decision.undo", "claim.verdict"]
    every = audit_events(desk.engine)
    assert audit_events(desk.engine, since=every[-1].at) == every[-1:]
    assert audit_events(desk.engine, until=every[0].at) == []
    assert json.loads(json.dumps(every[2].as_dict()))["after"]["stance"] == "refutes"
