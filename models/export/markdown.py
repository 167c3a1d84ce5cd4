"""A Markdown report: per selected claim, its verdict and rationale, then the accepted
evidence for, against and giving context, each with its grade, source, link,
excerpt and reviewer. Outside text is escaped, so that it reads as the words it is
on a code-hosting site and in a terminal, never as markup, links or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from models.export import reading
from models.export.selection import Selection
from models.tables import Evidence
from models.text import visible

EXCERPT_CHARS = 300
# What could open markup mid-line; no line of the report starts with outside text.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!])")
_PLAIN_URL = re.compile(r"https?://[^\s<>\"'`]+\Z")
_SIDES = (("supports", "For"), ("refutes", "Against"), ("context", "Context"))


def escaped(text: str | None, limit: int | None = None) -> str:
    """Outside text as literal Markdown on one line: controls made visible, punctuation escaped."""
    words = " ".join(visible(text or "", single_line=True).split())
    if limit is not None and len(words) > limit:
        words = words[: limit - 1] + "…"
    return _SPECIAL.sub(r"\\\1", words)


def link(url: str) -> str:
    """An autolink for a plain web address; anything else as escaped text."""
    return f"<{url}>" if _PLAIN_URL.match(url or "") else escaped(url)


def _grade(row: Any) -> str:
    return f"{row.reliability or '-'}{row.credibility or '-'}"


def _item(row: Any) -> str:
    parts = [f"**{_grade(row)}**", f"*{escaped(row.source) or 'unknown source'}*"]
    if row.url:
        parts.append(link(row.url))
    by = f" (decided by {escaped(row.decided_by)})" if row.decided_by else ""
    return f"- {' · '.join(parts)} — “{escaped(row.text, EXCERPT_CHARS)}”{by}\n"


def _claim(row: Any, items: list[Any]) -> Iterator[str]:
    yield f"## {escaped(row.text)}\n\n"
    facts = [f"Claim {escaped(row.export_id)}", f"status: {row.status.replace('_', ' ')}"]
    if row.claimant:
        facts.append(f"claimant: {escaped(row.claimant)}")
    if row.claim_date:
        facts.append(f"date: {row.claim_date.isoformat()}")
    yield " · ".join(facts) + "\n\n"
    if row.verdict:
        by = f" (by {escaped(row.verdict_by)})" if row.verdict_by else ""
        yield f"**Verdict: {row.verdict.replace('_', ' ')}**{by}\n\n"
        yield f"Rationale: {escaped(row.rationale)}\n\n"
    else:
        yield "*No verdict yet.*\n\n"
    for stance, heading in _SIDES:
        side = [item for item in items if item.stance == stance]
        if side or stance != "context":
            yield f"### {heading} ({len(side)})\n\n"
            yield "".join(_item(item) for item in side) + "\n" if side else "None accepted.\n\n"


def write_markdown(conn, selection: Selection, out: TextIO, progress: Callable[[int], None]) -> dict[str, int]:
    counts = {"claims": 0, "evidence": 0}
    out.write("# Fact-check report\n\n")
    described = selection.describe()
    if described["filter"] or described["search"] or described["resolved_only"]:
        chosen = ", ".join(f"{key}: {escaped(str(value))}" for key, value in described.items() if value)
        out.write(f"Selection — {chosen}\n\n")
    accepted = reading.items_by_claim(conn, selection, Evidence.outcome == "accepted", Evidence.claim_id.isnot(None))
    pending = next(accepted, None)
    for claim in reading.claims(conn, selection):
        items = []
        while pending is not None and pending.claim_id <= claim.id:
            if pending.claim_id == claim.id:
                items.append(pending)
            pending = next(accepted, None)
        out.writelines(_claim(claim, items))
        counts["claims"] += 1
        counts["evidence"] += len(items)
        progress(len(items))
    if counts["claims"] == 0:
        out.write("No claim matches this selection.\n")
    return counts
