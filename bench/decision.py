"""Decision latency: a decision key → committed → the next item painted.

The app runs in-process under Textual's `run_test` (headless, 120x40) on a
database holding one claim with presses + EXTRA_ITEMS pending items. Each
key is posted to the app as its terminal driver posts one; three moments
follow: committed (the session's after_commit event), painted (the first
frame in which the queue highlights the expected item and the detail view
shows it) and settled (the last frame before QUIET_S pass with neither
frames nor work). Key presses never overlap. `Pilot.press` + `pause` is not
the stopwatch: each waits for idle in sleeps of at least 20 ms, a floor
that would swamp the figure. Headless, the compositor still renders every
changed line; only the final encoding into escape sequences is skipped.

Baselines from the same run, on copies of the same file (bench.baselines):
raw sqlite3 with the app's PRAGMAs (one UPDATE + one INSERT + COMMIT per
item), and the model layer alone: Desk.decide, then Desk.decide plus the
reads the review screen makes to redraw after a decision.
"""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import sys
from pathlib import Path
from time import perf_counter, process_time

from sqlalchemy import event
from sqlalchemy.engine import Connection
from textual import events

from bench.baselines import time_desk, time_raw
from bench.dataset import REVIEWER, cached_database, copy_database, queue_start
from bench.report import BenchError, ms, percentile, print_table, ratio
from tui.app import EvideskApp

# Items left pending after the last press, so every press has a next item.
EXTRA_ITEMS = 50
QUIET_S = 0.05
IDLE_SHARE = 0.2
STALL_S = 10.0


class _Recorder:
    """Timestamps of commits, of frames (with what each showed) and of full garbage collections."""

    def __init__(self, app: EvideskApp) -> None:
        self.app = app
        self.commits: list[float] = []
        self.frames: list[tuple[float, int | None, object]] = []
        self.keys: list[str] = []
        self.full_gc: list[float] = []
        self._gc_started = 0.0

    def detail_content(self) -> object:
        return self.app.screen.detail.content

    def on_commit(self, _connection: Connection) -> None:
        self.commits.append(perf_counter())

    def on_gc(self, phase: str, info: dict) -> None:
        if info["generation"] == 2:
            if phase == "start":
                self._gc_started = perf_counter()
            else:
                self.full_gc.append(perf_counter() - self._gc_started)

    def on_frame(self) -> None:
        current = self.app.screen.queue.current
        self.frames.append((perf_counter(), current.id if current else None, self.detail_content()))

    async def press(self, key: str, expected: int, *, commits: bool = True) -> tuple[float, float, float]:
        """Seconds from posting `key` to committed, to painted with item `expected`, to settled."""
        shown_before = self.detail_content()
        self.keys.append(key)
        self.commits.clear()
        self.frames.clear()
        key_event = events.Key(key, key)
        key_event.set_sender(self.app)
        started = perf_counter()
        self.app._driver.send_message(key_event)
        while (painted := next((at for at, current, detail in self.frames
                                if current == expected and detail is not shown_before), None)) is None:
            if self.app.return_code is not None:
                raise BenchError(f"the app stopped after {key!r} (exit code {self.app.return_code})")
            if perf_counter() - started > STALL_S:
                current = self.app.screen.queue.current
                raise BenchError(f"after {key!r} the app never showed item #{expected} "
                                 f"(it highlights #{current.id if current else None})")
            await asyncio.sleep(0.001)
        await self._settle(started)
        if commits and not self.commits:
            raise BenchError(f"{key!r} showed item #{expected} without committing anything")
        committed = self.commits[0] - started if commits else float("nan")
        return committed, painted - started, self.frames[-1][0] - started

    async def _settle(self, started: float) -> None:
        """Wait until QUIET_S have passed without a frame and with the process nearly idle."""
        # A frame gap alone is no proof: a long recompose draws nothing while it runs.
        samples = [(perf_counter(), process_time())]
        while samples[-1][0] - started < STALL_S:
            await asyncio.sleep(0.005)
            now, cpu = perf_counter(), process_time()
            samples.append((now, cpu))
            then = next((used for at, used in reversed(samples) if at <= now - QUIET_S), None)
            if then is not None and now - self.frames[-1][0] >= QUIET_S and cpu - then < IDLE_SHARE * QUIET_S:
                return
        raise BenchError(f"the screen was still busy {STALL_S:.0f} s after a key press")


async def _time_app(path: Path, claim_id: int, ids: list[int], presses: int) -> dict[str, list]:
    app = EvideskApp(path, REVIEWER)
    recorder = _Recorder(app)
    try:
        return await _drive(app, recorder, claim_id, ids, presses)
    except BenchError:
        raise
    except Exception as error:  # the app's own crash, re-raised by run_test
        raise BenchError(f"the app crashed at key press {len(recorder.keys)} ({recorder.keys[-1] if recorder.keys else '-'}): "
                         f"{type(error).__name__}: {str(error).splitlines()[0][:160]}") from None


