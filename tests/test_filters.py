"""The filter language and the views it makes: parsing and its one-line refusals, every
field against the same test written in Python over the raw rows, negation, paging
through a filtered view, and saved views."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from conftest import sql

from models.database import SCHEMA_VERSION, schema_version
from models.desk import Desk
from models.errors import InvalidValue, NotFound
from models.filters import ALL_CLAIMS, parse_filter, resolve_time, until_moment
from models.reviewers import ensure_reviewer
from models.search import fts_query
from models.views import View, view_scope

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("typed", "canonical"), [
    ("", ""),
    ("Outcome:Pending", "outcome:pending"),
    ("kind:video,PHOTO  -stance:context", "kind:video,photo -stance:context"),
    ("grade:a1,B,3,none by:maria", "grade:A1,B,3,none by:maria"),
    ("since:24h until:2026-11-02 claim:ALL tag:Energy", "since:24h until:2026-11-02 claim:all tag:Energy"),
])
def test_a_filter_is_written_back_in_one_canonical_form(typed, canonical):
    assert str(parse_filter(typed)) == canonical
    assert str(parse_filter(canonical)) == canonical


@pytest.mark.parametrize(("typed", "says"), [
    ("refinery", "'refinery' is not a term"),
    ("colour:red", "unknown field 'colour'"),
    ("outcome:", "names no value"),
    ("outcome:maybe", "'maybe' in 'outcome:maybe' is not a known outcome; one of pending, accepted"),
    ("stance:agrees", "not a known stance"),
    ("kind:hologram", "not a known kind"),
    ("grade:G7", "not a grade"),
    ("grade:A9", "not a grade"),
    ("since:last-week", "is not a time; use today, yesterday, 30m"),
    ("since:1d,2d", "takes one value"),
    ("-claim:all", "takes one value and no '-'"),
    ("since:1d since:2d", "since: given twice"),
    ("claim:mine", "is not a queue"),
])
def test_a_bad_term_is_named_in_one_line(typed, says):
    with pytest.raises(InvalidValue) as refused:
        parse_filter(typed)
    message = str(refused.value)
    assert says in message and "\n" not in message and message.startswith("filter: ")


def test_times_count_back_from_now_and_dates_are_whole_local_days():
    assert resolve_time("30m", NOW) == NOW - timedelta(minutes=30)
    assert resolve_time("2w", NOW) == NOW - timedelta(weeks=2)
    assert resolve_time("2026-11-02T10:00+00:00", NOW) == datetime(2026, 11, 2, 10, tzinfo=timezone.utc)
    start = resolve_time("2026-11-02", NOW)
    assert start.astimezone().replace(tzinfo=None) == datetime(2026, 11, 2)
    assert until_moment("2026-11-02", NOW) - start == timedelta(days=1)
    assert resolve_time("yesterday", NOW) == resolve_time("today", NOW) - timedelta(days=1)


def test_the_queue_is_the_one_the_filter_names_else_the_open_claims():
    assert view_scope(parse_filter("kind:video"), 4, searching=False) == 4
    assert view_scope(parse_filter("kind:video claim:all"), 4, searching=False) == ALL_CLAIMS
    assert view_scope(parse_filter("claim:inbox"), 4, searching=False) is None
    assert view_scope(parse_filter("claim:7"), 4, searching=False) == 7
    assert view_scope(parse_filter("claim:here"), 4, searching=True) == 4
    assert view_scope(parse_filter("tag:drones"), 4, searching=False) == ALL_CLAIMS
    assert view_scope(parse_filter(""), 4, searching=True) == ALL_CLAIMS  # a plain search looks everywhere
    assert view_scope(parse_filter("kind:video"), 4, searching=True) == 4


@pytest.fixture
def decided(desk: Desk) -> Desk:
    """The demo data with decisions by two reviewers, grades and a note."""
    tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
    ids = [row.id for row in desk.view_after(View(ALL_CLAIMS, parse_filter("claim:all")), None, 100)]
    for index, evidence_id in enumerate(ids[:12]):
        who = desk if index % 2 else tom
        if desk.queue_row(evidence_id).outcome != "pending":
            continue
        action = ["supports", "refutes", "context", "reject", "escalate"][index % 5]
        claim = desk.detail(evidence_id)
        who.decide(evidence_id, action if claim.claim_id is not None or action not in
                   ("supports", "refutes", "context") else "reject")
    desk.grade(ids[3], reliability="A", credibility="1")
    desk.grade(ids[5], reliability="B")
    return desk


def raw_items(desk: Desk) -> list[dict]:
    """Every item as the database holds it, tags as JSON text on either backend."""
    with desk.engine.connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT e.*, r.name AS decided_by, c.tags AS claim_tags FROM evidence e "
            "LEFT JOIN reviewer r ON r.id = e.decided_by_id LEFT JOIN claim c ON c.id = e.claim_id ORDER BY e.id")
        rows = [dict(row) for row in found.mappings()]
    for row in rows:
        if not isinstance(row["claim_tags"], (str, type(None))):
            row["claim_tags"] = json.dumps(row["claim_tags"])
    return rows


def moment(value: str | datetime | None) -> datetime | None:
    """A stored UTC time (SQLite gives text, PostgreSQL a datetime)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


