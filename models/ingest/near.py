"""Near-duplicate suggestions: the same text with small edits, within one claim.

Candidates are found by the first and last characters of the normalised text
(an edit at one end leaves the other end equal), then judged by rapidfuzz's
normalised Indel similarity. Each end keeps only its latest few texts: an end
shared by many items is boilerplate, not a sign of copying, and the cap keeps
each new item's cost small whatever the size of the claim.
"""

from __future__ import annotations

from rapidfuzz.fuzz import ratio

MIN_CHARS = 60  # shorter texts are compared only for exact duplicates
END_CHARS = 40
PER_END = 8
THRESHOLD = 85.0

_Entry = tuple[int, str, int]  # (item id, normalised text, its length)
NearHint = tuple[int, float] | None  # (the earlier item or line, similarity)


class NearIndex:
    """Per scope (a claim; None: the inbox), recent texts by their two ends."""

    def __init__(self) -> None:
        self._scopes: dict[object, tuple[dict[str, list[_Entry]], dict[str, list[_Entry]]]] = {}

    def _buckets(self, scope: object, norm_text: str, create: bool) -> list[list[_Entry]]:
        ends = self._scopes.get(scope)
        if ends is None:
            if not create:
                return []
            ends = self._scopes[scope] = ({}, {})
        buckets = []
        for by_end, end in ((ends[0], norm_text[:END_CHARS]), (ends[1], norm_text[-END_CHARS:])):
            if (bucket := by_end.get(end)) is None and create:
                bucket = by_end[end] = []
            if bucket is not None:
                buckets.append(bucket)
        return buckets

    @staticmethod
    def _best(norm_text: str, buckets: list[list[_Entry]]) -> NearHint:
        """The first most similar other text at or above the threshold."""
        found, cutoff, length = None, THRESHOLD, len(norm_text)
        for bucket in buckets:
            for item_id, text, other in bucket:
                # The similarity is at most 200·min/(sum of lengths): skip what cannot reach the cutoff.
                if 200 * (other if other < length else length) < cutoff * (length + other) or text == norm_text:
                    continue
                score = ratio(norm_text, text, score_cutoff=cutoff)
                if score and (found is None or score > found[1]):
                    found, cutoff = (item_id, score), score
        return (found[0], round(found[1], 1)) if found else None

    def match(self, scope: object, norm_text: str) -> NearHint:
        """(id, similarity 0–100) of the closest text remembered in the scope, above the threshold."""
        if len(norm_text) < MIN_CHARS:
            return None
        return self._best(norm_text, self._buckets(scope, norm_text, create=False))

    def add(self, scope: object, item_id: int, norm_text: str, *, match: bool = True) -> NearHint:
        """Remember a text under `item_id`; with `match`, first return what `match` would."""
        if len(norm_text) < MIN_CHARS:
            return None
        buckets = self._buckets(scope, norm_text, create=True)
        found = self._best(norm_text, buckets) if match else None
        entry = (item_id, norm_text, len(norm_text))
        for bucket in buckets:
            bucket.append(entry)
            if len(bucket) > PER_END:
                del bucket[0]
        return found
