"""The synthetic data generator (fixtures.generate): same seed same bytes, honest counts, rows that
follow evidesk JSONL v1 (checked here against the contract, not through the importer), the mix of
scripts, duplicates the importer would fold, and the CSV variant."""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from fixtures.generate import BAD_CSV, BAD_JSONL, CSV_FIELDS, KINDS, _Generator, generate

ROOT = Path(__file__).resolve().parents[1]
ARGS = dict(claims=30, evidence=3000, seed=7)
TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid)$", re.IGNORECASE)


@pytest.fixture(scope="module")
def jsonl() -> tuple[list[bytes], dict[str, int]]:
    out = io.BytesIO()
    counts = generate(out, **ARGS)
    return out.getvalue().split(b"\n"), counts


def problem(raw: bytes, claim_ids: set[str]) -> str | None:
    """The bad-row class of one line under the v1 contract, or None for a good row."""
    try:
        row = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return "invalid_utf8"
    except ValueError:
        return "not_json"
    if row["type"] == "claim":
        return None if isinstance(row.get("text"), str) and row["text"] else "claim_no_text"
    if "url" not in row and "text" not in row:
        return "no_url_text"
    if not isinstance(row.get("text", ""), str):
        return "wrong_type"
    if len(row.get("text", "")) > 1_000_000:
        return "oversize"
    if row["kind"] not in KINDS:
        return "unknown_kind"
    try:
        datetime.strptime(row["published_at"], "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return "bad_date"
    if "claim" in row and row["claim"] not in claim_ids:
        return "unknown_claim"
    return None


def good_rows(lines: list[bytes]) -> list[dict]:
    rows, claim_ids = [], set()
    for raw in lines:
        if raw and problem(raw, claim_ids) is None:
            rows.append(json.loads(raw))
            if rows[-1]["type"] == "claim":
                claim_ids.add(rows[-1]["id"])
    return rows


def norm_url(url: str) -> str:
    parts = urlsplit(url.strip())
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not TRACKING.match(k)))
    host = (parts.hostname or "").removeprefix("www.")
    return urlunsplit(("https", host, parts.path.rstrip("/"), query, ""))


def norm_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def test_same_seed_gives_the_same_bytes(jsonl):
    lines, _ = jsonl
    again, other = io.BytesIO(), io.BytesIO()
    generate(again, **ARGS)
    generate(other, **{**ARGS, "seed": 8})
    assert again.getvalue().split(b"\n") == lines
    assert other.getvalue().split(b"\n") != lines


