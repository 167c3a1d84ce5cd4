"""A decision acknowledged on screen survives the process being killed at once."""

from __future__ import annotations

import sqlite3
import sys

from apptools import make_demo_db, rows
from terminal import Terminal


def test_sigkill_right_after_decision_keys_loses_nothing(tmp_path):
    db = make_demo_db(tmp_path)
    terminal = Terminal([sys.executable, "-m", "tui", "--db", str(db), "--reviewer", "ana"])
    try:
        position = terminal.wait_for("Supports")
        for key, shown in ((b"s", "▲ supports"), (b"r", "▼ refutes"), (b"x", "✗ rejected")):
            terminal.send(key)
            position = terminal.wait_for(shown, after=position)
    finally:
        terminal.kill()
    assert terminal.process.returncode == -9
    decided = rows(db, "SELECT action FROM decision ORDER BY id")
    assert decided == [("supports",), ("refutes",), ("reject",)]
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert rows(db, "SELECT n_decided FROM claim WHERE ext_id = 'c-amir-denial'") == [(3,)]
