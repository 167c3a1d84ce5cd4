"""Write the README's screenshots (every screen, three themes) and its keymap table:
`python -m tui.screenshots`."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from fixtures import DEMO_JSONL
from models.desk import Desk
from models.tables import utcnow
from tui.app import EvideskApp
from tui.screenshots.keymap_table import write_table

HERE = Path(__file__).parent
SIZE = (130, 36)
# Three reviewers' decisions over the last hours: (reviewer, claim, action, hours ago).
WORK = [("bo", 4, "supports", 5), ("bo", 4, "supports", 5), ("maria", 7, "refutes", 4), ("bo", 4, "context", 3),
        ("maria", 7, "supports", 3), ("maria", 3, "reject", 2), ("bo", 5, "supports", 2), ("maria", 3, "escalate", 1),
        ("bo", 6, "refutes", 1), ("maria", 10, "context", 0)]


def prepare(db: Path) -> None:
    """The demo data with a morning's work on it, its import time and path fixed."""
    desk = Desk.open(db, "ana")
    desk.import_file(DEMO_JSONL)
    for name in ("bo", "maria"):
        desk.add_reviewer(name)
    now = utcnow().replace(minute=30, second=0, microsecond=0)
    for who, claim, action, hours in WORK:
        reviewer = Desk.open(db, who)
        applied = reviewer.decide(reviewer.next_pending(claim, None), action, seconds_on_screen=9.0 + hours)
        with desk.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE decision SET at = ? WHERE id = ?",
                                       ((now - timedelta(hours=hours)).isoformat(" "), applied.decision_id))
        reviewer.engine.dispose()
    with desk.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE evidence SET created_at = '2022-10-20 12:00:00.000000'")
        connection.exec_driver_sql("UPDATE import_batch SET source = 'fixtures/demo.jsonl'")
    desk.engine.dispose()


async def shoot(db: Path, theme: str | None = None) -> list[Path]:
    """The review screen, and in the default theme every other screen too."""
    app = EvideskApp(db, "ana")
    written = []

    async def save(name: str, *keys: str, wait: float = 0.3) -> None:
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause(wait)
        written.append(Path(app.save_screenshot(name, str(HERE))))

    async with app.run_test(size=SIZE) as pilot:
        app.sub_title = "ana (supervisor) · demo.db"  # not the temporary path, so the files do not churn
        app.clear_notifications()
        if theme is not None:
            app.theme = theme
            await save(f"review-{theme.removeprefix('evidesk-')}.svg", "s", "B", "2", "r", "j")
            return written
        await save("review.svg", "s", "B", "2", "r", "j")
        await save("marked.svg", "space", "space")
        await save("help.svg", "escape", "question_mark")
        await save("palette.svg", "escape", "ctrl+p", *"drone")
        await save("stats.svg", "escape", "T", wait=1.0)
        await save("decisions.svg", "escape", "L")
    return written


def main() -> None:
    # The help screen names the keymap file: a usual place, not this machine's.
    os.environ["XDG_CONFIG_HOME"] = "/home/ana/.config"
    os.environ.pop("EVIDESK_CONFIG", None)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_STATE_HOME"] = folder  # the themes shot here are not remembered as the user's
        db = Path(folder) / "demo.db"
        prepare(db)
        written = []
        for theme in (None, "evidesk-light", "evidesk-high-contrast"):  # each on the same morning's work
            copy = Path(folder) / f"{theme}.db"
            shutil.copyfile(db, copy)
            written += asyncio.run(shoot(copy, theme))
        written.append(write_table())
        for path in written:
            print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


main()
