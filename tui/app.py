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
from models.user_config import ConfigProblem, read_config, where_set
from tui import themes
from tui.idle_collector import IdleCollector
from tui.keymap import default_keys, load_keymap
from tui.modals.help import HelpScreen
from tui.palette import KeyCommands, ReviewCommands
from tui.screens.review import ReviewScreen
from tui.themes import DEFAULT_THEME, THEMES

if TYPE_CHECKING:
    from tui.inbox_watch import InboxImported, InboxWatch


class EvideskApp(App[None]):
    """`EvideskApp(db, reviewer, inbox=None)`: db is a SQLite path or a database URL;
    files dropped in the `inbox` folder are imported while the app runs."""

    CSS_PATH = "evidesk.tcss"
    TITLE = "evidesk"
    COMMANDS = App.COMMANDS | {KeyCommands, ReviewCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", show=False, priority=True,
                tooltip="Leave evidesk (every decision is already saved)"),
        Binding("ctrl+p", "command_palette", "Commands", id="palette", show=False, priority=True,
                tooltip="Find a command: jump to a claim, filter, open a view, export, stats, theme…"),
    ]

    def __init__(self, db: str | os.PathLike[str] | None = None, reviewer: str | None = None,
                 inbox: str | os.PathLike[str] | None = None) -> None:
        super().__init__()
        # A wrong keymap or theme stops evidesk before the database is opened.
        self.set_keymap(load_keymap())
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self._configured_theme()
        self.desk = Desk.open(db, reviewer)
        require_writable(self.desk.engine)
        # Made now, so a folder that cannot be made is reported before the screen opens.
        self._inbox = InboxFolders.create(inbox).inbox if inbox is not None else None
        self.inbox_watch: InboxWatch | None = None
        who = self.desk.reviewer
        self.sub_title = visible(f"{who.name} ({who.role}) · {self.desk.location}", single_line=True)
        self.collector = IdleCollector(self)
        self.stopped_by: EvideskError | None = None  # the problem that closed the app, if one did

    def _configured_theme(self) -> str:
        """config.toml's theme, else the one last chosen in the palette, else the default."""
        configured = read_config().get("theme")
        if configured is None:
            last = themes.last_chosen()
            return last if last in self.available_themes else DEFAULT_THEME
        if configured not in self.available_themes:
            known = ", ".join(theme.name for theme in THEMES)
            raise ConfigProblem(f"{where_set('theme')}: unknown theme {configured!r} (evidesk's: {known}; "
                                "ctrl+p, theme, lists the others)")
        return configured

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, lambda theme: themes.remember(theme.name))
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

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.save_place()
        await super().action_quit()

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, ReviewScreen):
            self.push_screen(HelpScreen(screen.help_sections()))

    def key_for(self, binding_id: str) -> str:
        """The key that runs a binding now, the user's keymap applied, as the footer shows it."""
        keys = self._keymap.get(binding_id) or default_keys()[binding_id]
        return self.get_key_display(Binding(keys.split(",")[0], ""))

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
