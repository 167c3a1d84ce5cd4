"""CSV import: v1 headers or mapped ones, BOM, sniffed delimiters, quoted newlines."""

from __future__ import annotations

import pytest
from apptools import rows

from models.desk import Desk
from models.ingest.importer import ImportOptions

HEADER = "id,claim,kind,source,url,text,published_at"


@pytest.fixture
def desk(tmp_path):
    opened = Desk.open(tmp_path / "csv.db", "ana")
    (tmp_path / "claims.jsonl").write_text('{"type": "claim", "id": "c1", "text": "Drones hit Kyiv"}\n')
    opened.import_file(tmp_path / "claims.jsonl")
    yield opened
    opened.engine.dispose()


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_delimiters_and_bom(desk, tmp_path, delimiter, bom):
    lines = [HEADER.replace(",", delimiter),
             delimiter.join(["e1", "c1", "video", "Kyiv TV", "https://example.org/v", "Footage, of drones", "2022-10-17T07:00:00Z"]),
             delimiter.join(["e2", "c1", "photo", "Agency", "", "Фото обломков", ""])]
    if delimiter == ",":
        lines[1] = lines[1].replace("Footage, of drones", '"Footage, of drones"')
    summary = desk.import_file(write(tmp_path, "in.csv", bom + "\n".join(lines) + "\n"))
    assert (summary.evidence_new, summary.rejected) == (2, 0), summary.rejects
    found = rows(desk.engine.url.database, "SELECT ext_id, kind, source, text FROM evidence ORDER BY id")
    assert found == [("e1", "video", "Kyiv TV", "Footage, of drones"), ("e2", "photo", "Agency", "Фото обломков")]


def test_quoted_newlines_keep_line_numbers(desk, tmp_path):
    text = HEADER + '\ne1,c1,video,TV,,"line one\nline two",\ne2,c1,spaceship,TV,,bad kind,\n'
    summary = desk.import_file(write(tmp_path, "nl.csv", text))
    assert summary.evidence_new == 1
    assert [(r.line, r.reason.split(" (")[0]) for r in summary.rejects] == [(4, "unknown kind 'spaceship'")]
    assert rows(desk.engine.url.database, "SELECT text FROM evidence") == [("line one\nline two",)]


def test_map_renames_columns_and_claim_links_unassigned_rows(desk, tmp_path):
    text = "statement;link;what\nDebris in the street;https://example.org/d;physical\n"
    options = ImportOptions(mapping={"statement": "text", "link": "url", "what": "kind"}, claim="c1")
    summary = desk.import_file(write(tmp_path, "sheet.csv", text), options)
    assert (summary.evidence_new, summary.rejected) == (1, 0), summary.rejects
    assert rows(desk.engine.url.database, "SELECT c.ext_id, e.kind, e.url FROM evidence e JOIN claim c "
                                          "ON c.id = e.claim_id") == [("c1", "physical", "https://example.org/d")]


def test_unknown_columns_are_refused_with_a_hint(desk, tmp_path):
    summary = desk.import_file(write(tmp_path, "odd.csv", "statement,link\nx,https://example.org\n"))
    assert summary.evidence_new == 0
    assert "map them with --map" in summary.rejects[0].reason


def test_invalid_utf8_rejects_only_that_row(desk, tmp_path):
    path = tmp_path / "bytes.csv"
    path.write_bytes(HEADER.encode() + b"\ne1,c1,video,TV,,caf\xe9,\ne2,c1,video,TV,,fine,\n")
    summary = desk.import_file(path)
    assert summary.evidence_new == 1
    assert [(r.line, r.reason) for r in summary.rejects] == [(2, "not valid UTF-8")]
