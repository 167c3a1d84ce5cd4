"""The hostile corpus (tests/hostile.py) through import, every pane and every export:
imported as typed (or refused with a one-line reason), shown literally with controls as
visible symbols on a whole screen whose every line is exactly as wide as the terminal,
exported so that it reads back exactly, and the largest excerpts neither refused
silently nor freezing the screen."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from apptools import rendered, rows, settle
from hostile import (
    CASES,
    CLAIMS,
    CSV_REFUSED,
    INBOX_ITEM,
    INVALID_UTF8,
    NAME,
    RATIONALE,
    RAW_CONTROL,
    REFUSED,
    WIDE_NAME,
    decided_by,
    evidence_id,
    excerpt,
    jsonl_rows,
    provenance_of,
    slug,
    source_of,
    write_csv,
    write_invalid_utf8,
    write_invalid_utf8_csv,
    write_jsonl,
)
from hostile_run import (
    claims,
    copy_of,
    evidesk,
    import_corpus,
    items,
    neutralised,
    one_line,
    read_jsonl,
)
from rich.cells import cell_len
from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input

from models.desk import Desk
from models.ingest.csv_reader import CELL_LIMIT
from models.ingest.rows import LIMITS
from models.text import visible
from tui.app import EvideskApp
from tui.widgets.detail_view import DetailView

SIZE = (160, 50)
NAMES = {evidence_id(name): name for name in CASES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, tuple[int, str, str]]:
    return import_corpus(tmp_path_factory.mktemp("corpus"))


def test_the_jsonl_corpus_goes_in_as_typed_and_the_refused_rows_are_named_in_one_visible_line_each(corpus):
    db, (code, out, err) = corpus
    assert code == 1 and "Traceback" not in err
    first = len(jsonl_rows()) + 1
    assert err.splitlines()[:len(REFUSED)] == [f"corpus.jsonl:{first + number}: {reason}"
                                              for number, (_row, reason) in enumerate(REFUSED.values())]
    assert not RAW_CONTROL.search(err)
    summary = json.loads(out)
    assert (summary["claims_new"], summary["evidence_new"], summary["rejected"]) == (3, len(CASES) + 1, 4)
    stored = items(db)
    for name, text in CASES.items():
        url = f"https://example.org/{slug(name)}?q=[@click=app.quit]"
        assert stored[evidence_id(name)][:4] == (text, source_of(name), url, provenance_of(name)), name
        if decided_by(name) is not None:
            assert stored[evidence_id(name)][4] == text, name  # the note
    assert {claim: stored_claim[:2] for claim, stored_claim in claims(db).items()} == {
        claim: (text, claimant) for claim, (_names, text, claimant) in CLAIMS.items()}
    assert claims(db)["c-scripts"][2:] == ("false", RATIONALE)
    assert {NAME, WIDE_NAME} <= {name for (name,) in rows(db, "SELECT name FROM reviewer")}
    assert not {"e-nul", "e-nul-name", "e-surrogate", "e-nowhere"} & stored.keys()


def test_the_csv_corpus_goes_in_as_typed(tmp_path, capsys):
    source = write_csv(tmp_path / "corpus.csv")
    code, out, err = evidesk(capsys, "import", str(source), "--db", str(tmp_path / "csv.db"), "--json")
    assert code == 1 and json.loads(out)["evidence_new"] == len(CASES)
    (refused,) = [line for line in err.splitlines() if line.startswith(f"{source}:")]
    assert refused.endswith(f": {CSV_REFUSED['nul'][1]}")
    stored = items(tmp_path / "csv.db")
    for name, text in CASES.items():  # tabs, carriage returns and newlines inside cells too
        assert stored[evidence_id(name)][:2] == (text, source_of(name)), name
        assert stored[evidence_id(name)][3] == provenance_of(name), name


def test_bytes_that_are_not_utf8_refuse_their_line_alone_in_one_line_each(tmp_path, capsys):
    db = str(tmp_path / "bad.db")
    source = write_invalid_utf8(tmp_path / "bad.jsonl")
    code, _out, err = evidesk(capsys, "import", str(source), "--db", db)
    assert code == 1
    assert err.splitlines()[:len(INVALID_UTF8)] == [f"{source}:{line}: not valid UTF-8" for line in INVALID_UTF8]
    assert items(Path(db))["good"][0] == "fine 中"
    refused = read_jsonl(tmp_path / "bad.jsonl.rejects.jsonl")
    assert [reject["line"] for reject in refused] == list(INVALID_UTF8)
    assert all("\ufffd" in reject["raw"] for reject in refused)  # the raw row kept, bad bytes replaced

    source = write_invalid_utf8_csv(tmp_path / "bad.csv")
    code, _out, err = evidesk(capsys, "import", str(source), "--db", db)
    assert code == 1 and err.splitlines()[0] == f"{source}:3: not valid UTF-8"
    assert items(Path(db))["csv-good"][0] == "fine 中" and "csv-bad" not in items(Path(db))


def test_reports_on_the_command_line_show_outside_names_visibly(corpus, capsys):
    db = str(corpus[0])
    for command in (["stats"], ["reviewer", "list"], ["audit", "log"]):
        code, out, _err = evidesk(capsys, *command, "--db", db)
        assert code == 0 and one_line(NAME) in out, command
        assert not RAW_CONTROL.search(out.replace("\t", " ")), (command, out)


# --- every pane ----------------------------------------------------------------------


def screen_lines(app) -> list[str]:
    """The whole screen as the terminal gets it, every layer (modals, toasts) composited."""
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        for segment in strip:
            style = segment.style
            # Markup from outside would have become a link or an action.
            assert style is None or (style.link is None and "app.quit" not in str(style.meta.get("@click", ""))), style
    return [strip.text for strip in strips]


def assert_screen(app, *shown: str) -> str:
    """Every line exactly the screen's width in cells, none carrying a raw control, the app
    still running; and `shown` somewhere on it."""
    lines = screen_lines(app)
    width, height = app.size
    assert len(lines) == height
    for number, line in enumerate(lines):
        assert cell_len(line) == width, (number, line)
        assert not RAW_CONTROL.search(line), (number, line)
    assert app.is_running
    screen = "\n".join(lines)
    for text in shown:
        assert text in screen, f"{text!r} not on the screen:\n{screen}"
    return screen


async def press(app, pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(app, pilot)


async def focus_claims(app, pilot, position: int) -> None:
    """The claim list focused with the claim at `position` highlighted (0: the inbox)."""
    screen = app.screen
    for _ in range(4):
        if screen.focused is screen.claims:
            break
        await press(app, pilot, "shift+tab")
    await press(app, pilot, "g", *"j" * position)


async def walk_queue(app, pilot, count: int) -> list[str]:
    """Each item of the open queue in turn, checked on the whole screen; their names."""
    screen, seen = app.screen, []
    await press(app, pilot, "g")
    for _ in range(count):
        shown = screen.detail.shown
        name = NAMES[shown.ext_id]
        detail = rendered(screen.detail)
        assert visible(CASES[name]) in detail, name
        assert f"Source: {visible(source_of(name))}\n" in detail
        assert f"Provenance: {visible(provenance_of(name))}\n" in detail
        if (by := decided_by(name)) is not None:
            assert f"Last change: {one_line(by)}, " in detail and f"Note: {visible(CASES[name])}\n" in detail
        assert_screen(app, one_line(CASES[name])[:20])
        seen.append(name)
        await press(app, pilot, "j")
    return seen


async def test_every_pane_shows_the_corpus_literally_on_an_intact_screen(corpus, tmp_path):
    app = EvideskApp(copy_of(corpus[0], tmp_path / "panes.db"), "ana")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert_screen(app, one_line(CLAIMS["c-markup"][1])[:40], "中文 日本語")
        for position, (claim, (names, text, claimant)) in enumerate(CLAIMS.items(), start=1):
            await focus_claims(app, pilot, position)
            detail = rendered(screen.detail)
            assert visible(text) in detail and f"Claimant: {visible(claimant)}\n" in detail
            assert_screen(app, one_line(text)[:30])
            await press(app, pilot, "enter")
            assert sorted(await walk_queue(app, pilot, len(names))) == sorted(names)
            if claim == "c-markup":  # the duplicate picker lists the other items as typed
                await press(app, pilot, "g", "d")
                assert_screen(app, "Duplicate of which item?", "[/] closes nothing: [/] closes nothing")
                await press(app, pilot, "escape")
            if claim == "c-controls":  # the note prompt, filled with an imported note
                await press(app, pilot, "G")
                name = NAMES[screen.detail.shown.ext_id]
                await press(app, pilot, "n")
                assert app.screen.query_one("#prompt-text", Input).value == one_line(CASES[name])
                assert_screen(app, one_line(CASES[name])[:40])
                await press(app, pilot, "escape")
        assert_screen(app, "中文 日本語 한국어", "👩‍👩‍👧‍👦 family 🏳️‍🌈", "ایران پهپاد", "Z̷̢͎a̵l̶g̸o")

        await focus_claims(app, pilot, 3)  # the verdict view of the resolved claim
        await press(app, pilot, "v")
        assert app.screen.query_one("#verdict-rationale", Input).value == one_line(RATIONALE)
        assert_screen(app, "Finalise verdict", one_line(RATIONALE)[:30], "For (", "Against (")
        await press(app, pilot, "escape")

        await focus_claims(app, pilot, 0)  # a claim from the inbox item, its fields filled from it
        await press(app, pilot, "enter", "a")
        assert app.screen.query_one("#claim-claimant", Input).value == one_line(INBOX_ITEM["source"])
        assert_screen(app, one_line(INBOX_ITEM["source"]), one_line(INBOX_ITEM["text"]))
        await press(app, pilot, "escape")

        await press(app, pilot, "slash", *"[@click=app.quit]")  # every case's URL holds the words
        assert_screen(app, f"“[@click=app.quit]” · {len(CASES)} hits")
        await press(app, pilot, "escape", "slash", *"中文")
        assert_screen(app, "“中文”", "中文 日本語 한국어")
        await press(app, pilot, "escape")
        await press(app, pilot, "f", *"kind:[b]")
        assert_screen(app, "kind:[b]", "'[b]' in 'kind:[b]' is not a known kind")
        await press(app, pilot, "escape")

        await press(app, pilot, "L")  # the supervisor's screen; confirming names the reviewer in a toast
        assert_screen(app, one_line(NAME)[:9], "审核员 👩‍👩‍👧‍👦", one_line(CASES["csi clear"]))
        for _ in range(len(CASES)):
            if app.screen.decisions.current.reviewer == NAME:
                break
            await press(app, pilot, "k")
        await press(app, pilot, "y")
        await pilot.pause(0.2)
        assert_screen(app, "Confirmed decision", "␛]0;pwned␇.")  # the toast wraps the name
        await press(app, pilot, "escape", "T")  # the stats screen
        assert_screen(app, one_line(NAME), WIDE_NAME, one_line(CLAIMS["c-controls"][1])[:40])
        await press(app, pilot, "escape", "X")  # the export dialog
        assert_screen(app, "Export")
        await press(app, pilot, "escape")
        assert app.is_running
    assert app.return_code in (None, 0)


async def test_the_screen_check_catches_a_line_of_the_wrong_width(corpus, tmp_path, monkeypatch):
    """A widget that counts a wide character as one cell draws a line wider than it says, and
    assert_screen fails on it (Textual pads or cuts lines merely too short or too long)."""
    drawn = DetailView.render_line

    def miscounted(self, y: int) -> Strip:
        strip = drawn(self, y)
        return Strip([Segment("中" * 5), *strip.crop(5)], strip.cell_length) if y == 0 else strip

    monkeypatch.setattr(DetailView, "render_line", miscounted)
    app = EvideskApp(copy_of(corpus[0], tmp_path / "width.db"), "ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with pytest.raises(AssertionError):
            assert_screen(app)


# --- every export format ---------------------------------------------------------------


# --- the largest excerpts ------------------------------------------------------------


async def test_a_10_mb_excerpt_is_refused_in_one_line_and_the_largest_allowed_goes_everywhere(tmp_path, capsys):
    largest = excerpt(LIMITS["text"], unit="characters")
    ten_mb = excerpt(10 * 1024 * 1024)
    assert len(ten_mb.encode("utf-8")) > 10 * 1024 * 1024 - 4
    source = write_jsonl(tmp_path / "big.jsonl", [
        {"type": "claim", "id": "c-big", "text": "A claim with the largest excerpts"},
        {"type": "evidence", "id": "e-small", "claim": "c-big", "text": "a small item first"},
        {"type": "evidence", "id": "e-10mb", "claim": "c-big", "text": ten_mb},
        {"type": "evidence", "id": "e-max", "claim": "c-big", "text": largest, "outcome": "accepted",
         "stance": "supports"},
    ])
    db = tmp_path / "big.db"
    started = time.monotonic()
    # A real process: a file this large is parsed in a second, forked one.
    result = subprocess.run([sys.executable, "-m", "tui", "--reviewer", "ana", "import", str(source), "--db", str(db)],
                            capture_output=True, timeout=120)
    assert time.monotonic() - started < 60
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err
    assert err.splitlines()[0] == f'{source}:3: "text" is longer than 1,000,000 characters ({len(ten_mb):,})'
    assert items(db)["e-max"][0] == largest

    app = EvideskApp(db, "ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.detail.shown.ext_id == "e-small"
        started = time.monotonic()
        await press(app, pilot, "j")
        assert screen.detail.shown.ext_id == "e-max" and time.monotonic() - started < 10
        assert visible(largest) in rendered(screen.detail)  # the whole excerpt, wrapped
        assert_screen(app, one_line(largest)[:20])
        await press(app, pilot, "tab", "end")
        await pilot.pause(0.5)  # the scroll is animated
        assert_screen(app, "History")
        assert app.is_running

    paths = {fmt: tmp_path / f"big.{fmt}" for fmt in ("jsonl", "csv", "markdown")}
    for fmt, path in paths.items():
        code, _out, _err = evidesk(capsys, "export", "--format", fmt, "--db", str(db), "--out", str(path))
        assert code == 0
    exported = {line["id"]: line for line in read_jsonl(paths["jsonl"])}
    assert exported["e-max"]["text"] == largest
    csv.field_size_limit(CELL_LIMIT)  # as the importer reads: a cell as long as an excerpt may be
    with paths["csv"].open(encoding="utf-8", newline="") as handle:
        assert {row["evidence_id"]: row["text"] for row in csv.DictReader(handle)}["e-max"] == neutralised(largest)
    report = paths["markdown"].read_text("utf-8")
    assert len(report) < 10_000 and "…”" in report and not RAW_CONTROL.search(report)  # the excerpt cut short

    # As CSV: the largest cell goes in, one character more is refused with its reason.
    source = tmp_path / "big.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("type", "id", "text"), ("evidence", "csv-max", largest),
                                      ("evidence", "csv-over", largest + "!")])
    code, _out, err = evidesk(capsys, "import", str(source), "--db", str(db))
    assert code == 1 and err.splitlines()[0].endswith(': "text" is longer than 1,000,000 characters (1,000,001)')
    assert items(db)["csv-max"][0] == largest


def test_nul_is_refused_on_every_backend_and_the_rest_goes_in(database, tmp_path):
    desk = Desk.open(database, "ana")
    summary = desk.import_file(write_jsonl(tmp_path / "corpus.jsonl"))
    assert [one_line(reject.reason) for reject in summary.rejects] == [reason for _row, reason in REFUSED.values()]
    assert summary.evidence_new == len(CASES) + 1
    desk.engine.dispose()
