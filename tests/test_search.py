"""Full-text search: the query built from what a reviewer types, the index kept in step
with every way items arrive or change, paging through hits, and the upgrade of an older file."""

from __future__ import annotations

import sqlite3

import pytest
from conftest import sql

from models import search
from models.database import SCHEMA_VERSION, schema_version
from models.desk import Desk
from models.filters import ALL_CLAIMS
from models.ingest import importer
from models.views import View


def hits(desk: Desk, typed: str) -> list[int]:
    query = search.fts_query(typed)
    return [row.id for row in desk.view_after(View(ALL_CLAIMS, words=query), None, 1000)] if query else []


def holding(word: str) -> str:
    return " OR ".join(f"lower({field}) LIKE '%{word}%'" for field in ("text", "source", "url"))


def ids_where(desk: Desk, where: str, *params) -> list[int]:
    return [id_ for (id_,) in sql(desk, f"SELECT id FROM evidence WHERE {where} ORDER BY id", *params)]


@pytest.mark.parametrize(("typed", "query"), [
    ("shahed", '"shahed"*'),
    ("  Shahed   dro ", '"Shahed" "dro"*'),
    ('drone" OR "x', '"drone" "OR" "x"*'),
    ("NEAR(a b) -c ^d *", '"NEAR" "a" "b" "c" "d"*'),
    ("https://example.org/x?a=1", '"https" "example" "org" "x" "a" "1"*'),
    ("Шахед", '"Шахед"*'),
])
def test_typed_text_becomes_quoted_words_with_a_prefix_last(typed, query):
    assert search.fts_query(typed) == query


@pytest.mark.parametrize("typed", ["", "   ", "\"'*()-+^:", "…"])
def test_nothing_searchable_is_no_query(typed):
    assert search.fts_query(typed) is None


def test_search_finds_items_by_excerpt_source_and_url(desk):
    assert hits(desk, "peskov") == ids_where(desk, holding("peskov"))
    assert hits(desk, "19fortyfive") == ids_where(desk, holding("19fortyfive"))
    found = hits(desk, "placeholder shahed strike video")  # every word, in any of the three fields
    assert set(ids_where(desk, "url LIKE '%shahed-strike-video%'")) <= set(found)
    words = ("placeholder", "shahed", "strike", "video")
    assert set(found) <= set(ids_where(desk, " AND ".join(f"({holding(word)})" for word in words)))
    assert hits(desk, "pesk")  # the last word is a prefix: it matches while being typed
    assert hits(desk, "peskov nonexistentword") == []


def test_the_index_follows_imports_edits_and_removals(desk, jsonl_file):
    desk.import_file(jsonl_file([{"type": "evidence", "text": "Un drone vu au-dessus du café à Kharkiv"}]))
    (new,) = hits(desk, "cafe kharkiv")  # diacritics do not matter
    sql(desk, "UPDATE evidence SET text = 'Rewritten excerpt about a balloon' WHERE id = ?", new)
    assert hits(desk, "kharkiv") == [] and hits(desk, "balloon") == [new]
    sql(desk, "DELETE FROM evidence WHERE id = ?", new)
    assert hits(desk, "balloon") == []
    desk.decide(hits(desk, "peskov")[0], "supports")  # a decision leaves the index alone
    assert hits(desk, "peskov") == ids_where(desk, holding("peskov"))


def test_a_bulk_import_indexes_its_rows_and_brings_the_triggers_back(desk, jsonl_file, monkeypatch):
    monkeypatch.setattr(importer, "DEFER_INDEXES_FROM", 1)
    desk.import_file(jsonl_file([{"type": "evidence", "text": f"Bulk excerpt number {n} on a zeppelin"}
                                 for n in range(300)], name="bulk.jsonl"))
    assert len(hits(desk, "zeppelin")) == 300
    monkeypatch.setattr(importer, "DEFER_INDEXES_FROM", 10**9)
    desk.import_file(jsonl_file([{"type": "evidence", "text": "One more zeppelin, imported alone"}], name="one.jsonl"))
    assert len(hits(desk, "zeppelin")) == 301
    if desk.engine.dialect.name == "sqlite":
        triggers = {name for (name,) in sql(desk, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert set(search.TRIGGERS) <= triggers


def test_hits_page_from_either_side_and_give_positions(desk):
    query = search.fts_query("drones")
    view = View(ALL_CLAIMS, words=query)
    every = [row.id for row in desk.view_after(view, None, 1000)]
    assert len(every) >= 6 and desk.view_count(view) == len(every)
    assert [row.id for row in desk.view_after(view, every[1], 3)] == every[2:5]
    assert [row.id for row in desk.view_before(view, every[4], 2)] == every[2:4]
    assert [row.id for row in desk.view_at(view, 3, 2)] == every[3:5]
    assert [desk.view_position(view, id_) for id_ in every] == list(range(len(every)))
    assert desk.view_position(view, ids_where(desk, f"NOT ({holding('drone')})")[0]) is None
    assert search.search_count(desk.engine, query, cap=3) == 3


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # a file from an older version
def test_a_file_from_before_search_is_upgraded_and_indexed_on_open(desk):
    path = desk.engine.url.database
    desk.engine.dispose()
    with sqlite3.connect(path) as conn:
        for name in search.TRIGGERS:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE evidence_fts")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        conn.execute("DROP TABLE alembic_version")  # a file from before migrations
    reopened = Desk.open(path, "ana")
    try:
        assert schema_version(reopened.engine) == SCHEMA_VERSION
        assert hits(reopened, "peskov") == ids_where(reopened, holding("peskov"))
    finally:
        reopened.engine.dispose()
