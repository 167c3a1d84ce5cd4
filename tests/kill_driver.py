"""A reviewer who never stops: the real app (headless) deciding item after item, printing
`ack EVIDENCE_ID ACTION` once each decision shows on screen, until the process is killed.

    python tests/kill_driver.py DB
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.app import EvideskApp  # noqa: E402

KEYS = {"s": "supports", "r": "refutes", "c": "context", "x": "reject"}


async def decide_forever(db: str) -> None:
    app = EvideskApp(db, "ana")
    async with app.run_test(size=(140, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for n in range(10**9):
            key = "srcx"[n % 4]
            item = app.screen.queue.current
            await pilot.press(key)
            shown = app.screen.queue.held_row(item.id)
            if shown is None or shown.outcome == "pending":
                raise SystemExit(f"item #{item.id} not shown as decided after {key!r}")
            print(f"ack {item.id} {KEYS[key]}", flush=True)


if __name__ == "__main__":
    asyncio.run(decide_forever(sys.argv[1]))
