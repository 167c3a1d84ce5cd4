"""`evidesk backup` and `evidesk check`: a copy taken while someone writes holds what was
committed and checks clean; a server names pg_dump instead; check names each thing that
disagrees (counts, the audit chain) with exit 1, and a file that is no database is one
line with exit 2."""

from __future__ import annotations

import os
import sqlite3

import pytest
from cli_run import evidesk
from conftest import location, sql

from models.desk import Desk
from models.upkeep import backup, check


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_backup_taken_mid_write_holds_what_was_committed_and_checks_clean(desk, tmp_path):
    desk.decide(desk.queue_page(1).rows[0].id, "supports")
    writer = sqlite3.connect(desk.engine.url.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE claim SET text = 'uncommitted' WHERE id = 1")  # another reviewer, mid-transaction
    copy = backup(desk.engine, tmp_path / "copy.db")
    writer.execute("COMMIT")
    writer.close()
    copied = Desk.open(copy, "ana")
    assert sql(copied, "SELECT text FROM claim WHERE id = 1") != [("uncommitted",)]
    assert sql(copied, "SELECT count(*) FROM decision") == [(1,)]
    assert all(finding.problem is None for finding in check(copied.engine))
    again = evidesk("backup", str(copy), "--db", str(desk.engine.url.database))
    assert again.returncode == 2 and "exists already; a backup never replaces a file" in again.stderr
    copied.engine.dispose()


def test_check_passes_a_sound_database_and_names_what_disagrees(desk):
    desk.decide(desk.queue_page(1).rows[0].id, "refutes")
    shown = evidesk("check", "--db", location(desk))
    assert shown.returncode == 0 and shown.stdout.count(": ok") == len(shown.stdout.splitlines())
    sql(desk, "UPDATE claim SET n_decided = n_decided + 1 WHERE id = 2")
    sql(desk, "UPDATE audit_event SET actor = 'eve' WHERE id = 3")
    shown = evidesk("check", "--db", location(desk))
    assert shown.returncode == 1
    assert "claim counts: claim(s) #2 count their items wrongly" in shown.stdout
    assert "audit chain: event 3 (" in shown.stdout and "edited or forged" in shown.stdout


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_server_is_backed_up_by_pg_dump(desk, tmp_path):
    shown = evidesk("backup", str(tmp_path / "copy.dump"), "--db", location(desk))
    assert shown.returncode == 2 and "pg_dump --format=custom --file" in shown.stderr
    assert not (tmp_path / "copy.dump").exists()


def test_a_file_that_is_no_database_is_one_line(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(8192))
    shown = evidesk("check", "--db", str(junk))
    assert shown.returncode == 2 and len(shown.stderr.splitlines()) == 1 and "Traceback" not in shown.stderr
