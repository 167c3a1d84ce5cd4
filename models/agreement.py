"""Agreement between reviewers: Cohen's kappa for two reviewers on the items both
decided, and Krippendorff's alpha (nominal) for any number of reviewers with
missing values. Pure functions over labels; models.stats feeds them decisions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import permutations


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """κ = (p_o − p_e) / (1 − p_e) over (first reviewer's label, second's) pairs; None
    with no pairs, or when chance agreement is total (both used one same label throughout)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha_nominal(units: Iterable[Sequence[str]]) -> float | None:
    """α = 1 − D_o / D_e from the coincidence matrix, for nominal labels. Each unit is the
    labels it was given (any number of reviewers; units with fewer than two are not
    pairable and left out). None when nothing is pairable or every label is the same."""
    coincidences: Counter[tuple[str, str]] = Counter()
    for labels in units:
        m = len(labels)
        if m < 2:
            continue
        for a, b in permutations(labels, 2):
            coincidences[a, b] += 1 / (m - 1)
    totals: Counter[str] = Counter()
    for (a, _), weight in coincidences.items():
        totals[a] += weight
    n = sum(totals.values())
    if n <= 1:
        return None
    disagreement = sum(weight for (a, b), weight in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b) / (n - 1)
    if expected == 0:
        return None
    return 1 - disagreement / expected
