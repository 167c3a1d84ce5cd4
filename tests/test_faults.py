"""Faults a reviewer's machine meets: a read-only or locked database, a full disk, a damaged
file, a file from a newer evidesk, a bad config. Each gives one line and a documented exit
code, never a traceback, and leaves the database as it was."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from apptools import make_demo_db, rows, settle, toasts
from cli_run import evidesk, one_line_error

from tui.app import EvideskApp

PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def contents(db: Path) -> str:
    """A digest of everything the database holds, as SQL."""
    with sqlite3.connect(db) as connection:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def many_items(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"type": "claim", "id": "c-many", "text": "A claim with many items"}) + "\n")
        for n in range(count):
            out.write(json.dumps({"type": "evidence", "id": f"m{n}", "claim": "c-many", "kind": "report",
                                  "text": f"item {n} " + "words of the report " * 15}) + "\n")
    return path


# --- a read-only database ------------------------------------------------------------------

def _drop_permission_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")


def read_only(path: Path):
    """Take the write permission from `path`; returns what makes it hold in the child process
    (root ignores permissions until the capabilities that override them are dropped)."""
    path.chmod(path.stat().st_mode & 0o555)
    if os.geteuid() != 0:
        return None
    probe = subprocess.run(["true"], preexec_fn=_drop_permission_override)
    assert probe.returncode == 0
    return _drop_permission_override


def test_a_read_only_file_is_read_by_reports_and_refused_by_whatever_writes(tmp_path):
    db = make_demo_db(tmp_path)
    before = contents(db)
    as_user = read_only(db)

    for command in ([], ["import", str(many_items(tmp_path / "more.jsonl", 5))], ["reviewer", "add", "bob"],
                    ["config", "set", "review.overlap", "2"]):
        result = evidesk("--db", str(db), *command, preexec=as_user)
        assert result.returncode == 2, (command, result.stderr)
        assert "readonly database" in one_line_error(result) and "permissions" in result.stderr, command

    stats = evidesk("--db", str(db), "stats", preexec=as_user)
    assert stats.returncode == 0 and "ana" in stats.stdout
    assert evidesk("--db", str(db), "audit", "verify", preexec=as_user).returncode == 0
    checked = evidesk("--db", str(db), "check", preexec=as_user)
    assert checked.returncode == 0, checked.stdout
    assert "search index: not checked: the file is read-only" in checked.stdout
    assert "file integrity: ok" in checked.stdout
    assert contents(db) == before


def test_a_read_only_folder_is_one_line_for_every_command(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    db = make_demo_db(folder)
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA journal_mode = DELETE")  # no -wal or -shm file left to write in
    before = contents(db)
    as_user = read_only(folder)
    try:
        for command in ([], ["stats"], ["import", "-"]):
            result = evidesk("--db", str(db), *command, preexec=as_user, stdin="")
            assert result.returncode == 2, (command, result.stderr)
            assert "cannot open database" in one_line_error(result) and "folder" in result.stderr
    finally:
        folder.chmod(0o755)
    assert contents(db) == before


# --- a database locked by another program ---------------------------------------------------

@contextmanager
def write_lock_held(db: Path):
    """Another program holding the database's write lock until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN EXCLUSIVE'); c.execute('UPDATE meta SET value = value')\n"
         "print('held', flush=True); time.sleep(120)", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        yield
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_lock_held_past_the_busy_timeout_stops_commands_with_one_line(tmp_path):
    db = make_demo_db(tmp_path)
    before = contents(db)
    source = many_items(tmp_path / "more.jsonl", 20)
    with write_lock_held(db):
        env = os.environ | {"EVIDESK_REVIEWER": "ana"}
        running = {name: subprocess.Popen([sys.executable, "-m", "tui", "--db", str(db), *args], env=env,
                                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True)
                   for name, args in (("import", ["import", str(source)]), ("workstation", []))}
        finished = {name: (process, *process.communicate(timeout=60)) for name, process in running.items()}
        reports = evidesk("--db", str(db), "stats")  # readers never wait on a writer
    assert reports.returncode == 0
    for name, (process, _out, err) in finished.items():
        assert process.returncode == 2, (name, err)
        assert "database is locked (another program kept it busy for more than 5 s)" in err, name
        one_line_error(subprocess.CompletedProcess([], 2, "", err))
    assert contents(db) == before


