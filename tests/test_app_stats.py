"""The stats screen (`T`) in the real app: charts that show the database's figures,
refreshed while open when anyone decides, outside text shown literally, readable at
80x24; and the new figures from models and from `evidesk stats`."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from apptools import SIZE, rendered, rows, settle
from cli_run import evidesk

from models.desk import Desk
from models.stats import desk_stats, hour_floor
from tui.app import EvideskApp
from tui.widgets.charts import SPARKS

POLL_WAIT_SECONDS = 8.0  # the screen polls every 1.5 s; a slow shared machine gets room


def chart(app, name: str) -> str:
    return rendered(app.screen.query_one(f"#stats-{name}"))


def bar_line(text: str, word: str) -> tuple[int, str]:
    """(count, share) on the bar line of `word`: '✓ accepted    ██░░…     2   6.9%'."""
    found = re.search(rf"^\S {word} +[█░]+ +([\d,]+) +([\d.]+%)$", text, re.MULTILINE)
    assert found, f"no bar for {word!r} in:\n{text}"
    return int(found[1].replace(",", "")), found[2]


def reviewer_line(text: str, name: str) -> tuple[str, list[int]]:
    """(sparkline, [24 h total, this hour, decisions]) of a reviewer's line: the name comes last."""
    found = re.search(rf"^([{SPARKS}]{{24}}) +(\d+) +(\d+) +(\d+) +\S+  {re.escape(name)}$", text, re.MULTILINE)
    assert found, f"no line for {name!r} in:\n{text}"
    return found[1], [int(found[i]) for i in (2, 3, 4)]


async def wait_for(pilot, condition) -> bool:
    """Let the app run until `condition()` holds, for at most POLL_WAIT_SECONDS."""
    for _ in range(int(POLL_WAIT_SECONDS / 0.1)):
        if condition():
            return True
        await pilot.pause(0.1)
    return condition()


async def test_the_charts_show_the_desks_figures(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "r", "T")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "StatsScreen"
        [(items,)] = rows(demo_db, "SELECT count(*) FROM evidence")
        outcomes = chart(app, "outcomes")
        assert bar_line(outcomes, "accepted") == (2, f"{100 * 2 / items:.1f}%")
        assert bar_line(outcomes, "pending") == (items - 2, f"{100 * (items - 2) / items:.1f}%")
        assert bar_line(outcomes, "rejected") == (0, "0.0%")
        assert f"Outcomes of the {items} items" in chart(app, "outcomes-heading")
        stances = chart(app, "stances")
        assert bar_line(stances, "supports") == (1, "50.0%") and bar_line(stances, "refutes") == (1, "50.0%")
        assert bar_line(stances, "none") == (0, "0.0%")
        spark, (day, this_hour, decisions) = reviewer_line(chart(app, "reviewers"), "ana")
        assert day == 2 and decisions == 2 and this_hour in (0, 2)  # 0 only if an hour began just now
        assert spark.count(SPARKS[0]) == 23 and spark[-1 if this_hour else -2] == SPARKS[-1]
        assert re.search(r"local time, UTC[+-]\d\d:\d\d", chart(app, "reviewers-heading"))
        # Progress per claim: most pending first, the decided share as a bar and a figure.
        claims = chart(app, "claims").splitlines()
        [(claim_id, decided, pending)] = rows(demo_db, "SELECT id, n_decided, n_pending FROM claim WHERE n_decided > 0")
        [line] = [line for line in claims if line.startswith(f"#{claim_id} ")]
        whole = decided + pending
        assert re.search(rf"█+░+ +{decided}/{whole} +{100 * decided / whole:.1f}%", line)
        fractions = [re.search(r" (\d+)/(\d+) ", line) for line in claims]
        pending = [int(found[2]) - int(found[1]) for found in fractions]
        assert pending == sorted(pending, reverse=True)
        assert len(claims) == rows(demo_db, "SELECT count(*) FROM claim")[0][0] + 1  # every claim and the inbox
        assert "no two reviewers have decided yet" in chart(app, "pairs")
        assert "Krippendorff's alpha on stance: n/a" in chart(app, "alpha")
        await pilot.press("T")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ReviewScreen"
        await pilot.press("T")
        await settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ReviewScreen"


async def test_another_reviewers_decision_appears_while_the_screen_is_open(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "T")
        await settle(app, pilot)
        assert bar_line(chart(app, "outcomes"), "escalated") == (0, "0.0%")
        assert "other" not in chart(app, "reviewers")
        other = Desk.open(demo_db, "other")
        try:
            item = other.queue_page(3).rows[0].id  # a claim ana has not opened: no lease of hers on it
            other.decide(item, "escalate", seconds_on_screen=5.0)
        finally:
            other.engine.dispose()
        assert await wait_for(pilot, lambda: "other" in chart(app, "reviewers")), chart(app, "reviewers")
        await settle(app, pilot)
        assert bar_line(chart(app, "outcomes"), "escalated")[0] == 1
        assert bar_line(chart(app, "stances"), "none")[0] == 1  # an escalation takes no stance
        _, (day, _, decisions) = reviewer_line(chart(app, "reviewers"), "other")
        assert day == 1 and decisions == 1
        assert [line.split()[-2] for line in chart(app, "reviewers").splitlines() if line.endswith("  other")] == [
            "5.0"]  # median seconds
        assert reviewer_line(chart(app, "reviewers"), "ana")[1][0] == 1  # ana's own figures stay


