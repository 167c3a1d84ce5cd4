"""The virtual queue on a claim with 100,000 items: it holds a few pages only, jumps
to the end and back, decides deep in the queue, and keeps its place when items arrive."""

from __future__ import annotations

import shutil

import pytest
from apptools import rendered, rows, settle, toasts
from conftest import write_jsonl

from models.desk import Desk
from models.ingest.importer import ImportOptions
from tui.app import EvideskApp
from tui.widgets.evidence_queue import KEPT_PAGES

ITEMS = 100_000
SIZE = (120, 34)


def evidence(number: int, claim: str = "big") -> dict:
    return {"type": "evidence", "id": f"e{number}", "claim": claim, "kind": "social_post",
            "source": f"@account{number % 97}", "text": f"Post number {number} about the strike"}


@pytest.fixture(scope="module")
def big_db_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    source = write_jsonl(folder / "big.jsonl", [
        {"type": "claim", "id": "big", "text": "A claim with a very long queue"},
        *(evidence(number) for number in range(ITEMS)),
    ])
    desk = Desk.open(folder / "big.db", "ana")
    assert desk.import_file(source, ImportOptions(parallel=True)).evidence_new == ITEMS
    desk.engine.dispose()
    return folder / "big.db"


@pytest.fixture
def big_db(big_db_template, tmp_path):
    path = tmp_path / "big.db"
    shutil.copyfile(big_db_template, path)
    return path


def queue_ids(db, claim="big") -> list[int]:
    """The queue in the database's order: pending first, each part by id."""
    return [id_ for (id_,) in rows(db, "SELECT e.id FROM evidence e JOIN claim c ON c.id = e.claim_id "
                                       "WHERE c.ext_id = ? ORDER BY e.decided, e.id", claim)]


