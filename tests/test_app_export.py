"""`X` in the running app: the export dialog opens with the queue's view as its filter,
writes the chosen format behind a progress bar, and a toast names the count and the
path; the file holds exactly the items the view shows. A bad filter is one line in the
dialog and nothing is written."""

from __future__ import annotations

import json

from apptools import SIZE, settle, toasts

from tui.app import EvideskApp
from tui.modals.export_dialog import ExportDialog


async def test_the_dialog_exports_what_the_view_shows(demo_db, tmp_path):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        claim = screen.claim.id
        await pilot.press("s", "r", "f", *"outcome:accepted", "enter")
        await settle(app, pilot)
        shown = [row.id for row in screen.queue.rows]
        assert len(shown) == 2
        await pilot.press("X")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-filter").value == f"claim:{claim} outcome:accepted"
        await pilot.press("down", "enter")  # csv, then on to the filter
        assert dialog.format == "csv" and dialog.query_one("#export-path").value.endswith(f"evidesk-{claim}.csv")
        target = tmp_path / "accepted.csv"
        dialog.query_one("#export-path").value = str(target)
        dialog.query_one("#export-path").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert any(f"Exported 2 evidence to {target}" in toast for toast in toasts(app))
        lines = target.read_text("utf-8").splitlines()
        assert len(lines) == 1 + len(shown)
        manifest = json.loads((tmp_path / "accepted.csv.manifest.json").read_text())
        assert manifest["selection"]["filter"] == f"claim:{claim} outcome:accepted"


async def test_a_bad_filter_in_the_dialog_writes_nothing(demo_db, tmp_path):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("X")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#export-filter").value = "stance:maybe"
        dialog.query_one("#export-path").value = str(tmp_path / "x.jsonl")
        dialog.query_one("#export-path").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is dialog
        assert "not a known stance" in str(dialog.query_one("#export-problem").render())
        assert list(tmp_path.iterdir()) == [demo_db] or not (tmp_path / "x.jsonl").exists()
        await pilot.press("escape")
        assert app.screen is not dialog
