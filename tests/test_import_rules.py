"""Import rules: every bad-input class, duplicates and near duplicates, provenance, captured files."""

from __future__ import annotations

import hashlib
import json

import pytest
from apptools import rows

from models.desk import Desk

CLAIM = {"type": "claim", "id": "c1", "text": "Drones hit Kyiv"}
LONG = "Video shows a Shahed-136 drone diving towards a building in central Kyiv on Monday morning."


@pytest.fixture
def desk(tmp_path):
    opened = Desk.open(tmp_path / "rules.db", "ana")
    yield opened
    opened.engine.dispose()


def jsonl(tmp_path, lines, name="in.jsonl"):
    path = tmp_path / name
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else json.dumps(line).encode() for line in lines))
    return path


BAD = [
    (b"{not json", "not JSON"),
    ({"type": "evidence", "claim": "c1"}, 'evidence needs "url" or "text"'),
    ({"type": "claim", "id": "c2"}, 'missing "text"'),
    ({"type": "evidence", "text": "x", "kind": "hologram"}, "unknown kind 'hologram'"),
    ({"type": "evidence", "text": "x", "published_at": "last Monday"}, '"published_at" is not an ISO 8601 time'),
    ({"type": "evidence", "text": "x", "claim": "c-missing"}, 'unknown claim "c-missing"'),
    ({"type": "evidence", "text": 42}, '"text" must be a string, not int'),
    ({"type": "evidence", "text": "x" * 1_000_001}, '"text" is longer than 1,000,000 characters'),
    (b'{"type": "evidence", "text": "caf\xe9"}', "not valid UTF-8"),
    ({"type": "evidence", "url": "javascript:alert(1)"}, '"url" is not a URL'),
    ({"type": "evidence", "url": "https://exa mple.org/x"}, '"url" is not an http(s) URL'),
    ({"type": "claim", "text": "x", "claim_date": "18/10/2022"}, '"claim_date" is not a date'),
    ([1, 2], "a line must be a JSON object"),
    ({"type": "rumour", "text": "x"}, '"type" must be "claim" or "evidence"'),
]


def test_each_bad_row_is_rejected_with_its_line_and_the_rest_goes_in(desk, tmp_path):
    path = jsonl(tmp_path, [CLAIM] + [line for line, _ in BAD] + [{"type": "evidence", "claim": "c1", "text": "ok"}])
    summary = desk.import_file(path)
    assert (summary.claims_new, summary.evidence_new, summary.rejected) == (1, 1, len(BAD))
    for reject, (line, reason) in zip(summary.rejects, BAD):
        assert reject.reason.startswith(reason), (reject, reason)
    assert [reject.line for reject in summary.rejects] == list(range(2, 2 + len(BAD)))


def test_reimport_is_a_no_op_even_with_duplicates_and_near_duplicates(desk, tmp_path):
    lines = [CLAIM,
             {"type": "evidence", "id": "e1", "claim": "c1", "url": "https://Example.org/v/?utm_source=tw", "text": LONG},
             {"type": "evidence", "id": "e2", "claim": "c1", "url": "http://example.org/v#t=3", "text": LONG.upper()},
             {"type": "evidence", "id": "e3", "claim": "c1", "url": "https://other.example/v", "text": LONG + " Updated."},
             {"type": "evidence", "id": "e4", "url": "https://example.org/v", "text": LONG}]
    path = jsonl(tmp_path, lines)
    first = desk.import_file(path)
    assert (first.evidence_new, first.duplicates, first.near_duplicates) == (3, 1, 1)
    snapshot = rows(desk.engine.url.database, "SELECT * FROM evidence ORDER BY id")
    again = desk.import_file(path)
    assert (again.evidence_new, again.duplicates, again.unchanged) == (0, 0, 5)
    assert rows(desk.engine.url.database, "SELECT * FROM evidence ORDER BY id") == snapshot
    found = rows(desk.engine.url.database, "SELECT ext_id, dup_count, near_dup_of_id, claim_id FROM evidence ORDER BY id")
    assert found == [("e1", 1, None, 1), ("e3", 0, 1, 1), ("e4", 0, None, None)]  # the same link in the inbox stays apart


def test_duplicates_of_items_from_an_earlier_file_are_counted_on_them(desk, tmp_path):
    desk.import_file(jsonl(tmp_path, [CLAIM, {"type": "evidence", "claim": "c1", "url": "https://a.example/x", "text": "t"}], "a.jsonl"))
    later = desk.import_file(jsonl(tmp_path, [{"type": "evidence", "claim": "c1", "url": "https://A.example/x/", "text": " T "}], "b.jsonl"))
    assert (later.evidence_new, later.duplicates) == (0, 1)
    assert rows(desk.engine.url.database, "SELECT dup_count FROM evidence") == [(1,)]


