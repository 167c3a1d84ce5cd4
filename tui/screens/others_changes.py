"""The review screen's view of other reviewers at work on the same database:
polled every CHANGE_POLL_SECONDS, their decisions, new items and new claims
are shown without the reviewer doing anything."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError

from models.changes import ChangeWatch
from models.errors import EvideskError

CHANGE_POLL_SECONDS = 1.5


class OthersChanges:
    """Mixed into ReviewScreen, whose desk, queue, claims, detail and claim it uses."""

    def watch_others(self) -> None:
        self._watch = ChangeWatch(self.desk.engine, self.desk.reviewer.name)
        self.set_interval(CHANGE_POLL_SECONDS, self.show_others_changes, name="change-poll")

    def on_unmount(self) -> None:
        self._watch.close()

    def show_others_changes(self) -> None:
        """Show what other reviewers did since the last poll: their decisions on the rows
        held, new items and claims in the counts. The highlight stays on its item unless
        that item was decided: then, as after one's own decision, the next takes its line."""
        try:
            self._show_changes()
        except (EvideskError, DBAPIError, sqlite3.Error):
            pass  # busy or gone for a moment: the next poll tries again

    def _show_changes(self) -> None:
        if not (changes := self._watch.changes()):
            return
        if changes.arrived or changes.claims_changed:
            self.refresh_after_import()
        current = self.queue.current
        decided = {evidence_id: (who, action) for evidence_id, _, who, action in changes.decided}
        for evidence_id in decided:
            if self.queue.holds(evidence_id):
                self.queue.update_row(self.desk.queue_row(evidence_id))
        if current is not None and current.id in decided:
            who, action = decided[current.id]
            self.notify(f"{who} has just decided item #{current.id}: {action}.", markup=False)
            in_claim = not self.viewing and self.claim is not None
            following = self.desk.next_pending(self.claim.id, current.id) if in_claim else None
            if following is not None:
                self.queue.highlight_item(following)
        elif current is not None and self.queue.current is not None and self.queue.current.id != current.id:
            self.queue.highlight_item(current.id)
        for claim_id in {claim_id for _, claim_id, _, _ in changes.decided}:
            claim = self.desk.claim(claim_id)
            self.claims.update_claim(claim)
            if self.claim is not None and self.claim.id == claim_id:
                self.claim = claim
        if (row := self.queue.current) is not None and (row.id in decided or row.id != self.detail.evidence_id):
            self.detail.show_evidence(self.desk.detail(row.id))
