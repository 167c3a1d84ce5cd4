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

    def add(self, scope: int | None, item_id: int, norm_text: str, *, match: bool = True) -> tuple[int, float] | None:
        """Remember a text; with `match`, returns (item id, similarity 0–100) of the closest
        earlier text of the same scope above the threshold, if any."""
        if len(norm_text) < MIN_CHARS:
            return None
        buckets = []
        for key in ((scope, False, norm_text[:END_CHARS]), (scope, True, norm_text[-END_CHARS:])):
            if (bucket := self._ends.get(key)) is None:
                bucket = self._ends[key] = deque(maxlen=PER_END)
            buckets.append(bucket)
        ids, texts = [], []
        for bucket in buckets if match else ():
            for item_id_, text in bucket:
                if text != norm_text:
                    ids.append(item_id_)
                    texts.append(text)
        found = process.extractOne(norm_text, texts, scorer=fuzz.ratio, score_cutoff=THRESHOLD) if texts else None
        for bucket in buckets:
            bucket.append((item_id, norm_text))
        return (ids[found[2]], round(found[1], 1)) if found else None