def test_batch_records_file_hash_reviewer_and_counts(desk, tmp_path):
    path = jsonl(tmp_path, [CLAIM, {"type": "evidence", "claim": "c1", "text": "ok"}, b"oops"])
    desk.import_file(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    batch = rows(desk.engine.url.database, "SELECT source, file_sha256, format, claims_new, evidence_new, rejected, "
                                          "reviewer_id FROM import_batch")
    assert batch == [(str(path), digest, "jsonl", 1, 1, 1, 1)]
    event = rows(desk.engine.url.database, "SELECT actor, after FROM audit_event WHERE action = 'import.batch'")
    assert event[0][0] == "ana" and json.loads(event[0][1])["file_sha256"] == digest
    assert rows(desk.engine.url.database, "SELECT batch_id, created_at IS NOT NULL FROM evidence") == [(1, 1)]


def test_captured_files_are_hashed_and_stored_once(desk, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "strike.mp4").write_bytes(b"\x00video bytes" * 100)
    (media / "copy.mp4").write_bytes(b"\x00video bytes" * 100)
    path = jsonl(tmp_path, [
        {"type": "evidence", "id": "f1", "text": "clip", "file": "media/strike.mp4"},
        {"type": "evidence", "id": "f2", "text": "same clip, other name", "file": "media/copy.mp4"},
        {"type": "evidence", "id": "f3", "text": "gone", "file": "media/missing.mp4"},
    ])
    summary = desk.import_file(path)
    assert summary.evidence_new == 2 and summary.rejects[0].reason.startswith('"file" not found')
    digest = hashlib.sha256(b"\x00video bytes" * 100).hexdigest()
    assert rows(desk.engine.url.database, "SELECT file_sha256, file_size, file_type, file_name FROM evidence") == [
        (digest, 1200, "video/mp4", "strike.mp4"), (digest, 1200, "video/mp4", "copy.mp4")]
    stored = tmp_path / "rules.db.files" / digest[:2] / digest[2:]
    assert stored.read_bytes() == b"\x00video bytes" * 100
    assert [p for p in (tmp_path / "rules.db.files").rglob("*") if p.is_file()] == [stored]


def test_claimreview_becomes_a_claim_with_the_publishers_rating(desk, tmp_path):
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checker.example/fc/1",
              "claimReviewed": "Iran sent no drones", "author": {"@type": "Organization", "name": "Checker"},
              "reviewRating": {"ratingValue": "1", "bestRating": 5, "worstRating": 1, "alternateName": "Falso"},
              "itemReviewed": {"@type": "Claim", "author": {"name": "A minister"},
                               "appearance": [{"url": "https://news.example/a"}, "https://t.me/channel/5"]}}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(review), encoding="utf-8")
    summary = desk.import_file(path)
    assert (summary.claims_new, summary.evidence_new, summary.rejected) == (1, 2, 0)
    db = desk.engine.url.database
    assert rows(db, "SELECT publisher, rating, rating_value, best, url FROM external_review") == [
        ("Checker", "Falso", 1.0, 5.0, "https://checker.example/fc/1")]
    assert sorted(rows(db, "SELECT kind, url FROM evidence")) == [("report", "https://news.example/a"),
                                                                  ("social_post", "https://t.me/channel/5")]
    assert desk.import_file(path).unchanged == 3
    assert rows(db, "SELECT count(*) FROM external_review") == [(1,)]


def test_bulk_written_times_read_back_as_the_orm_writes_them(desk, tmp_path):
    from datetime import datetime, timezone

    desk.import_file(jsonl(tmp_path, [{"type": "evidence", "text": "t", "published_at": "2022-10-17T09:30:00.5+02:00"}]))
    detail = desk.detail(1)
    assert detail.published_at == datetime(2022, 10, 17, 7, 30, 0, 500000, tzinfo=timezone.utc)
    assert rows(desk.engine.url.database, "SELECT published_at FROM evidence") == [("2022-10-17 07:30:00.500000",)]


def test_parsing_in_a_worker_process_gives_the_same_database(tmp_path):
    from models.ingest.importer import PARALLEL_FROM, ImportOptions

    lines = [CLAIM] + [
        {"type": "evidence", "id": f"e{n}", "claim": "c1" if n % 7 else None, "url": f"https://x.example/{n % 900}",
         "text": (LONG if n % 3 else "short") + f" {n % 1000}", "kind": "photo",
         "provenance": "p" * 500} for n in range(PARALLEL_FROM + 500)
    ] + [b"{broken", {"type": "evidence", "claim": "nowhere", "text": "x"}]
    source = jsonl(tmp_path, lines)
    results = []
    for parallel in (False, True):
        desk = Desk.open(tmp_path / f"p{parallel}.db", "ana")
        summary = desk.import_file(source, ImportOptions(parallel=parallel))
        results.append((summary.as_dict() | {"seconds": 0}, [(r.line, r.reason) for r in summary.rejects],
                        rows(desk.engine.url.database, "SELECT id, ext_id, claim_id, content_sha256, dup_count, "
                                                       "near_dup_of_id, near_score FROM evidence ORDER BY id")))
        desk.engine.dispose()
    assert source.stat().st_size // 500 >= PARALLEL_FROM  # large enough for the worker
    assert results[0] == results[1]
    assert results[0][0]["duplicates"] > 0 and results[0][0]["near_duplicates"] > 0 and results[0][0]["rejected"] == 2
