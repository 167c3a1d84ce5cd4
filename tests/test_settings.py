"""Per-database settings: checked values, set by supervisors only (audited, and the
refusal too), and the spot-check queue they drive: a stable, keyed share of each
reviewer's triage decisions."""

from __future__ import annotations

import pytest
from conftest import sql

from models.audit import verify_chain
from models.desk import Desk
from models.errors import InvalidValue
from models.filters import QueueFilter, parse_filter
from models.reviewers import ensure_reviewer
from models.roles import NotPermitted


def test_settings_are_checked_set_by_supervisors_and_audited(desk):
    assert desk.settings() == {"review.overlap": "1", "review.blind": "off", "review.spot_check": "0",
                               "publisher.name": "", "publisher.url": "", "publisher.review_url": "",
                               "rating.scale": "", "files.folder": ""}
    with pytest.raises(InvalidValue, match="unknown setting 'review.overlapp'; settings: review.overlap, review.blind"):
        desk.set_setting("review.overlapp", "2")
    with pytest.raises(InvalidValue, match="'0' is not a number of reviewers from 1 to 9"):
        desk.set_setting("review.overlap", "0")
    with pytest.raises(InvalidValue, match="'maybe' is neither on nor off"):
        desk.set_setting("review.blind", "maybe")
    with pytest.raises(InvalidValue, match="'150' is not a percentage from 0 to 100"):
        desk.set_setting("review.spot_check", "150")
    tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
    with pytest.raises(NotPermitted, match="changing the setting review.spot_check needs a supervisor"):
        tom.set_setting("review.spot_check", "50")
    assert desk.set_setting("review.spot_check", "25%") == "25" and tom.setting("review.spot_check") == "25"
    events = sql(desk, "SELECT actor, action, entity_id FROM audit_event WHERE action IN "
                       "('refused', 'setting.set') ORDER BY id")
    assert events == [("tom", "refused", "changing the setting review.spot_check"),
                      ("ana", "setting.set", "review.spot_check")]
    assert verify_chain(desk.engine).intact


def spot_checked(desk: Desk, queue_filter: QueueFilter = QueueFilter()) -> list[int]:
    clauses = desk.decision_clauses(queue_filter, spot_checks=True)
    return [line.id for line in desk.decisions_after(clauses, None, 10_000)]


def test_the_spot_check_queue_holds_a_stable_share_of_each_reviewers_decisions(desk, tmp_path):
    from conftest import write_jsonl

    desk.import_file(write_jsonl(tmp_path / "many.jsonl", [
        {"type": "evidence", "id": f"m{n}", "kind": "photo", "source": "s", "text": f"item {n}"} for n in range(400)]))
    tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
    assert spot_checked(desk) == []  # no share set: nothing goes
    for index, row in enumerate(desk.queue_page(None, limit=400).rows):
        (desk if index % 2 else tom).decide(row.id, "reject")
    desk.grade(row.id, reliability="A")  # a grade is no triage decision: never spot-checked
    desk.set_setting("review.spot_check", "20")
    chosen = spot_checked(desk)
    assert chosen == spot_checked(desk)  # stable
    for name in ("ana", "tom"):
        mine = spot_checked(desk, parse_filter(f"by:{name}"))
        assert 20 <= len(mine) <= 60, (name, len(mine))  # about 20 % of 200
    grades = {id_ for (id_,) in sql(desk, "SELECT id FROM decision WHERE action = 'grade'")}
    assert not grades & set(chosen)
    desk.set_setting("review.spot_check", "100")
    assert len(spot_checked(desk)) == 400
    first = spot_checked(desk)[0]
    desk.confirm(first, "checked")
    assert first not in spot_checked(desk) and len(spot_checked(desk)) == 399  # a confirmed one leaves the queue
