"""Read queries (claim list, keyset-paged queue, detail) and claim operations on the demo data."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event
from sqlmodel import Session, func, select

from models.desk import Desk
from models.errors import InvalidValue, NotFound
from models.tables import AuditEvent, Claim, Evidence


def claim_id(desk: Desk, ext_id: str) -> int:
    return next(row.id for row in desk.claims() if row.ext_id == ext_id)


def walk(desk: Desk, claim: int | None, limit: int) -> list:
    pages, after = [], None
    while True:
        page = desk.queue_page(claim, after=after, limit=limit)
        pages.append(page)
        if not page.has_more:
            return pages
        assert len(page.rows) == limit
        after = page.last_key


def test_list_claims_starts_with_the_inbox(desk: Desk) -> None:
    rows = desk.claims()
    inbox, claims = rows[0], rows[1:]
    assert inbox.is_inbox and inbox.id is None and inbox.text == "Inbox"
    assert (inbox.n_pending, inbox.n_decided) == (2, 0)
    assert len(claims) == 10 and all(row.id is not None for row in claims)
    assert [row.ext_id for row in claims][:2] == ["c-amir-denial", "c-peskov-nomenclature"]
    by_ext = {row.ext_id: (row.n_pending, row.n_decided) for row in claims}
    assert by_ext["c-amir-denial"] == (6, 0) and by_ext["c-kremlin-denial"] == (4, 0)
    with Session(desk.engine) as session:
        assert sum(row.n_pending for row in rows) == session.exec(select(func.count()).select_from(Evidence)).one()
    first_inbox = desk.queue_page(None).rows[0].id
    desk.decide(first_inbox, "reject")
    assert (desk.claims()[0].n_pending, desk.claims()[0].n_decided) == (1, 1)
    assert desk.claim(None) == desk.claims()[0]
    with pytest.raises(NotFound):
        desk.claim(999_999)


def test_claims_ordered_by_priority_then_arrival(desk: Desk) -> None:
    with Session(desk.engine) as session:
        expected = [(c.priority is None, c.priority or 0, c.id) for c in session.exec(select(Claim)).all()]
    assert [row.id for row in desk.claims()[1:]] == [key[2] for key in sorted(expected)]


@pytest.mark.parametrize(("ext_id", "limit"), [("c-amir-denial", 2), (None, 1)])
def test_queue_keyset_paging_without_offset(desk: Desk, ext_id: str | None, limit: int) -> None:
    claim = claim_id(desk, ext_id) if ext_id else None
    all_ids = [row.id for row in desk.queue_page(claim, limit=100).rows]
    for evidence_id in all_ids[::2]:
        desk.decide(evidence_id, "reject")  # mix decided items among the pending ones
    statements: list[tuple[str, tuple]] = []

    def capture(_conn, _cursor, statement, parameters, *_args) -> None:
        statements.append((statement, tuple(parameters)))

    event.listen(desk.engine, "before_cursor_execute", capture)
    try:
        pages = walk(desk, claim, limit=limit)
    finally:
        event.remove(desk.engine, "before_cursor_execute", capture)
    rows = [row for page in pages for row in page.rows]
    assert len(pages) == -(-len(all_ids) // limit) > 1
    assert sorted(row.id for row in rows) == sorted(all_ids)
    assert len({row.id for row in rows}) == len(rows)
    decided = [row.decided for row in rows]
    assert decided == sorted(decided) and True in decided and False in decided  # pending first
    for flag in (False, True):
        group = [row.id for row in rows if row.decided is flag]
        assert group == sorted(group)
    assert not pages[-1].has_more
    queue_sql = [(sql, params) for sql, params in statements if "FROM evidence" in sql]
    assert len(queue_sql) == len(pages)
    for number, (sql, params) in enumerate(queue_sql):
        sql = re.sub(r"%\(\w+\)s(::\w+)?", "?", sql)  # PostgreSQL's named parameters, spelt as SQLite's
        assert "LIMIT" in sql
        # SQLAlchemy's SQLite dialect always appends "OFFSET ?" after LIMIT; it must be bound to 0.
        if "OFFSET" in sql.upper():
            assert sql.rstrip().endswith("OFFSET ?") and params[-1] == 0, (sql, params)
        assert ("(evidence.decided, evidence.id) > (?, ?)" in sql) == (number > 0)


def test_queue_page_past_the_end_is_empty(desk: Desk) -> None:
    claim = claim_id(desk, "c-kyiv-43-drones")
    page = desk.queue_page(claim, limit=5)
    assert len(page.rows) == 1 and not page.has_more
    after = desk.queue_page(claim, after=page.last_key)
    assert after.rows == () and after.last_key is None


def test_next_pending_skips_decided_and_wraps(desk: Desk) -> None:
    claim = claim_id(desk, "c-amir-denial")
    a, b, c, d, e, f = (row.id for row in desk.queue_page(claim).rows)
    desk.decide(c, "escalate")
    desk.decide(f, "reject")
    assert desk.next_pending(claim, None) == a
    assert desk.next_pending(claim, a) == b
    assert desk.next_pending(claim, b) == d
    assert desk.next_pending(claim, e) == a  # wraps past the decided last item
    assert desk.next_pending(claim, f) == a
    for item in (a, b, d, e):
        desk.decide(item, "refutes")
    assert desk.next_pending(claim, a) is None


def test_evidence_detail_history_oldest_first(desk: Desk) -> None:
    claim = claim_id(desk, "c-kyiv-shahed")
    item = desk.queue_page(claim).rows[0].id
    applied = [desk.decide(item, "supports", seconds_on_screen=2.0), desk.grade(item, reliability="B"),
               desk.note(item, "matches debris photos"), desk.undo()]
    detail = desk.detail(item)
    assert (detail.claim_id, detail.ext_id) == (claim, "e-kyiv-strike-video")
    assert detail.claim_text.startswith("Iranian-made Shahed-136")
    assert [h.action for h in detail.history] == ["supports", "grade", "note", "undo"]
    assert [h.id for h in detail.history] == [a.decision_id for a in applied]
    assert [h.at for h in detail.history] == sorted(h.at for h in detail.history)
    assert {h.reviewer for h in detail.history} == {"ana"}
    assert detail.history[0].seconds_on_screen == 2.0
    assert detail.history[-1].undoes_id == applied[2].decision_id
    assert (detail.note, detail.grade, detail.decided_by) == ("", "B?", "ana")
    with pytest.raises(NotFound):
        desk.detail(999_999)


def test_add_claim_from_inbox_item(desk: Desk) -> None:
    item = desk.queue_page(None).rows[0].id
    inbox_before, n_claims = desk.claim(None), len(desk.claims())
    new = desk.add_claim("  Shahed drones are assembled in Russia.  ", claimant="Analyst", from_evidence=item)
    row = desk.claim(new)
    assert (row.text, row.claimant, row.n_pending, row.n_decided) == ("Shahed drones are assembled in Russia.",
                                                                      "Analyst", 1, 0)
    assert desk.claim(None).n_pending == inbox_before.n_pending - 1
    assert len(desk.claims()) == n_claims + 1
    assert desk.detail(item).claim_id == new
    assert [r.id for r in desk.queue_page(new).rows] == [item]
    with Session(desk.engine) as session:
        actions = session.exec(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(2)).all()
    assert set(actions) == {"claim.add", "evidence.link"}
    with pytest.raises(InvalidValue):
        desk.add_claim("   ")
    with pytest.raises(NotFound):
        desk.add_claim("A claim for nothing", from_evidence=999_999)
    assert len(desk.claims()) == n_claims + 1  # the refused claim was rolled back


def test_link_evidence_moves_counts(desk: Desk) -> None:
    source, target = claim_id(desk, "c-amir-denial"), claim_id(desk, "c-kremlin-denial")
    item = desk.queue_page(source).rows[0].id
    desk.decide(item, "supports")
    desk.link(item, target)
    assert (desk.claim(source).n_pending, desk.claim(source).n_decided) == (5, 0)
    assert (desk.claim(target).n_pending, desk.claim(target).n_decided) == (4, 1)
    inbox_item = desk.queue_page(None).rows[0].id
    desk.link(inbox_item, target)
    assert (desk.claim(target).n_pending, desk.claim(None).n_pending) == (5, 1)
    desk.link(inbox_item, target)  # already there: nothing changes
    assert desk.claim(target).n_pending == 5
    with pytest.raises(NotFound):
        desk.link(inbox_item, 999_999)
    with pytest.raises(NotFound):
        desk.link(999_999, target)


def test_set_verdict(desk: Desk) -> None:
    claim = claim_id(desk, "c-geran-rename")
    for verdict, rationale in [("Mostly False", "   "), ("Mostly False", ""), ("pants on fire", "why"),
                               ("", "why")]:
        with pytest.raises(InvalidValue):
            desk.set_verdict(claim, verdict, rationale)
    assert (desk.claim(claim).verdict, desk.claim(claim).status) == (None, "open")
    row = desk.set_verdict(claim, "Mostly False", "  Geran-2 is the Russian designation.  ")
    assert (row.verdict, row.status) == ("mostly_false", "resolved")
    assert desk.claim(claim) == row
    with Session(desk.engine) as session:
        stored = session.get(Claim, claim)
        assert stored.rationale == "Geran-2 is the Russian designation."
        assert stored.verdict_by_id == desk.reviewer.id and stored.verdict_at.utcoffset().total_seconds() == 0
    assert desk.set_verdict(claim, "mostly-accurate", "revised").verdict == "mostly_accurate"
    with pytest.raises(NotFound):
        desk.set_verdict(999_999, "false", "no such claim")
