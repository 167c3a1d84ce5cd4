"""The hostile corpus through every export format: JSONL and ClaimReview carry it back
exactly (and JSONL imports again to the same items), CSV neutralises formulas and keeps
the rest, and the Markdown report holds no control, HTML or link from outside text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hostile import (
    CASES,
    CLAIMS,
    FORMULA_STARTS,
    NAME,
    RATIONALE,
    RAW_CONTROL,
    WIDE_NAME,
    decided_by,
    evidence_id,
    provenance_of,
    source_of,
)
from hostile_run import (
    PUBLISHER,
    claims,
    copy_of,
    evidesk,
    import_corpus,
    items,
    neutralised,
    one_line,
    read_jsonl,
)
from markdown_it import MarkdownIt
from rich.console import Console
from rich.markdown import Markdown

from models.desk import Desk


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, tuple[int, str, str]]:
    return import_corpus(tmp_path_factory.mktemp("corpus"))


def test_every_export_format_carries_the_corpus_back_exactly_and_inertly(corpus, tmp_path, capsys):
    db = copy_of(corpus[0], tmp_path / "export.db")
    desk = Desk.open(db, "ana")
    for key, value in PUBLISHER.items():
        desk.set_setting(key, value)
    desk.engine.dispose()
    out = {fmt: tmp_path / f"corpus.{fmt}" for fmt in ("jsonl", "csv", "claimreview", "markdown")}
    for fmt, path in out.items():
        code, _out, err = evidesk(capsys, "export", "--format", fmt, "--db", str(db), "--out", str(path))
        assert code == 0 and not RAW_CONTROL.search(err), err

    by_id = {line["id"]: line for line in read_jsonl(out["jsonl"])}
    for name, text in CASES.items():
        item = by_id[evidence_id(name)]
        assert (item["text"], item["source"], item["provenance"]) == (text, source_of(name), provenance_of(name))
        if (by := decided_by(name)) is not None:
            assert (item["note"], item["decided_by"], item["history"][0]["by"]) == (text, by, by)
    assert by_id["c-scripts"]["rationale"] == RATIONALE and by_id["c-controls"]["claimant"] == CLAIMS["c-controls"][2]
    code, _out, err = evidesk(capsys, "import", str(out["jsonl"]), "--db", str(tmp_path / "again.db"))
    assert code == 0, err
    assert items(tmp_path / "again.db") == items(db) and claims(tmp_path / "again.db") == claims(db)

    with out["csv"].open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert not [cell for row in table for cell in row.values() if cell.startswith(FORMULA_STARTS)]
    by_id = {row["evidence_id"]: row for row in table}
    for name, text in CASES.items():
        row = by_id[evidence_id(name)]
        assert (row["text"], row["source"], row["provenance"]) == (
            neutralised(text), neutralised(source_of(name)), neutralised(provenance_of(name))), name
        assert row["decided_by"] == (decided_by(name) or "") and row["claimant"] == CLAIMS[row["claim_id"]][2]

    (review,) = json.loads(out["claimreview"].read_text("utf-8"))
    assert review["claimReviewed"] == CLAIMS["c-scripts"][1]
    assert review["itemReviewed"]["author"]["name"] == CLAIMS["c-scripts"][2]

    report = out["markdown"].read_text("utf-8")
    assert not RAW_CONTROL.search(report)
    tokens = MarkdownIt("commonmark").parse(report)
    inline = [child for token in tokens for child in (token.children or [])]
    assert not [token for token in [*tokens, *inline] if token.type in ("html_block", "html_inline", "image")]
    links = [token.attrs["href"] for token in inline if token.type == "link_open"]
    accepted = [name for name in CASES if decided_by(name) is not None]
    assert len(links) == len(accepted) and all(link.startswith("https://example.org/") for link in links)
    console = Console(file=io.StringIO(), width=400, color_system=None)
    console.print(Markdown(report))
    shown = console.file.getvalue()
    for text in (CLAIMS["c-markup"][1], CASES["markup link"], one_line(CASES["osc title"]), one_line(NAME), WIDE_NAME):
        assert text in shown, text
