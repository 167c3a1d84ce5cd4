"""The evidesk app shell: opens the desk and shows the review screen."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from models.database import require_writable
from models.desk import Desk
from models.errors import EvideskError
from models.ingest.folders import InboxFolders
from models.text import visible
from tui.idle_collector import IdleCollector
from tui.modals.help import HelpScreen
from tui.screens.review import ReviewScreen

if TYPE_CHECKING:
    from tui.inbox_watch import InboxImported, InboxWatch


class EvideskApp(App[None]):
    """`EvideskApp(db, reviewer, inbox=None)`: db is a SQLite path or a database URL;
    files dropped in the `inbox` folder are imported while the app runs."""

    CSS_PATH = "evidesk.tcss"
    TITLE = "evidesk"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True,
                tooltip="Leave evidesk (every decision is already saved)"),
    ]

    def __init__(self, db: str | os.PathLike[str] | None = None, reviewer: str | None = None,
                 inbox: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        self.desk = Desk.open(db, reviewer)
        require_writable(self.desk.engine)
        # Made now, so a folder that cannot be made is reported before the screen opens.
        self._inbox = InboxFolders.create(inbox).inbox if inbox is not None else None
        self.inbox_watch: InboxWatch | None = None
        who = self.desk.reviewer
        self.sub_title = visible(f"{who.name} ({who.role}) · {self.desk.location}", single_line=True)
        self.collector = IdleCollector(self)
        self.stopped_by: EvideskError | None = None  # the problem that closed the app, if one did

    def on_mount(self) -> None:
        # Everything alive once the first screen is up (modules, styles, the screen, the
        # database engine and its statement cache) lives as long as the app.
        self.call_after_refresh(self.collector.start)
        if self._inbox is not None:
            self.call_after_refresh(self._watch_inbox, self._inbox)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            self.collector.key_pressed()
        await super().on_event(event)

    def _watch_inbox(self, inbox: str | os.PathLike[str]) -> None:
        """Started once the first screen is up: the importer is not needed to paint it."""
        from tui.inbox_watch import InboxWatch

        self.inbox_watch = InboxWatch(
            self, inbox, self.desk.engine.url.render_as_string(hide_password=False), self.desk.reviewer.name)
        self.inbox_watch.start()

    def on_inbox_imported(self, message: InboxImported) -> None:
        if self.inbox_watch is not None:
            self.inbox_watch.imported(message.outcome)

    def get_default_screen(self) -> Screen:
        return ReviewScreen(self.desk)

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, ReviewScreen):
            self.push_screen(HelpScreen(screen.help_sections()))

    def _handle_exception(self, error: Exception) -> None:
        # A database that fails mid-session (damaged, gone, its disk removed) ends the app
        # with its one line, as on the command line; anything else is a bug, shown in full.
        if isinstance(error, EvideskError):
            if self.stopped_by is None:
                self.stopped_by = error
                self.exit(return_code=error.exit_code)
            return
        super()._handle_exception(error)

    def notify(self, message: str, **options) -> None:
        # Toasts quote outside text (reviewers' names, file names, rejected rows): controls shown, never sent.
        super().notify(visible(message), **options)

    def on_unmount(self) -> None:
        self.desk.engine.dispose()
