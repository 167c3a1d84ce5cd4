"""The detail view: the focused item in full, or the highlighted claim."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from models.records import ClaimRow, EvidenceDetail
from models.text import visible
from models.vocab import CREDIBILITY, RELIABILITY
from tui.format import moment, state_label

LABEL = "bold $text-accent"


def _field(label: str, value: str) -> Content:
    return Content.assemble((f"{label}: ", LABEL), visible(value), "\n")


def _history(detail: EvidenceDetail) -> list[Content | str]:
    if not detail.history:
        return [("no decisions yet\n", "$text-muted")]
    lines: list[Content | str] = []
    for row in detail.history:
        what = state_label(row.outcome, row.stance)
        if row.action in ("grade", "note", "undo"):
            what = f"{row.action} → {what}"
        grade = f" {row.reliability or '-'}{row.credibility or '-'}" if row.reliability or row.credibility else ""
        seconds = f" after {row.seconds_on_screen:.1f} s" if row.seconds_on_screen is not None else ""
        lines.append(Content.assemble(
            (moment(row.at), "$text-muted"), "  ", (visible(row.reviewer, single_line=True), "bold"),
            f"  {what}{grade}{seconds}\n",
        ))
    return lines


def evidence_content(detail: EvidenceDetail) -> Content:
    """The whole item as plain, inert text."""
    reliability = RELIABILITY.get(detail.reliability or "", "not graded")
    credibility = CREDIBILITY.get(detail.credibility or "", "not graded")
    parts: list[Content | str | tuple[str, str]] = [
        (f"{detail.kind} #{detail.id}", "bold"),
        (f"  ({detail.ext_id})" if detail.ext_id else "", "$text-muted"),
        "\n\n",
        _field("Claim", detail.claim_text or "none (inbox): press l to link, a to add a claim"),
        "\n", (visible(detail.text) or "(no excerpt)"), "\n\n",
        _field("Source", detail.source or "unknown"),
        _field("URL", detail.url or "none"),
        _field("Published", moment(detail.published_at) or "unknown"),
        _field("Provenance", detail.provenance or "not recorded"),
        _field("State", state_label(detail.outcome, detail.stance)
               + (f" of #{detail.duplicate_of}" if detail.duplicate_of else "")),
        _field("Grade", f"{detail.reliability or '-'}{detail.credibility or '-'}"
               f" (source {reliability}; information {credibility})"),
        _field("Note", detail.note or "none"),
    ]
    if detail.dup_count:
        parts.append(_field("Also received", f"{detail.dup_count} more time(s) as a duplicate"))
    if detail.decided_by:
        parts.append(_field("Last change", f"{detail.decided_by}, {moment(detail.decided_at)}"))
    parts.append(_field("SHA-256", detail.content_sha256 or "none"))
    parts.extend(["\n", ("History\n", LABEL), *_history(detail)])
    return Content.assemble(*parts)


def claim_content(claim: ClaimRow) -> Content:
    if claim.is_inbox:
        return Content.assemble(
            ("Inbox\n\n", "bold"),
            "Evidence linked to no claim yet. Press l on an item to link it to a claim, "
            "or a to add a new claim from it.\n",
        )
    return Content.assemble(
        ("Claim\n\n", "bold"), visible(claim.text), "\n\n",
        _field("Claimant", claim.claimant or "unknown"),
        _field("Date", str(claim.claim_date or "unknown")),
        _field("Status", claim.status.replace("_", " ")),
        _field("Verdict", claim.verdict.replace("_", " ") if claim.verdict else "none yet (v to rate)"),
        _field("Evidence", f"{claim.n_pending} pending, {claim.n_decided} decided"),
    )


class DetailView(VerticalScroll):
    """Scrollable, read-only; every outside string is shown literally."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="detail.down"),
        Binding("k", "scroll_up", "Up", show=False, id="detail.up"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "Detail"
        self.evidence_id: int | None = None  # the item shown, None when showing a claim

    def compose(self):
        yield Static(id="detail-body", markup=False)

    def show_evidence(self, detail: EvidenceDetail) -> None:
        self.evidence_id = detail.id
        self.query_one("#detail-body", Static).update(evidence_content(detail))
        self.scroll_home(animate=False)

    def show_claim(self, claim: ClaimRow) -> None:
        self.evidence_id = None
        self.query_one("#detail-body", Static).update(claim_content(claim))
        self.scroll_home(animate=False)

