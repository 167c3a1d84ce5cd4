"""Coming back where one stopped: the review screen keeps each reviewer's place (claim,
filter, search, item) in the database, every few seconds when it moved and on quitting,
and opens there next time. Keeping it is best effort: a busy database skips a save."""

from __future__ import annotations

from textual import work

from models.errors import EvideskError
from models.places import Place
from tui.format import clip

PLACE_SAVE_SECONDS = 5.0


class Resumes:
    """Mixed into ReviewScreen, whose desk, claim, queue and bars it uses."""

    _saved_place: Place | None = None
    _writing_place = False

    def resume(self) -> bool:
        """Open the reviewer's place, saying so; False when they have none to go back to."""
        try:
            place = self.desk.place()
            claim = self.desk.claim(place.claim_id) if place is not None else None
        except EvideskError:  # a claim gone, a database busy: the usual start instead
            return False
        if place is None or claim is None:
            return False
        self._saved_place = place
        self._show_claims(claim.id)
        if place.filter or place.search:
            self.claim = claim
            self.claims.select(claim.id)
            self.apply_view(place.filter, place.search, focus_item=place.evidence_id)
        else:
            self._open_claim(claim, focus_item=place.evidence_id)
        where = "the inbox" if claim.is_inbox else f"claim #{claim.id} ({clip(claim.text, 40)})"
        view = f", {' · '.join(part for part in (place.filter, place.search) if part)}" if self.viewing else ""
        self.notify(f"Back where you stopped: {where}{view}.", markup=False)
        return True

    def keep_place(self) -> None:
        self.set_interval(PLACE_SAVE_SECONDS, self._save_place_later, name="place-save")

    def current_place(self) -> Place | None:
        if self.claim is None:
            return None
        row = self.queue.current
        return Place(self.claim.id, row.id if row else None, self.filter_bar.value.strip(),
                     self.search_bar.value.strip())

    def _unsaved_place(self) -> Place | None:
        place = self.current_place()
        return place if place != self._saved_place else None

    def _save_place_later(self) -> None:
        if not self._writing_place and (place := self._unsaved_place()) is not None:
            self._writing_place = True
            self._write_place(place)

    @work(thread=True, group="place")
    def _write_place(self, place: Place) -> None:
        """Off the UI thread: a database kept busy by another program must not stall the keys."""
        try:
            self._save(place)
        finally:
            self._writing_place = False

    def save_place(self) -> None:
        """Save the place now (on quitting)."""
        if (place := self._unsaved_place()) is not None:
            self._save(place)

    def _save(self, place: Place) -> None:
        try:
            self.desk.save_place(place)
        except EvideskError:
            return  # busy, read-only, gone: the next save tries again
        self._saved_place = place
