"""The review screen's claim actions: link an item to a claim (`l`), add a claim (`a`,
from the item when it sits in the inbox), rate a claim with a verdict (`v`)."""

from __future__ import annotations

from tui.format import clip
from tui.modals.new_claim import NewClaim, NewClaimModal
from tui.modals.picker import PickerModal
from tui.modals.verdict import VerdictModal


class ClaimActions:
    """Mixed into ReviewScreen, whose desk, queue, claims, detail and claim it uses."""

    def action_link(self) -> None:
        row = self.queue.current
        if row is None:
            return
        here = self.claim.id if self.claim else None
        choices = [(c.id, c.text) for c in self.desk.claims()[1:] if c.id != here]
        if not choices:
            self.notify(f"There is no other claim to link to; press {self.app.key_for('add_claim')} to add one.",
                        markup=False)
            return

        def picked(claim_id: int | None) -> None:
            if claim_id is None or (target := self._attempt(lambda: self.desk.link(row.id, claim_id))) is None:
                return
            self._reload_after_move(row.id)
            self.notify(f"Linked item #{row.id} to: {clip(target.text, 60)}", markup=False)

        self.app.push_screen(PickerModal("Link this item to which claim?", choices), picked)

    def _reload_after_move(self, moved_id: int) -> None:
        """The item left this queue: redraw counts and show the next pending item."""
        here = self.claim.id if self.claim else None
        following = self.desk.next_pending(here, moved_id)
        self._show_claims(here)
        self._open_claim(self.desk.claim(here), focus_item=following)

    def action_add_claim(self) -> None:
        row = self.queue.current if self.focused is self.queue else None
        from_inbox = row is not None and self.claim is not None and self.claim.is_inbox
        detail = self._detail_of(row.id) if from_inbox else None

        def added(new: NewClaim | None) -> None:
            if new is None:
                return
            claim_id = self._attempt(lambda: self.desk.add_claim(
                new.text, claimant=new.claimant, claim_date=new.claim_date, from_evidence=detail.id if detail else None
            ))
            if claim_id is None:
                return
            if detail is not None:
                self._reload_after_move(detail.id)
            else:
                self._show_claims(claim_id)
                self._open_claim(self.desk.claim(claim_id))
            self.notify(f"Claim added: {clip(new.text, 60)}", markup=False)

        modal = NewClaimModal(text=clip(detail.text, 300), claimant=detail.source) if detail else NewClaimModal()
        self.app.push_screen(modal, added)

    def action_set_verdict(self) -> None:
        claim = self.claims.current
        if claim is None or claim.is_inbox:
            return

        if (case := self._attempt(lambda: self.desk.verdict_case(claim.id))) is None:
            return
        final = self.desk.reviewer.role == "supervisor"  # the model checks the role again on saving

        def rated(result: tuple[str, str] | None) -> None:
            save = self.desk.set_verdict if final else self.desk.propose_verdict
            if result is None or (row := self._attempt(lambda: save(claim.id, *result))) is None:
                return
            self.claims.update_claim(row)
            self.detail.show_claim(row)
            self.notify("Verdict recorded." if final else "Verdict proposed for a supervisor to finalise.",
                        markup=False)

        self.app.push_screen(VerdictModal(case, supervisor=final), rated)
