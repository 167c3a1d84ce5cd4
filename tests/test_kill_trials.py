"""SIGKILL at random moments of an import, of a reviewer's decisions and of an export.
After every kill the database opens, passes its integrity check, `evidesk check` and the
audit chain; every decision shown on screen is in it; an import is all there or not at
all; an export file is complete or absent.

EVIDESK_KILL_TRIALS sets the trials per kind (default 6; the note's figures ran 100).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from hashlib import sha256
from pathlib import Path

import pytest
from apptools import make_demo_db, rows
from cli_run import EVIDESK

from models.database import open_existing
from models.upkeep import check

TRIALS = int(os.environ.get("EVIDESK_KILL_TRIALS", "6"))
DRIVER = Path(__file__).with_name("kill_driver.py")
ENV = os.environ | {"EVIDESK_REVIEWER": "ana"}


def many_items(path: Path, count: int, claim: str = "c-kill") -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"type": "claim", "id": claim, "text": "A claim under fire"}) + "\n")
        for n in range(count):
            out.write(json.dumps({"type": "evidence", "id": f"{claim}-{n}", "claim": claim, "kind": "report",
                                  "source": f"Source {n % 40}", "url": f"https://example.org/{claim}/{n}",
                                  "text": f"Item {n}: " + "what the witness saw and when " * 6}) + "\n")
    return path


def assert_sound(db: Path) -> None:
    """Opens; integrity, search index, counts and audit chain all as they should be."""
    engine = open_existing(db)
    try:
        problems = [(finding.check, finding.problem) for finding in check(engine) if finding.problem]
    finally:
        engine.dispose()
    assert problems == [], problems


def kill_after(process: subprocess.Popen, delay: float) -> None:
    time.sleep(delay)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)


def start(args: list[str], **options) -> subprocess.Popen:
    return subprocess.Popen(args, env=ENV, start_new_session=True, stdin=subprocess.DEVNULL, **options)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The demo desk with a claim of 20 000 items, copied for each trial."""
    folder = tmp_path_factory.mktemp("kill")
    db = make_demo_db(folder)
    done = subprocess.run([*EVIDESK, "--db", str(db), "import", str(many_items(folder / "base.jsonl", 20000,
                                                                                "c-base"))], env=ENV)
    assert done.returncode == 0
    return db


def trial_db(template: Path, folder: Path, n: int) -> Path:
    db = folder / f"trial{n}.db"
    shutil.copy(template, db)
    return db


def test_an_import_killed_anywhere_is_all_there_or_not_at_all(template, tmp_path):
    source = many_items(tmp_path / "incoming.jsonl", 15000)
    timing_db = trial_db(template, tmp_path, -1)
    began = time.monotonic()
    assert subprocess.run([*EVIDESK, "--db", str(timing_db), "import", str(source)], env=ENV).returncode == 0
    whole = time.monotonic() - began
    seen = set()
    for n in range(TRIALS):
        db = trial_db(template, tmp_path, n)
        importing = start([*EVIDESK, "--db", str(db), "import", str(source)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kill_after(importing, random.uniform(0.1, whole))
        importing.wait()
        assert_sound(db)
        (count,), = rows(db, "SELECT count(*) FROM evidence WHERE ext_id LIKE 'c-kill-%'")
        assert count in (0, 15000), count
        seen.add(count)
        db.unlink()
    again = trial_db(template, tmp_path, TRIALS)
    interrupted = start([*EVIDESK, "--db", str(again), "import", str(source)], stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
    kill_after(interrupted, whole / 2)
    interrupted.wait()
    assert subprocess.run([*EVIDESK, "--db", str(again), "import", str(source)], env=ENV,
                          capture_output=True).returncode == 0
    assert rows(again, "SELECT count(*) FROM evidence WHERE ext_id LIKE 'c-kill-%'") == [(15000,)]
    print(f"import kill trials: {TRIALS}, outcomes {sorted(seen)}")


def test_a_reviewer_killed_mid_decision_keeps_every_decision_the_screen_showed(template, tmp_path):
    decided_in_all = 0
    for n in range(TRIALS):
        db = trial_db(template, tmp_path, n)
        acks: list[tuple[int, str]] = []
        driver = start([sys.executable, str(DRIVER), str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
        first = threading.Event()

        def read(out=driver.stdout, acks=acks, first=first) -> None:
            for line in out:
                _, item, action = line.split()
                acks.append((int(item), action))
                first.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert first.wait(60), driver.stderr.read() if driver.poll() is not None else "no decision in 60 s"
        kill_after(driver, random.uniform(0, 1.5))
        driver.wait()
        reader.join()
        driver.stderr.close()
        assert driver.returncode == -signal.SIGKILL, "the reviewer stopped before the kill"
        decided = [(item, action) for item, action in rows(db, "SELECT evidence_id, action FROM decision ORDER BY id")]
        assert decided[: len(acks)] == acks  # every decision shown on screen, in order
        assert len(decided) <= len(acks) + 1  # and at most the one whose key was being handled
        assert_sound(db)
        decided_in_all += len(acks)
        db.unlink()
    print(f"triage kill trials: {TRIALS}, {decided_in_all} decisions shown and kept")


def test_an_export_killed_anywhere_leaves_a_whole_recorded_file_or_none(template, tmp_path):
    timing_db = trial_db(template, tmp_path, -1)
    out = tmp_path / "timing.jsonl"
    began = time.monotonic()
    assert subprocess.run([*EVIDESK, "--db", str(timing_db), "export", "--format", "jsonl", "--out", str(out)],
                          env=ENV, capture_output=True).returncode == 0
    whole = time.monotonic() - began
    outcomes = {"absent": 0, "whole": 0}
    for n in range(TRIALS):
        db, target = trial_db(template, tmp_path, n), tmp_path / f"export{n}.jsonl"
        exporting = start([*EVIDESK, "--db", str(db), "export", "--format", "jsonl", "--out", str(target)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kill_after(exporting, random.uniform(0.1, whole))
        exporting.wait()
        assert_sound(db)
        recorded = {json.loads(after)["sha256"] for (after,) in rows(
            db, "SELECT after FROM audit_event WHERE action = 'export'")}
        if target.exists():
            assert sha256(target.read_bytes()).hexdigest() in recorded  # complete, and in the audit log
            outcomes["whole"] += 1
        else:
            outcomes["absent"] += 1
        db.unlink()
    print(f"export kill trials: {TRIALS}, {outcomes}")
