"""Incoming while working: the app polls its inbox folder and imports each file
that has arrived in full, one at a time in arrival order, in a thread worker
with its own database handle. The worker only posts `InboxImported`; the app
hands it back here, on the UI thread, for the toast and the redraw."""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path

from textual.app import App
from textual.message import Message
from textual.worker import get_current_worker

from models.desk import Desk
from models.errors import EvideskError
from models.ingest.folders import InboxFolders
from models.ingest.inbox import ArrivalWatch, InboxOutcome, import_inbox_file
from tui.screens.review import ReviewScreen

POLL_SECONDS = 1.0
WORKER_GROUP = "inbox"


class InboxImported(Message):
    """A file from the inbox folder was imported (or failed) and moved."""

    def __init__(self, outcome: InboxOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class InboxWatch:
    """Owned by the app: a poll timer, a queue of arrived files, one import at a time."""

    def __init__(self, app: App, inbox: str | os.PathLike[str], database: str, reviewer: str) -> None:
        self.app = app
        self.folders = InboxFolders.create(inbox)
        self.database, self.reviewer = database, reviewer
        self.arrivals = ArrivalWatch(self.folders.inbox)
        self.waiting: deque[Path] = deque()
        self.busy = False

    def start(self) -> None:
        self.app.set_interval(POLL_SECONDS, self.poll, name="inbox-poll")

    def poll(self) -> None:
        self.waiting.extend(self.arrivals.poll())
        self._start_next()

    def _start_next(self) -> None:
        if self.busy or not self.waiting:
            return
        self.busy = True
        path = self.waiting.popleft()
        self.app.run_worker(lambda: self._import(path), name=f"import {path.name}", group=WORKER_GROUP,
                            thread=True, exclusive=False, exit_on_error=False)

    def _import(self, path: Path) -> None:
        """In the worker thread: never touches a widget."""
        worker = get_current_worker()
        try:
            desk = Desk.open(self.database, self.reviewer)
            try:
                outcome = import_inbox_file(desk.engine, desk.reviewer, path, self.folders,
                                            cancelled=lambda: worker.is_cancelled)
            finally:
                desk.engine.dispose()
        except Exception as error:  # noqa: BLE001 - the queue must go on whatever one file does
            outcome = InboxOutcome(path.name, None, error=f"{type(error).__name__}: {error}")
        if not worker.is_cancelled:
            self.app.post_message(InboxImported(outcome))

    def imported(self, outcome: InboxOutcome) -> None:
        """On the UI thread: tell the reviewer, redraw counts and queue, start the next file."""
        self.busy = False
        if outcome.moved_to is not None:
            self.arrivals.release(outcome.name)  # else it stays put, and is not retried until it leaves
        severity = "error" if outcome.error else "warning" if outcome.failed else "information"
        self.app.notify(outcome.message(), severity=severity, markup=False, timeout=8)
        review = next((screen for screen in self.app.screen_stack if isinstance(screen, ReviewScreen)), None)
        if review is not None and review.is_mounted:
            try:
                review.refresh_after_import()
            except EvideskError as error:
                self.app.notify(str(error), severity="error", markup=False)
        self._start_next()
