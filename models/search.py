"""Full-text search over evidence (excerpt, source and URL): SQLite FTS5, or
PostgreSQL text search over a GIN index.

`evidence_fts` is an external-content FTS5 table: it stores only the index,
reads the text from `evidence`, and triggers keep it in step with every
insert, delete and edit. A bulk import suspends the triggers and indexes its
new rows in one statement (`suspended_triggers`), which is several times faster
than row by row.

Hits come in id order, unranked: ranking a common term's hundreds of thousands
of matches costs far more than a reviewer may wait for. Counts stop at
COUNT_CAP. What a reviewer types becomes a query of quoted words, all
required, the last one a prefix (it may be half typed): no FTS5 syntax in the
input can reach the parser.

On PostgreSQL the same words become a tsquery ('a' & 'b':*) against an expression
GIN index of the three columns, read through `WordsMatch`, a clause each backend
compiles its own way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    String,
    bindparam,
    column,
    func,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from models.queries import QUEUE_COLUMNS, queue_row_of
from models.records import QueueRow
from models.tables import Evidence

COUNT_CAP = 10_000
_WORD = re.compile(r"\w+")
_FIELDS = "text, source, url"

# Positions within a column and column sizes serve phrase queries and ranking, which this
# search does without: leaving them out builds the index in two thirds of the time.
CREATE_TABLE = (f"CREATE VIRTUAL TABLE IF NOT EXISTS evidence_fts USING fts5({_FIELDS}, content='evidence', "
                "content_rowid='id', tokenize='unicode61 remove_diacritics 2', detail=column, columnsize=0)")
_ADD = f"INSERT INTO evidence_fts(rowid, {_FIELDS}) VALUES (new.id, new.text, new.source, new.url);"
_REMOVE = (f"INSERT INTO evidence_fts(evidence_fts, rowid, {_FIELDS}) "
           "VALUES ('delete', old.id, old.text, old.source, old.url);")
TRIGGERS = {
    "evidence_fts_insert": f"AFTER INSERT ON evidence BEGIN {_ADD} END",
    "evidence_fts_delete": f"AFTER DELETE ON evidence BEGIN {_REMOVE} END",
    "evidence_fts_update": f"AFTER UPDATE OF {_FIELDS} ON evidence BEGIN {_REMOVE} {_ADD} END",
}


# PostgreSQL: one document per item; queries must spell it exactly as the index does.
# As FTS5's unicode61 tokenizer: diacritics go (decomposed, their marks dropped), and every
# run of non-word characters is a space, so that a URL's parts and a hyphenated word's
# halves are words.
PG_DOCUMENT = ("to_tsvector('simple', regexp_replace(regexp_replace(normalize(coalesce(evidence.text, '') || ' ' || "
               "coalesce(evidence.source, '') || ' ' || coalesce(evidence.url, ''), NFD), '[\\u0300-\\u036f]', '', "
               "'g'), '\\W+', ' ', 'g'))")
PG_INDEX = f"CREATE INDEX IF NOT EXISTS ix_evidence_words ON evidence USING gin (({PG_DOCUMENT}))"


def pg_tsquery(query: str) -> str:
    """The tsquery for an FTS5 query of fts_query's making: every word, the last a prefix."""
    words = ["".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
             for word in _WORD.findall(query)]
    return " & ".join(f"'{word}'" for word in words) + (":*" if query.endswith("*") else "")


class WordsMatch(ColumnElement[bool]):
    """True for the evidence rows whose excerpt, source or URL hold the words of an
    fts_query, on either backend."""

    type = Boolean()
    inherit_cache = True
    _traverse_internals = [("fts", InternalTraversal.dp_clauseelement), ("ts", InternalTraversal.dp_clauseelement)]

    def __init__(self, query: str) -> None:
        self.fts = bindparam("fts_words", query, type_=String, unique=True)
        self.ts = bindparam("ts_words", pg_tsquery(query), type_=String, unique=True)


@compiles(WordsMatch)
def _fts5_match(element: WordsMatch, compiler, **kw) -> str:
    return f"evidence.id IN (SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH {compiler.process(element.fts, **kw)})"


@compiles(WordsMatch, "postgresql")
def _pg_match(element: WordsMatch, compiler, **kw) -> str:
    return f"{PG_DOCUMENT} @@ to_tsquery('simple', {compiler.process(element.ts, **kw)})"


