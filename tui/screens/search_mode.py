"""The review screen's search mode: `/` opens the search bar, and the hits of
what is typed become the queue, counted off the UI thread (the newest query
wins); `esc` brings the claim's queue back."""

from __future__ import annotations

from textual import work
from textual.widgets import Input
from textual.worker import get_current_worker

from models.errors import EvideskError
from models.search import COUNT_CAP, fts_query
from tui.format import clip
from tui.widgets.queue_sources import SearchSource
from tui.widgets.search_bar import SearchBar


class SearchMode:
    """Mixed into ReviewScreen, whose desk, queue, claim and _open_claim it uses."""

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def searching(self) -> bool:
        return isinstance(self.queue.source, SearchSource)

    def action_search(self) -> None:
        self.add_class("-searching")
        self.search_bar.focus()

    def action_close_search(self) -> None:
        self.remove_class("-searching")
        self.search_bar.value = ""
        if self.searching and self.claim is not None:
            self._open_claim(self.claim)
        self.queue.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self.search_bar:
            return
        query = fts_query(event.value)
        if query is not None:
            self._count_hits(event.value, query)
        elif self.searching and self.claim is not None:
            self._open_claim(self.claim)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input is self.search_bar:
            self.queue.focus()

    @work(exclusive=True, thread=True, group="search")
    def _count_hits(self, typed: str, query: str) -> None:
        """Off the UI thread, so typing never waits; a newer query makes this one moot."""
        try:
            count = self.desk.search_count(query)
        except EvideskError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, typed, query, count)

    def _show_hits(self, typed: str, query: str, count: int) -> None:
        if self.search_bar.value != typed:
            return  # typed on since; that query's worker will show its hits
        hits = f"{count:,}{'+' if count >= COUNT_CAP else ''} hit{'s' if count != 1 else ''}"
        self.queue.load(SearchSource(self.desk, query), count, f"Search · {clip(typed, 40)} · {hits}")
