"""Schema migrations (Alembic): a database built at the first revision under migrations
and filled there is upgraded to the newest without losing a row, on each backend — a
SQLite file when it is opened, a shared server only through `evidesk db upgrade`,
which the app names when it refuses an older one."""

from __future__ import annotations

import pytest
from cli_run import evidesk
from conftest import location, sql

from models import migrate
from models.audit import append_event, verify_chain
from models.database import SCHEMA_VERSION, open_database, schema_version
from models.desk import Desk
from models.errors import DatabaseProblem

TABLES = ("reviewer", "claim", "evidence", "decision", "audit_event", "saved_view", "import_batch", "meta")




def test_the_scripts_newest_revision_is_the_one_the_code_expects():
    assert migrate.script_head() == migrate.HEAD and int(migrate.HEAD) == SCHEMA_VERSION


def fill_at_first_revision(engine) -> None:
    statements = [
        "INSERT INTO reviewer (id, name, role, created_at) VALUES (1, 'ana', 'supervisor', '2026-01-05 09:00:00')",
        "INSERT INTO claim (id, ext_id, text, claimant, appearance_url, tags, status, rationale, created_at, "
        "sealed, n_pending, n_decided, proposed_rationale) VALUES (1, 'c1', 'Drones flew over the river.', "
        "'a minister', '', '[\"drones\"]', 'open', '', '2026-01-05 09:00:00', false, 1, 1, '')",
        *(f"INSERT INTO evidence (id, ext_id, claim_id, kind, source, url, url_norm, text, provenance, "
          f"content_sha256, dup_count, created_at, outcome, decided, note, reviews, disputed) VALUES ({n}, 'e{n}', 1, "
          f"'photo', 'source {n}', '', '', 'Sighting number {n}', '', '{n:064x}', 0, '2026-01-05 09:00:00', "
          f"'{outcome}', {decided}, '', 0, false)" for n, outcome, decided in ((1, "accepted", "true"),
                                                                             (2, "pending", "false"))),
        "UPDATE evidence SET stance = 'supports', decided_by_id = 1, decided_at = '2026-01-05 09:01:00' WHERE id = 1",
        "INSERT INTO decision (id, evidence_id, reviewer_id, at, action, stance, outcome, note, reason) "
        "VALUES (1, 1, 1, '2026-01-05 09:01:00', 'supports', 'supports', 'accepted', '', '')",
        "INSERT INTO saved_view (name, filter, search, created_at) VALUES ('mine', 'by:me', '', '2026-01-05 09:00:00')",
    ]
    for statement in statements:
        sql(engine, statement)
    if engine.dialect.name == "postgresql":  # rows given their ids: the id sequences move past them
        for table in ("reviewer", "claim", "evidence", "decision"):
            sql(engine, f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    with engine.begin() as conn:
        append_event(conn, actor="ana", action="decision.supports", entity="evidence", entity_id=1,
                     after={"stance": "supports"})


def snapshot(engine) -> dict[str, list[tuple]]:
    first = {"reviewer": "id", "claim": "id", "evidence": "id", "decision": "id", "audit_event": "id",
             "saved_view": "name", "import_batch": "id", "meta": "key"}
    return {table: sql(engine, f"SELECT * FROM {table} ORDER BY {first[table]}") for table in TABLES}


def test_a_database_from_the_first_revision_is_upgraded_without_losing_a_row(database):
    engine = open_database(database, check_schema=False)
    migrate.upgrade(engine, migrate.FIRST)
    fill_at_first_revision(engine)
    before = snapshot(engine)
    before["meta"] = [row for row in before["meta"] if row[0] != "schema_version"]
    assert evidesk("db", "current", "--db", location(engine)).stdout.startswith(f"revision {migrate.FIRST}; this evidesk")
    if engine.dialect.name != "sqlite":  # a shared server waits to be asked
        with pytest.raises(DatabaseProblem, match=rf"at schema 6 and this evidesk uses {SCHEMA_VERSION}: back it up, then run: "
                                                  r"evidesk db upgrade --db postgresql"):
            open_database(database)
        upgraded = evidesk("db", "upgrade", "--db", location(engine))
        assert upgraded.returncode == 0 and f"upgraded from revision 0006 to revision {migrate.HEAD}" in upgraded.stdout
    engine.dispose()
    desk = Desk.open(database, "ana")
    after = snapshot(desk.engine)
    assert schema_version(desk.engine) == SCHEMA_VERSION
    assert [row for row in after["meta"] if row[0] != "schema_version"] == before["meta"]
    for table in TABLES[:-1]:
        width = len(before[table][0]) if before[table] else 0
        assert [row[:width] for row in after[table]] == before[table], table  # new columns come last
    assert sql(desk, "SELECT version, leased_by_id FROM evidence ORDER BY id") == [(0, None), (0, None)]
    assert sql(desk, "SELECT bulk_id FROM decision") == [(None,)]
    assert sql(desk, "SELECT count(*) FROM bulk_decision") == sql(desk, "SELECT count(*) FROM reviewer_place") == [(0,)]
    current = evidesk("db", "current", "--db", location(desk)).stdout.strip()
    assert current == f"revision {migrate.HEAD} (schema {SCHEMA_VERSION}): up to date"
    assert desk.decide(2, "refutes").state.stance == "refutes" and verify_chain(desk.engine).intact
    desk.engine.dispose()


def test_db_current_on_an_empty_database_says_so(database):
    engine = open_database(database, check_schema=False)
    shown = evidesk("db", "current", "--db", location(engine))
    engine.dispose()
    assert shown.returncode == 0 and shown.stdout.startswith(f"an empty database; this evidesk uses revision {migrate.HEAD}")
