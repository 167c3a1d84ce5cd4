"""Near-duplicate suggestions: the same text with small edits, within one claim.

Candidates are found by the first and last characters of the normalised text
(an edit at one end leaves the other end equal), then judged by rapidfuzz's
normalised Indel similarity. Each end keeps only its latest few texts: an end
shared by many items is boilerplate, not a sign of copying, and the cap keeps
each new item's cost small whatever the size of the claim.
"""

from __future__ import annotations

from collections import deque

from rapidfuzz import fuzz, process

MIN_CHARS = 60  # shorter texts are compared only for exact duplicates
END_CHARS = 40
PER_END = 8
THRESHOLD = 85.0


class NearIndex:
    """Per claim (None: the inbox), recent texts by their two ends."""

    def __init__(self) -> None:
        self._ends: dict[tuple[int | None, bool, str], deque[tuple[int, str]]] = {}

    def _keys(self, scope: int | None, norm_text: str) -> tuple[tuple, tuple]:
        return (scope, False, norm_text[:END_CHARS]), (scope, True, norm_text[-END_CHARS:])

    def add(self, scope: int | None, item_id: int, norm_text: str) -> None:
        if len(norm_text) >= MIN_CHARS:
            for key in self._keys(scope, norm_text):
                if (bucket := self._ends.get(key)) is None:
                    bucket = self._ends[key] = deque(maxlen=PER_END)
                bucket.append((item_id, norm_text))

    def best_match(self, scope: int | None, norm_text: str) -> tuple[int, float] | None:
        """(item id, similarity 0–100) of the closest earlier text above the threshold."""
        if len(norm_text) < MIN_CHARS:
            return None
        candidates = {item_id: text for key in self._keys(scope, norm_text)
                      for item_id, text in self._ends.get(key, ()) if text != norm_text}
        if not candidates:
            return None
        found = process.extractOne(norm_text, candidates, scorer=fuzz.ratio, score_cutoff=THRESHOLD)
        return (found[2], round(found[1], 1)) if found else None
