"""`evidesk import` as a user runs it: exit codes, the rejects file, --json, SIGKILL mid-import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from apptools import rows

from fixtures import DEMO_JSONL

EVIDESK = [sys.executable, "-m", "tui"]
SUMMARY_KEYS = {"files", "claims_new", "evidence_new", "duplicates", "near_duplicates", "rejected", "seconds"}


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([*EVIDESK, *args, "--reviewer", "ana"], capture_output=True, timeout=120, cwd=cwd)


def big_file(path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"type": "claim", "id": "big", "text": "A busy claim"}) + "\n")
        for n in range(count):
            out.write(json.dumps({"type": "evidence", "id": f"b{n}", "claim": "big", "kind": "social_post",
                                  "url": f"https://social.example/p/{n}", "text": f"post number {n} " * 8}) + "\n")


def lingering(marker: str, seconds: float = 5.0) -> list[str]:
    """Processes still running with `marker` on their command line after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        found = []
        for entry in os.listdir("/proc"):
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    command = handle.read().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, ValueError):
                continue
            if marker in command and entry.isdigit() and int(entry) != os.getpid():
                found.append(command)
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_json_summary_and_exit_0(tmp_path):
    result = run("import", str(DEMO_JSONL), "--db", str(tmp_path / "d.db"), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert SUMMARY_KEYS <= summary.keys() and summary["evidence_new"] == 29
    assert b"\x1b" not in result.stderr  # no progress bar when not on a terminal


def test_rejects_file_and_exit_1(tmp_path):
    source = tmp_path / "mixed.jsonl"
    source.write_text('{"type": "claim", "id": "c1", "text": "ok"}\n{"type": "evidence"}\n', encoding="utf-8")
    result = run("import", str(source), "--db", str(tmp_path / "d.db"))
    assert result.returncode == 1
    assert f"{source}:2: " in result.stderr.decode()
    written = [json.loads(line) for line in (tmp_path / "mixed.jsonl.rejects.jsonl").read_text().splitlines()]
    assert written == [{"file": str(source), "line": 2, "reason": 'evidence needs "url" or "text"',
                        "raw": '{"type":"evidence"}'}]
    chosen = tmp_path / "out" / "r.jsonl"
    chosen.parent.mkdir()
    assert run("import", str(source), "--db", str(tmp_path / "d.db"), "--rejects", str(chosen)).returncode == 1
    assert len(chosen.read_text().splitlines()) == 1


def test_unusable_input_is_one_line_and_exit_2(tmp_path):
    db = str(tmp_path / "d.db")
    cases = [
        (["import", str(tmp_path), "--db", db], "it is a folder"),
        (["import", "nothing.csv", "--db", db], "no such file"),
        (["import", str(DEMO_JSONL), "--map", "oops", "--db", db], "is not COLUMN=FIELD"),
        (["import", str(DEMO_JSONL), "--map", "a=colour", "--db", db], "'colour' is not a field"),
        (["import", str(DEMO_JSONL), "--claim", "c-nowhere", "--db", db], "no claim 'c-nowhere'"),
        (["import", str(DEMO_JSONL), "--format", "xml", "--db", db], "'xml' is not one of"),
    ]
    for args, message in cases:
        result = run(*args)
        err = result.stderr.decode()
        assert result.returncode == 2, (args, err)
        assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert rows(db, "SELECT count(*) FROM evidence") == [(0,)]


def test_sigkill_mid_import_leaves_the_database_as_it_was_and_a_rerun_completes(tmp_path):
    db = tmp_path / "d.db"
    assert run("import", str(DEMO_JSONL), "--db", str(db)).returncode == 0
    before = rows(db, "SELECT count(*) FROM evidence")
    source = tmp_path / "big.jsonl"
    big_file(source, 60_000)
    process = subprocess.Popen([*EVIDESK, "import", str(source), "--db", str(db), "--reviewer", "ana"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = tmp_path / "d.db-wal"
    deadline = time.monotonic() + 60
    while (not wal.exists() or wal.stat().st_size < 2_000_000) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the import finished before it could be killed: make the file bigger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not lingering(str(source)), "a helper process of the killed import is still running"
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert rows(db, "SELECT count(*) FROM evidence") == before
    assert rows(db, "SELECT count(*) FROM import_batch") == [(1,)]
    again = run("import", str(source), "--db", str(db), "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["evidence_new"] == 60_000
    assert rows(db, "SELECT n_pending FROM claim WHERE ext_id = 'big'") == [(60_000,)]


def test_stdin_and_several_files_in_one_run(tmp_path):
    db = tmp_path / "d.db"
    other = tmp_path / "other.jsonl"
    other.write_text('{"type": "evidence", "id": "x1", "text": "inbox item"}\n', encoding="utf-8")
    result = subprocess.run([*EVIDESK, "import", "-", str(other), "--db", str(db), "--json", "--reviewer", "ana"],
                            input=DEMO_JSONL.read_bytes(), capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["files"], summary["evidence_new"]) == (2, 30)
    assert rows(db, "SELECT source FROM import_batch ORDER BY id") == [("<stdin>",), (str(other),)]
