"""The review screen: claim list, evidence queue and detail view, and every
triage action. Each decision is committed before the screen moves on."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from models.desk import Desk
from models.errors import EvideskError
from models.leases import Conflict
from models.records import ClaimRow, EvidenceDetail, QueueRow
from models.triage import Applied
from models.vocab import STANCE_ACTIONS, Action
from tui.modals.help import bindings_of
from tui.modals.line_prompt import note_prompt
from tui.modals.picker import PickerModal
from tui.open_file import open_with_viewer
from tui.screens.claim_actions import ClaimActions
from tui.screens.marked import MarkedDecisions
from tui.screens.others_changes import OthersChanges
from tui.screens.refusals import ShowsRefusals
from tui.screens.resume import Resumes
from tui.screens.view_mode import ViewMode
from tui.widgets.claim_list import ClaimList
from tui.widgets.detail_view import DetailView
from tui.widgets.evidence_queue import EvidenceQueue
from tui.widgets.search_bar import FilterBar, SearchBar

EMPTY_DATABASE = """This database holds no claims and no evidence yet.

Bring some in from a shell, then start evidesk again:

    evidesk import FILE.jsonl --db {location}

or explore the demo data set built from a news report:

    evidesk demo

{quit} quits."""


_NEEDS_ITEM = {"decide", "note", "link", "grade_reliability", "grade_credibility"}


class ReviewScreen(ViewMode, ClaimActions, MarkedDecisions, Resumes, OthersChanges, ShowsRefusals, Screen[None]):
    """Three panes; the decision keys live on the queue, their actions here."""

    BINDINGS = [
        Binding("question_mark,f1", "app.help", "Help", id="help", tooltip="List every key"),
        Binding("slash", "search", "Search", id="search",
                tooltip="Search every item's excerpt, source and URL; the hits become the queue"),
        Binding("escape", "close_view", "Close view", show=False, id="view.close",
                tooltip="Close the search, then the filter, back to the claim's queue"),
        Binding("f", "filter", "Filter", id="filter",
                tooltip="Filter the queue: outcome, stance, kind, grade, by, tag, since, until, arrived, claim"),
        Binding("V", "open_view", "Views", id="views.open", tooltip="Open a saved view"),
        Binding("S", "save_view", "Save view", show=False, id="views.save",
                tooltip="Save the current filter and search under a name"),
        Binding("L", "decision_log", "Decisions", id="decisions.open",
                tooltip="Every decision in time order: confirm, override, seal (supervisors)"),
        Binding("T", "stats", "Stats", show=False, id="stats.open",
                tooltip="Throughput per reviewer, agreement between reviewers, progress per claim"),
        Binding("X", "export", "Export", show=False, id="export.open",
                tooltip="Export what the queue shows: JSONL, CSV, ClaimReview or a Markdown report"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.claim: ClaimRow | None = None
        self._binding_state: tuple[bool, ...] = ()

    @property
    def claims(self) -> ClaimList:
        return self.query_one(ClaimList)

    @property
    def queue(self) -> EvidenceQueue:
        return self.query_one(EvidenceQueue)

    @property
    def detail(self) -> DetailView:
        return self.query_one(DetailView)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            yield ClaimList(id="claims")
            with Vertical(id="work"):
                yield SearchBar(id="search")
                yield FilterBar(id="filter")
                yield Static(id="filter-problem", markup=False)
                yield EvidenceQueue(self._queue_shown, id="queue")
                yield DetailView(id="detail")
        yield Static(EMPTY_DATABASE.format(location=self.desk.location, quit=self.app.key_for("quit")), id="empty",
                     markup=False)
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p is in the help screen

    def on_mount(self) -> None:
        if not self.resume():
            self._show_claims(self.desk.first_claim_with_pending())  # None: the inbox
        self.queue.focus()
        self.watch_others()
        self.keep_place()

    def help_sections(self) -> list[tuple[str, list[Binding]]]:
        return [
            ("Evidence queue", bindings_of(self.queue)),
            ("Claim list", bindings_of(self.claims)),
            ("Detail view", bindings_of(self.detail)),
            ("Everywhere", bindings_of(self) + bindings_of(self.app)),
        ]

    # --- showing -----------------------------------------------------------

    def _show_claims(self, keep: int | None) -> None:
        """Show the claim list with the highlight on claim `keep` (None: the inbox)."""
        count = self.desk.claim_list_count()
        inbox = self.desk.claim(None) if count == 1 else None
        self.set_class(inbox is not None and inbox.n_pending + inbox.n_decided == 0, "-empty")
        self.claims.show_claims(self.desk, keep)

    def _open_claim(self, claim: ClaimRow, focus_item: int | None = None) -> None:
        self.claim = claim
        if focus_item is None:  # the first item waiting for this reviewer, leased to them
            focus_item = self.desk.next_pending(claim.id, None)
        self.show_queue(focus_item)
        self.claims.select(claim.id)

    def jump_to_claim(self, claim_id: int) -> None:
        """Open the claim's queue on its first pending item, its own queue (no filter)."""
        claim = self._attempt(lambda: self.desk.claim(claim_id))
        if claim is None:
            return
        self.set_bars("", "")
        self._show_claims(claim.id)
        self._open_claim(claim)
        self.queue.focus()

    def on_claim_list_chosen(self, event: ClaimList.Chosen) -> None:
        if self.claim is None or event.claim.id != self.claim.id:
            self._open_claim(event.claim)
        if self.focused is self.claims:
            self.detail.show_claim(event.claim)

    def _queue_shown(self, row: QueueRow | None) -> None:
        """The queue's highlight moved: show its item (or the claim, on an empty queue)."""
        self._sync_bindings()
        if self.focused is self.claims and self.claim is not None:
            self.detail.show_claim(self.claim)
        elif row is None:
            if self.claim is not None:
                self.detail.show_claim(self.claim)
        elif self.detail.evidence_id != row.id:
            self.detail.show_evidence(self.desk.detail(row.id))

    def on_descendant_focus(self, event) -> None:
        if event.widget is self.claims and self.claims.current is not None:
            self.detail.show_claim(self.claims.current)
        elif event.widget is self.queue and self.queue.current is not None:
            self.detail.show_evidence(self._detail_of(self.queue.current.id))

    def _detail_of(self, evidence_id: int) -> EvidenceDetail:
        """The item in full: the one the detail view shows, else read afresh."""
        shown = self.detail.shown
        return shown if shown is not None and shown.id == evidence_id else self.desk.detail(evidence_id)

    def _sync_bindings(self) -> None:
        """Refresh the footer only when what check_action decides on has changed:
        rebuilding it costs a layout pass, too much for every keystroke."""
        claim = self.claims.current
        shown = self.detail.shown
        state = (self.queue.current is None, self.claim is not None and self.claim.is_inbox,
                 claim is not None and claim.is_inbox, shown is not None and shown.file is not None)
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _NEEDS_ITEM and self.queue.current is None:
            return False
        if action == "decide" and parameters and parameters[0] in STANCE_ACTIONS:
            return self.claim is not None and not self.claim.is_inbox
        if action == "open_file":
            shown = self.detail.shown
            return shown is not None and shown.file is not None
        if action == "close_view":
            return self.has_class("-searching") or self.has_class("-filtering")
        if action == "set_verdict":
            current = self.claims.current
            return current is not None and not current.is_inbox
        return True

    # --- changing ----------------------------------------------------------

    def _change(self, operation: Callable[[], Applied], *, advance: bool, item: int | None = None) -> None:
        """Run one triage operation; on success redraw what it touched. When someone else
        changed the item since it was shown, say who and how, and show it as it is now."""
        try:
            applied = operation()
        except Conflict as conflict:
            self.notify(str(conflict), severity="warning", markup=False)
            if item is not None:
                self.queue.update_row(self.desk.queue_row(item))
                self.detail.show_evidence(self.desk.detail(item))
            return
        except EvideskError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._redraw_after(applied, advance=advance)

    def _redraw_after(self, applied: Applied, *, advance: bool) -> None:
        if applied.evidence_id in self.queue.marked:  # changed by the reviewer: still as they marked it
            self.queue.marked[applied.evidence_id] = applied.changes
        held, state = self.queue.held_row(applied.evidence_id), applied.state
        self.queue.update_row(self.desk.queue_row(applied.evidence_id) if held is None else replace(
            held, outcome=state.outcome, stance=state.stance, reliability=state.reliability,
            credibility=state.credibility, has_note=bool(state.note), decided=state.decided,
            reviews=held.reviews if applied.reviews is None else applied.reviews, disputed=applied.disputed,
            changes=applied.changes))
        if applied.disputed and (held is None or not held.disputed):
            self.notify(f"The reviewers disagree on item #{applied.evidence_id}: a supervisor settles it.",
                        markup=False)
        claim = self.desk.claim(applied.claim_id)
        self.claims.update_claim(claim)
        if self.claim is not None and self.claim.id == claim.id:
            self.claim = claim
        if advance and self.viewing:
            if not self.queue.advance():
                self.notify("That was the last item of this view.", markup=False)
        elif advance:
            # Usually the next pending item has taken the decided one's line already.
            current = self.queue.current
            # Under second review the item stays where it was, pending for the others.
            if current is None or current.decided or current.id <= applied.evidence_id or (
                    applied.next_id is not None and current.id != applied.next_id):
                following = applied.next_id or self.desk.next_pending(applied.claim_id, applied.evidence_id)
                if following is None or not self.queue.highlight_item(following):
                    self.notify("No pending items left in this queue.", markup=False)
        # The item changed is still the one shown (a grade, a note, an undo): show it afresh.
        row = self.queue.current
        if row is not None and (row.id == applied.evidence_id or self.detail.evidence_id != row.id):
            self.detail.show_evidence(self.desk.detail(row.id))
        self._sync_bindings()

    def action_decide(self, action: str) -> None:
        row = self.queue.current
        if row is None:
            return
        if self.queue.marked:
            self.decide_marked(action)
            return
        seconds = self.queue.seconds_on_screen()
        # The state the reviewer saw, and in a claim's queue, the next item leased with the decision.
        shown = {"shown_changes": row.changes, "lease_next": not self.viewing}
        if action == Action.DUPLICATE:
            near = self._detail_of(row.id).near_duplicate
            if near is not None:
                self._change(lambda: self.desk.decide(row.id, action, duplicate_of=near.id,
                                                      seconds_on_screen=seconds, **shown), advance=True, item=row.id)
                self.notify(f"Marked a duplicate of #{near.id}, the suggested original "
                            f"({self.app.key_for('undo')} undoes).", markup=False)
                return
            choices = self.desk.evidence_choices(self.claim.id if self.claim else None, row.id)
            if not choices:
                self.notify("Nothing else in this queue to be a duplicate of.", markup=False)
                return

            def picked(original: int | None) -> None:
                if original is not None:
                    self._change(lambda: self.desk.decide(row.id, action, duplicate_of=original,
                                                          seconds_on_screen=seconds, **shown),
                                 advance=True, item=row.id)

            self.app.push_screen(PickerModal("Duplicate of which item?", choices), picked)
            return
        self._change(lambda: self.desk.decide(row.id, action, seconds_on_screen=seconds, **shown), advance=True,
                     item=row.id)

    def action_undo(self) -> None:
        try:
            applied = self.desk.undo()
        except EvideskError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if applied is None:
            self.notify("Nothing to undo.", markup=False)
            return
        if applied.bulk_items:
            self.queue.clear_marks()
            self.redraw_after_many(focus=applied.evidence_id)
            self.notify(f"Undone your decision on {len(applied.bulk_items)} items.", markup=False)
            return
        if self.claim is None or applied.claim_id != self.claim.id:
            self._open_claim(self.desk.claim(applied.claim_id), focus_item=applied.evidence_id)
        self._redraw_after(applied, advance=False)
        self.notify(f"Undone your last change to item #{applied.evidence_id}.", markup=False)

    def action_grade_reliability(self, letter: str) -> None:
        if (row := self.queue.current) is not None:
            self._change(lambda: self.desk.grade(row.id, reliability=letter), advance=False)

    def action_grade_credibility(self, digit: str) -> None:
        if (row := self.queue.current) is not None:
            self._change(lambda: self.desk.grade(row.id, credibility=digit), advance=False)

    def action_open_file(self) -> None:
        shown = self.detail.shown
        if shown is None or shown.file is None:
            return
        path = self.desk.stored_file(shown.file.sha256)
        problem = open_with_viewer(path, shown.file.name) if path else "this database keeps no files"
        if problem:
            self.notify(problem, severity="error", markup=False)

    def action_note(self) -> None:
        row = self.queue.current
        if row is None:
            return

        def written(note: str | None) -> None:
            if note is not None:
                self._change(lambda: self.desk.note(row.id, note), advance=False)

        self.app.push_screen(note_prompt(self._detail_of(row.id).note), written)

    def action_decision_log(self) -> None:
        from tui.screens.supervisor import SupervisorScreen

        self.app.push_screen(SupervisorScreen(self.desk))

    def action_stats(self) -> None:
        from tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.desk))

    def action_focus_queue(self) -> None:
        self.queue.focus()

    def refresh_after_import(self) -> None:
        """Rows arrived from outside (the inbox folder, another reviewer): redraw the claim
        list and, if the open claim gained items, reload its queue on the same item."""
        highlighted = self.claims.current
        self._show_claims(highlighted.id if highlighted else None)
        before = self.claim
        if before is None:
            return
        try:
            after = self.desk.claim(before.id)
        except EvideskError:
            return
        self.claim = after
        grew = after.n_pending + after.n_decided != before.n_pending + before.n_decided
        item = self.queue.current
        if self.viewing:
            self.show_queue(item.id if item else None)  # counted again: the new items may match
        elif grew:
            self.queue.reread(after.n_pending + after.n_decided, focus=item.id if item else None)
