"""The claim list with 12,000 claims: it holds a few pages only, jumps to the last
claim and opens its queue, and pages through claims a screenful at a time."""

from __future__ import annotations

import pytest
from apptools import rows
from conftest import write_jsonl

from models.desk import Desk
from tui.app import EvideskApp
from tui.widgets.virtual_list import KEPT_PAGES

CLAIMS = 12_000
SIZE = (120, 34)


@pytest.fixture(scope="module")
def many_claims_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("claims")
    source = write_jsonl(folder / "claims.jsonl", [
        *({"type": "claim", "id": f"c{n}", "text": f"Claim number {n} on the strike"} for n in range(CLAIMS)),
        {"type": "evidence", "id": "last-item", "claim": f"c{CLAIMS - 1}", "text": "The only item of the last claim"},
    ])
    desk = Desk.open(folder / "claims.db", "ana")
    desk.import_file(source)
    desk.engine.dispose()
    return folder / "claims.db"


async def test_a_long_claim_list_holds_a_few_pages_and_reaches_its_end(many_claims_db):
    app = EvideskApp(many_claims_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        claims = screen.claims
        assert claims.count == CLAIMS + 1
        last = rows(many_claims_db, "SELECT id FROM claim WHERE ext_id = ?", f"c{CLAIMS - 1}")[0][0]
        assert claims.current.id == last == screen.claim.id  # the only claim with work waiting
        await pilot.press("shift+tab", "home")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert claims.current.is_inbox and screen.claim.is_inbox
        await pilot.press(*["pagedown"] * 12)
        await app.workers.wait_for_complete()
        await pilot.pause()
        per_screen = claims.scrollable_content_region.height // claims.row_lines
        assert claims.cursor == 12 * per_screen
        assert claims.current.text == f"Claim number {claims.cursor - 1} on the strike"
        assert screen.claim.id == claims.current.id
        await pilot.press("end")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert claims.current.id == last and [row.text for row in screen.queue.rows] == [
            "The only item of the last claim"]
        assert len(claims.rows) <= KEPT_PAGES * claims.page_size
