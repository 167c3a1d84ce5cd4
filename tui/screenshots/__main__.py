"""Write the README's screenshots: `python -m tui.screenshots`."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from fixtures import DEMO_JSONL
from models.desk import Desk
from tui.app import EvideskApp

HERE = Path(__file__).parent
SIZE = (130, 36)


async def shoot(db: Path) -> list[Path]:
    written = []
    app = EvideskApp(db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        app.sub_title = "ana (supervisor) · demo.db"  # not the temporary path, so the files do not churn
        await pilot.press("s", "B", "2", "r", "j")
        await pilot.pause()
        written.append(Path(app.save_screenshot("review.svg", str(HERE))))
        await pilot.press("question_mark")
        await pilot.pause()
        written.append(Path(app.save_screenshot("help.svg", str(HERE))))
    return written


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        desk = Desk.open(db, "ana")
        desk.import_file(DEMO_JSONL)
        with desk.engine.begin() as connection:  # a fixed import time and path, so the pictures stay put
            connection.exec_driver_sql("UPDATE evidence SET created_at = '2022-10-20 12:00:00.000000'")
            connection.exec_driver_sql("UPDATE import_batch SET source = 'fixtures/demo.jsonl'")
        desk.engine.dispose()
        for path in asyncio.run(shoot(db)):
            print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


main()
