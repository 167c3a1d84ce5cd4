"""Deciding marked items at once: `space` marks items in the queue, a decision key then
decides every one of them in one transaction, and one `u` takes it back on all of them.
Refused, with nothing written, on a sealed claim's items and on an item someone changed
since it was marked."""

from __future__ import annotations

from models.errors import EvideskError
from models.leases import Conflict
from models.vocab import Action
from tui.modals.picker import PickerModal


class MarkedDecisions:
    """Mixed into ReviewScreen, whose desk, queue, claims and claim it uses."""

    def decide_marked(self, action: str) -> None:
        marked = dict(self.queue.marked)
        if action != Action.DUPLICATE:
            self._decide_marked(marked, action)
            return
        here = self.claim.id if self.claim else None
        choices = [(item, label) for item, label in self.desk.evidence_choices(here, next(iter(marked)))
                   if item not in marked]
        if not choices:
            self.notify("Nothing unmarked in this queue to be the original.", markup=False)
            return

        def picked(original: int | None) -> None:
            if original is not None:
                self._decide_marked(marked, action, original)

        self.app.push_screen(PickerModal(f"The {len(marked)} marked items duplicate which item?", choices), picked)

    def _decide_marked(self, marked: dict[int, int], action: str, duplicate_of: int | None = None) -> None:
        try:
            done = self.desk.decide_many(marked, action, duplicate_of=duplicate_of)
        except Conflict as conflict:
            self.notify(f"{conflict} Nothing was decided; the marks stay.", severity="warning", markup=False)
            self.queue.reread(focus=self.queue.current.id if self.queue.current else None)
            return
        except EvideskError as error:
            self.notify(f"{error}. Nothing was decided; the marks stay.", severity="error", markup=False)
            return
        self.queue.clear_marks()
        self.redraw_after_many(focus=None)
        undo = self.app.key_for("undo")
        self.notify(f"{action.capitalize()}: {len(done)} items ({undo} undoes all {len(done)}).", markup=False)

    def redraw_after_many(self, focus: int | None) -> None:
        """Items of many claims may have changed: counts and the queue are read again, on
        `focus`, else the claim's next pending item, else where the highlight was."""
        if self.claim is not None:
            self.claim = self.desk.claim(self.claim.id)
        highlighted = self.claims.current
        self._show_claims(highlighted.id if highlighted else None)
        current = self.queue.current
        if focus is None and self.claim is not None and not self.viewing:
            focus = self.desk.next_pending(self.claim.id, None)
        self.show_queue(focus if focus is not None else (current.id if current else None))