async def _drive(app: EvideskApp, recorder: _Recorder, claim_id: int, ids: list[int],
                 presses: int) -> dict[str, list]:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        if screen.queue.current is None or screen.queue.current.id != ids[0]:
            raise BenchError(f"the app opened on {screen.queue.current}, not on the first item #{ids[0]}")
        display = app._display

        # Every frame passes through App._display, headless or not.
        def recording_display(shown_screen, update) -> None:
            display(shown_screen, update)
            if update is not None and shown_screen is screen:
                recorder.on_frame()

        app._display = recording_display
        engine = app.desk.engine
        event.listen(engine, "commit", recorder.on_commit)
        gc.callbacks.append(recorder.on_gc)
        try:
            decide = [await recorder.press("s", ids[n + 1]) for n in range(presses)]
            if (decided := app.desk.claim(claim_id).n_decided) != presses:
                raise BenchError(f"{presses} presses of s left {decided} items decided")
            undo = [await recorder.press("u", ids[n]) for n in reversed(range(presses))]
            if (decided := app.desk.claim(claim_id).n_decided) != 0:
                raise BenchError(f"{presses} presses of u left {decided} items decided")
            # All pending again, numbered 1… in queue order: page n shows item ids[0] + n·step.
            step = screen.queue.scrollable_content_region.height - 1
            pages = min(presses, (screen.queue.count - 1) // step)
            page_down = [await recorder.press("pagedown", ids[0] + n * step, commits=False)
                         for n in range(1, pages + 1)]
        finally:
            event.remove(engine, "commit", recorder.on_commit)
            gc.callbacks.remove(recorder.on_gc)
    return {"s": decide, "u": undo, "pagedown": page_down, "gc": recorder.full_gc}


def run(workdir: Path, presses: int, sizes: list[int]) -> None:
    """For each queue size: the baselines and the app on copies of the cached database; one table each."""
    workdir.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        items = max(size, presses * 3 + EXTRA_ITEMS)
        cached, claim_id = cached_database(items, log=lambda text: print(text, file=sys.stderr, flush=True))
        ids = queue_start(cached, claim_id, presses * 3 + EXTRA_ITEMS)
        baseline_db = copy_database(cached, workdir / f"baselines-{items}.db")
        # The three baselines decide different items of one copy.
        raw = time_raw(baseline_db, ids[:presses])
        desk = time_desk(baseline_db, ids[presses:2 * presses], with_reads=False)
        reads = time_desk(baseline_db, ids[2 * presses:3 * presses], with_reads=True)
        baseline_db.unlink()
        app_db = copy_database(cached, workdir / f"app-{items}.db")
        app = asyncio.run(_time_app(app_db, claim_id, ids, presses))
        app_db.unlink()
        _print(items, presses, raw, desk, reads, app, workdir)


def _print(items: int, presses: int, raw: list[float], desk: list[float], reads: list[float], app: dict,
           workdir: Path) -> None:
    full_gc = app["gc"] or [0.0]
    series: list[tuple[str, list[float]]] = [
        ("raw sqlite3: UPDATE + INSERT + COMMIT", raw),
        ("Desk.decide (model layer alone)", desk),
        ("Desk.decide + the screen's redraw reads", reads),
    ]
    for key, what in (("s", "next item"), ("u", "undone item")):
        moments = list(zip(*app[key]))
        series += [(f'app "{key}": key → committed', list(moments[0])),
                   (f'app "{key}": key → {what} painted', list(moments[1])),
                   (f'app "{key}": key → screen settled', list(moments[2]))]
    if app["pagedown"]:
        moments = list(zip(*app["pagedown"]))
        series += [('app "pagedown": key → next screenful painted', list(moments[1]))]
    raw50, raw99 = percentile(raw, 0.5), percentile(raw, 0.99)
    rows = []
    for label, values in series:
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        rows.append((label, ms(p50), ms(p99), ms(max(values)), ratio(p50, raw50), ratio(p99, raw99)))
    print_table(
        f"Decisions: {presses} keystrokes each, one claim with {items:,} items "
        f"(SQLite {sqlite3.sqlite_version}, WAL, synchronous=FULL, under {workdir.parent.parent})",
        ("", "p50", "p99", "max", "p50 × raw", "p99 × raw"),
        rows,
        notes=(
            "Desk.decide also updates the claim's counts and appends an audit event in its transaction.",
            "Redraw reads: queue_row, claim, next_pending, detail (as ReviewScreen._redraw_after does).",
            "painted: first frame (headless, 120x40) with the item highlighted in the queue and in the detail view;",
            f"settled: last frame before {QUIET_S * 1000:.0f} ms without frames or work. Key presses do not overlap.",
            f"pagedown: {len(app['pagedown'])} presses from the top, each to the item a screenful further down.",
            f"Full garbage collections during the app rows: {len(app['gc'])}, median {ms(percentile(full_gc, 0.5))}, "
            f"max {ms(max(full_gc))}; each stalls the key press it falls in.",
        ),
    )
