"""Layout snapshots of the review screen (regenerate with --snapshot-update)."""

from __future__ import annotations

import sqlite3

from apptools import make_demo_db

from tui.app import EvideskApp


def stable_demo_db(folder):
    """The demo database with the import's time and path fixed, so the pictures do not change."""
    db = make_demo_db(folder)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE evidence SET created_at = '2022-10-20 12:00:00.000000'")
        connection.execute("UPDATE import_batch SET source = 'fixtures/demo.jsonl'")
    return db


def stable_title(pilot) -> None:
    pilot.app.sub_title = "ana (supervisor) · demo.db"  # not the temporary path


def test_review_screen_layout(snap_compare, tmp_path):
    app = EvideskApp(stable_demo_db(tmp_path), "ana")
    assert snap_compare(app, terminal_size=(100, 30), run_before=stable_title)


def test_review_screen_after_decisions(snap_compare, tmp_path):
    app = EvideskApp(stable_demo_db(tmp_path), "ana")
    assert snap_compare(app, terminal_size=(100, 30), press=["s", "B", "2", "r"], run_before=stable_title)
