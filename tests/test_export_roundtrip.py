"""JSONL export → import into an empty database (a SQLite file, whichever backend the
export came from) → export again gives the same bytes:
the same claims (verdicts and proposals too), items (state, grade, note) and decisions
(who, when to the microsecond, overrides' reasons, undo links)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from conftest import sql

from models.audit import verify_chain
from models.desk import Desk
from models.export.runner import run_export
from models.export.selection import selection_of
from models.reviewers import ensure_reviewer

DECISIONS = ("SELECT e.ext_id, r.name, d.at, d.action, d.stance, d.outcome, d.reliability, d.credibility, d.note, "
             "d.reason, d.seconds_on_screen, u.at FROM decision d JOIN evidence e ON e.id = d.evidence_id "
             "JOIN reviewer r ON r.id = d.reviewer_id LEFT JOIN decision u ON u.id = d.undoes_id ORDER BY d.at, d.id")


def stored(desk: Desk, query: str) -> list[tuple]:
    """The rows, times as SQLite keeps them whichever backend holds them."""
    return [tuple(value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime)
                  else value for value in row) for row in sql(desk, query)]


def export_all(desk: Desk, path: Path) -> bytes:
    run_export(desk.engine, desk.reviewer, "jsonl", selection_of(), path)
    return path.read_bytes()


def test_an_export_imports_back_into_the_same_record(desk, tmp_path):
    tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
    first, second, third, fourth = (row.id for row in desk.queue_page(1).rows[:4])
    tom.decide(first, "supports", seconds_on_screen=3.25)
    tom.grade(first, reliability="B", credibility="2")
    desk.decide(second, "refutes")
    desk.note(second, "the video predates the claim")
    tom.decide(third, "duplicate", duplicate_of=first)
    tom.undo()
    desk.override(fourth, "reject", "a parody account")
    new_claim = desk.add_claim("Drones were seen over the river.", from_evidence=desk.queue_page(None).rows[0].id)
    desk.decide(desk.queue_page(new_claim).rows[0].id, "context")
    tom.propose_verdict(2, "false", "the ministry denied it")
    desk.set_verdict(1, "mixed", "evidence both ways")
    original = export_all(desk, tmp_path / "one.jsonl")

    copy = Desk.open(tmp_path / "copy.db", "ana")
    summary = copy.import_file(tmp_path / "one.jsonl")
    assert not summary.rejects, summary.rejects
    assert export_all(copy, tmp_path / "two.jsonl") == original
    for query in (DECISIONS, "SELECT coalesce(ext_id, 'claim-' || id), n_pending, n_decided FROM claim ORDER BY 1"):
        assert stored(copy, query) == stored(desk, query)
    assert verify_chain(copy.engine).intact
    copy.import_file(tmp_path / "one.jsonl")  # again: nothing changes
    assert export_all(copy, tmp_path / "three.jsonl") == original
