"""Near-duplicate suggestions: the same text with small edits, within one claim.

Candidates are found by the first and last characters of the normalised text
(an edit at one end leaves the other end equal), then judged by rapidfuzz's
normalised Indel similarity. Each end keeps only its latest few texts: an end
shared by many items is boilerplate, not a sign of copying, and the cap keeps
each new item's cost small whatever the size of the claim.
"""

from __future__ import annotations

from array import array

from rapidfuzz.fuzz import ratio

MIN_CHARS = 60  # shorter texts are compared only for exact duplicates
END_CHARS = 40
PER_END = 8
THRESHOLD = 85.0

# A bucket holds its texts' lengths, the texts and their item ids, oldest first, in three
# sequences: the lengths, packed in an array, rule out most candidates without touching
# their texts, which a large index has spread over far more memory than the CPU caches hold.
_Bucket = tuple[array, list[str], list[int]]
NearHint = tuple[int, float] | None  # (the earlier item or line, similarity)
UNMATCHED: NearHint = (-1, 0.0)  # a hint that no one has looked for near duplicates yet


class NearIndex:
    """Per scope (a claim; None: the inbox), recent texts by their two ends."""

    def __init__(self) -> None:
        self._scopes: dict[object, tuple[dict[str, _Bucket], dict[str, _Bucket]]] = {}

    def _buckets(self, scope: object, norm_text: str, create: bool) -> list[_Bucket]:
        ends = self._scopes.get(scope)
        if ends is None:
            if not create:
                return []
            ends = self._scopes[scope] = ({}, {})
        buckets = []
        for by_end, end in ((ends[0], norm_text[:END_CHARS]), (ends[1], norm_text[-END_CHARS:])):
            if (bucket := by_end.get(end)) is None and create:
                bucket = by_end[end] = (array("I"), [], [])
            if bucket is not None:
                buckets.append(bucket)
        return buckets

    @staticmethod
    def _best(norm_text: str, buckets: list[_Bucket]) -> NearHint:
        """The first most similar other text at or above the threshold."""
        found, cutoff, length = None, THRESHOLD, len(norm_text)
        for lengths, texts, ids in buckets:
            for index, other in enumerate(lengths):
                # The similarity is at most 200·min/(sum of lengths): skip what cannot reach the cutoff.
                if 200 * (other if other < length else length) < cutoff * (length + other):
                    continue
                if (text := texts[index]) == norm_text:
                    continue
                score = ratio(norm_text, text, score_cutoff=cutoff)
                if score and (found is None or score > found[1]):
                    found, cutoff = (ids[index], score), score
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
        for lengths, texts, ids in buckets:
            lengths.append(len(norm_text))
            texts.append(norm_text)
            ids.append(item_id)
            if len(ids) > PER_END:
                del lengths[0], texts[0], ids[0]
        return found
