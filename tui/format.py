"""How records look on screen: symbols, labels and rows built as Content.

Outside text always goes through `visible()` and into Content as plain text,
never as markup, so an excerpt can neither style itself nor run an action.
"""

from __future__ import annotations

import functools
from datetime import datetime

from textual.content import Content

from models.records import ClaimRow, QueueRow
from models.text import visible

# Every outcome and stance has a symbol and a word, so colour is never the
# only carrier of meaning.
STANCE_MARK = {"supports": "▲", "refutes": "▼", "context": "◆", "irrelevant": "○"}
OUTCOME_MARK = {"pending": "·", "accepted": "✓", "rejected": "✗", "duplicate": "≡", "escalated": "⚑"}
OUTCOME_STYLE = {
    "pending": "$text-muted",
    "accepted": "$success",
    "rejected": "$error",
    "duplicate": "$warning",
    "escalated": "$accent",
}


def clip(text: str, width: int) -> str:
    text = visible(text, single_line=True)
    return text if len(text) <= width else text[: width - 1] + "…"


def column(text: str, width: int) -> Content:
    """Outside text as a column `width` cells wide (cut with an ellipsis, padded), so that wide,
    combining and zero-width characters leave the columns after it in line."""
    return Content(visible(text, single_line=True)).truncate(width, ellipsis=True, pad=True)


def state_label(outcome: str, stance: str | None) -> str:
    """'▲ supports', '✗ rejected', '· pending'…"""
    if outcome == "accepted" and stance:
        return f"{STANCE_MARK.get(stance, '✓')} {stance}"
    return f"{OUTCOME_MARK.get(outcome, '?')} {outcome}"


def grade_label(reliability: str | None, credibility: str | None) -> str:
    return f"{reliability or '-'}{credibility or '-'}" if reliability or credibility else "  "


def review_label(decided: bool, reviews: int, disputed: bool) -> str | None:
    """Under second review, where a pending item stands: '◐ 1 call in', '⚖ disputed'."""
    if disputed:
        return "⚖ disputed"
    if not decided and reviews:
        return f"◐ {reviews} call{'s' if reviews > 1 else ''} in"
    return None


def queue_prompt(row: QueueRow, marked: bool = False) -> Content:
    """One line of the evidence queue: mark, state, kind, grade, source, excerpt."""
    state = review_label(row.decided, row.reviews, row.disputed) or state_label(row.outcome, row.stance)
    return Content.assemble(
        ("● " if marked else "  ", "bold $accent"),
        (f"{state:<12}", "$warning" if row.disputed else OUTCOME_STYLE.get(row.outcome, "")),
        " ",
        (f"{row.kind:<11}", "bold"),
        f"{grade_label(row.reliability, row.credibility)} ",
        ("✎ " if row.has_note else "  ", "$accent"),
        column(row.source, 24).stylize("italic"),
        "  ",
        clip(row.text, 200),
    )


@functools.lru_cache(maxsize=256)
def claim_lines(row: ClaimRow, width: int) -> tuple[Content, Content, Content, Content]:
    """The four lines of a claim in the claim list: two of its statement, cut with an
    ellipsis (one when it has a verdict or a proposed one, which takes the second), its counts, a blank."""
    text = Content(clip(row.text, 400)).stylize("bold" if row.is_inbox else "")
    rating = (f"verdict: {row.verdict.replace('_', ' ')}", "$success") if row.verdict else (
        (f"proposed: {row.proposed_verdict.replace('_', ' ')}", "$warning") if row.proposed_verdict else None)
    room = 1 if rating else 2
    wrapped = text.wrap(max(1, width)) or [Content("")]
    shown = wrapped[:room]
    if len(wrapped) > room:
        shown[-1] = Content.assemble(shown[-1], " ", wrapped[room]).truncate(width, ellipsis=True)
    if rating:
        shown.append(Content.styled(*rating))
    first, second = (shown + [Content("")])[:2]
    counts = Content.styled(f"{row.n_pending} pending · {row.n_decided} decided", "$text-muted")
    return first, second, counts, Content("")


def moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else ""