def _create_triggers(conn: Connection) -> None:
    for name, body in TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def install(conn: Connection) -> None:
    """Create the index and its triggers, and index every existing item."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(PG_INDEX)
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql(CREATE_TABLE)
    _create_triggers(conn)
    conn.exec_driver_sql("INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')")


@contextmanager
def suspended_triggers(conn: Connection, first_id: int) -> Iterator[None]:
    """Inside a transaction: load evidence without the per-row triggers, then index the
    items from `first_id` on in one statement. Only for loads that insert, never edit.
    On PostgreSQL the word index goes, to be built once over the whole table afterwards."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_evidence_words")
        yield
        conn.exec_driver_sql(PG_INDEX)
        return
    if conn.dialect.name != "sqlite":
        yield
        return
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    yield
    conn.exec_driver_sql(f"INSERT INTO evidence_fts(rowid, {_FIELDS}) SELECT id, {_FIELDS} FROM evidence "
                         f"WHERE id >= {int(first_id)}")
    _create_triggers(conn)


def fts_query(typed: str) -> str | None:
    """The FTS5 query for what a reviewer typed: every word required, the last as a prefix."""
    words = _WORD.findall(typed)
    if not words:
        return None
    return " ".join(f'"{word}"' for word in words) + "*"


def _hits(where: str = "", order: str = "rowid", limit: str = ":limit") -> str:
    return (f"SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH :query {where} "
            f"ORDER BY {order} LIMIT {limit}")


def _rows(engine: Engine, hits_sql: str, **params: object) -> tuple[QueueRow, ...]:
    hits = text(hits_sql).bindparams(**params).columns(column("rowid", Integer))
    query = select(*QUEUE_COLUMNS).where(Evidence.id.in_(hits)).order_by(Evidence.id)
    with engine.connect() as conn:
        return tuple(queue_row_of(values) for values in conn.execute(query).all())


def _read(engine: Engine, query) -> tuple[QueueRow, ...]:
    with engine.connect() as conn:
        return tuple(queue_row_of(values) for values in conn.execute(query).all())


def _fts5(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def search_count(engine: Engine, query: str, cap: int = COUNT_CAP) -> int:
    """Hits for a query of fts_query's making, counted up to `cap`."""
    with engine.connect() as conn:
        if not _fts5(engine):
            hits = select(Evidence.id).where(WordsMatch(query)).limit(cap).subquery()
            return conn.execute(select(func.count()).select_from(hits)).scalar_one()
        return conn.execute(text(f"SELECT count(*) FROM ({_hits(limit=':cap')})"), {"query": query, "cap": cap}
                            ).scalar_one()


def _matching(query: str):
    return select(*QUEUE_COLUMNS).where(WordsMatch(query))


def search_after(engine: Engine, query: str, after_id: int | None, limit: int) -> tuple[QueueRow, ...]:
    if not _fts5(engine):
        return _read(engine, _matching(query).where(Evidence.id > (after_id or 0)).order_by(Evidence.id).limit(limit))
    return _rows(engine, _hits("AND rowid > :after"), query=query, after=after_id or 0, limit=limit)


def search_before(engine: Engine, query: str, before_id: int, limit: int) -> tuple[QueueRow, ...]:
    if not _fts5(engine):
        return _read(engine, _matching(query).where(Evidence.id < before_id).order_by(Evidence.id.desc())
                     .limit(limit))[::-1]
    return _rows(engine, _hits("AND rowid < :before", order="rowid DESC"), query=query, before=before_id,
                 limit=limit)


def search_at(engine: Engine, query: str, start: int, limit: int) -> tuple[QueueRow, ...]:
    if not _fts5(engine):
        return _read(engine, _matching(query).order_by(Evidence.id).offset(start).limit(limit))
    return _rows(engine, _hits(limit=":limit OFFSET :start"), query=query, limit=limit, start=start)


def search_position(engine: Engine, query: str, evidence_id: int) -> int | None:
    if not _fts5(engine):
        with engine.connect() as conn:
            if conn.execute(select(Evidence.id).where(Evidence.id == evidence_id, WordsMatch(query))).first() is None:
                return None
            return conn.execute(select(func.count()).select_from(Evidence)
                                .where(Evidence.id < evidence_id, WordsMatch(query))).scalar_one()
    with engine.connect() as conn:
        hit = conn.execute(text("SELECT 1 FROM evidence_fts WHERE evidence_fts MATCH :query AND rowid = :id"),
                           {"query": query, "id": evidence_id}).first()
        if hit is None:
            return None
        return conn.execute(text("SELECT count(*) FROM evidence_fts WHERE evidence_fts MATCH :query "
                                 "AND rowid < :id"), {"query": query, "id": evidence_id}).scalar_one()
