"""The review screen's views: `/` searches the text, `f` filters the queue
(`outcome:pending kind:video by:maria since:24h`), and the queue shows what
matches both, counted off the UI thread (the newest view wins). `S` saves the
view under a name, `V` opens a saved one, `esc` in a bar clears it; `X` exports
what the queue shows.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from models.errors import EvideskError
from models.filters import ALL_CLAIMS, QueueFilter, parse_filter
from models.records import QueueRow
from models.search import COUNT_CAP, fts_query
from models.tables import utcnow
from models.views import View, view_scope
from tui.format import clip
from tui.modals.line_prompt import view_name_prompt
from tui.modals.picker import PickerModal
from tui.widgets.queue_sources import QueueSource, ViewSource
from tui.widgets.search_bar import FilterBar, SearchBar


class ViewMode:
    """Mixed into ReviewScreen, whose desk, queue and claim it uses."""

    queue_filter = QueueFilter()

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one(SearchBar)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    @property
    def viewing(self) -> bool:
        """The queue shows a view (a search, a filter), not a claim's plain queue."""
        return isinstance(self.queue.source, ViewSource)

    def wanted_view(self) -> View | None:
        """The view the bars ask for, or None for the open claim's plain queue."""
        words = fts_query(self.search_bar.value)
        if not self.queue_filter and words is None:
            return None
        open_claim = self.claim.id if self.claim is not None else None
        scope = view_scope(self.queue_filter, open_claim, words is not None)
        return View(scope, self.queue_filter, words, me=self.desk.reviewer.name, now=utcnow())

    def show_queue(self, focus_item: int | None = None) -> None:
        """Show the open claim's queue, or the view the bars ask for once it is counted."""
        view = self.wanted_view()
        if view is not None:
            self._count_view(view, focus_item)
        elif self.claim is not None:
            claim = self.claim
            title = "Inbox" if claim.is_inbox else f"Evidence · {clip(claim.text, 60)}"
            self.queue.load(QueueSource(self.desk, claim.id), claim.n_pending + claim.n_decided, title, focus_item)

    def export_filter(self) -> str:
        """The filter an export of what the queue shows takes: the view's, its queue named."""
        view = self.wanted_view()
        open_claim = self.claim.id if self.claim is not None else None
        scope = view.scope if view is not None else open_claim
        terms = [str(term) for term in self.queue_filter.terms if term.field != "claim"] if view else []
        if scope != ALL_CLAIMS:
            terms.insert(0, f"claim:{'inbox' if scope is None else scope}")
        return " ".join(terms)

    def action_export(self) -> None:
        from tui.modals.export_dialog import ExportDialog

        filter_text = self.export_filter()
        scope = filter_text.split()[0].removeprefix("claim:") if filter_text.startswith("claim:") else "all"
        dialog = ExportDialog(self.desk, filter_text, self.search_bar.value.strip(), Path.cwd(), f"evidesk-{scope}")

        def exported(done) -> None:
            if done is None:
                return
            counts = ", ".join(f"{value:,} {key}" for key, value in done.result.counts.items())
            self.notify(f"Exported {counts} to {done.result.path}", markup=False)
            for warning in done.result.warnings:
                self.notify(warning, severity="warning", markup=False)

        self.app.push_screen(dialog, exported)

    # --- the bars --------------------------------------------------------

    def action_search(self) -> None:
        self.add_class("-searching")
        self.search_bar.focus()

    def action_filter(self) -> None:
        self.add_class("-filtering")
        self.filter_bar.focus()

    def action_close_view(self) -> None:
        if self.has_class("-searching"):
            self.action_close_search()
        else:
            self.action_close_filter()

    def action_close_search(self) -> None:
        self.remove_class("-searching")
        self._clear(self.search_bar)

    def action_close_filter(self) -> None:
        self.remove_class("-filtering", "-filter-invalid")
        self.queue_filter = QueueFilter()
        self._clear(self.filter_bar)

    def _clear(self, bar: Input) -> None:
        current = self.queue.current
        with bar.prevent(Input.Changed):
            bar.value = ""
        self.show_queue(current.id if current else None)
        self.queue.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is self.filter_bar:
            try:
                self.queue_filter = parse_filter(event.value)
            except EvideskError as error:
                self._filter_problem(str(error))
                return
            self.remove_class("-filter-invalid")
        elif event.input is not self.search_bar:
            return
        # A new filter keeps the item in view when it still matches; hits of a search
        # start at the top, as typing expects (and finding the item's place costs a count).
        current = self.queue.current if event.input is self.filter_bar else None
        self.show_queue(current.id if current else None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input in (self.search_bar, self.filter_bar) and not self.has_class("-filter-invalid"):
            self.queue.focus()

    def _filter_problem(self, problem: str) -> None:
        """Say what is wrong with the filter beneath it; the queue keeps the last good one."""
        self.add_class("-filter-invalid")
        self.query_one("#filter-problem", Static).update(problem)

    # --- counting and showing -------------------------------------------

    @work(exclusive=True, thread=True, group="view")
    def _count_view(self, view: View, focus_item: int | None) -> None:
        """Off the UI thread, so typing never waits; a newer view makes this one moot."""
        size = self.queue.page_size
        try:
            count = self.desk.view_count(view)
            at = self.desk.view_position(view, focus_item) if focus_item is not None and count else None
            page = (at or 0) // size
            rows = self.desk.view_at(view, page * size, size)  # the first lines shown, read here too
        except EvideskError as error:
            self.app.call_from_thread(self._view_refused, view, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_view, view, count, at, (page, rows))

    def _view_refused(self, view: View, problem: str) -> None:
        if view == self.wanted_view():
            if view.filter:
                self._filter_problem(problem)
            else:
                self.notify(problem, severity="error", markup=False)

    def _show_view(self, view: View, count: int, at: int | None, page: tuple[int, tuple[QueueRow, ...]]) -> None:
        if view != self.wanted_view():
            return  # the bars changed since; the newer view's worker shows it
        self.queue.load(ViewSource(self.desk, view), count, self._view_title(view, count), at=at, page=page)

    def _view_title(self, view: View, count: int) -> str:
        noun = "hit" if view.words is not None else "item"
        counted = f"{count:,}{'+' if view.words is not None and count >= COUNT_CAP else ''} {noun}"
        parts = [self._scope_title(view)] if view.filter or view.scope != ALL_CLAIMS else ["Search"]
        if view.filter:
            parts.append(str(view.filter))
        if view.words is not None:
            parts.append(f"“{clip(self.search_bar.value.strip(), 40)}”")
        return " · ".join([*parts, counted + ("" if count == 1 else "s")])

    def _scope_title(self, view: View) -> str:
        if view.scope == ALL_CLAIMS:
            return "All claims"
        if view.scope is None:
            return "Inbox"
        if self.claim is not None and self.claim.id == view.scope:
            return clip(self.claim.text, 40)
        return f"Claim #{view.scope}"

    # --- saved views -----------------------------------------------------

    def set_bars(self, filter_text: str, search_text: str) -> None:
        """Put these words in the bars, showing those that hold some; the queue is not redrawn."""
        self.set_class(bool(filter_text), "-filtering")
        self.set_class(bool(search_text), "-searching")
        self.remove_class("-filter-invalid")
        with self.filter_bar.prevent(Input.Changed), self.search_bar.prevent(Input.Changed):
            self.filter_bar.value, self.search_bar.value = filter_text, search_text
        self.queue_filter = QueueFilter()

    def apply_view(self, filter_text: str, search_text: str, focus_item: int | None = None) -> None:
        """Show the queue through this filter and search (a saved view's, the palette's, the
        one the reviewer left); a filter that no longer parses is named under its bar."""
        self.set_bars(filter_text, search_text)
        try:
            self.queue_filter = parse_filter(filter_text)
        except EvideskError as error:
            self.queue_filter = QueueFilter()
            self._filter_problem(str(error))
        self.show_queue(focus_item)
        self.queue.focus()

    def action_save_view(self) -> None:
        if self.wanted_view() is None:
            keys = self.app.key_for
            self.notify(f"Nothing to save: filter the queue with {keys('filter')} or search with "
                        f"{keys('search')} first.", markup=False)
            return
        filter_text, search_text = str(self.queue_filter), self.search_bar.value.strip()

        def named(name: str | None) -> None:
            if name and (saved := self._attempt(lambda: self.desk.save_view(name, filter_text, search_text))):
                self.notify(f"Saved the view “{saved.name}”; {self.app.key_for('views.open')} opens it again.",
                            markup=False)

        self.app.push_screen(view_name_prompt(filter_text or search_text), named)

    def action_open_view(self) -> None:
        saved = self._attempt(self.desk.saved_views)
        if saved is None:
            return
        if not saved:
            keys = self.app.key_for
            self.notify(f"No saved views yet: filter with {keys('filter')} or search with {keys('search')}, "
                        f"then {keys('views.save')} saves the view.", markup=False)
            return

        def picked(index: int | None) -> None:
            if index is None:
                return
            self.apply_view(saved[index].filter, saved[index].search)

        self.app.push_screen(PickerModal("Open which saved view?", [(i, v.label) for i, v in enumerate(saved)]),
                             picked)
