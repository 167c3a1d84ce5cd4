"""The evidesk command line, run as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from apptools import rows
from terminal import Terminal

from fixtures import DEMO_JSONL
from models.desk import Desk

EVIDESK = [sys.executable, "-m", "tui"]


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*EVIDESK, *args], input=stdin, capture_output=True, timeout=60,
        env=os.environ | {"EVIDESK_REVIEWER": "ana"} | (env or {}),
    )


def one_line_error(result: subprocess.CompletedProcess) -> str:
    err = result.stderr.decode()
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


def test_version_and_help():
    assert run("--version").stdout.decode().startswith("evidesk ")
    help_text = run("--help").stdout.decode()
    assert "demo" in help_text and "import" in help_text and "--db" in help_text


def test_import_with_db_after_the_subcommand(tmp_path):
    db = tmp_path / "desk.db"
    result = run("import", str(DEMO_JSONL), "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["claims_new"] >= 8 and summary["evidence_new"] >= 20 and summary["rejected"] == 0
    again = json.loads(run("--db", str(db), "import", str(DEMO_JSONL), "--json").stdout)
    assert again["claims_new"] == again["evidence_new"] == 0
    assert rows(db, "SELECT name, role FROM reviewer") == [("ana", "supervisor")]


def test_import_reads_stdin_and_env_database(tmp_path):
    db = tmp_path / "env.db"
    line = b'{"type": "evidence", "id": "e1", "url": "https://example.org/a", "text": "from a pipe"}\n'
    result = run("import", "-", stdin=line, env={"EVIDESK_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert rows(db, "SELECT ext_id, claim_id FROM evidence") == [("e1", None)]


def test_rejected_lines_are_named_and_exit_1(tmp_path):
    source = tmp_path / "mixed.jsonl"
    source.write_text('{"type": "claim", "id": "c1", "text": "ok"}\nnot json\n{"type": "evidence", "claim": "nope", '
                      '"text": "x"}\n', encoding="utf-8")
    result = run("import", str(source), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 1
    err = result.stderr.decode().splitlines()
    assert err[0].startswith(f"{source}:2: not JSON") and err[1].startswith(f"{source}:3: unknown claim")
    assert "1 new claim" in result.stdout.decode()


@pytest.mark.parametrize(
    "args, message",
    [
        (["import", "missing.jsonl"], "cannot read missing.jsonl"),
        (["import"], "Missing argument"),
        (["bogus"], "No such command"),
        (["import", str(DEMO_JSONL), "--db", "/no/such/folder/x.db"], "folder /no/such/folder does not exist"),
        (["--reviewer", " ", "import", str(DEMO_JSONL)], "reviewer name is empty"),
    ],
)
def test_user_mistakes_give_one_line_and_exit_2(tmp_path, args, message):
    result = run(*args, env={"EVIDESK_DB": str(tmp_path / "m.db")})
    assert result.returncode == 2
    assert message in one_line_error(result)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    before = junk.read_bytes()
    result = run("import", str(DEMO_JSONL), "--db", str(junk))
    assert result.returncode == 2
    assert "cannot open database" in one_line_error(result)
    assert junk.read_bytes() == before


def test_demo_opens_the_workstation_and_quits_cleanly(tmp_path):
    db = tmp_path / "demo.db"
    terminal = Terminal([*EVIDESK, "demo", "--db", str(db), "--reviewer", "ana"])
    try:
        terminal.wait_for("Supports")
        assert "ana (supervisor)" in terminal.text()
        terminal.send(b"\x11")  # ctrl+q
        terminal.wait_for("demo database stays at")
        assert terminal.process.wait(timeout=10) == 0
    finally:
        terminal.kill()
    assert rows(db, "SELECT count(*) FROM claim") == [(10,)]


def test_default_database_lives_in_the_user_data_folder(tmp_path):
    result = run("import", str(DEMO_JSONL), env={"XDG_DATA_HOME": str(tmp_path / "data"), "EVIDESK_DB": ""})
    assert result.returncode == 0, result.stderr
    assert rows(tmp_path / "data" / "evidesk" / "evidesk.db", "SELECT count(*) FROM claim") == [(10,)]


def test_saved_views_from_the_shell(tmp_path):
    db = str(tmp_path / "desk.db")
    saved = run("view", "save", "pending videos", "Kind:video outcome:pending", "--db", db)
    assert saved.returncode == 0, saved.stderr
    assert run("view", "save", "strikes", "--search", "drone strike", "--db", db).returncode == 0
    listed = run("view", "list", "--db", db).stdout.decode().splitlines()
    assert listed == ["pending videos\tkind:video outcome:pending\t", "strikes\t\tdrone strike"]
    bad = run("view", "save", "oops", "kind:hologram", "--db", db)
    assert bad.returncode == 2 and "'hologram' in 'kind:hologram' is not a known kind" in one_line_error(bad)
    assert run("view", "delete", "strikes", "--db", db).returncode == 0
    missing = run("view", "delete", "strikes", "--db", db)
    assert missing.returncode == 2 and "no saved view named 'strikes'" in one_line_error(missing)
    remaining = run("view", "list", "--db", db).stdout.decode().splitlines()
    assert remaining == ["pending videos\tkind:video outcome:pending\t"]


def test_audit_verify_and_log_from_the_shell(tmp_path):
    db = str(tmp_path / "desk.db")
    assert run("import", str(DEMO_JSONL), "--db", db).returncode == 0
    assert run("reviewer", "add", "tom", "--db", db).returncode == 0
    refused = run("reviewer", "add", "ben", "--role", "supervisor", "--db", db, env={"EVIDESK_REVIEWER": "tom"})
    assert refused.returncode == 2 and "adding a supervisor needs a supervisor; tom is a reviewer" in one_line_error(
        refused)
    assert run("reviewer", "list", "--db", db).stdout.decode().splitlines() == ["ana\tsupervisor", "tom\treviewer"]
    intact = run("audit", "verify", "--db", db)
    assert intact.returncode == 0 and intact.stdout.decode().startswith("audit chain intact: 4 events, head ")
    head = intact.stdout.decode().split()[-1]
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"audit_head": head}))
    assert run("audit", "verify", "--manifest", str(manifest), "--db", db).returncode == 0
    logged = [json.loads(line) for line in run("audit", "log", "--json", "--db", db).stdout.decode().splitlines()]
    assert [event["action"] for event in logged] == ["reviewer.add", "import.batch", "reviewer.add", "refused"]
    assert [e["action"] for e in map(json.loads, run("audit", "log", "--reviewer", "tom", "--json", "--db", db)
                                     .stdout.decode().splitlines())] == ["refused"]
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM audit_event WHERE id = 4")
    cut = run("audit", "verify", "--head", head, "--db", db)
    assert cut.returncode == 1 and "does not contain the head" in one_line_error(cut)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE audit_event SET actor = 'mallory' WHERE id = 2")
    broken = run("audit", "verify", "--db", db)
    assert broken.returncode == 1 and "event 2 (import.batch by mallory" in one_line_error(broken)
    manifest.write_text("{not json")
    bad = run("audit", "verify", "--manifest", str(manifest), "--db", db)
    assert bad.returncode == 2 and "cannot read the manifest" in one_line_error(bad)


def test_stats_from_the_shell(tmp_path):
    db = tmp_path / "desk.db"
    desk = Desk.open(db, "ana")
    desk.import_file(DEMO_JSONL)
    item = desk.queue_page(1).rows[0].id
    desk.decide(item, "supports", seconds_on_screen=3.0)
    desk.engine.dispose()
    figures = run("stats", "--json", "--db", str(db))
    assert figures.returncode == 0, figures.stderr
    parsed = json.loads(figures.stdout)
    assert parsed["reviewers"] == [{"name": "ana", "decisions": 1, "median_seconds": 3.0}]
    assert parsed["pairs"] == [] and parsed["stance_alpha"] is None
    text = run("stats", "--db", str(db)).stdout.decode()
    assert "ana\t1\t3.0" in text and "Krippendorff's alpha on stance: n/a" in text


def test_config_from_the_shell(tmp_path):
    db = str(tmp_path / "desk.db")
    assert run("config", "list", "--db", db).stdout.decode().splitlines() == [
        "review.overlap\t1", "review.blind\toff", "review.spot_check\t0",
        "publisher.name\t", "publisher.url\t", "publisher.review_url\t", "rating.scale\t",
        "files.folder\t"]
    changed = run("config", "set", "review.spot_check", "10", "--db", db).stdout.decode().strip()
    assert changed == "review.spot_check = 10"
    assert run("config", "get", "review.spot_check", "--db", db).stdout.decode().strip() == "10"
    bad = run("config", "set", "nope", "1", "--db", db)
    assert bad.returncode == 2 and "unknown setting 'nope'" in one_line_error(bad)
    refused = run("config", "set", "review.spot_check", "50", "--db", db, env={"EVIDESK_REVIEWER": "tom"})
    assert refused.returncode == 2 and "needs a supervisor; tom is a reviewer" in one_line_error(refused)
