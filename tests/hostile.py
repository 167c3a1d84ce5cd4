"""Hostile outside text as named cases: strings that try to act on a markup parser
(Textual/Rich tags), on a terminal (CSI and OSC sequences, C0 and C1 controls, DEL),
on the order or width of a line (bidi controls, zero-width, combining and wide
characters, emoji sequences, right-to-left scripts, a line with no spaces) or on a
spreadsheet (formulas); the rows the importer refuses (NUL, a lone surrogate, a reason
quoting outside text); and the import files that carry them: evidesk JSONL, CSV, and
files with bytes that are not UTF-8. Excerpts of any size are made on demand."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from models.ingest.rows import LIMITS

# Shown literally everywhere (their controls as visible symbols) and exported as they are.
CASES: dict[str, str] = {
    "markup click": "[@click=app.quit]quit[/]",
    "markup link": "[link=file:///etc/passwd]x[/link]",
    "markup unbalanced": "[b bold never closed",
    "markup close all": "[/] closes nothing",
    "markup close bold": "[/b] alone",
    "csi colour": "\x1b[31mred\x1b[0m",
    "csi clear": "\x1b[2J\x1b[Hcleared",
    "csi cursor": "\x1b[10;10H\x1b[5A\x1b[3C\x1b[Kmoved",
    "osc 52 clipboard": "\x1b]52;c;aGk=\x07copied",
    "osc 8 hyperlink": "\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\",
    "osc title": "\x1b]0;pwned\x07titled",
    "c0 controls": "c0:" + "".join(map(chr, range(1, 32))) + ":end",
    "c1 controls": "\x9b31m C1 CSI \x9d0;title\x9c \x85 \x90 \x9f",
    "del": "rub\x7fout",
    "bidi": "\u202eevil\u202c \u202a\u202b\u202d \u2066isolate\u2069 \u2067rtl\u2069 \u2068first\u2069",
    "zero width": "zero\u200bwidth\u200djoin\ufeffbom",
    "combining": "Z̷̢͎a̵l̶g̸o t̸e̵x̶t̷",
    "emoji": "👩‍👩‍👧‍👦 family 🏳️‍🌈 flag 👍🏽 thumb",
    "cjk": "中文 日本語 한국어 全角テキスト",
    "persian": "ایران پهپاد شاهد ۱۳۶ به روسیه",
    "formula equals": "=HYPERLINK(\"http://evil.test\",\"open\")",
    "formula plus": "+1+1",
    "formula minus": "-2+3",
    "formula at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "formula tab": "\t=1+2",
    "formula return": "\r=1+2",
    "long line": ("abc中文😀" * 8_400)[:50_000],
}
MARKUP = [name for name in CASES if name.startswith("markup")]
CONTROLS = ["csi colour", "csi clear", "csi cursor", "osc 52 clipboard", "osc 8 hyperlink", "osc title",
            "c0 controls", "c1 controls", "del", "bidi"]
# What changes a line's width or order without controls, and spreadsheet formulas.
SCRIPTS = [name for name in CASES if name not in MARKUP and name not in CONTROLS]
FORMULA_STARTS = tuple("=+-@\t\r")

# What must never reach a rendered line: C0 controls (a tab too: it is shown as spaces), DEL,
# C1, bidi embeddings, overrides and isolates.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# A reviewer's name comes from outside too: an imported decision names who made it.
NAME = "mallory [@click=app.quit]\x1b]0;pwned\x07"
WIDE_NAME = "审核员 👩‍👩‍👧‍👦"
CLAIMS = {
    "c-markup": (MARKUP, CASES["markup click"] + " " + CASES["markup link"] + " is a claim",
                 CASES["markup unbalanced"]),
    "c-controls": (CONTROLS, CASES["osc title"] + CASES["csi clear"] + " is a claim " + CASES["c1 controls"],
                   CASES["osc 52 clipboard"]),
    "c-scripts": (SCRIPTS, f"{CASES['cjk']} {CASES['emoji']} {CASES['persian']} {CASES['bidi']} is a claim",
                  CASES["combining"]),
}
RATIONALE = CASES["osc 8 hyperlink"] + " " + CASES["cjk"]
DECIDED_AT = "2026-01-05T10:00:00.000000Z"
INBOX_ITEM = {"type": "evidence", "id": "e-inbox", "kind": "document", "source": CASES["osc 52 clipboard"],
              "text": CASES["osc title"] + " " + CASES["cjk"]}

# Rows the importer refuses, each with the reason it gives (shown with its controls visible):
# PostgreSQL cannot store NUL in text; JSON cannot carry half a surrogate pair as UTF-8.
REFUSED: dict[str, tuple[dict, str]] = {
    "nul": ({"type": "evidence", "id": "e-nul", "claim": "c-controls", "text": "before\x00after"},
            '"text" holds a NUL character'),
    "nul in a name": ({"type": "evidence", "id": "e-nul-name", "claim": "c-controls", "text": "named",
                       "outcome": "rejected", "decided_by": "nul\x00name"}, '"decided_by" holds a NUL character'),
    "lone surrogate": ({"type": "evidence", "id": "e-surrogate", "claim": "c-scripts", "text": "half \ud800 a pair"},
                       "not JSON: no low surrogate in string"),
    "unknown claim": ({"type": "evidence", "id": "e-nowhere", "claim": CASES["osc title"] + "\nsecond line",
                       "text": "lost"}, 'unknown claim "␛]0;pwned␇titled ⏎ second line"'),
}
CSV_REFUSED = {"nul": REFUSED["nul"]}  # a CSV file carries no surrogates and no review fields


def slug(name: str) -> str:
    return name.replace(" ", "-")


def evidence_id(name: str) -> str:
    return f"e-{slug(name)}"


def claim_of(name: str) -> str:
    return next(claim for claim, (names, _text, _claimant) in CLAIMS.items() if name in names)


def source_of(name: str) -> str:
    return CASES[name][: LIMITS["source"]]


def provenance_of(name: str) -> str:
    return CASES[name][: LIMITS["provenance"]]


def excerpt(size: int, *, unit: str = "bytes") -> str:
    """Every shown case but the long line, over and over on one line: `size` bytes of UTF-8
    (a character cut in two at the end left out), or `size` characters."""
    pattern = "".join(text for name, text in CASES.items() if name != "long line")
    text = pattern * (size // len(pattern) + 1)
    if unit == "characters":
        return text[:size]
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def _decided(name: str, stance: str, by: str) -> dict:
    """Review fields that leave an item accepted with `stance` by `by`, noted with the case itself."""
    return {"stance": stance, "outcome": "accepted", "note": CASES[name], "decided_by": by, "decided_at": DECIDED_AT,
            "history": [{"action": stance, "at": DECIDED_AT, "by": by, "stance": stance, "outcome": "accepted",
                         "note": CASES[name], "seconds_on_screen": 4.5}]}


def decided_by(name: str) -> str | None:
    """Who the corpus file says decided the case's item (None: it waits, pending)."""
    return {1: NAME, 2: WIDE_NAME}.get(list(CASES).index(name) % 4)


