"""Agreement figures against published worked examples, and the desk's stats from real
decisions by several reviewers (undone decisions do not count)."""

from __future__ import annotations

import pytest

from models.agreement import cohen_kappa, krippendorff_alpha_nominal
from models.desk import Desk
from models.reviewers import ensure_reviewer
from models.stats import desk_stats, standing_decisions


def test_cohen_kappa_matches_the_textbook_example():
    # Wikipedia, "Cohen's kappa": 50 proposals, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: κ = 0.4.
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("a", "a"), ("b", "b")]) == pytest.approx(1.0)
    assert cohen_kappa([]) is None and cohen_kappa([("a", "a")] * 3) is None


def test_krippendorff_alpha_matches_krippendorffs_own_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
    # observers, twelve units, missing values; nominal alpha = 0.743.
    observers = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]
    rows = [line.split() for line in observers]
    units = [[row[u] for row in rows if row[u] != "."] for u in range(12)]
    assert krippendorff_alpha_nominal(units) == pytest.approx(0.743, abs=0.0005)
    assert krippendorff_alpha_nominal([["a"], ["b"]]) is None


def test_the_desk_stats_count_standing_decisions_of_every_reviewer(desk: Desk):
    tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
    items = [row.id for row in desk.queue_page(1).rows[:4]]
    for item, (mine, his) in zip(items, [("supports", "supports"), ("refutes", "refutes"),
                                         ("context", "supports"), ("reject", "reject")]):
        desk.decide(item, mine, seconds_on_screen=4.0)
        tom.decide(item, his, seconds_on_screen=8.0)
    tom.decide(items[0], "refutes", seconds_on_screen=2.0)
    tom.undo()  # his standing say on the first item is "supports" again
    assert standing_decisions(desk.engine)[("tom", items[0])] == "supports"
    figures = desk_stats(desk.engine)
    assert [(r.name, r.decisions, r.median_seconds) for r in figures.reviewers] == [
        ("ana", 4, 4.0), ("tom", 5, 8.0)]
    [pair] = figures.pairs
    expected = cohen_kappa([("supports", "supports"), ("refutes", "refutes"), ("context", "supports"),
                            ("reject", "reject")])
    assert (pair.first, pair.second, pair.items) == ("ana", "tom", 4) and pair.kappa == pytest.approx(expected)
    assert figures.stance_items == 3
    assert figures.stance_alpha == pytest.approx(krippendorff_alpha_nominal(
        [["supports", "supports"], ["refutes", "refutes"], ["context", "supports"]]))
    first_claim = next(claim for claim in figures.claims if claim.claim_id == 1)
    assert first_claim.decided == 4
