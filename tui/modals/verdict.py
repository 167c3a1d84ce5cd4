"""The verdict view: the claim, its accepted evidence for and against with grades,
the suggested verdict and any proposal, then the scale and a rationale. A supervisor
finalises the verdict here; a reviewer proposes one. Outside text is shown literally."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from models.text import visible
from models.verdicts import CaseItem, VerdictCase
from models.vocab import Verdict
from tui.format import clip


def _label(verdict: str) -> str:
    return verdict.replace("_", " ")


def item_listing(items: tuple[CaseItem, ...]) -> Content:
    """Each item: its grade, source and id, then the start of its excerpt."""
    if not items:
        return Content.styled("none accepted", "$text-muted")
    return Content("\n\n").join(
        Content.assemble((item.grade, "bold"), " ", (clip(item.source or "unknown source", 40), "italic"),
                         (f"  #{item.id} {item.kind}", "$text-muted"), "\n", clip(item.excerpt, 200))
        for item in items
    )


def suggestion_line(case: VerdictCase) -> Content:
    context = f"; {case.n_context} context item{'s' if case.n_context != 1 else ''} besides" if case.n_context else ""
    return Content.assemble(("Suggested: ", "bold"), f"{case.suggested.label} — {case.why}{context}")


def proposal_line(case: VerdictCase) -> Content:
    if not case.proposed_verdict:
        return Content.styled("No proposal yet.", "$text-muted")
    by = clip(case.proposed_by or "unknown", 40)
    return Content.assemble(("Proposed by ", "bold"), (by, "bold"), (": ", "bold"),
                            f"{_label(case.proposed_verdict)} — {clip(case.proposed_rationale, 200)}")


class VerdictModal(ModalScreen[tuple[str, str] | None]):
    """Returns (verdict, rationale), or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="verdict.cancel")]
    DEFAULT_CSS = """
    VerdictModal #verdict-claim { margin-bottom: 1; }
    VerdictModal #verdict-columns { height: auto; max-height: 10; margin-bottom: 1; }
    VerdictModal .verdict-column { width: 1fr; height: auto; max-height: 10; padding-right: 1; }
    VerdictModal .verdict-heading { text-style: bold; }
    VerdictModal #verdict-choice { height: auto; }
    VerdictModal #verdict-scale { width: 22; }
    VerdictModal #verdict-side { width: 1fr; height: auto; padding-left: 1; }
    VerdictModal #verdict-proposed { margin-bottom: 1; }
    """

    def __init__(self, case: VerdictCase, *, supervisor: bool) -> None:
        super().__init__()
        self.case, self.supervisor = case, supervisor

    def compose(self) -> ComposeResult:
        case = self.case
        title = "Finalise verdict" if self.supervisor else "Propose verdict (a supervisor finalises it)"
        with Vertical(classes="dialog"):
            yield Label(f"{title} — enter saves, esc cancels", id="verdict-title", markup=False)
            yield Static(Content.assemble(("Claim: ", "bold"), clip(case.text, 200)), id="verdict-claim")
            with Horizontal(id="verdict-columns"):
                for side, heading, items in (("for", "For", case.supporting), ("against", "Against", case.refuting)):
                    with VerticalScroll(classes="verdict-column", id=f"verdict-{side}"):
                        yield Static(Content(f"{heading} ({len(items)})"), classes="verdict-heading",
                                     id=f"verdict-{side}-heading")
                        yield Static(item_listing(items), id=f"verdict-{side}-items")
            with Horizontal(id="verdict-choice"):
                yield OptionList(*(Option(v.label, id=v.value) for v in Verdict), markup=False, id="verdict-scale")
                with Vertical(id="verdict-side"):
                    yield Static(suggestion_line(case), id="verdict-suggested")
                    if case.verdict:
                        yield Static(Content.assemble(("Current verdict: ", "bold"),
                                                      f"{_label(case.verdict)} — {clip(case.rationale, 200)}"),
                                     id="verdict-current")
                    yield Static(proposal_line(case), id="verdict-proposed")
                    yield Input(value=visible(case.rationale or case.proposed_rationale, single_line=True),
                                placeholder="Rationale (required; enter saves)", id="verdict-rationale")
                    yield Label("", id="verdict-error", markup=False)

    def on_mount(self) -> None:
        case = self.case
        scale = self.query_one("#verdict-scale", OptionList)
        # The scale starts on the current verdict, else the proposal, else the suggestion.
        scale.highlighted = scale.get_option_index(case.verdict or case.proposed_verdict or case.suggested.value)
        scale.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#verdict-rationale", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.query_one("#verdict-scale", OptionList).highlighted_option
        if option is None:
            self.query_one("#verdict-error", Label).update("Pick a verdict from the scale.")
            return
        if not event.value.strip():
            self.query_one("#verdict-error", Label).update("A verdict needs a rationale.")
            return
        self.dismiss((option.id, event.value.strip()))
