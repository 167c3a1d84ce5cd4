"""The detail view: the focused item in full, or the highlighted claim."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from models.records import ClaimRow, EvidenceDetail
from models.text import visible
from models.vocab import CREDIBILITY, RELIABILITY
from tui.format import clip, moment, state_label

LABEL = "bold $text-accent"


def _field(label: str, value: str) -> Content:
    return Content.assemble((f"{label}: ", LABEL), visible(value), "\n")


def _history(detail: EvidenceDetail) -> list[Content | str]:
    hidden = detail.hidden_decisions
    lines: list[Content | str] = [(
        f"{hidden} decision{'s' if hidden > 1 else ''} by other reviewers hidden until you make yours (blind review)\n",
        "$text-muted")] if hidden else []
    if not detail.history:
        return lines or [("no decisions yet\n", "$text-muted")]
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


def _size(size: int | None) -> str:
    if size is None:
        return "size unknown"
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


SHOWN_CLAIMS = 3


def _near_duplicate(detail: EvidenceDetail) -> list[Content]:
    """A possible copy, shown first while the item waits for a decision."""
    near = detail.near_duplicate
    if near is None or detail.outcome != "pending":
        return []
    return [Content.assemble(
        (f"Looks like #{near.id} ({near.score:.0f}% the same): ", "bold $warning"),
        visible(near.text, single_line=True), ("  d marks it a duplicate\n", "$text-muted"),
    )]


def _same_link(detail: EvidenceDetail) -> list[Content]:
    claims = detail.same_url_claims
    if not claims:
        return []
    names = "; ".join(clip(text, 80) for _id, text in claims[:SHOWN_CLAIMS])
    more = f" and {len(claims) - SHOWN_CLAIMS} more" if len(claims) > SHOWN_CLAIMS else ""
    label = "Same link under another claim" if len(claims) == 1 else f"Same link under {len(claims)} other claims"
    return [_field(label, names + more)]


def evidence_content(detail: EvidenceDetail) -> Content:
    """The whole item as plain, inert text."""
    reliability = RELIABILITY.get(detail.reliability or "", "not graded")
    credibility = CREDIBILITY.get(detail.credibility or "", "not graded")
    parts: list[Content | str | tuple[str, str]] = [
        (f"{detail.kind} #{detail.id}", "bold"),
        (f"  ({detail.ext_id})" if detail.ext_id else "", "$text-muted"),
        "\n\n",
        *_near_duplicate(detail),
        _field("Claim", detail.claim_text or "none (inbox): press l to link, a to add a claim"),
        "\n", (visible(detail.text) or "(no excerpt)"), "\n\n",
        _field("Source", detail.source or "unknown"),
        _field("URL", detail.url or "none"),
        *_same_link(detail),
        _field("Published", moment(detail.published_at) or "unknown"),
    ]
    if detail.captured_at:
        parts.append(_field("Captured", moment(detail.captured_at)))
    parts += [
        _field("Ingested", f"{moment(detail.ingested_at)}" + (f" from {detail.batch_source}" if detail.batch_source else "")),
        _field("Provenance", detail.provenance or "not recorded"),
    ]
    if detail.file is not None:
        stored = detail.file
        parts.append(_field("File", f"{stored.name} ({stored.media_type}, {_size(stored.size)}) — o opens it"))
        parts.append(_field("File SHA-256", stored.sha256))
    parts += [
        _field("State", state_label(detail.outcome, detail.stance)
               + (f" of #{detail.duplicate_of}" if detail.duplicate_of else "")),
        _field("Grade", f"{detail.reliability or '-'}{detail.credibility or '-'}"
               f" (source {reliability}; information {credibility})"),
        _field("Note", detail.note or "none"),
    ]
    if detail.disputed:
        parts.append(_field("Second review", f"the {detail.reviews} reviewers disagree: a supervisor settles it"))
    elif detail.reviews and detail.outcome == "pending":
        parts.append(_field("Second review", f"{detail.reviews} reviewer's call in" if detail.reviews == 1
                            else f"{detail.reviews} reviewers' calls in"))
    if detail.dup_count:
        parts.append(_field("Received", f"{detail.dup_count + 1} times (the copies were counted here)"))
    if detail.decided_by:
        parts.append(_field("Last change", f"{detail.decided_by}, {moment(detail.decided_at)}"))
    parts.append(_field("Content SHA-256", detail.content_sha256 or "none"))
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
        *([_field("Proposed", f"{claim.proposed_verdict.replace('_', ' ')} (for a supervisor to finalise)")]
          if claim.proposed_verdict and not claim.verdict else []),
        _field("Evidence", f"{claim.n_pending} pending, {claim.n_decided} decided"),
    )


class DetailView(ScrollView, can_focus=True):
    """Scrollable, read-only; every outside string is shown literally.

    It wraps and draws its own lines: showing the next item changes no widget's size,
    so the screen is painted without a layout pass over every widget."""

    # The scrollbar's column is kept whether shown or not, so lines wrapped for one width
    # never meet a narrower one when a long item brings the scrollbar in.
    DEFAULT_CSS = "DetailView { overflow-x: hidden; scrollbar-gutter: stable; }"

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False, id="detail.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="detail.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="detail.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="detail.page_up"),
        Binding("home", "scroll_home", "Top", show=False, id="detail.top"),
        Binding("end", "scroll_end", "Bottom", show=False, id="detail.bottom"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.border_title = "Detail"
        self.shown: EvidenceDetail | None = None  # the item shown, None when showing a claim
        self.content = Content("")
        self._lines: list[Content] = []
        self._strips: dict[int, Strip] = {}

    @property
    def evidence_id(self) -> int | None:
        return self.shown.id if self.shown else None

    def show_evidence(self, detail: EvidenceDetail) -> None:
        self.shown = detail
        self._show(evidence_content(detail))

    def show_claim(self, claim: ClaimRow) -> None:
        self.shown = None
        self._show(claim_content(claim))

    def show_text(self, text: str) -> None:
        self.shown = None
        self._show(Content(text))

    def _show(self, content: Content) -> None:
        self.content = content
        self._wrap()
        self.scroll_to(y=0, animate=False, immediate=True)

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        self._lines = self.content.wrap(max(1, width)) if width else []
        self._strips.clear()
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def on_resize(self) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        if (strip := self._strips.get(index)) is None:
            style = self.get_visual_style()
            line = self._lines[index].truncate(width, pad=True)
            strip = Visual.to_strips(self, line, width, 1, style)[0].extend_cell_length(width, style.rich_style)
            self._strips[index] = strip
        return strip