def filtered(desk: Desk, typed: str, scope=ALL_CLAIMS) -> list[int]:
    view = View(scope, parse_filter(typed), me="ana", now=NOW)
    found = [row.id for row in desk.view_after(view, None, 1000)]
    assert desk.view_count(view) == len(found)
    return found


CASES = {
    "outcome:pending": lambda item: item["outcome"] == "pending",
    "outcome:decided": lambda item: bool(item["decided"]),
    "outcome:rejected,escalated": lambda item: item["outcome"] in ("rejected", "escalated"),
    "stance:refutes": lambda item: item["stance"] == "refutes",
    "stance:none": lambda item: item["stance"] is None,
    "-stance:supports": lambda item: item["stance"] != "supports",
    "kind:video,photo": lambda item: item["kind"] in ("video", "photo"),
    "-kind:video": lambda item: item["kind"] != "video",
    "grade:A1": lambda item: (item["reliability"], item["credibility"]) == ("A", "1"),
    "grade:B": lambda item: item["reliability"] == "B",
    "grade:none": lambda item: item["reliability"] is None and item["credibility"] is None,
    "by:tom": lambda item: item["decided_by"] == "tom",
    "by:me": lambda item: item["decided_by"] == "ana",
    "-by:tom": lambda item: item["decided_by"] != "tom",
    "tag:kremlin": lambda item: "kremlin" in json.loads(item["claim_tags"] or "[]"),
    "-tag:kremlin": lambda item: "kremlin" not in json.loads(item["claim_tags"] or "[]"),
    "tag:shahed-136,crimea": lambda item: {"shahed-136", "crimea"} & set(json.loads(item["claim_tags"] or "[]")),
    "since:1h": lambda item: item["decided_at"] is not None and moment(item["decided_at"]) >= NOW - timedelta(hours=1),
    "until:1h": lambda item: item["decided_at"] is not None and moment(item["decided_at"]) < NOW - timedelta(hours=1),
    "arrived:2w": lambda item: moment(item["created_at"]) >= NOW - timedelta(weeks=2),
    "outcome:decided -by:me kind:statement,report,video": lambda item: item["decided"] and item[
        "decided_by"] != "ana" and item["kind"] in ("statement", "report", "video"),
}


@pytest.mark.parametrize("typed", list(CASES))
def test_each_filter_keeps_exactly_the_items_it_describes(decided, typed):
    wanted = [item["id"] for item in raw_items(decided) if CASES[typed](item)]
    assert filtered(decided, typed) == wanted


def test_the_decisions_made_the_filters_tell_something_apart(decided):
    # The cases above would pass on empty sets; these show the data has both sides of each.
    for typed in ("by:tom", "by:me", "stance:refutes", "grade:A1", "grade:B", "tag:kremlin", "outcome:pending"):
        assert 0 < len(filtered(decided, typed)) < len(raw_items(decided)), typed


