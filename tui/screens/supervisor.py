"""The supervisor's screen: every decision in time order (filtered by reviewer, claim,
outcome, stance, kind and time), the item each was about beside it with the
reviewers' versions side by side, and the supervisor's acts on them: confirm,
override with a reason, keep one version of a disputed item, seal a claim, reopen it
with a reason. A reviewer may look; the acts are refused for them in the models."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from models.decision_window import DecisionLine
from models.desk import Desk
from models.errors import EvideskError
from models.filters import QueueFilter, parse_filter
from models.vocab import Action
from tui.modals.line_prompt import LinePrompt
from tui.modals.picker import PickerModal
from tui.screens.refusals import ShowsRefusals
from tui.widgets.decision_list import DecisionList, DecisionSource
from tui.widgets.detail_view import DetailView
from tui.widgets.versions_table import VersionsTable

OVERRIDES = [Action.SUPPORTS, Action.REFUTES, Action.CONTEXT, Action.REJECT, Action.ESCALATE]


class SupervisorScreen(ShowsRefusals, Screen[None]):
    BINDINGS = [
        Binding("y", "confirm", "Confirm", id="supervisor.confirm", tooltip="Let the highlighted decision stand"),
        Binding("o", "override", "Override", id="supervisor.override",
                tooltip="Set the item's state yourself, with a reason (the old decision stays)"),
        Binding("z", "seal", "Seal claim", id="supervisor.seal",
                tooltip="Make the claim's evidence read-only for reviewers"),
        Binding("Z", "reopen", "Reopen claim", id="supervisor.reopen", tooltip="Reopen a sealed claim, with a reason"),
        Binding("f", "filter", "Filter", id="supervisor.filter",
                tooltip="Filter decisions: by, claim, outcome, stance, kind, since, until"),
        Binding("e", "escalations", "Escalations", id="supervisor.escalations",
                tooltip="The items reviewers sent up: decisions whose outcome is escalated"),
        Binding("c", "spot_checks", "Spot checks", id="supervisor.spot_checks",
                tooltip="Only the spot-check queue: a share of each reviewer's decisions (setting review.spot_check)"),
        Binding("a", "disputes", "Disputes", id="supervisor.disputes",
                tooltip="The adjudication queue: the calls on items whose reviewers disagree (setting review.overlap)"),
        Binding("p", "keep", "Pick version", id="supervisor.keep",
                tooltip="Settle the item with the highlighted reviewer's version of it"),
        Binding("escape,L", "close", "Back", id="supervisor.close", tooltip="Back to the review screen"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.queue_filter = QueueFilter()
        self.spot_checks = False
        self.disputes = False

    @property
    def decisions(self) -> DecisionList:
        return self.query_one(DecisionList)

    @property
    def detail(self) -> DetailView:
        return self.query_one(DetailView)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="supervisor"):
            yield Input(placeholder="Filter, such as: by:maria outcome:escalated since:24h claim:3",
                        compact=True, id="decision-filter")
            yield Static(id="decision-filter-problem", markup=False)
            yield DecisionList(self._shown, id="decisions")
            yield VersionsTable(id="versions")
            yield DetailView(id="decision-item")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.decisions.border_title = "Decisions"
        self._reload()
        self.decisions.focus()

    def _reload(self, keep: int | None = None) -> None:
        source = DecisionSource.of(self.desk, self.queue_filter, self.spot_checks, self.disputes)
        count = source.count()
        what = f"Spot checks ({self.desk.setting('review.spot_check')}%)" if self.spot_checks else "Decisions"
        if self.disputes:
            what = "Disputes: calls on items whose reviewers disagree"
        shown = f" · {self.queue_filter}" if self.queue_filter else ""
        self.decisions.border_title = Content(f"{what} · {count:,}{shown}")  # typed text: never markup
        self.decisions.show(source, count, focus=keep, at=None if keep is not None else max(0, count - 1))

    def _shown(self, line: DecisionLine | None) -> None:
        if line is None:
            self.detail.show_text("No disputes." if self.disputes else "No decision matches.")
            self.query_one(VersionsTable).show_versions([])
        elif self.detail.evidence_id != line.evidence_id:
            self._show_item(line.evidence_id)

    def _show_item(self, evidence_id: int) -> None:
        shown = self.desk.detail(evidence_id)
        self.detail.show_evidence(shown)
        versions = self.desk.versions(evidence_id) if shown.reviews or shown.disputed else []
        self.query_one(VersionsTable).show_versions(versions if len(versions) > 1 else [])

    def action_confirm(self) -> None:
        if (line := self.decisions.current) is not None and self._attempt(lambda: self.desk.confirm(line.id)) is None:
            self.notify(f"Confirmed decision #{line.id} by {line.reviewer}.", markup=False)

    def action_override(self) -> None:
        line = self.decisions.current
        if line is None:
            return

        def reasoned(action: Action, reason: str | None) -> None:
            if reason and self._attempt(lambda: self.desk.override(line.evidence_id, action, reason)) is not None:
                self._reload(keep=line.id)
                self._show_item(line.evidence_id)
                self.notify(f"Item #{line.evidence_id} overridden: {action}.", markup=False)

        def picked(index: int | None) -> None:
            if index is not None:
                action = OVERRIDES[index]
                self.app.push_screen(LinePrompt(f"Why override item #{line.evidence_id} with {action}? "
                                                "(enter records it, esc cancels)"),
                                     lambda reason: reasoned(action, reason))

        self.app.push_screen(PickerModal(f"Override item #{line.evidence_id} with which decision?",
                                         [(i, str(action)) for i, action in enumerate(OVERRIDES)]), picked)

    def action_seal(self) -> None:
        line = self.decisions.current
        if line is None or line.claim_id is None:
            self.notify("This item belongs to no claim.", markup=False)
            return
        if self._attempt(lambda: self.desk.seal_claim(line.claim_id)) is not None:
            self.notify(f"Claim #{line.claim_id} sealed: its evidence is read-only for reviewers.", markup=False)

    def action_reopen(self) -> None:
        line = self.decisions.current
        if line is None or line.claim_id is None:
            return

        def reasoned(reason: str | None) -> None:
            if reason and self._attempt(lambda: self.desk.reopen_claim(line.claim_id, reason)) is not None:
                self.notify(f"Claim #{line.claim_id} reopened.", markup=False)

        self.app.push_screen(LinePrompt(f"Why reopen claim #{line.claim_id}? (enter reopens it, esc cancels)"),
                             reasoned)

    def action_filter(self) -> None:
        self.query_one("#decision-filter", Input).focus()

    def action_spot_checks(self) -> None:
        if not self.spot_checks and self.desk.setting("review.spot_check") == "0":
            self.notify("No spot checks: a supervisor sets a share first, e.g. "
                        "evidesk config set review.spot_check 10", markup=False)
            return
        self.spot_checks, self.disputes = not self.spot_checks, False
        self._reload()

    def action_disputes(self) -> None:
        self.disputes, self.spot_checks = not self.disputes, False
        self._reload()

    def action_keep(self) -> None:
        line = self.decisions.current
        if line is None:
            return
        if self._attempt(lambda: self.desk.adjudicate(line.evidence_id, line.id)) is not None:
            self._reload()
            self.notify(f"Item #{line.evidence_id} settled with {line.reviewer}'s version.", markup=False)

    def action_escalations(self) -> None:
        self.query_one("#decision-filter", Input).value = "outcome:escalated"

    def on_input_changed(self, event: Input.Changed) -> None:
        problem = self.query_one("#decision-filter-problem", Static)
        try:
            queue_filter = parse_filter(event.value)
            self.desk.decision_clauses(queue_filter)  # names a field decisions lack
        except EvideskError as error:
            problem.update(str(error))
            problem.display = True
            return
        problem.display = False
        self.queue_filter = queue_filter
        self._reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.decisions.focus()

    def action_close(self) -> None:
        if self.focused is self.query_one("#decision-filter", Input):
            self.decisions.focus()
        else:
            self.app.pop_screen()
