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
    """Per scope (a claim; None: the inbox), recent texts by their two ends."""

    def __init__(self) -> None:
        self._ends: dict[tuple[object, bool, str], deque[tuple[int, str]]] = {}

    def _buckets(self, scope: object, norm_text: str, create: bool) -> list[deque[tuple[int, str]]]:
        buckets = []
        for key in ((scope, False, norm_text[:END_CHARS]), (scope, True, norm_text[-END_CHARS:])):
            if (bucket := self._ends.get(key)) is None and create:
                bucket = self._ends[key] = deque(maxlen=PER_END)
            if bucket is not None:
                buckets.append(bucket)
        return buckets

    @staticmethod
    def _best(norm_text: str, buckets: list[deque[tuple[int, str]]]) -> tuple[int, float] | None:
        ids, texts = [], []
        for bucket in buckets:
            for item_id, text in bucket:
                if text != norm_text:
                    ids.append(item_id)
                    texts.append(text)
        found = process.extractOne(norm_text, texts, scorer=fuzz.ratio, score_cutoff=THRESHOLD) if texts else None
        return (ids[found[2]], round(found[1], 1)) if found else None

    def match(self, scope: object, norm_text: str) -> tuple[int, float] | None:
        """(id, similarity 0–100) of the closest text remembered in the scope, above the threshold."""
        if len(norm_text) < MIN_CHARS:
            return None
        return self._best(norm_text, self._buckets(scope, norm_text, create=False))

    def add(self, scope: object, item_id: int, norm_text: str, *, match: bool = True) -> tuple[int, float] | None:
        """Remember a text under `item_id`; with `match`, first return what `match` would."""
        if len(norm_text) < MIN_CHARS:
            return None
        buckets = self._buckets(scope, norm_text, create=True)
        found = self._best(norm_text, buckets) if match else None
        for bucket in buckets:
            bucket.append((item_id, norm_text))
        return found
