"""The evidesk app shell: opens the desk and shows the review screen."""

from __future__ import annotations

import gc
import os

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from models.desk import Desk
from models.text import visible
from tui.inbox_watch import InboxImported, InboxWatch
from tui.modals.help import HelpScreen
from tui.screens.review import ReviewScreen


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
        self.inbox_watch = None if inbox is None else InboxWatch(
            self, inbox, self.desk.engine.url.render_as_string(hide_password=False), self.desk.reviewer.name)
        who = self.desk.reviewer
        self.sub_title = visible(f"{who.name} ({who.role}) · {self.desk.location}", single_line=True)

    def on_mount(self) -> None:
        # Everything alive now (modules, styles, the first screen) lives as long as
        # the app: keeping it out of the collector's full passes shortens the
        # pauses those passes would otherwise add to keystrokes.
        gc.freeze()
        if self.inbox_watch is not None:
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

    def on_unmount(self) -> None:
        self.desk.engine.dispose()