async def test_names_and_claims_from_outside_are_shown_as_text(tmp_path, jsonl_file):
    db = tmp_path / "hostile.db"
    claim = "[@click=app.quit]Quit[/] [bold red]loud[/] \x1b]8;;https://evil.example\x07link"
    setup = Desk.open(db, "ana")
    setup.import_file(jsonl_file([
        {"type": "claim", "id": "c1", "text": claim},
        {"type": "evidence", "id": "e1", "claim": "c1", "url": "https://example.org/1", "text": "one"},
        {"type": "evidence", "id": "e2", "claim": "c1", "url": "https://example.org/2", "text": "two"},
    ]))
    setup.engine.dispose()
    mallory = Desk.open(db, "[b]mallory[/b]")
    mallory.decide(mallory.queue_page(1).rows[0].id, "supports", seconds_on_screen=2.0)
    mallory.engine.dispose()
    app = EvideskApp(db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "StatsScreen"
        reviewers, claims = chart(app, "reviewers"), chart(app, "claims")
        _, (day, _, decisions) = reviewer_line(reviewers, "[b]mallory[/b]")
        assert day == 1 and decisions == 1
        assert "[@click=app.quit]Quit[/] [bold red]loud[/]" in claims
        assert "\x1b" not in claims and "\x07" not in claims
        spans = app.screen.query_one("#stats-claims").render().spans
        assert not any("@click" in str(span.style) for span in spans)
        assert app.screen.__class__.__name__ == "StatsScreen"  # nothing ran app.quit


async def test_readable_at_80x24_and_scrolls_to_the_last_claim(demo_db):
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "T")
        await settle(app, pilot)
        scroll = app.screen.query_one("#stats")
        assert scroll.max_scroll_y > 0
        painted = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert re.search(rf"[{SPARKS}]{{24}} +1 +\d +1 +[\d.]+  ana", painted), painted  # the whole line fits
        assert "✓ accepted" in painted and "Back" in painted
        await pilot.press("end")
        await pilot.pause()
        painted = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        last = chart(app, "claims").splitlines()[-1]
        assert last[:30] in painted, painted
    app = EvideskApp(demo_db, "ana")
    async with app.run_test(size=(130, 36)) as pilot:
        await pilot.press("T")
        await settle(app, pilot)
        painted = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Decisions per reviewer" in painted and "Stance of the 1 decided items" in painted


def test_the_figures_count_hours_outcomes_and_stances(desk: Desk):
    items = [row.id for row in desk.queue_page(1).rows[:3]]
    desk.decide(items[0], "supports", seconds_on_screen=1.0)
    desk.decide(items[1], "reject", seconds_on_screen=1.0)
    desk.decide(items[2], "context", seconds_on_screen=1.0)
    desk.undo()
    [(at,)] = rows_of(desk, "SELECT max(at) FROM decision")
    now = datetime.now(timezone.utc)
    figures = desk_stats(desk.engine, now=now + timedelta(hours=3))
    hourly = figures.hourly
    assert hourly.hours == 24 and hourly.start == hour_floor(now + timedelta(hours=3)) - timedelta(hours=23)
    counts = hourly.by_reviewer["ana"]
    assert sum(counts) == 3  # triage decisions, the undone one included (as in "decisions")
    assert counts.index(3) == 23 - 3 - (hour_floor(now) - hour_floor(at)) // timedelta(hours=1)
    assert sum(desk_stats(desk.engine, now=now + timedelta(hours=25)).hourly.by_reviewer["ana"]) == 0
    assert figures.outcomes["accepted"] == 1 and figures.outcomes["rejected"] == 1
    assert list(figures.outcomes) == ["pending", "accepted", "rejected", "duplicate", "escalated"]
    assert sum(figures.outcomes.values()) == rows_of(desk, "SELECT count(*) FROM evidence")[0][0]
    assert figures.stances == {"supports": 1, "refutes": 0, "context": 0, "irrelevant": 0, "none": 1}
    # Hours cut in a zone half an hour off UTC start on the half hour in UTC.
    india = desk_stats(desk.engine, now=now.astimezone(timezone(timedelta(hours=5, minutes=30))))
    assert india.hourly.start.astimezone(timezone.utc).minute == 30
    limited = desk_stats(desk.engine, claims_limit=3)
    assert len(limited.claims) == 3 and limited.claim_count == len(desk_stats(desk.engine).claims)
    assert [claim.pending for claim in limited.claims] == sorted(
        (claim.pending for claim in desk_stats(desk.engine).claims), reverse=True)[:3]


def rows_of(desk: Desk, statement: str) -> list[tuple]:
    from conftest import sql

    found = sql(desk, statement)
    return [tuple(datetime.fromisoformat(value).replace(tzinfo=timezone.utc) if isinstance(value, str) else value
                  for value in row) for row in found]


def test_stats_from_the_shell_show_the_new_figures(demo_db):
    desk = Desk.open(demo_db, "ana")
    desk.decide(desk.queue_page(1).rows[0].id, "refutes", seconds_on_screen=3.0)
    desk.engine.dispose()
    figures = json.loads(evidesk("--db", str(demo_db), "stats", "--json").stdout)
    assert figures["outcomes"]["accepted"] == 1 and figures["stances"]["refutes"] == 1
    assert sum(figures["hourly"]["by_reviewer"]["ana"]) == 1 and figures["hourly"]["hours"] == 24
    assert figures["reviewers"] == [{"name": "ana", "decisions": 1, "median_seconds": 3.0}]
    text = evidesk("--db", str(demo_db), "stats").stdout
    assert "\naccepted\t1\t" in text and "\nrefutes\t1\t100.0%" in text
    assert re.search(r"\nana\t1\t[01]\t(\d+ ){23}\d+\n", text)
