"""The search bar `/` opens above the queue: what is typed filters the queue to
the items whose excerpt, source or URL hold every word."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SearchBar(Input):
    BINDINGS = [Binding("escape", "screen.close_search", "Close search", id="search.close", show=False)]

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="Search excerpts, sources and URLs — enter: to the hits, esc: close",
                         compact=True, **kwargs)