def test_every_row_is_counted_and_good_rows_follow_v1(jsonl):
    lines, counts = jsonl
    assert lines[-1] == b"" and all(lines[:-1])
    claim_ids: set[str] = set()
    classes = Counter()
    for raw in lines[:-1]:
        classes[cls := problem(raw, claim_ids)] += 1
        if cls is None:
            assert raw.startswith(b'{"type": ')
            row = json.loads(raw)
            assert next(iter(row)) == "type"
            if row["type"] == "claim":
                claim_ids.add(row["id"])
    assert classes.pop(None) == counts["claims"] + counts["evidence"] == 3030
    assert dict(classes) == {c: counts[f"bad_{c}"] for c in BAD_JSONL if counts[f"bad_{c}"]}
    assert set(classes) == set(BAD_JSONL) and counts["bad_oversize"] == 1
    assert sum(classes.values()) == counts["bad"] == 30

    rows = good_rows(lines)
    types = [row["type"] for row in rows]
    assert types == ["claim"] * 30 + ["evidence"] * 3000  # claims first
    evidence = rows[30:]
    assert len({row["id"] for row in rows}) == len(rows)
    assert sum("claim" not in row for row in evidence) == counts["inbox"] > 50
    assert all(row["kind"] in KINDS for row in evidence) and len({row["kind"] for row in evidence}) == len(KINDS)
    assert all(10 <= len(row.get("text", "")) <= 3300 for row in evidence)
    assert any(len(row["text"]) > 1500 for row in evidence)
    urls = [row["url"] for row in evidence if "url" in row]
    assert len(urls) < len(evidence) and all(re.match(r"https?://[\w.-]+\.example/", u, re.I) for u in urls)
    assert any("utm_source=" in u for u in urls) and any("fbclid=" in u for u in urls)
    assert any(u.startswith("http://") for u in urls) and any("://www." in u for u in urls)
    claim = rows[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", claim["claim_date"]) and claim["priority"] in (1, 2, 3) and claim["tags"]


def test_texts_mix_latin_cyrillic_persian_and_cjk(jsonl):
    texts = [row.get("text", "") for row in good_rows(jsonl[0]) if row["type"] == "evidence"]
    share = {name: sum(bool(re.search(chars, t)) for t in texts) / len(texts)
             for name, chars in (("cyrillic", "[\u0400-\u04ff]"), ("arabic", "[\u0600-\u06ff]"),
                                 ("cjk", "[\u3040-\u30ff\u4e00-\u9fff]"), ("accents", "[éèàñóúíç]"))}
    assert all(0.05 < share[name] < 0.16 for name in ("cyrillic", "arabic", "cjk")), share
    assert share["accents"] > 0.05, share


def test_exact_duplicates_normalise_to_an_earlier_row(jsonl):
    _, counts = jsonl
    groups = Counter((row.get("claim"), norm_url(row.get("url", "")), norm_text(row["text"]))
                     for row in good_rows(jsonl[0]) if row["type"] == "evidence")
    assert sum(n - 1 for n in groups.values()) == counts["exact_duplicates"] == 150


def test_near_duplicates_are_small_edits_under_the_same_claim():
    g = _Generator(3, 10, 2000)
    for n in range(1, 300):
        original = g.original(n)
        near = g.near_duplicate(original, 1000 + n)
        assert near[0] == original[0] and near[3] != original[3]
        assert norm_text(near[4]) != norm_text(original[4])
        appended = near[4].startswith(original[4])
        assert appended or difflib.SequenceMatcher(None, original[4], near[4], autojunk=False).ratio() > 0.7


def test_text_streams_get_the_same_rows():
    binary, text = io.BytesIO(), io.StringIO()
    generate(binary, claims=5, evidence=200, seed=2, bad=0.05)
    generate(text, claims=5, evidence=200, seed=2, bad=0.05)
    assert text.getvalue().encode("utf-8", "surrogateescape") == binary.getvalue()


def test_csv_parses_and_carries_the_csv_bad_classes():
    out, claims_out = io.BytesIO(), io.BytesIO()
    counts = generate(out, fmt="csv", claims_out=claims_out, **ARGS)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))
    assert list(rows[0]) == list(CSV_FIELDS)
    assert len(rows) == counts["evidence"] + counts["bad"] == 3030
    assert sum(not r["url"] and not r["text"] for r in rows) == counts["bad_no_url_text"] > 0
    assert sum(r["kind"] not in KINDS for r in rows) == counts["bad_unknown_kind"] > 0
    assert set(counts) >= {f"bad_{c}" for c in BAD_CSV} and "bad_not_json" not in counts
    assert any("\n" in r["text"] for r in rows) and any('"' in r["text"] or "," in r["text"] for r in rows)
    claims = [json.loads(line) for line in claims_out.getvalue().splitlines()]
    assert [c["id"] for c in claims] == [f"gc-{i}" for i in range(1, 31)] and all(c["text"] for c in claims)
    ids = {c["id"] for c in claims}
    assert sum(r["claim"] not in ids | {""} for r in rows) == counts["bad_unknown_claim"] > 0
    assert sum(not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["published_at"]) or r["published_at"][5:10]
               in ("02-30", "13-40") for r in rows) == counts["bad_bad_date"] > 0


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fixtures.generate", *args], cwd=ROOT, capture_output=True, timeout=60)


def test_cli_writes_stdout_and_a_one_line_summary_matching_the_counts(tmp_path):
    done = run("--claims", "5", "--evidence", "400", "--seed", "4", "--out", "-")
    out = io.BytesIO()
    counts = generate(out, claims=5, evidence=400, seed=4)
    assert done.returncode == 0 and done.stdout == out.getvalue()
    summary = done.stderr.decode().strip()
    assert "\n" not in summary
    assert dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", summary)) == counts

    done = run("--claims", "5", "--evidence", "100", "--format", "csv", "--out", str(tmp_path / "set.csv"))
    assert done.returncode == 0
    assert len((tmp_path / "set.claims.jsonl").read_text("utf-8").splitlines()) == 5
    assert (tmp_path / "set.csv").read_text("utf-8").startswith(",".join(CSV_FIELDS))


@pytest.mark.parametrize("args", [["--format", "csv", "--out", "-"], ["--bad", "2", "--out", "x.jsonl"],
                                  ["--out", "/nonexistent/dir/x.jsonl"]])
def test_cli_bad_usage_exits_2_without_a_traceback(args):
    done = run("--claims", "1", "--evidence", "1", *args)
    assert done.returncode == 2 and b"Traceback" not in done.stderr and done.stdout == b""
