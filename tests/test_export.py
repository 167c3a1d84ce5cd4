"""Exports: each format written from a real database, exactly the rows a view shows,
CSV safe to open in a spreadsheet, byte-identical when repeated, a manifest that
`export verify` checks, the export itself an audit event, and nothing left behind
when an export fails. The command line runs as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import as_json, location, sql
from rich.console import Console
from rich.markdown import Markdown

from models.audit import verify_chain
from models.desk import Desk
from models.errors import EvideskError
from models.export.csv_out import COLUMNS
from models.export.manifest import verify_export
from models.export.runner import run_export
from models.export.selection import selection_of
from models.reviewers import ensure_reviewer

EVIDESK = [sys.executable, "-m", "tui"]
HOSTILE = ["=HYPERLINK(\"http://x.test\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*EVIDESK, *args], capture_output=True, timeout=60, cwd=cwd,
                          env=os.environ | {"EVIDESK_REVIEWER": "ana"})


@pytest.fixture
def reviewed(desk: Desk) -> Desk:
    """The demo desk with decisions by two reviewers, a grade, a note, an undo and a verdict."""
    tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
    first, second, third, fourth = (row.id for row in desk.queue_page(1).rows[:4])
    tom.decide(first, "supports")
    tom.grade(first, reliability="B", credibility="2")
    desk.decide(second, "refutes")
    desk.note(second, "the video predates the claim")
    tom.decide(third, "duplicate", duplicate_of=first)
    tom.undo()
    desk.decide(fourth, "reject")
    desk.decide(desk.queue_page(2).rows[0].id, "context")
    desk.set_verdict(1, "mixed", "evidence both ways")
    return desk


def export(desk: Desk, fmt: str, path: Path, filter_text: str = "", **options) -> Path:
    run_export(desk.engine, desk.reviewer, fmt, selection_of(filter_text, me=desk.reviewer.name, **options), path)
    return path


def jsonl_items(path: Path) -> list[dict]:
    return [row for row in map(json.loads, path.read_text("utf-8").splitlines()) if row["type"] == "evidence"]


def test_jsonl_holds_claims_then_items_with_state_and_history(reviewed, tmp_path):
    lines = [json.loads(line) for line in export(reviewed, "jsonl", tmp_path / "set.jsonl").read_text().splitlines()]
    kinds = [line["type"] for line in lines]
    assert kinds == sorted(kinds) and kinds.count("claim") == 10 and kinds.count("evidence") == 29
    assert all(list(line)[0] == "type" and list(line)[1:] == sorted(list(line)[1:]) for line in lines)
    claim = lines[0]
    assert (claim["id"], claim["verdict"], claim["rationale"], claim["verdict_by"], claim["status"]) == (
        "c-amir-denial", "mixed", "evidence both ways", "ana", "resolved")
    items = {line["id"]: line for line in lines if line["type"] == "evidence"}
    graded = next(item for item in items.values() if item["reliability"] == "B")
    assert (graded["stance"], graded["credibility"], graded["decided_by"], graded["claim"]) == (
        "supports", "2", "tom", "c-amir-denial")
    assert [(entry["action"], entry["by"]) for entry in graded["history"]] == [("supports", "tom"), ("grade", "tom")]
    undone = next(item for item in items.values() if [e["action"] for e in item["history"]] == ["duplicate", "undo"])
    assert undone["history"][0]["duplicate_of"] == graded["id"] and undone["history"][1]["undoes"] == 0
    assert undone["outcome"] == "pending"
    assert any(item["note"] == "the video predates the claim" for item in items.values())
    assert sum(1 for item in items.values() if item["claim"] is None) == 2  # the inbox's items too


@pytest.mark.parametrize("filter_text", [
    "", "outcome:accepted", "outcome:pending", "stance:supports,refutes", "by:tom", "claim:1 -outcome:pending",
    "claim:inbox", "tag:drones", "grade:B", "kind:video,photo -stance:none",
])
def test_an_export_holds_exactly_the_rows_the_view_shows(reviewed, tmp_path, filter_text):
    selection = selection_of(filter_text, me="ana")
    shown = [row.id for row in reviewed.view_after(selection.view, None, 10_000)]
    exported = jsonl_items(export(reviewed, "jsonl", tmp_path / "set.jsonl", filter_text))
    assert len(exported) == len(shown) == reviewed.view_count(selection.view)
    ids = dict(sql(reviewed, "SELECT coalesce(ext_id, 'evidence-' || id), id FROM evidence"))
    assert [ids[item["id"]] for item in exported] == shown
    rows = list(csv.DictReader(io.StringIO(export(reviewed, "csv", tmp_path / "set.csv", filter_text)
                                           .read_text("utf-8"), newline="")))
    assert [row["evidence_id"] for row in rows] == [item["id"] for item in exported]


def test_a_search_and_resolved_only_narrow_the_export(reviewed, tmp_path):
    searched = selection_of(search="drone")
    assert [item["id"] for item in jsonl_items(export(reviewed, "jsonl", tmp_path / "a.jsonl", search="drone"))] \
        and len(jsonl_items(tmp_path / "a.jsonl")) == reviewed.view_count(searched.view)
    resolved = [line for line in map(json.loads, export(reviewed, "jsonl", tmp_path / "b.jsonl", resolved_only=True)
                                     .read_text().splitlines())]
    assert {line["claim"] for line in resolved if line["type"] == "evidence"} == {"c-amir-denial"}
    assert [line["id"] for line in resolved if line["type"] == "claim"] == ["c-amir-denial"]


def test_csv_reads_back_the_same_values_and_never_runs_a_formula(desk, tmp_path, jsonl_file):
    desk.import_file(jsonl_file([
        {"type": "evidence", "id": f"h{n}", "kind": "social_post", "source": value, "text": f"{value} é 漢字 \"q\", x",
         "url": f"https://example.org/{n}"} for n, value in enumerate(HOSTILE)]))
    for row in desk.queue_page(None).rows:
        desk.note(row.id, "=1+2")
    path = export(desk, "csv", tmp_path / "set.csv", "claim:inbox")
    raw = path.read_bytes()
    assert raw.startswith(",".join(COLUMNS).encode()) and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == len(HOSTILE) + 2
    hostile = [row for row in rows if row["evidence_id"].startswith("h")]
    for row, value in zip(hostile, HOSTILE):
        assert row["source"] == "'" + value  # neutralised, otherwise the same
        assert row["text"] == f"'{value} é 漢字 \"q\", x"
        assert row["note"] == "'=1+2"
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_markdown_escapes_outside_text_and_renders(desk, tmp_path):
    item = desk.queue_page(1).rows[0].id
    desk.decide(item, "supports")
    desk.note(item, "x")
    sql(desk, "UPDATE evidence SET source = '[click](javascript:alert(1)) <b>bold</b> *x*' WHERE id = ?", item)
    text = export(desk, "markdown", tmp_path / "report.md").read_text("utf-8")
    assert "\\[click\\](javascript:alert(1)) \\<b\\>bold\\</b\\> \\*x\\*" in text
    assert "### For (1)" in text and "## Iran has not provided" in text
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(Markdown(text))
    shown = console.file.getvalue()
    assert "[click](javascript:alert(1)) <b>bold</b> *x*" in shown


def test_the_same_database_and_filter_give_the_same_bytes(reviewed, tmp_path):
    for fmt in ("jsonl", "csv", "markdown"):
        first = export(reviewed, fmt, tmp_path / f"one.{fmt}", "claim:1").read_bytes()
        again = export(reviewed, fmt, tmp_path / f"two.{fmt}", "claim:1").read_bytes()
        assert first == again
        manifests = [json.loads((tmp_path / f"{name}.{fmt}.manifest.json").read_text()) for name in ("one", "two")]
        assert manifests[0]["sha256"] == manifests[1]["sha256"]
        assert manifests[0]["audit_head"] != manifests[1]["audit_head"]  # each export is an event


def test_the_manifest_records_the_export_and_verify_catches_a_change(reviewed, tmp_path):
    path = export(reviewed, "jsonl", tmp_path / "set.jsonl", "outcome:decided")
    manifest = json.loads((tmp_path / "set.jsonl.manifest.json").read_text())
    assert manifest["format"] == "jsonl" and manifest["file"] == "set.jsonl"
    assert manifest["counts"] == {"claims": 2, "evidence": 4, "decisions": 6}
    assert manifest["selection"]["filter"] == "outcome:decided" and manifest["created_by"] == "ana"
    assert manifest["bytes"] == path.stat().st_size
    assert verify_chain(reviewed.engine, manifest["audit_head"]).intact
    event = sql(reviewed, "SELECT actor, action, entity_id, after FROM audit_event ORDER BY id DESC LIMIT 1")[0]
    assert event[:3] == ("ana", "export", "jsonl") and as_json(event[3])["sha256"] == manifest["sha256"]
    assert verify_export(path).intact
    path.write_bytes(path.read_bytes().replace(b"supports", b"refutes_"))
    check = verify_export(path)
    assert not check.intact and "does not match the SHA-256" in check.problem


def test_export_from_the_shell(reviewed, tmp_path):
    db = location(reviewed)
    shown = run("export", "--format", "jsonl", "--outcome", "accepted", "--db", db)
    assert shown.returncode == 0 and len(shown.stdout.decode().splitlines()) == 2 + 3  # claims with items, items
    written = run("export", "--format", "csv", "--out", "set.csv", "--stance", "supports", "--reviewer", "tom",
                  "--db", db, cwd=tmp_path)
    assert written.returncode == 0 and "exported 1 evidence to set.csv" in written.stdout.decode()
    assert run("export", "verify", "set.csv", cwd=tmp_path).returncode == 0
    (tmp_path / "set.csv").write_text("changed")
    changed = run("export", "verify", "set.csv", cwd=tmp_path)
    assert changed.returncode == 1 and "changed after the export" in changed.stderr.decode()
    for args, message in ((["--stance", "maybe"], "not a known stance"),
                          (["--out", "nowhere/x.csv"], "folder nowhere does not exist"),
                          (["--reviewer", "nobody"], "no reviewer named 'nobody'")):
        bad = run("export", "--format", "csv", *args, "--db", db, cwd=tmp_path)
        assert bad.returncode == 2 and message in bad.stderr.decode()
        assert "Traceback" not in bad.stderr.decode() and len(bad.stderr.decode().splitlines()) == 1
    missing = run("export", "verify", "nothing.csv", cwd=tmp_path)
    assert missing.returncode == 2 and "no manifest beside nothing.csv" in missing.stderr.decode()
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".partial")]


def test_a_failed_export_leaves_nothing_behind(reviewed, tmp_path, monkeypatch):
    from models.export import jsonl

    def broken(row, decisions):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonl, "item_fields", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(EvideskError, match="cannot write .*set.jsonl: No space left on device"):
        export(reviewed, "jsonl", folder / "set.jsonl")
    assert os.listdir(folder) == []


def test_an_invalid_claimreview_export_names_each_problem_and_writes_nothing(reviewed, tmp_path):
    db = location(reviewed)
    refused = run("export", "--format", "claimreview", "--out", "reviews.json", "--db", db, cwd=tmp_path)
    errors = refused.stderr.decode().splitlines()
    assert refused.returncode == 1 and "Traceback" not in refused.stderr.decode()
    assert [line.split(" is not set")[0] for line in errors[:4]] == [
        "evidesk: publisher.name", "evidesk: publisher.url", "evidesk: publisher.review_url", "evidesk: rating.scale"]
    assert errors[-1] == "evidesk: nothing written: 4 problem(s)"
    assert not list(tmp_path.glob("reviews.json*")) and not list(tmp_path.glob(".reviews.json*"))
    for key, value in (("publisher.name", "Example Fact Check"), ("publisher.url", "https://desk.example.org"),
                       ("publisher.review_url", "https://desk.example.org/checks/{id}"),
                       ("rating.scale", "accurate=5,mostly_accurate=4,mixed=3,misleading=2,mostly_false=2,false=1,"
                                        "unverifiable=")):
        reviewed.set_setting(key, value)
    written = run("export", "--format", "claimreview", "--out", "reviews.json", "--db", db, cwd=tmp_path)
    assert written.returncode == 0 and "exported 1 claims to reviews.json" in written.stdout.decode()
    assert "claimReviewed is 108 characters" in written.stderr.decode()  # a warning, not an error
    reviews = json.loads((tmp_path / "reviews.json").read_text("utf-8"))
    assert [(review["reviewRating"]["alternateName"], review["url"]) for review in reviews] == [
        ("mixed", "https://desk.example.org/checks/c-amir-denial")]
    assert run("export", "verify", "reviews.json", cwd=tmp_path).returncode == 0
