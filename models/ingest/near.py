"""Near-duplicate suggestions: the same text with small edits, within one claim.

Candidates are found by the first and last characters of the normalised text
(an edit at one end leaves the other end equal), then judged by rapidfuzz's
normalised Indel similarity, so each new item costs two dictionary lookups
and a few comparisons, whatever the size of the claim.
"""

from __future__ import annotations

from rapidfuzz import fuzz

MIN_CHARS = 60  # shorter texts are compared only for exact duplicates
END_CHARS = 40
THRESHOLD = 85.0


class NearIndex:
    """Per claim (None: the inbox), the texts seen so far, by their two ends."""

    def __init__(self) -> None:
        self._ends: dict[tuple[int | None, bool, str], list[tuple[int, str]]] = {}

    def add(self, scope: int | None, item_id: int, norm_text: str) -> None:
        if len(norm_text) >= MIN_CHARS:
            for key in ((scope, False, norm_text[:END_CHARS]), (scope, True, norm_text[-END_CHARS:])):
                self._ends.setdefault(key, []).append((item_id, norm_text))

    def best_match(self, scope: int | None, norm_text: str) -> tuple[int, float] | None:
        """(item id, similarity 0–100) of the closest earlier text above the threshold."""
        if len(norm_text) < MIN_CHARS:
            return None
        best: tuple[int, float] | None = None
        for key in ((scope, False, norm_text[:END_CHARS]), (scope, True, norm_text[-END_CHARS:])):
            for item_id, other in self._ends.get(key, ()):
                score = fuzz.ratio(norm_text, other, score_cutoff=best[1] if best else THRESHOLD)
                if score and other != norm_text and (best is None or score > best[1]):
                    best = (item_id, round(score, 1))
        return best
