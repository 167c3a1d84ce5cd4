"""The import benchmark's input files, cached in bench/.cache/ by size.

For N evidence rows over N/1000 claims: `import-N-<origin>.jsonl` (claim
rows first, then evidence, evidesk JSONL v1) and `import-N-<origin>.evidence.jsonl`
(only the evidence lines, "type" key kept) for sqlite-utils. The origin is
"fixtures" when `python -m fixtures.generate` works (no duplicates, near
duplicates or bad rows), else "bench", from the small generator below.
Files are written under a temporary name and renamed when complete, so a
file present in the cache is whole and is reused as it is.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import orjson

REPO_ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).resolve().parent / ".cache"
KINDS = ("report", "social_post", "statement", "video", "photo", "document", "testimony", "other")
WORDS = ("drone missile kyiv tehran moscow footage debris witness ministry spokesman denied reported launched "
         "strike night power station satellite image engine serial markings persian video photo shared channel "
         "official source intelligence according claims shows recovered near city region overnight delivered").split()


@dataclass(frozen=True)
class ImportData:
    evidence: int
    claims: int
    full: Path  # claims then evidence
    evidence_only: Path  # evidence lines only, for sqlite-utils
    origin: str  # "fixtures" or "bench"


def claims_for(evidence: int) -> int:
    return max(1, evidence // 1000)


def prepare(evidence: int, log=print) -> ImportData:
    """The cached files for `evidence` rows, generated on first use."""
    CACHE.mkdir(parents=True, exist_ok=True)
    claims = claims_for(evidence)
    for origin in ("fixtures", "bench"):
        full = CACHE / f"import-{evidence}-{origin}.jsonl"
        only = full.with_suffix(".evidence.jsonl")
        if full.is_file() and only.is_file():
            return ImportData(evidence, claims, full, only, origin)
    full, origin = _generate(evidence, claims, log)
    only = full.with_suffix(".evidence.jsonl")
    _write_evidence_only(full, only)
    return ImportData(evidence, claims, full, only, origin)


def _generate(evidence: int, claims: int, log) -> tuple[Path, str]:
    full = CACHE / f"import-{evidence}-fixtures.jsonl"
    partial = full.with_name(full.name + ".partial")
    log(f"  generating {evidence:,} evidence rows over {claims:,} claims with fixtures.generate…")
    done = subprocess.run(
        [sys.executable, "-m", "fixtures.generate", "--claims", str(claims), "--evidence", str(evidence),
         "--out", str(partial), "--seed", "1", "--duplicates", "0", "--near-duplicates", "0", "--bad", "0"],
        cwd=REPO_ROOT, capture_output=True, text=True,
    )
    if done.returncode == 0 and _count_lines(partial) == (claims, evidence):
        os.replace(partial, full)
        return full, "fixtures"
    reason = (done.stderr.strip().splitlines() or ["wrong row counts"])[-1]
    log(f"  fixtures.generate did not give the rows asked for ({reason}); using bench's own generator")
    partial.unlink(missing_ok=True)
    full = CACHE / f"import-{evidence}-bench.jsonl"
    partial = full.with_name(full.name + ".partial")
    with partial.open("wb") as out:
        write_jsonl(out, claims, evidence)
    os.replace(partial, full)
    return full, "bench"


def _count_lines(path: Path) -> tuple[int, int]:
    """(claim rows, evidence rows) of a file; (-1, -1) when it is missing."""
    if not path.is_file():
        return -1, -1
    claims = evidence = 0
    with path.open("rb") as stream:
        for line in stream:
            kind = line_type(line)
            claims += kind == "claim"
            evidence += kind == "evidence"
    return claims, evidence


def line_type(line: bytes) -> str | None:
    """The "type" of a JSONL line, cheaply for the usual spellings of its first key."""
    if line.startswith((b'{"type": "evidence"', b'{"type":"evidence"')):
        return "evidence"
    if line.startswith((b'{"type": "claim"', b'{"type":"claim"')):
        return "claim"
    if not line.strip():
        return None
    return orjson.loads(line).get("type")


def _write_evidence_only(full: Path, only: Path) -> None:
    partial = only.with_name(only.name + ".partial")
    with full.open("rb") as source, partial.open("wb") as out:
        out.writelines(line for line in source if line_type(line) == "evidence")
    os.replace(partial, only)


def write_jsonl(out, claims: int, evidence: int, seed: int = 1) -> None:
    """A small generator for when fixtures.generate is unavailable: claims, then evidence rows
    with 50–600 characters of words, a URL on most (tracking parameters on some), a time,
    a kind, a source and a provenance."""
    rng = random.Random(seed)

    def words(low: int, high: int) -> str:
        target, parts, size = rng.randint(low, high), [], 0
        while size < target:
            word = rng.choice(WORDS)
            parts.append(word)
            size += len(word) + 1
        return " ".join(parts)[:target].rstrip().capitalize() + "."

    for c in range(1, claims + 1):
        out.write(orjson.dumps({"type": "claim", "id": f"bc-{c}", "text": words(40, 160),
                                "claimant": f"Claimant {c % 50}", "claim_date": f"2022-{c % 12 + 1:02d}-15",
                                "tags": ["bench", rng.choice(WORDS)]}) + b"\n")
    for n in range(1, evidence + 1):
        row = {"type": "evidence", "id": f"be-{n}", "claim": f"bc-{rng.randint(1, claims)}",
               "kind": rng.choice(KINDS), "source": f"Outlet {n % 97}", "text": words(50, 600),
               "published_at": f"2022-{n % 12 + 1:02d}-{n % 28 + 1:02d}T{n % 24:02d}:{n % 60:02d}:00Z",
               "provenance": "Sent in by the monitoring desk"}
        if rng.random() < 0.9:
            row["url"] = f"https://host{n % 13}.example/path/{n}" + ("?utm_source=x" if rng.random() < 0.3 else "")
        out.write(orjson.dumps(row) + b"\n")
