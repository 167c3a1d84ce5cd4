"""evidesk's commands in the palette (`ctrl+p`), beside Textual's own (themes, keys, quit).

`KeyCommands`: every key live where the palette was opened, by its description,
with its key (the user's keymap applied) and its tooltip. `ReviewCommands`: on the
review screen, jumping to a claim by number or words, the saved views, and a few
ready-made filters.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.style import Style

from models.text import visible
from tui.format import clip

# Moving a highlight is not a command worth a palette line.
_MOVES = (".down", ".up", ".page_down", ".page_up", ".first", ".last", ".top", ".bottom")
_NOT_COMMANDS = {"palette", "quit"}  # the palette itself; Textual lists quit already

MATCH = Style(underline=True, bold=True)

READY_FILTERS = [
    ("pending items", "outcome:pending"),
    ("escalated items", "outcome:escalated"),
    ("what I decided today", "by:me since:today"),
    ("videos and photos", "kind:video,photo"),
    ("ungraded items", "grade:none"),
    ("pending items in every claim", "claim:all outcome:pending"),
]


def _plain(text: str) -> str:
    return visible(text, single_line=True)


def _hit(query: str, title: str, command: Callable, help_text: str) -> Hit | None:
    """A hit when every word typed is in `title`, those words marked; a title that starts
    with what was typed ranks first. (Textual's fuzzy matching finds "drone" in "Grade the
    information": too loose for commands that decide.) Titles and help hold outside text
    (view names, claims), and the palette reads a plain string as markup: neither is."""
    lowered, typed = title.lower(), query.lower().strip()
    spans = []
    for word in typed.split():
        if (at := lowered.find(word)) < 0:
            return None
        spans.append((at, at + len(word)))
    display = Content(title)
    for start, end in spans:
        display = display.stylize(MATCH, start, end)
    score = 1.0 if lowered.startswith(typed) else 0.5 + 0.4 * sum(end - start for start, end in spans) / len(title)
    return Hit(score, display, command, text=title, help=escape(help_text))


def _discovered(title: str, command: Callable, help_text: str) -> DiscoveryHit:
    return DiscoveryHit(Content(title), command, text=title, help=escape(help_text))


class KeyCommands(Provider):
    """The keys of the focused pane, its screen and the app, as commands."""

    def _commands(self) -> Iterator[tuple[str, str, Callable]]:
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            name = binding.id or binding.action
            if (not active.enabled or name in seen or name in _NOT_COMMANDS or name.endswith(_MOVES)
                    or binding.system):
                continue
            seen.add(name)
            title = binding.tooltip if name.startswith("grade.") else binding.description
            if not title:
                continue
            keys = self.app.get_key_display(binding.with_key(key, key_display=None))
            help_text = f"{keys} · {binding.tooltip}" if binding.tooltip else keys
            yield title, help_text, partial(self.app.run_action, binding.action, active.node)

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield _discovered(title, command, help_text)

    async def search(self, query: str) -> Hits:
        for title, help_text, command in self._commands():
            if (hit := _hit(query, title, command, help_text)) is not None:
                yield hit


class ReviewCommands(Provider):
    """On the review screen: go to a claim, open a saved view, apply a ready-made filter."""

    def _review_screen(self):
        from tui.screens.review import ReviewScreen

        return self.screen if isinstance(self.screen, ReviewScreen) else None

    def _views_and_filters(self) -> Iterator[tuple[str, str, Callable]]:
        screen = self._review_screen()
        if screen is None:
            return
        for view in screen.desk.saved_views():
            yield (f"Open view: {_plain(view.name)}", _plain(view.label),
                   partial(screen.apply_view, view.filter, view.search))
        for title, filter_text in READY_FILTERS:
            yield f"Filter: {title}", filter_text, partial(screen.apply_view, filter_text, "")
        if screen.viewing:
            yield "Clear the filter and the search", "back to the claim's own queue", partial(screen.apply_view, "", "")

    async def discover(self) -> Hits:
        for title, help_text, command in self._views_and_filters():
            yield _discovered(title, command, help_text)

    async def search(self, query: str) -> Hits:
        screen = self._review_screen()
        if screen is None:
            return
        for title, help_text, command in self._views_and_filters():
            if (hit := _hit(query, title, command, help_text)) is not None:
                yield hit
        typed = query.strip()
        for prefix in ("go to ", "claim "):
            typed = typed.removeprefix(prefix)
        if not typed:
            return
        found = await asyncio.to_thread(screen.desk.find_claims, typed)
        for claim in found:
            title = f"Go to claim #{claim.id}: {_plain(clip(claim.text, 70))}"
            counts = f"{claim.n_pending} pending, {claim.n_decided} decided"
            if claim.claimant:
                counts = f"{_plain(clip(claim.claimant, 40))} · {counts}"
            command = partial(screen.jump_to_claim, claim.id)
            # The words matched the whole statement or the claimant in the database.
            yield _hit(typed, title, command, counts) or Hit(0.4, Content(title), command, text=title,
                                                             help=escape(counts))
