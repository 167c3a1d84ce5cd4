"""The export dialog: a format, the filter and search (prefilled from the queue's view),
resolved claims only or not, and a path; the export runs off the UI thread behind a
progress bar, and a toast gives the count and the path."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from models.desk import Desk
from models.errors import EvideskError
from models.export.runner import ExportResult, run_export
from models.export.selection import selection_of

FORMATS = {"jsonl": "evidesk JSONL (everything, re-importable)", "csv": "CSV (one row per item)",
           "claimreview": "ClaimReview JSON-LD (claims with a verdict)", "markdown": "Markdown report"}
SUFFIXES = {"jsonl": ".jsonl", "csv": ".csv", "claimreview": ".json", "markdown": ".md"}
PROGRESS_EVERY = 0.1  # seconds between progress bar updates


@dataclass(frozen=True)
class Exported:
    result: ExportResult
    count: int


class ExportDialog(ModalScreen[Exported | None]):
    """Returns what was exported, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]
    DEFAULT_CSS = """
    ExportDialog #export-formats { height: auto; margin-bottom: 1; }
    ExportDialog .export-row { height: auto; }
    ExportDialog .export-row Label { width: 10; margin: 1 0 0 0; }
    ExportDialog .export-row Input { width: 1fr; }
    ExportDialog #export-progress { display: none; margin-top: 1; }
    ExportDialog.-running #export-progress { display: block; }
    ExportDialog #export-problem { color: $error; }
    """

    def __init__(self, desk: Desk, filter_text: str, search: str, folder: Path, name: str) -> None:
        super().__init__()
        self.desk, self._filter, self._search, self._folder, self._name = desk, filter_text, search, folder, name
        self._path_edited = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Export — pick a format; enter on the path writes it, esc cancels", markup=False)
            yield OptionList(*(Option(label, id=fmt) for fmt, label in FORMATS.items()), id="export-formats")
            with Horizontal(classes="export-row"):
                yield Label("Filter")
                yield Input(self._filter, placeholder="everything (as f in the queue)", id="export-filter")
            with Horizontal(classes="export-row"):
                yield Label("Search")
                yield Input(self._search, placeholder="no words (as / in the queue)", id="export-search")
            yield Checkbox("Only claims resolved with a verdict", id="export-resolved")
            with Horizontal(classes="export-row"):
                yield Label("Path")
                yield Input(str(self._path_for("jsonl")), id="export-path")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-problem", markup=False)

    def on_mount(self) -> None:
        formats = self.query_one("#export-formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    def _path_for(self, fmt: str) -> Path:
        return self._folder / f"{self._name}{SUFFIXES[fmt]}"

    @property
    def format(self) -> str:
        option = self.query_one("#export-formats", OptionList).highlighted_option
        return option.id if option is not None else "jsonl"

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if not self._path_edited:
            path = self.query_one("#export-path", Input)
            path.value = str(self._path_for(event.option.id))
            self._path_edited = False

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#export-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "export-path" and event.input.has_focus:
            self._path_edited = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "export-path":
            self.focus_next()
            return
        if self.has_class("-running"):
            return
        try:
            selection = selection_of(self.query_one("#export-filter", Input).value,
                                     search=self.query_one("#export-search", Input).value,
                                     resolved_only=self.query_one("#export-resolved", Checkbox).value,
                                     me=self.desk.reviewer.name)
        except EvideskError as error:
            self._problem(str(error))
            return
        self.add_class("-running")
        self._problem("")
        self._export(self.format, selection, Path(event.value).expanduser())

    def _problem(self, text: str) -> None:
        self.query_one("#export-problem", Static).update(text)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self, fmt: str, selection, path: Path) -> None:
        bar = self.query_one("#export-progress", ProgressBar)
        done, shown_at = 0, time.monotonic()

        def progress(rows: int) -> None:
            nonlocal done, shown_at
            done += rows
            if time.monotonic() - shown_at >= PROGRESS_EVERY:
                shown_at = time.monotonic()
                self.app.call_from_thread(bar.update, progress=done)

        try:
            total = self.desk.view_count(selection.view)
            self.app.call_from_thread(bar.update, total=max(total, 1), progress=0)
            result = run_export(self.desk.engine, self.desk.reviewer, fmt, selection, path, progress=progress)
        except EvideskError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self.dismiss, Exported(result, done))

    def _failed(self, problem: str) -> None:
        self.remove_class("-running")
        self._problem(problem)

    def action_cancel(self) -> None:
        if not self.has_class("-running"):  # a running export finishes: it leaves no half-written file either way
            self.dismiss(None)