async def test_a_long_queue_holds_a_few_pages_whatever_the_scrolling(big_db):
    app = EvideskApp(big_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.queue
        assert queue.count == ITEMS
        assert queue.current.id == queue_ids(big_db)[0]
        for _ in range(60):
            await pilot.press("pagedown")
        await settle(app, pilot)
        assert queue.cursor == 60 * (queue.scrollable_content_region.height - 1)
        assert queue.current.id == queue_ids(big_db)[queue.cursor]
        assert len(queue.rows) <= KEPT_PAGES * queue.page_size


async def test_jumping_to_the_end_and_back(big_db):
    app = EvideskApp(big_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        queue, order = app.screen.queue, queue_ids(big_db)
        await pilot.press("end")
        await settle(app, pilot)
        assert queue.cursor == ITEMS - 1 and queue.current.id == order[-1]
        assert app.screen.detail.shown.id == order[-1]
        await pilot.press("pageup", "up")
        await settle(app, pilot)
        assert queue.current.id == order[queue.cursor]
        await pilot.press("home")
        await settle(app, pilot)
        assert queue.cursor == 0 and queue.current.id == order[0]


async def test_deciding_deep_in_the_queue_moves_on_to_the_next_pending_item(big_db):
    app = EvideskApp(big_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        queue, order = app.screen.queue, queue_ids(big_db)
        middle = order[ITEMS // 2]
        assert queue.highlight_item(middle)
        await settle(app, pilot)
        assert queue.cursor == ITEMS // 2 and queue.current.id == middle
        for key in "src":
            await pilot.press(key)
        await settle(app, pilot)
        decided = [id_ for (id_,) in rows(big_db, "SELECT evidence_id FROM decision ORDER BY id")]
        assert decided == order[ITEMS // 2:ITEMS // 2 + 3]
        # The decided items went to the end of the queue; the next pending one took their line.
        assert queue.cursor == ITEMS // 2 and queue.current.id == order[ITEMS // 2 + 3]
        assert queue_ids(big_db)[-3:] == decided
        await pilot.press("end")
        await settle(app, pilot)
        assert queue.current.id == decided[-1] and queue.current.decided
        await pilot.press("u")
        await settle(app, pilot)
        assert queue.current.id == decided[-1] and not queue.current.decided
        assert queue.cursor == queue_ids(big_db).index(decided[-1])


async def test_items_arriving_while_scrolled_keep_the_reviewers_place(big_db, tmp_path):
    app = EvideskApp(big_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.queue
        await pilot.press("end")
        await settle(app, pilot)
        await pilot.press("pageup", "pageup")
        await settle(app, pilot)
        kept = queue.current
        arrivals = write_jsonl(tmp_path / "more.jsonl", [evidence(number) for number in range(ITEMS, ITEMS + 50)])
        other = Desk.open(big_db, "ben")
        other.import_file(arrivals)
        other.engine.dispose()
        app.screen.refresh_after_import()
        await settle(app, pilot)
        assert queue.count == ITEMS + 50
        assert queue.current.id == kept.id
        assert queue.cursor == queue_ids(big_db).index(kept.id)


async def test_a_filter_change_mid_scroll_keeps_the_item_when_it_still_matches(big_db):
    app = EvideskApp(big_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen, order = app.screen, queue_ids(big_db)
        queue = screen.queue
        assert queue.highlight_item(order[1000])
        await settle(app, pilot)
        await pilot.press(*"xxx")  # three rejections from position 1000 on
        await settle(app, pilot)
        rejected = [id_ for (id_,) in rows(big_db, "SELECT evidence_id FROM decision ORDER BY id")]
        assert queue.highlight_item(order[ITEMS // 2])
        await settle(app, pilot)
        kept = queue.current.id
        await pilot.press("f", *"outcome:pending")
        await settle(app, pilot)
        pending = [id_ for id_ in sorted(order) if id_ not in rejected]
        assert queue.count == ITEMS - 3
        assert queue.current.id == kept and queue.cursor == pending.index(kept)
        await pilot.press("enter", "pagedown", "pagedown")
        await settle(app, pilot)
        assert queue.current.id == pending[queue.cursor]
        await pilot.press("f", "ctrl+u", *"outcome:rejected")
        await settle(app, pilot)
        assert queue.count == 3 and [row.id for row in queue.rows] == sorted(rejected)
        assert queue.cursor == 0  # the item highlighted before is not in this view
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        assert queue.count == ITEMS and not screen.viewing


async def until(pilot, condition, seconds: float = 4.0) -> bool:
    """Wait for the app's own poll (every 1.5 s) to bring a change in."""
    for _ in range(int(seconds / 0.1)):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


async def test_decisions_by_someone_else_on_visible_rows_show_within_a_poll(big_db):
    app = EvideskApp(big_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen, order = app.screen, queue_ids(big_db)
        queue = screen.queue
        assert queue.highlight_item(order[5000])
        await settle(app, pilot)
        ben = Desk.open(big_db, "ben")
        ben.decide(order[4995], "refutes")  # a row on screen above the highlight
        ben.decide(order[5000], "reject")  # the highlighted row
        ben.engine.dispose()
        told = f"ben has just decided item #{order[5000]}: reject."
        assert await until(pilot, lambda: queue.current.id == order[5001] and told in toasts(app)), toasts(app)
        # Both left the pending part; the highlight went on to the next pending item.
        lines = rendered(queue)
        assert queue.cursor == 4999
        [(gone,)], [(next_one,)] = (rows(big_db, "SELECT text FROM evidence WHERE id = ?", order[index])
                                    for index in (4995, 5001))
        assert " ".join(gone.split()[:3]) + " " not in lines and " ".join(next_one.split()[:3]) + " " in lines
        assert screen.detail.shown.id == order[5001]
        assert screen.claims.current.n_decided == 2 == screen.claim.n_decided


async def test_a_decision_by_someone_else_updates_a_view_in_place(big_db):
    app = EvideskApp(big_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        screen, order = app.screen, queue_ids(big_db)
        await pilot.press("f", *"outcome:pending", "enter")
        await settle(app, pilot)
        queue = screen.queue
        await pilot.press("down")
        ben = Desk.open(big_db, "ben")
        ben.decide(order[3], "refutes")
        ben.engine.dispose()
        assert await until(pilot, lambda: queue.rows[3].decided)
        assert queue.rows[3].stance == "refutes" and queue.current.id == order[1]
        assert "refutes" in rendered(queue).splitlines()[3]
