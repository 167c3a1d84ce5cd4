"""The workstation on each backend: the same keys decide, and a plain postgresql://
URL (no driver named) opens with psycopg 3."""

from __future__ import annotations

import pytest
from apptools import SIZE
from conftest import sql

from fixtures import DEMO_JSONL
from models.database import open_database
from models.desk import Desk
from tui.app import EvideskApp


async def test_a_decision_from_the_keyboard_lands_on_either_backend(database):
    Desk.open(database, "ana").import_file(DEMO_JSONL)
    app = EvideskApp(database, "ana")
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen.queue.current.id
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.queue.current.id != first
        engine = app.screen.desk.engine
        assert sql(engine, "SELECT r.name, d.action FROM decision d JOIN reviewer r ON r.id = d.reviewer_id "
                           "WHERE d.evidence_id = ?", first) == [("ana", "refutes")]
        held = sql(engine, "SELECT r.name FROM evidence e JOIN reviewer r ON r.id = e.leased_by_id")
        assert held == [("ana",)]  # the next item is leased to her


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
def test_a_plain_postgresql_url_opens_with_psycopg(database):
    engine = open_database(database.replace("postgresql+psycopg://", "postgresql://", 1))
    assert engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
    engine.dispose()
