"""Importing evidesk JSONL v1: the demo set, idempotence, duplicates, rejected lines, claim_text, BOM."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from fixtures import DEMO_JSONL
from models.desk import Desk
from models.tables import Claim, Evidence, ImportBatch

CLAIM = {"type": "claim", "id": "c1", "text": "Drones were seen over Kyiv.", "claim_date": "2022-10-17"}


@pytest.fixture
def fresh(db_path: Path) -> Desk:
    opened = Desk.open(db_path, "ana")
    yield opened
    opened.engine.dispose()


def rows(desk: Desk, table) -> list[dict]:
    with Session(desk.engine) as session:
        return [row.model_dump() for row in session.exec(select(table).order_by(table.id)).all()]


def evidence(desk: Desk) -> list[dict]:
    return rows(desk, Evidence)


def test_demo_fixture_imports_cleanly(fresh: Desk) -> None:
    summary = fresh.import_file(DEMO_JSONL)
    assert summary.rejects == []
    assert summary.claims_new >= 10 and summary.evidence_new >= 20
    assert (summary.duplicates, summary.unchanged, summary.files) == (0, 0, 1)
    assert len(rows(fresh, Claim)) == summary.claims_new
    items = evidence(fresh)
    assert len(items) == summary.evidence_new
    assert all(item["content_sha256"] and item["batch_id"] for item in items)
    assert {item["kind"] for item in items} >= {"video", "photo", "physical", "statement", "report"}
    with Session(fresh.engine) as session:
        batch = session.exec(select(ImportBatch)).one()
    assert (batch.claims_new, batch.evidence_new, batch.rejected) == (summary.claims_new, summary.evidence_new, 0)


def test_importing_twice_changes_nothing(desk: Desk) -> None:
    claims, items = rows(desk, Claim), evidence(desk)
    again = desk.import_file(DEMO_JSONL)
    assert (again.claims_new, again.evidence_new, again.duplicates, again.rejects) == (0, 0, 0, [])
    assert again.unchanged == len(claims) + len(items)
    assert rows(desk, Claim) == claims
    assert evidence(desk) == items


def test_exact_duplicate_is_counted_on_the_original(fresh: Desk, jsonl_file) -> None:
    path = jsonl_file([
        CLAIM,
        {"type": "evidence", "id": "e1", "claim": "c1", "url": "https://example.com/story?id=7&utm_source=x",
         "text": "Witnesses saw drones."},
        {"type": "evidence", "id": "e2", "claim": "c1", "url": "http://WWW.Example.com:80/story/?utm_medium=y&id=7",
         "text": "  witnesses SAW\tdrones. "},
        {"type": "evidence", "claim": "c1", "url": "example.com/story?id=7", "text": "WITNESSES saw drones."},
        {"type": "evidence", "text": "inbox copy"},
        {"type": "evidence", "text": "Inbox   Copy"},
    ])
    summary = fresh.import_file(path)
    assert (summary.evidence_new, summary.duplicates, summary.rejects) == (2, 3, [])
    first, inbox = evidence(fresh)
    assert (first["ext_id"], first["dup_count"], first["text"]) == ("e1", 2, "Witnesses saw drones.")
    assert (inbox["claim_id"], inbox["dup_count"]) == (None, 1)
    assert (fresh.claims()[1].n_pending, fresh.claim(None).n_pending) == (1, 1)


def test_same_link_under_two_claims_or_two_excerpts_are_separate(fresh: Desk, jsonl_file) -> None:
    url = "https://example.com/report"
    path = jsonl_file([
        CLAIM, {"type": "claim", "id": "c2", "text": "Missiles are on their way."},
        {"type": "evidence", "claim": "c1", "url": url, "text": "Excerpt one."},
        {"type": "evidence", "claim": "c2", "url": url, "text": "Excerpt one."},
        {"type": "evidence", "claim": "c1", "url": url, "text": "Excerpt two."},
    ])
    summary = fresh.import_file(path)
    assert (summary.evidence_new, summary.duplicates) == (3, 0)
    assert [(row.ext_id, row.n_pending) for row in fresh.claims()[1:]] == [("c1", 2), ("c2", 1)]


def test_bad_lines_rejected_with_line_numbers(fresh: Desk, jsonl_file) -> None:
    good = {"type": "evidence", "claim": "c1", "url": "https://example.com/ok", "text": "fine"}
    path = jsonl_file([
        CLAIM,                                                                   # 1
        '{"type": "evidence", "text": ',                                          # 2
        {"type": "banana", "text": "x"},                                          # 3
        {"type": "evidence", "claim": "c-nope", "text": "orphan"},                # 4
        {"type": "claim", "id": "c-empty", "claimant": "nobody"},                 # 5
        {"type": "evidence", "claim": "c1", "source": "nothing else"},            # 6
        {"type": "evidence", "claim": "c1", "text": "when?", "published_at": "yesterday"},  # 7
        b'{"type": "claim", "id": "c-latin1", "text": "caf\xe9"}',               # 8
        good,                                                                     # 9
        {"type": "claim", "id": "c-baddate", "text": "t", "claim_date": "2022-13-45"},  # 10
        "",                                                                       # 11 (blank: skipped)
        "[1, 2]",                                                                 # 12
        good | {"url": "https://example.com/ok2"},                                # 13
    ])
    summary = fresh.import_file(path)
    reasons = {reject.line: reject.reason for reject in summary.rejects}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 10, 12]
    assert "not JSON" in reasons[2]
    assert '"type"' in reasons[3] and "banana" in reasons[3]
    assert "unknown claim" in reasons[4] and "c-nope" in reasons[4]
    assert '"text"' in reasons[5]
    assert '"url" or "text"' in reasons[6]
    assert "published_at" in reasons[7]
    assert "UTF-8" in reasons[8]
    assert "claim_date" in reasons[10]
    assert "object" in reasons[12]
    assert str(summary.rejects[0]) == f"{path}:2: {reasons[2]}"
    assert (summary.claims_new, summary.evidence_new, summary.as_dict()["rejected"]) == (1, 2, 9)
    assert [claim["ext_id"] for claim in rows(fresh, Claim)] == ["c1"]  # rejected claims left nothing
    assert [item["url"] for item in evidence(fresh)] == ["https://example.com/ok", "https://example.com/ok2"]
    with Session(fresh.engine) as session:
        assert session.exec(select(func.sum(ImportBatch.rejected))).one() == 9


def test_claim_text_finds_or_creates_the_claim(fresh: Desk, jsonl_file) -> None:
    fresh.import_file(jsonl_file([CLAIM], "claims.jsonl"))
    summary = fresh.import_file(jsonl_file([
        {"type": "evidence", "claim_text": "Drones were seen over Kyiv.", "text": "exact"},
        {"type": "evidence", "claim_text": "  drones WERE seen   over kyiv. ", "text": "normalised"},
        {"type": "evidence", "claim_text": "A brand new claim.", "text": "first"},
        {"type": "evidence", "claim_text": "A brand new claim.", "text": "second"},
    ], "evidence.jsonl"))
    assert (summary.claims_new, summary.evidence_new, summary.rejects) == (1, 4, [])
    claims = {row.text: row for row in fresh.claims()[1:]}
    assert set(claims) == {"Drones were seen over Kyiv.", "A brand new claim."}
    assert claims["Drones were seen over Kyiv."].n_pending == 2
    assert claims["A brand new claim."].n_pending == 2
    assert fresh.claim(None).n_pending == 0


def test_utf8_bom_at_start_is_accepted(fresh: Desk, tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + '{"type": "claim", "id": "c1", "text": "Caf\u00e9 claim"}\n'.encode())
    summary = fresh.import_file(path)
    assert (summary.claims_new, summary.rejects) == (1, [])
    assert fresh.claims()[1].text == "Caf\u00e9 claim"


def test_missing_file_is_one_line_error(fresh: Desk, tmp_path: Path) -> None:
    from models.errors import EvideskError

    with pytest.raises(EvideskError, match="cannot read") as caught:
        fresh.import_file(tmp_path / "absent.jsonl")
    assert "\n" not in str(caught.value)


def test_reimporting_a_file_with_a_duplicate_changes_nothing(fresh: Desk, jsonl_file) -> None:
    path = jsonl_file([CLAIM, {"type": "evidence", "id": "e1", "claim": "c1", "url": "https://a.example/x", "text": "A"},
                       {"type": "evidence", "id": "e2", "claim": "c1", "url": "https://a.example/x/", "text": "a"}])
    fresh.import_file(path)
    before = evidence(fresh)
    fresh.import_file(path)
    assert evidence(fresh) == before