def jsonl_rows() -> list[dict]:
    """A claim per group of cases, then an item per case: its text, source and provenance the
    case itself. Some items come decided by reviewers with hostile and wide names, one claim
    comes resolved with a hostile rationale, and one item waits in the inbox."""
    rows: list[dict] = []
    for claim, (_names, text, claimant) in CLAIMS.items():
        row = {"type": "claim", "id": claim, "text": text, "claimant": claimant, "claim_date": "2026-01-02",
               "tags": ["hostile"]}
        if claim == "c-scripts":
            row |= {"status": "resolved", "verdict": "false", "rationale": RATIONALE, "verdict_by": "ana",
                    "verdict_at": DECIDED_AT}
        rows.append(row)
    for number, (name, text) in enumerate(CASES.items()):
        row = {"type": "evidence", "id": evidence_id(name), "claim": claim_of(name), "kind": "social_post",
               "source": source_of(name), "url": f"https://example.org/{slug(name)}?q=[@click=app.quit]",
               "text": text, "provenance": provenance_of(name), "published_at": "2026-01-03T08:00:00Z"}
        if (by := decided_by(name)) is not None:
            row |= _decided(name, "supports" if by == NAME else "refutes", by)
        rows.append(row)
    return [*rows, INBOX_ITEM]


def write_jsonl(path: Path, rows: list[dict] | None = None) -> Path:
    """The corpus (or `rows`) as evidesk JSONL in UTF-8, the refused rows last (a lone surrogate
    goes in as its JSON escape, the only way to write it)."""
    lines = jsonl_rows() + [row for row, _reason in REFUSED.values()] if rows is None else rows
    path.write_bytes(b"".join(json.dumps(row, ensure_ascii=False).encode("utf-8", "backslashreplace") + b"\n"
                              for row in lines))
    return path


CSV_COLUMNS = ("type", "id", "claim", "claimant", "kind", "source", "url", "text", "provenance")


def write_csv(path: Path) -> Path:
    """The same claims and items as CSV, without review fields (CSV carries none), the refused rows last."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, CSV_COLUMNS)
        writer.writeheader()
        for claim, (_names, text, claimant) in CLAIMS.items():
            writer.writerow({"type": "claim", "id": claim, "text": text, "claimant": claimant})
        for name, text in CASES.items():
            writer.writerow({"type": "evidence", "id": evidence_id(name), "claim": claim_of(name), "kind": "document",
                             "source": source_of(name), "url": f"https://example.org/{slug(name)}", "text": text,
                             "provenance": provenance_of(name)})
        for row, _reason in CSV_REFUSED.values():
            writer.writerow(row)
    return path


# Lines of a JSONL file that are not UTF-8, by line number: a stray byte, a sequence cut
# short, an encoded surrogate, an overlong encoding.
INVALID_UTF8 = {
    2: b'{"type": "evidence", "id": "bad-ff", "claim": "c-ok", "text": "stray \xff byte"}',
    3: b'{"type": "evidence", "id": "bad-cut", "claim": "c-ok", "text": "cut \xe4\xb8"}',
    4: b'{"type": "evidence", "id": "bad-surrogate", "claim": "c-ok", "text": "surrogate \xed\xa0\x80"}',
    5: b'{"type": "evidence", "id": "bad-overlong", "claim": "c-ok", "text": "overlong \xc0\xaf"}',
}


def write_invalid_utf8(path: Path) -> Path:
    """A claim and a good item around the lines of INVALID_UTF8."""
    lines = {1: b'{"type": "claim", "id": "c-ok", "text": "A claim"}', **INVALID_UTF8,
             6: b'{"type": "evidence", "id": "good", "claim": "c-ok", "text": "fine \xe4\xb8\xad"}'}
    path.write_bytes(b"\n".join(lines[number] for number in sorted(lines)) + b"\n")
    return path


def write_invalid_utf8_csv(path: Path) -> Path:
    """A good row (line 2) and a row with a stray byte (line 3)."""
    path.write_bytes(b"type,id,text\r\nevidence,csv-good,fine \xe4\xb8\xad\r\nevidence,csv-bad,stray \xff byte\r\n")
    return path
