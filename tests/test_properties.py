"""Properties over generated input (hypothesis): the URL normaliser takes any string and
is idempotent; every importer turns any input into rows or per-row rejects, never an
escaping exception; and import → export → import is the identity on generated data."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.desk import Desk
from models.export.runner import run_export
from models.export.selection import selection_of
from models.text import normalise_url

TEXT = st.text(min_size=1, max_size=60).filter(lambda value: value.strip())
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@given(st.text(max_size=200))
def test_the_url_normaliser_takes_any_string_and_normalises_once(url):
    once = normalise_url(url)
    assert isinstance(once, str)
    assert normalise_url(once) == once or once == url.strip()


@SLOW
@given(st.lists(st.one_of(st.binary(max_size=120), st.text(max_size=120),
                          st.dictionaries(st.sampled_from(["type", "id", "text", "url", "kind", "claim", "source",
                                                           "stance", "outcome", "history", "verdict"]),
                                          st.one_of(st.none(), st.integers(), TEXT, st.lists(TEXT, max_size=2)),
                                          max_size=6)), max_size=12),
       st.sampled_from(["jsonl", "csv"]))
def test_any_input_gives_rows_or_rejects_never_an_exception(lines, fmt):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input.{fmt}"
        chunks = [line if isinstance(line, bytes) else (json.dumps(line) if isinstance(line, dict) else line)
                  .encode("utf-8", "surrogatepass") for line in lines]
        path.write_bytes((b"text,url,kind\n" if fmt == "csv" else b"") + b"\n".join(chunks) + b"\n")
        desk = Desk.open(Path(folder) / "db.sqlite", "ana")
        try:
            summary = desk.import_file(path)  # the property: it returns, whatever the input
            assert len(summary.rejects) == summary.rejected  # each reject comes with its line and reason
        finally:
            desk.engine.dispose()


ITEM = st.fixed_dictionaries({
    "text": TEXT, "source": st.text(max_size=30), "kind": st.sampled_from(["video", "photo", "document", "report"]),
    "url": st.one_of(st.just(""), st.builds(lambda slug: f"https://example.org/{slug}", st.text(
        alphabet="abcdefghij-/", min_size=1, max_size=12))),
})


@SLOW
@given(claims=st.lists(TEXT, min_size=1, max_size=3, unique=True), items=st.lists(ITEM, max_size=8),
       actions=st.lists(st.sampled_from(["supports", "refutes", "context", "reject", "escalate"]), max_size=8))
def test_import_export_import_is_the_identity(claims, items, actions):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        rows = [{"type": "claim", "id": f"c{n}", "text": text} for n, text in enumerate(claims)]
        rows += [{"type": "evidence", "id": f"e{n}", "claim": f"c{n % len(claims)}", **item}
                 for n, item in enumerate(items)]
        (base / "in.jsonl").write_text("\n".join(json.dumps(row) for row in rows) + "\n", "utf-8")
        first = Desk.open(base / "one.db", "ana")
        first.import_file(base / "in.jsonl")
        for row, action in zip(first.view_after(selection_of().view, None, 100), actions):
            if row.outcome == "pending":
                first.decide(row.id, action)
        run_export(first.engine, first.reviewer, "jsonl", selection_of(), base / "one.jsonl")
        second = Desk.open(base / "two.db", "ana")
        assert not second.import_file(base / "one.jsonl").rejects
        run_export(second.engine, second.reviewer, "jsonl", selection_of(), base / "two.jsonl")
        assert (base / "two.jsonl").read_bytes() == (base / "one.jsonl").read_bytes()
        first.engine.dispose()
        second.engine.dispose()
