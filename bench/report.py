"""Helpers shared by the benchmarks: percentiles, number formats, plain tables."""

from __future__ import annotations

import math
from collections.abc import Sequence


class BenchError(Exception):
    """What was measured misbehaved (crashed, hung, showed the wrong item).

    Never raised because of a timing: the benchmarks report figures, they do
    not judge them.
    """


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    value = seconds * 1000
    if value < 10:
        return f"{value:.2f} ms"
    if value < 100:
        return f"{value:.1f} ms"
    return f"{value:.0f} ms"


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.1f}×" if baseline > 0 else "n/a"


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[str]], notes: Sequence[str] = ()) -> None:
    """The first column left-aligned, the figures right-aligned, notes below."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print(title)
    for row in [header, *rows]:
        cells = [str(row[0]).ljust(widths[0])] + [str(cell).rjust(width) for cell, width in zip(row[1:], widths[1:])]
        print("  " + "  ".join(cells).rstrip())
    for note in notes:
        print(f"  {note}")
    print()