async def test_a_decision_refused_by_a_lock_is_said_and_the_key_again_records_it(tmp_path):
    db = make_demo_db(tmp_path)
    app = EvideskApp(db, "ana")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        first = app.screen.queue.current.id
        with write_lock_held(db):
            await pilot.press("s")
            await settle(app, pilot)
        assert any("cannot decide" in toast and "locked" in toast for toast in toasts(app)), toasts(app)
        assert rows(db, "SELECT count(*) FROM decision") == [(0,)]
        assert app.screen.queue.current.id == first and app.screen.queue.current.outcome == "pending"
        await pilot.press("s")
        await settle(app, pilot)
    assert rows(db, "SELECT evidence_id, action FROM decision") == [(first, "supports")]


# --- a full disk ------------------------------------------------------------------------------

def _file_size_limit(size: int):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    return limit


@contextmanager
def small_filesystem(folder: Path, size: str):
    """A filesystem of `size` mounted on `folder` (root only: skips elsewhere)."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_an_import_that_fills_the_disk_keeps_none_of_its_rows(tmp_path):
    db = make_demo_db(tmp_path)
    before = contents(db)
    source = many_items(tmp_path / "more.jsonl", 3000)
    result = evidesk("--db", str(db), "import", str(source), preexec=_file_size_limit(db.stat().st_size + 64 * 1024))
    assert result.returncode == 2, result.stderr
    assert f"cannot import {source}" in one_line_error(result) and "the disk is full" in result.stderr
    assert contents(db) == before and integrity(db) == "ok"
    again = evidesk("--db", str(db), "import", str(source))  # with room again, it completes
    assert again.returncode == 0, again.stderr
    assert rows(db, "SELECT count(*) FROM evidence WHERE ext_id LIKE 'm%'") == [(3000,)]


def test_a_database_on_a_full_filesystem_refuses_the_import_whole(tmp_path):
    with small_filesystem(tmp_path / "disk", "1m") as disk:
        db = make_demo_db(disk)
        before = contents(db)
        result = evidesk("--db", str(db), "import", str(many_items(tmp_path / "more.jsonl", 3000)))
        assert result.returncode == 2, result.stderr
        assert "disk is full" in one_line_error(result)
        assert contents(db) == before and integrity(db) == "ok"


def test_an_export_to_a_full_filesystem_leaves_no_file_and_says_so(tmp_path):
    db = make_demo_db(tmp_path)
    imported = evidesk("--db", str(db), "import", str(many_items(tmp_path / "more.jsonl", 600)))
    assert imported.returncode == 0
    with small_filesystem(tmp_path / "disk", "64k") as disk:
        for fmt in ("jsonl", "csv", "markdown"):
            target = disk / f"out.{fmt}"
            events = rows(db, "SELECT count(*) FROM audit_event")
            result = evidesk("--db", str(db), "export", "--format", fmt, "--out", str(target))
            if fmt == "markdown" and result.returncode == 0:  # only accepted items: small enough to fit
                target.unlink()
                Path(f"{target}.manifest.json").unlink()
                continue
            assert result.returncode == 2, (fmt, result.stderr)
            assert f"cannot write {target}" in one_line_error(result) and "No space left" in result.stderr
            assert list(disk.iterdir()) == [], fmt
            assert rows(db, "SELECT count(*) FROM audit_event") == events  # no export event for a failed export


async def test_a_decision_that_finds_the_disk_full_is_refused_and_the_ones_before_it_kept(tmp_path):
    db = make_demo_db(tmp_path)
    app = EvideskApp(db, "ana")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert rows(db, "SELECT count(*) FROM decision") == [(1,)]
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))  # room for no page more
        try:
            shown = app.screen.queue.current.id
            await pilot.press("r")
            await settle(app, pilot)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        assert any("cannot decide" in toast and "disk is full" in toast for toast in toasts(app)), toasts(app)
        assert app.screen.queue.current.id == shown and app.screen.queue.current.outcome == "pending"
    assert rows(db, "SELECT action FROM decision") == [("supports",)]
    assert integrity(db) == "ok"
    assert evidesk("--db", str(db), "check").returncode == 0


# --- a damaged file, a newer evidesk's file ---------------------------------------------------------

def test_a_file_of_random_bytes_is_not_a_database_and_stays_as_it_was(tmp_path):
    db = tmp_path / "random.db"
    db.write_bytes(random.Random(8).randbytes(64 * 1024))
    before = db.read_bytes()
    for command in ([], ["stats"], ["import", "-"], ["check"], ["export", "--format", "jsonl"]):
        result = evidesk("--db", str(db), *command, stdin="")
        assert result.returncode == 2, (command, result.stderr)
        assert "file is not a database" in one_line_error(result), command
    assert db.read_bytes() == before


def test_a_damaged_page_is_named_by_check_and_never_a_traceback(tmp_path):
    db = make_demo_db(tmp_path)
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        roots = [root for (root,) in connection.execute(  # the evidence table's pages and its indexes'
            "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'evidence' AND rootpage > 0")]
    data = bytearray(db.read_bytes())
    noise = random.Random(3)
    for page in roots:
        start = (page - 1) * page_size
        data[start + 8: start + page_size] = noise.randbytes(page_size - 8)
    db.write_bytes(bytes(data))
    checked = evidesk("--db", str(db), "check")
    assert checked.returncode == 1, checked.stderr
    assert "Traceback" not in checked.stderr and "file integrity: " in checked.stdout
    assert "file integrity: ok" not in checked.stdout
    for command in (["stats"], ["export", "--format", "jsonl"], ["audit", "verify"], []):
        result = evidesk("--db", str(db), *command)
        assert "Traceback" not in result.stderr, command
        if result.returncode != 0:
            assert result.returncode in (1, 2) and result.stderr.strip(), command
            one_line_error(result)


def test_a_database_from_a_newer_evidesk_is_left_alone(tmp_path):
    db = make_demo_db(tmp_path)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    before = contents(db)
    for command in ([], ["stats"], ["import", "-"], ["db", "upgrade"], ["export", "--format", "csv"]):
        result = evidesk("--db", str(db), *command, stdin="")
        assert result.returncode == 2, (command, result.stderr)
        assert "database schema version 0099 is newer than this evidesk knows" in one_line_error(result)
    current = evidesk("--db", str(db), "db", "current")
    assert current.returncode == 0 and "newer than this evidesk knows" in current.stdout
    assert contents(db) == before


# --- the config file ------------------------------------------------------------------------------

@pytest.fixture
def config_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("EVIDESK_CONFIG", raising=False)
    monkeypatch.delenv("EVIDESK_DB", raising=False)
    folder = tmp_path / "config" / "evidesk"
    folder.mkdir(parents=True)
    return folder


def test_the_config_file_names_the_desk_and_options_still_win(tmp_path, config_home):
    db, other = make_demo_db(tmp_path), tmp_path / "other.db"
    (config_home / "config.toml").write_text(f'# the desk\ndb = "{db}"\nreviewer = "maria"\n', encoding="utf-8")
    listed = evidesk("reviewer", "list", env={"EVIDESK_REVIEWER": ""})
    assert listed.returncode == 0 and "maria" in listed.stdout and "ana" in listed.stdout
    assert evidesk("--db", str(other), "stats").returncode == 0 and other.exists()


@pytest.mark.parametrize(("written", "expected"), [
    (b'db = "a.db"\nreviewer = maria\n', "line 2"),
    (b'db = "a.db"\n\ncolour = "red"\n', "line 3: unknown setting 'colour' (known: db, reviewer, inbox, theme)"),
    (b'reviewer = 7\n', "line 1: reviewer must be text in quotes, not int"),
    (b'db = "a.db"\nreviewer = "Mar\xeda"\n', "line 2: not valid UTF-8"),
])
def test_a_wrong_config_is_named_with_its_line(tmp_path, config_home, written, expected):
    config = config_home / "config.toml"
    config.write_bytes(written)
    result = evidesk("stats", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"config {config}" in one_line_error(result) and expected in result.stderr
    assert not (tmp_path / "a.db").exists()


def test_an_unreadable_or_missing_named_config_is_one_line(tmp_path, config_home):
    config = config_home / "config.toml"
    config.write_text('db = "a.db"\n', encoding="utf-8")
    config.chmod(0o200)
    as_user = read_only(config)  # also drops root's override of the missing read permission
    result = evidesk("stats", cwd=tmp_path, preexec=as_user)
    assert result.returncode == 2 and f"cannot read config {config}: Permission denied" in one_line_error(result)
    missing = evidesk("stats", env={"EVIDESK_CONFIG": str(tmp_path / "nowhere.toml")})
    assert missing.returncode == 2 and "nowhere.toml (from $EVIDESK_CONFIG): no such file" in one_line_error(missing)
    config.unlink()
    db = tmp_path / "desk.db"
    assert evidesk("--db", str(db), "stats").returncode == 0  # no config file at all: the defaults
