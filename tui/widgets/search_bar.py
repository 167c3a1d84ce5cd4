"""The two bars above the queue: `/` opens the search bar (every word must appear
in an item's excerpt, source or URL) and `f` the filter bar (field:value terms)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

FILTER_HINT = "outcome:pending kind:video,photo by:maria grade:A1 tag:energy since:24h claim:all -stance:context"


class SearchBar(Input):
    BINDINGS = [Binding("escape", "screen.close_search", "Close search", id="search.close", show=False)]

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="Search excerpts, sources and URLs — enter: to the hits, esc: close",
                         compact=True, **kwargs)


class FilterBar(Input):
    BINDINGS = [Binding("escape", "screen.close_filter", "Clear filter", id="filter.close", show=False)]

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=f"Filter, such as: {FILTER_HINT}", compact=True, **kwargs)
