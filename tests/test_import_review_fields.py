"""Importing the review fields an export writes: claims' verdicts and proposals, evidence
state and history (undo links, duplicates, grades, notes, override reasons), the reviewers
named, claim counts, the audit chain, idempotence, and per-row rejects of bad values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apptools import rows

from models.audit import verify_chain
from models.desk import Desk
from models.ingest.importer import PARALLEL_FROM, ImportOptions


def at(minute: int) -> str:
    """A time as the export writes it (microseconds, Z)."""
    return f"2026-11-26T16:{minute:02d}:28.1234{minute:02d}Z"


def stored(minute: int) -> str:
    """The same time as SQLite holds it."""
    return f"2026-11-26 16:{minute:02d}:28.1234{minute:02d}"


def exported(kind: str, fields: dict) -> dict:
    return {"type": kind, **dict(sorted(fields.items()))}


def claim(ext: str, text: str, **review) -> dict:
    fields = {"appearance_url": None, "claim_date": None, "claimant": None, "priority": None, "tags": [],
              "status": "open", "verdict": None, "rationale": None, "verdict_by": None, "verdict_at": None,
              "proposed_verdict": None, "proposed_rationale": None, "proposed_by": None, "proposed_at": None,
              "sealed": False}
    return exported("claim", fields | {"id": ext, "text": text} | review)


def item(ext: str, claim_ext: str | None, text: str, *history: dict, **review) -> dict:
    fields = {"kind": "other", "source": "", "url": None, "published_at": None, "captured_at": None,
              "provenance": "", "file_sha256": None, "file_name": None, "file_type": None, "file_size": None,
              "stance": None, "outcome": "pending", "duplicate_of": None, "reliability": None, "credibility": None,
              "note": None, "decided_by": None, "decided_at": None, "reviews": 0, "disputed": False}
    return exported("evidence", fields | {"id": ext, "claim": claim_ext, "text": text, "history": list(history)}
                    | review)


def entry(action: str, minute: int, by: str, **state) -> dict:
    fields = {"stance": None, "outcome": "pending", "duplicate_of": None, "reliability": None, "credibility": None,
              "note": None, "seconds_on_screen": None, "reason": None, "undoes": None}
    return dict(sorted((fields | {"action": action, "at": at(minute), "by": by} | state).items()))


SHA = "ab" * 32
EXPORT = [
    claim("c-amir", "Iran did not supply drones to Russia.", claimant="Hossein Amir-Abdollahian",
          claim_date="2022-10-18", tags=["iran", "drones"], priority=1, status="resolved", verdict="false",
          rationale="Debris and video show Iranian drones.", verdict_by="ana", verdict_at=at(50),
          proposed_verdict="mostly_false", proposed_rationale="Strong physical evidence.", proposed_by="bea",
          proposed_at=at(40), sealed=True),
    claim("c-missiles", "Iran will send missiles.", status="in_review", proposed_verdict="unverifiable",
          proposed_rationale="Only anonymous sources.", proposed_by="carl", proposed_at=at(45)),
    claim("claim-3", "A plain claim."),
    item("e-video", "c-amir", "Video of a Shahed-136 over Kyiv.",
         entry("supports", 1, "bea", stance="supports", outcome="accepted", seconds_on_screen=4.25),
         entry("grade", 2, "bea", stance="supports", outcome="accepted", reliability="B", credibility="2"),
         entry("note", 3, "bea", stance="supports", outcome="accepted", reliability="B", credibility="2",
               note="Geolocated to Kyiv."),
         stance="supports", outcome="accepted", reliability="B", credibility="2", note="Geolocated to Kyiv.",
         decided_by="bea", decided_at=at(3), kind="video", source="Telegram", url="https://t.me/x/1",
         published_at="2022-10-17T07:30:00Z", file_sha256=SHA, file_name="kyiv.mp4", file_type="video/mp4",
         file_size=1234),
    item("e-copy", "c-amir", "Repost of the Kyiv video.",
         entry("refutes", 4, "carl", stance="refutes", outcome="accepted", seconds_on_screen=2.0),
         entry("undo", 5, "carl", undoes=0),
         entry("duplicate", 6, "carl", outcome="duplicate", duplicate_of="e-video"),
         outcome="duplicate", duplicate_of="e-video", decided_by="carl", decided_at=at(6)),
    # Its original comes later in the file.
    item("e-debris", "c-amir", "Photo of debris with Persian markings.",
         entry("duplicate", 7, "dina", outcome="duplicate", duplicate_of="e-later"),
         entry("override", 8, "ana", outcome="rejected", reason="Not a copy: other debris, but unsourced."),
         outcome="rejected", decided_by="ana", decided_at=at(8)),
    item("e-escalated", None, "Anonymous intelligence source on deliveries.",
         outcome="escalated", decided_by="dina", decided_at=at(9)),
    item("e-later", "c-missiles", "Officials deny any missile deal."),
    item("e-context", "c-missiles", "Background on the 2020 arms embargo.",
         stance="context", outcome="accepted", decided_at=at(10)),
]


@pytest.fixture
def fresh(db_path: Path) -> Desk:
    opened = Desk.open(db_path, "ana")
    yield opened
    opened.engine.dispose()


def snapshot(db: Path) -> dict[str, list[tuple]]:
    return {table: rows(db, f"SELECT * FROM {table} ORDER BY 1")
            for table in ("claim", "evidence", "decision", "reviewer", "evidence_alias")}


def test_claims_come_back_with_verdicts_proposals_and_counts(fresh, db_path, jsonl_file):
    summary = fresh.import_file(jsonl_file(EXPORT))
    assert (summary.rejects, summary.claims_new, summary.evidence_new, summary.decisions) == ([], 3, 6, 10)
    assert rows(db_path, """
        SELECT c.ext_id, c.status, c.verdict, c.rationale, v.name, c.verdict_at, c.proposed_verdict,
               c.proposed_rationale, p.name, c.proposed_at, c.sealed, c.priority, c.n_pending, c.n_decided
        FROM claim c LEFT JOIN reviewer v ON v.id = c.verdict_by_id LEFT JOIN reviewer p ON p.id = c.proposed_by_id
        ORDER BY c.id""") == [
        ("c-amir", "resolved", "false", "Debris and video show Iranian drones.", "ana", stored(50), "mostly_false",
         "Strong physical evidence.", "bea", stored(40), 1, 1, 0, 3),
        ("c-missiles", "in_review", None, "", None, None, "unverifiable", "Only anonymous sources.", "carl",
         stored(45), 0, None, 1, 1),
        ("claim-3", "open", None, "", None, None, None, "", None, None, 0, None, 0, 0),
    ]
    assert [(claim.n_pending, claim.n_decided) for claim in fresh.claims()] == [(0, 1), (0, 3), (1, 1), (0, 0)]


def test_evidence_state_is_as_exported(fresh, db_path, jsonl_file):
    fresh.import_file(jsonl_file(EXPORT))
    assert rows(db_path, """
        SELECT e.ext_id, c.ext_id, e.stance, e.outcome, e.decided, d.ext_id, e.reliability, e.credibility, e.note,
               r.name, e.decided_at, e.reviews, e.disputed
        FROM evidence e LEFT JOIN claim c ON c.id = e.claim_id LEFT JOIN evidence d ON d.id = e.duplicate_of_id
        LEFT JOIN reviewer r ON r.id = e.decided_by_id ORDER BY e.id""") == [
        ("e-video", "c-amir", "supports", "accepted", 1, None, "B", "2", "Geolocated to Kyiv.", "bea", stored(3), 0, 0),
        ("e-copy", "c-amir", None, "duplicate", 1, "e-video", None, None, "", "carl", stored(6), 0, 0),
        ("e-debris", "c-amir", None, "rejected", 1, None, None, None, "", "ana", stored(8), 0, 0),
        ("e-escalated", None, None, "escalated", 1, None, None, None, "", "dina", stored(9), 0, 0),
        ("e-later", "c-missiles", None, "pending", 0, None, None, None, "", None, None, 0, 0),
        ("e-context", "c-missiles", "context", "accepted", 1, None, None, None, "", None, stored(10), 0, 0),
    ]
    assert rows(db_path, "SELECT file_sha256, file_name, file_type, file_size, kind, source, published_at "
                         "FROM evidence WHERE ext_id = 'e-video'") == [
        (SHA, "kyiv.mp4", "video/mp4", 1234, "video", "Telegram", "2022-10-17 07:30:00.000000")]


def test_history_becomes_decisions(fresh, db_path, jsonl_file):
    fresh.import_file(jsonl_file(EXPORT))
    decisions = rows(db_path, """
        SELECT e.ext_id, r.name, d.at, d.action, d.stance, d.outcome, o.ext_id, d.reliability, d.credibility,
               d.note, d.seconds_on_screen, d.reason, u.action, u.at
        FROM decision d JOIN evidence e ON e.id = d.evidence_id JOIN reviewer r ON r.id = d.reviewer_id
        LEFT JOIN evidence o ON o.id = d.duplicate_of_id LEFT JOIN decision u ON u.id = d.undoes_id
        ORDER BY d.id""")
    assert decisions == [
        ("e-video", "bea", stored(1), "supports", "supports", "accepted", None, None, None, "", 4.25, "", None, None),
        ("e-video", "bea", stored(2), "grade", "supports", "accepted", None, "B", "2", "", None, "", None, None),
        ("e-video", "bea", stored(3), "note", "supports", "accepted", None, "B", "2", "Geolocated to Kyiv.", None, "",
         None, None),
        ("e-copy", "carl", stored(4), "refutes", "refutes", "accepted", None, None, None, "", 2.0, "", None, None),
        ("e-copy", "carl", stored(5), "undo", None, "pending", None, None, None, "", None, "", "refutes", stored(4)),
        ("e-copy", "carl", stored(6), "duplicate", None, "duplicate", "e-video", None, None, "", None, "", None, None),
        ("e-debris", "dina", stored(7), "duplicate", None, "duplicate", "e-later", None, None, "", None, "", None,
         None),
        ("e-debris", "ana", stored(8), "override", None, "rejected", None, None, None, "", None,
         "Not a copy: other debris, but unsourced.", None, None),
        # Decided without a history: one decision by decided_by, else by the importing reviewer.
        ("e-escalated", "dina", stored(9), "escalate", None, "escalated", None, None, None, "", None, "", None, None),
        ("e-context", "ana", stored(10), "context", "context", "accepted", None, None, None, "", None, "", None, None),
    ]


def test_reviewers_are_added_once_and_the_chain_verifies(fresh, db_path, jsonl_file):
    fresh.import_file(jsonl_file(EXPORT))
    assert rows(db_path, "SELECT name, role FROM reviewer ORDER BY id") == [
        ("ana", "supervisor"), ("bea", "reviewer"), ("carl", "reviewer"), ("dina", "reviewer")]
    events = rows(db_path, "SELECT actor, action, after FROM audit_event ORDER BY id")
    assert [(actor, action) for actor, action, _ in events] == [
        ("ana", "reviewer.add"), ("ana", "reviewer.add"), ("ana", "reviewer.add"), ("ana", "reviewer.add"),
        ("ana", "import.batch")]
    assert [json.loads(after)["name"] for _, action, after in events[1:4]] == ["bea", "carl", "dina"]
    batch = json.loads(events[-1][2])
    assert (batch["decisions"], batch["evidence_new"], batch["claims_new"]) == (10, 6, 3)
    assert verify_chain(fresh.engine).intact


def test_importing_the_export_twice_changes_nothing(fresh, db_path, jsonl_file):
    path = jsonl_file(EXPORT)
    fresh.import_file(path)
    before = snapshot(db_path)
    again = fresh.import_file(path)
    assert (again.claims_new, again.evidence_new, again.decisions, again.unchanged, again.rejects) == (0, 0, 0, 9, [])
    assert snapshot(db_path) == before
    assert json.loads(rows(db_path, "SELECT after FROM audit_event ORDER BY id DESC LIMIT 1")[0][0])["decisions"] == 0
    assert verify_chain(fresh.engine).intact


def test_an_item_already_in_keeps_its_state_and_is_found_as_an_original(fresh, db_path, jsonl_file):
    fresh.import_file(jsonl_file([{"type": "claim", "id": "c-amir", "text": "Iran did not supply drones."},
                                  {"type": "evidence", "id": "e-video", "claim": "c-amir", "text": "A video."}],
                                 "plain.jsonl"))
    summary = fresh.import_file(jsonl_file(EXPORT))
    assert (summary.unchanged, summary.evidence_new, summary.rejects) == (2, 5, [])
    assert rows(db_path, "SELECT outcome, decided_by_id FROM evidence WHERE ext_id = 'e-video'") == [("pending", None)]
    assert rows(db_path, "SELECT count(*) FROM decision d JOIN evidence e ON e.id = d.evidence_id "
                         "WHERE e.ext_id = 'e-video'") == [(0,)]
    assert rows(db_path, "SELECT o.ext_id FROM evidence e JOIN evidence o ON o.id = e.duplicate_of_id "
                         "WHERE e.ext_id = 'e-copy'") == [("e-video",)]
    assert rows(db_path, "SELECT status, verdict FROM claim WHERE ext_id = 'c-amir'") == [("open", None)]
    assert rows(db_path, "SELECT n_pending, n_decided FROM claim WHERE ext_id = 'c-amir'") == [(1, 2)]


def test_items_naming_each_other_both_go_in(fresh, db_path, jsonl_file):
    summary = fresh.import_file(jsonl_file([
        claim("c1", "A claim."),
        item("a", "c1", "First.", entry("duplicate", 1, "bea", outcome="duplicate", duplicate_of="b"),
             outcome="duplicate", duplicate_of="b", decided_by="bea", decided_at=at(1)),
        item("b", "c1", "Second.", entry("duplicate", 2, "bea", outcome="duplicate", duplicate_of="a"),
             entry("undo", 3, "bea", undoes=0)),
    ]))
    assert (summary.evidence_new, summary.decisions, summary.rejects) == (2, 3, [])
    assert rows(db_path, "SELECT e.ext_id, o.ext_id, e.outcome FROM evidence e "
                         "LEFT JOIN evidence o ON o.id = e.duplicate_of_id ORDER BY e.ext_id") == [
        ("a", "b", "duplicate"), ("b", None, "pending")]
    assert rows(db_path, "SELECT n_pending, n_decided FROM claim") == [(1, 1)]


BAD = [
    (claim("c-bad", "Bad verdict.", verdict="truthy"), '"verdict": unknown verdict \'truthy\''),
    (claim("c-bad", "Bad status.", status="closed"), '"status": unknown status \'closed\''),
    (claim("c-bad", "Bad time.", verdict_at="yesterday"), '"verdict_at" is not an ISO 8601 time'),
    (item("e-bad", "c1", "Bad action.", entry("zap", 1, "bea")), '"history[0].action": unknown action \'zap\''),
    (item("e-bad", "c1", "Bad undo.", entry("undo", 1, "bea", undoes=0)),
     '"history[0].undoes" must name an earlier entry of the history, undone once, not 0'),
    (item("e-bad", "c1", "Bad time.", entry("note", 1, "bea") | {"at": "soon"}), '"history[0].at" is not an ISO 8601'),
    (item("e-bad", "c1", "No reviewer.", entry("note", 1, "bea") | {"by": None}), 'missing "history[0].by"'),
    (item("e-bad", "c1", "Bad outcome.", outcome="maybe"), '"outcome": unknown outcome \'maybe\''),
    (item("e-bad", "c1", "Bad grade.", reliability="Z"), '"reliability" must be one of A–F'),
    (item("e-bad", "c1", "Accepted, no stance.", outcome="accepted"), '"stance" must be supports, refutes or context'),
    (item("e-bad", "c1", "Unknown original.", outcome="duplicate", duplicate_of="nope"),
     '"duplicate_of": no item "nope" in the file or the database'),
    (item("e-bad", "c1", "Unknown original in history.", entry("duplicate", 1, "bea", duplicate_of="nope")),
     '"history[0].duplicate_of": no item "nope"'),
]


@pytest.mark.parametrize(("row", "reason"), BAD, ids=[f"line-{n}" for n in range(len(BAD))])
def test_a_bad_review_field_rejects_its_row_only(fresh, db_path, jsonl_file, row, reason):
    good = item("e-good", "c1", "Fine.", stance="refutes", outcome="accepted", decided_by="bea", decided_at=at(1))
    summary = fresh.import_file(jsonl_file([claim("c1", "A claim."), row, good]))
    assert len(summary.rejects) == 1 and reason in summary.rejects[0].reason, summary.rejects
    assert summary.rejects[0].line == 2
    assert rows(db_path, "SELECT ext_id FROM evidence") == [("e-good",)]
    assert rows(db_path, "SELECT ext_id FROM claim") == [("c1",)]
    assert rows(db_path, "SELECT name FROM reviewer ORDER BY id") == [("ana",), ("bea",)]
    assert rows(db_path, "SELECT n_pending, n_decided FROM claim") == [(0, 1)]
    assert verify_chain(fresh.engine).intact


def test_an_item_depending_on_a_rejected_one_is_rejected_too(fresh, db_path, jsonl_file):
    summary = fresh.import_file(jsonl_file([
        claim("c1", "A claim."),
        item("a", "c1", "First.", outcome="duplicate", duplicate_of="b", stance="supports"),
        item("b", "c1", "Second.", outcome="duplicate", duplicate_of="nope"),
    ]))
    rejects = sorted(summary.rejects, key=lambda reject: reject.line)
    assert [(reject.line, reject.reason) for reject in rejects] == [
        (2, '"duplicate_of": no item "b" in the file or the database'),
        (3, '"duplicate_of": no item "nope" in the file or the database'),
    ]
    assert json.loads(rejects[0].raw)["text"] == "First." and json.loads(rejects[1].raw)["text"] == "Second."
    assert rows(db_path, "SELECT count(*) FROM evidence") == [(0,)]


def test_plain_rows_and_pending_exported_items_stay_plain(fresh, db_path, jsonl_file):
    summary = fresh.import_file(jsonl_file([
        {"type": "claim", "id": "c1", "text": "A claim."},
        {"type": "evidence", "id": "e1", "claim": "c1", "text": "Plain."},
        item("e2", "c1", "Exported, never decided."),
    ]))
    assert (summary.evidence_new, summary.decisions, summary.rejects) == (2, 0, [])
    assert rows(db_path, "SELECT outcome, decided, decided_by_id, file_sha256 FROM evidence") == [
        ("pending", 0, None, ""), ("pending", 0, None, "")]
    assert rows(db_path, "SELECT n_pending, n_decided FROM claim") == [(2, 0)]


def test_the_worker_process_path_gives_the_same_database(tmp_path, jsonl_file):
    lines = [claim("c1", "A claim.", status="resolved", verdict="mixed", verdict_by="bea", verdict_at=at(1))]
    for n in range(PARALLEL_FROM + 200):
        review = {}
        if n % 5 == 1:
            review = {"outcome": "rejected", "decided_by": "carl", "decided_at": at(n % 60)}
        elif n % 5 == 2:
            # Every tenth names the next row's item, later in the file.
            original = f"e{n + 1}" if n % 10 == 2 else f"e{n - 2}"
            review = {"history": [entry("duplicate", n % 60, "bea", outcome="duplicate", duplicate_of=original),
                                  entry("undo", (n + 1) % 60, "bea", undoes=0)]}
        lines.append(item(f"e{n}", "c1" if n % 3 else None, f"Item number {n} " + "words " * 40,
                          provenance="p" * 300, **review))
    source = jsonl_file(lines, "large.jsonl")
    assert source.stat().st_size // 500 >= PARALLEL_FROM
    found = []
    for parallel in (False, True):
        desk = Desk.open(tmp_path / f"p{parallel}.db", "ana")
        summary = desk.import_file(source, ImportOptions(parallel=parallel))
        assert summary.rejects == [] and summary.decisions > PARALLEL_FROM // 5
        db = Path(desk.engine.url.database)
        # All but the times of ingest, which differ between the runs.
        found.append((summary.as_dict() | {"seconds": 0}, rows(db, "SELECT * FROM decision ORDER BY id"), rows(
            db, "SELECT id, ext_id, claim_id, stance, outcome, decided, duplicate_of_id, decided_by_id, decided_at, "
                "dup_count, near_dup_of_id, near_score FROM evidence ORDER BY id"),
            rows(db, "SELECT id, status, verdict, verdict_by_id, n_pending, n_decided FROM claim"),
            rows(db, "SELECT id, name, role FROM reviewer ORDER BY id")))
        desk.engine.dispose()
    assert found[0] == found[1]
