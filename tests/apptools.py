"""Helpers for driving the real app: demo databases, rendered text, rows in the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from fixtures import DEMO_JSONL
from models.desk import Desk
from tui.widgets.detail_view import DetailView
from tui.widgets.virtual_list import VirtualList

SIZE = (140, 40)


def make_demo_db(folder: Path, name: str = "demo.db") -> Path:
    path = folder / name
    desk = Desk.open(path, "ana")
    desk.import_file(DEMO_JSONL)
    desk.engine.dispose()
    return path


def rendered(widget: Widget) -> str:
    """The text a widget paints, line by line (a Static: its current content, which the
    next frame paints, since its painted lines are cached until then)."""
    if isinstance(widget, Static) and isinstance(content := widget.render(), Content):
        return content.plain
    if isinstance(widget, DetailView):
        return widget.content.plain
    if isinstance(widget, VirtualList):
        return "\n".join(widget.render_line(y).text for y in range(widget.scrollable_content_region.height))
    return "\n".join(strip.text for strip in widget.render_lines(widget.outer_size.region))


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    """Read the database file directly, as another process would."""
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def footer_text(screen) -> str:
    """The keys and labels the footer shows."""
    return " ".join(rendered(key) for key in screen.query("FooterKey"))


async def settle(app, pilot) -> None:
    """Wait for the app's workers, then for the frame they asked for."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def toasts(app) -> list[str]:
    """The notifications shown so far, as text."""
    return [str(notification.message) for notification in app._notifications]
