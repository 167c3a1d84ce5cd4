"""Layout snapshots of the review screen (regenerate with --snapshot-update)."""

from __future__ import annotations

from apptools import make_demo_db
from tui.app import EvideskApp


def stable_title(pilot) -> None:
    pilot.app.sub_title = "ana (supervisor) · demo.db"  # not the temporary path


def test_review_screen_layout(snap_compare, tmp_path):
    app = EvideskApp(make_demo_db(tmp_path), "ana")
    assert snap_compare(app, terminal_size=(100, 30), run_before=stable_title)


def test_review_screen_after_decisions(snap_compare, tmp_path):
    app = EvideskApp(make_demo_db(tmp_path), "ana")
    assert snap_compare(app, terminal_size=(100, 30), press=["s", "B", "2", "r"], run_before=stable_title)