def test_a_view_keeps_to_its_claim_and_meets_the_search(decided):
    items = raw_items(decided)
    claim = items[3]["claim_id"]
    in_claim = [item["id"] for item in items if item["claim_id"] == claim]
    assert filtered(decided, "", scope=claim) == in_claim
    assert filtered(decided, "", scope=None) == [item["id"] for item in items if item["claim_id"] is None]
    words = View(ALL_CLAIMS, parse_filter("outcome:pending"), fts_query("drone"), now=NOW)
    searched = {row.id for row in decided.view_after(View(ALL_CLAIMS, words=fts_query("drone")), None, 1000)}
    pending = set(filtered(decided, "outcome:pending"))
    both = [row.id for row in decided.view_after(words, None, 1000)]
    assert both == sorted(searched & pending) and 0 < len(both) < len(searched)


def test_a_filtered_view_pages_from_either_side_and_gives_positions(decided):
    view = View(ALL_CLAIMS, parse_filter("-outcome:rejected"), now=NOW)
    every = [row.id for row in decided.view_after(view, None, 1000)]
    assert len(every) > 10
    assert [row.id for row in decided.view_after(view, every[2], 4)] == every[3:7]
    assert [row.id for row in decided.view_before(view, every[7], 3)] == every[4:7]
    assert [row.id for row in decided.view_at(view, 5, 3)] == every[5:8]
    assert [decided.view_position(view, id_) for id_ in every] == list(range(len(every)))
    rejected = filtered(decided, "outcome:rejected")
    assert rejected and decided.view_position(view, rejected[0]) is None


def test_a_reviewer_nobody_knows_is_named(decided):
    with pytest.raises(InvalidValue, match="no reviewer named 'maria'; reviewers: ana, tom"):
        decided.view_count(View(ALL_CLAIMS, parse_filter("by:maria")))


def test_saved_views_are_kept_replaced_listed_and_deleted_with_their_events(desk):
    desk.save_view("pending videos", "kind:video Outcome:pending")
    desk.save_view("drones", "", "drone strike")
    assert [(view.name, view.filter, view.search) for view in desk.saved_views()] == [
        ("drones", "", "drone strike"), ("pending videos", "kind:video outcome:pending", "")]
    desk.save_view("pending videos", "kind:video,photo outcome:pending")
    assert [view.filter for view in desk.saved_views()] == ["", "kind:video,photo outcome:pending"]
    desk.delete_view("drones")
    assert [view.name for view in desk.saved_views()] == ["pending videos"]
    events = sql(desk, "SELECT action, entity_id, before FROM audit_event WHERE entity = 'saved_view' ORDER BY id")
    assert [(action, name, json.loads(before) if isinstance(before, str) else before)
            for action, name, before in events] == [
        ("view.save", "pending videos", None), ("view.save", "drones", None),
        ("view.save", "pending videos", {"filter": "kind:video outcome:pending", "search": ""}),
        ("view.delete", "drones", {"filter": "", "search": "drone strike"})]


@pytest.mark.parametrize(("name", "filter_text", "search_text", "error"), [
    ("  ", "kind:video", "", InvalidValue),
    ("x" * 61, "kind:video", "", InvalidValue),
    ("bad", "kind:hologram", "", InvalidValue),
    ("empty", "", "  ", InvalidValue),
])
def test_a_view_that_cannot_be_saved_is_refused_and_nothing_is_kept(desk, name, filter_text, search_text, error):
    with pytest.raises(error):
        desk.save_view(name, filter_text, search_text)
    assert desk.saved_views() == []
    with pytest.raises(NotFound):
        desk.delete_view("never saved")


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # a file from an older version
def test_a_file_from_before_saved_views_gains_them_and_the_new_indexes_on_open(desk):
    path = desk.engine.url.database
    desk.engine.dispose()
    with sqlite3.connect(path) as conn:
        for dropped in ("TABLE saved_view", "INDEX ix_evidence_claim", "INDEX ix_claim_order"):
            conn.execute(f"DROP {dropped}")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        conn.execute("DROP TABLE alembic_version")  # a file from before migrations
    reopened = Desk.open(path, "ana")
    try:
        assert schema_version(reopened.engine) == SCHEMA_VERSION
        reopened.save_view("mine", "by:me")
        assert [view.name for view in reopened.saved_views()] == ["mine"]
        with sqlite3.connect(path) as conn:
            indexes = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"ix_evidence_claim", "ix_claim_order"} <= indexes
    finally:
        reopened.engine.dispose()
