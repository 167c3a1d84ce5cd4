"""Reading schema.org ClaimReview JSON-LD, as publishers write it, into evidesk JSONL v1 rows.

Input: one JSON object, a list, an "@graph", a DataFeed ("dataFeedElement",
items possibly wrapped in "item"), or JSON Lines; UTF-8 with or without BOM
(UTF-16 with BOM too). ClaimReview nodes are found wherever they sit; other
nodes are skipped silently, and {"@id": ...} references are followed for names.

Each review gives a claim row per "claimReviewed" text (the review in its
"reviews"), each followed by an evidence row per distinct appearance
(firstAppearance first). Ids are "cr-" + 16 hex digits of a SHA-256, stable
across runs. The same claim under one review URL seen twice (page and feed, an
updated review) is emitted twice with one id: the importer, idempotent by id,
merges the second review. Unreadable input gives one row with data None and a
reason (in JSON Lines one per bad line, the good lines still come through); so
does a review that cannot become a claim, and its siblings still come through.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import json.decoder
import json.scanner
import math
import re
from bisect import bisect_right
from datetime import date, datetime
from typing import IO, Any, Iterator
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from models.ingest.rows import RAW_LIMIT, SourceRow
from models.text import normalise_url

TRACK_LIMIT = 5_000_000  # characters; larger documents are parsed at C speed, without line tracking (line 1)
SOCIAL_HOSTS = (
    "twitter.com", "x.com", "facebook.com", "instagram.com", "tiktok.com", "t.me", "youtube.com",
    "youtu.be", "vk.com", "telegram.me", "threads.net",
)
_PHOTO_TYPES = {"ImageObject", "Photograph"}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HOSTLIKE = re.compile(r"^(?:[a-z0-9-]+\.)+([a-z]{2,63})(?::\d+)?$", re.IGNORECASE)
_NOT_TLDS = {"htm", "html", "php", "asp", "aspx", "jsp", "json", "jsonld", "xml", "txt", "pdf", "jpg", "png", "gif"}
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def read_claimreview(stream: IO[bytes], source_url: str = "") -> Iterator[SourceRow]:
    """Rows (claims, then their evidence) for every ClaimReview in `stream`.

    `source_url` is where the input came from: relative URLs in a review
    without an absolute "url" are resolved against it.
    """
    data = stream.read()
    base = _absolute(source_url, "") or ""
    text, problem, bad_line = _decode(data)
    if text is not None:
        if not text.strip():
            yield SourceRow(1, "", None, "empty input: no ClaimReview found")
            return
        try:
            document, starts = _parse(text)
        except json.JSONDecodeError as error:
            problem, bad_line = f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})", error.lineno
        except RecursionError:
            problem, bad_line = "not JSON that can be read: nested too deeply", 1
        else:
            newlines = [match.start() for match in re.finditer("\n", text)]

            def line_of(node: dict) -> int:
                start = starts.get(id(node))
                return 1 if start is None else bisect_right(newlines, start) + 1

            yield from _document_rows(document, line_of, 1, lambda: json.dumps(document, ensure_ascii=False), base)
            return
    pieces = text.split("\n") if text is not None else data.removeprefix(codecs.BOM_UTF8).split(b"\n")
    if any(value is not None for _, _, value, _ in _json_lines(pieces)):
        for number, raw, value, error in _json_lines(pieces):
            if error is not None:
                yield SourceRow(number, _cut(raw), None, error)
            else:
                yield from _document_rows(value, lambda node, number=number: number, number, lambda raw=raw: raw, base)
        return
    yield SourceRow(bad_line, _cut(text if text is not None else data.decode("utf-8", "replace")), None, problem)


def _decode(data: bytes) -> tuple[str | None, str, int]:
    """(the text or None, why it could not be decoded, the line where)."""
    codec = "utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8"
    try:
        return data.removeprefix(codecs.BOM_UTF8).decode(codec), "", 1
    except UnicodeDecodeError as error:
        if codec != "utf-8":
            return None, "not valid UTF-16", 1
        data = data.removeprefix(codecs.BOM_UTF8)
        line = data.count(b"\n", 0, error.start) + 1
        return None, f"not valid UTF-8 (byte 0x{data[error.start]:02x} on line {line})", line


def _parse(text: str) -> tuple[Any, dict[int, int]]:
    """The document, and where each of its objects starts (by id() of the dict)."""
    starts: dict[int, int] = {}
    if len(text) > TRACK_LIMIT:
        return json.loads(text), starts
    decoder = json.JSONDecoder()

    def parse_object(s_and_end, *args):  # json's pure-Python scanner calls this for every "{"
        value, end = json.decoder.JSONObject(s_and_end, *args)
        starts[id(value)] = s_and_end[1] - 1
        return value, end

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text), starts


def _json_lines(pieces: list) -> Iterator[tuple[int, str, Any, str | None]]:
    """(line number, raw text, parsed object or list or None, error) per non-blank line."""
    for number, piece in enumerate(pieces, start=1):
        value, error = None, None
        try:
            piece = piece.decode("utf-8") if isinstance(piece, bytes) else piece
            value = json.loads(piece) if piece.strip() else ...  # Ellipsis: a blank line, skipped
        except UnicodeDecodeError:
            piece, error = piece.decode("utf-8", "replace"), "not valid UTF-8"
        except json.JSONDecodeError as problem:
            error = f"not JSON: {problem.msg} at column {problem.colno}"
        except RecursionError:
            error = "not JSON that can be read: nested too deeply"
        if value is not ...:
            ok = isinstance(value, (dict, list))
            yield number, piece, value if ok else None, error or (None if ok else "a line must be a JSON object")


def _document_rows(document: Any, line_of, line: int, raw, base: str) -> Iterator[SourceRow]:
    """Rows for the reviews in one parsed document; `raw()` gives its text for a reject."""
    reviews, index = _walk(document)
    for review in reviews:
        where, review_raw = line_of(review), _cut(json.dumps(review, ensure_ascii=False))
        try:
            found = _review_rows(review, index, base)
            rows = [SourceRow(where, review_raw, None, found)] if isinstance(found, str) else [
                SourceRow(where, review_raw, row, None) for row in found]
        except (TypeError, ValueError, AttributeError) as error:  # a shape no publisher should write
            rows = [SourceRow(where, review_raw, None, f"unreadable ClaimReview: {error}"[:300])]
        yield from rows
    if not reviews:
        kind = _plain(document.get("@type")) if isinstance(document, dict) else ""
        yield SourceRow(line, _cut(raw()), None, "no ClaimReview found" + (f" (@type {kind!r})" if kind else ""))


def _review_rows(review: dict, index: dict, base: str) -> list[dict] | str:
    """The rows of one ClaimReview, or why it cannot become a claim."""
    texts = []
    for entry in _listed(review.get("claimReviewed")):
        text = _plain(entry).strip()
        if text and text not in texts:
            texts.append(text)
    if not texts:
        return 'ClaimReview without "claimReviewed"'
    review_url = _absolute(_link(review.get("url")), base) or ""
    items = [node for node in (_deref(value, index) for value in _listed(review.get("itemReviewed"))) if isinstance(node, dict)]
    item = items[0] if items else {}
    publisher = _name(review.get("author"), index) or _name(review.get("publisher"), index) or _host(review_url)
    rating = next((node for node in (_deref(v, index) for v in _listed(review.get("reviewRating"))) if isinstance(node, dict)), {})
    reviewed = {
        "publisher": publisher, "rating": _plain(rating.get("alternateName")).strip(),
        "rating_value": _number(rating.get("ratingValue")), "best": _number(rating.get("bestRating")),
        "worst": _number(rating.get("worstRating")), "url": review_url,
        "date": review["datePublished"].strip() if isinstance(review.get("datePublished"), str) else "",
        "language": _name(review.get("inLanguage"), index, ("alternateName", "name"), None),
    }
    appearances = _appearances(items, index, review_url or base)
    claim_date = next((value.strip()[:10] for value in (item.get("datePublished"), review.get("datePublished")) if _is_date(value)), None)
    claimant = _name(item.get("author"), index) or _name(item.get("creator"), index)
    provenance = f"Appearance listed in a ClaimReview by {publisher or 'an unnamed publisher'}"
    provenance += f" ({review_url})" if review_url else ""
    rows = []
    for text in texts:
        claim_id = _hash_id(_id_url(review_url) + "\n" + text if review_url else text)
        claim = {"type": "claim", "id": claim_id, "text": text, "claimant": claimant}
        if claim_date:
            claim["claim_date"] = claim_date
        claim |= {"appearance_url": appearances[0][0] if appearances else "", "tags": [], "reviews": [dict(reviewed)]}
        rows.append(claim)
        rows.extend(_evidence(claim_id, url, node, provenance, index) for url, node in appearances)
    return rows


def _appearances(items: list[dict], index: dict, base: str) -> list[tuple[str, dict]]:
    """(absolute URL, the appearance's node or {}) for each distinct appearance, firstAppearance first."""
    found: dict[str, tuple[str, dict]] = {}
    for key in ("firstAppearance", "appearance"):
        for item in items:
            for value in _listed(item.get(key)):
                node = _deref(value, index)
                link, node = (_link(node.get("url")) or node.get("@id"), node) if isinstance(node, dict) else (node, {})
                url = _absolute(link, base)
                if url is None:
                    continue
                seen = normalise_url(url)
                if seen not in found or (node and not found[seen][1]):  # a bare URL gives way to a described one
                    found[seen] = (found[seen][0] if seen in found else url, node)
    return list(found.values())


def _evidence(claim_id: str, url: str, node: dict, provenance: str, index: dict) -> dict:
    host, types = _host(url), _types(node)
    if any(host == social or host.endswith("." + social) for social in SOCIAL_HOSTS):
        kind = "social_post"
    else:
        kind = "video" if "VideoObject" in types else "photo" if types & _PHOTO_TYPES else "report"
    text = next((t for k in ("headline", "name", "description", "text") if (t := _plain(node.get(k)).strip())), "")
    row = {
        "type": "evidence", "id": _hash_id(claim_id + "\n" + url), "claim": claim_id, "kind": kind,
        "source": _name(node.get("author"), index) or _name(node.get("creator"), index) or host,
        "url": url, "text": text,
    }
    if _parses(datetime.fromisoformat, published := node.get("datePublished")):
        row["published_at"] = published
    row["provenance"] = provenance
    return row


def _walk(document: Any) -> tuple[list[dict], dict[str, dict]]:
    """The ClaimReview nodes in document order, wherever they sit, and every
    node with an "@id" (first definition wins) for following references."""
    reviews, index, stack = [], {}, [(document, False)]
    while stack:
        node, inside = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("@id"), str) and not set(node) <= {"@id", "@type"}:
                index.setdefault(node["@id"], node)
            found = not inside and ("ClaimReview" in _types(node) or ("@type" not in node and "claimReviewed" in node))
            reviews += [node] if found else []
            stack.extend((child, inside or found) for child in reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend((child, inside) for child in reversed(node))
    return reviews, index


def _types(node: Any) -> set[str]:
    """Local names of a node's @type: "https://schema.org/ClaimReview" and "schema:ClaimReview" are "ClaimReview"."""
    if not isinstance(node, dict):
        return set()
    return {re.split(r"[/#:]", t)[-1] for t in _listed(node.get("@type")) if isinstance(t, str)}


def _link(value: Any) -> str | None:
    return next((entry for entry in _listed(value) if isinstance(entry, str)), None)


def _listed(value: Any) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _deref(value: Any, index: dict) -> Any:
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and set(value) <= {"@id", "@type"}:
        return index.get(value["@id"], value)
    return value


def _plain(value: Any) -> str:
    """A string from a string, a {"@value": ...} or a list of those (the first non-empty)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _plain(value.get("@value"))
    if isinstance(value, list):
        return next((text for text in map(_plain, value) if text.strip()), "")
    return ""


def _name(value: Any, index: dict, keys: tuple[str, str] = ("name", "alternateName"), sep: str | None = ", ") -> str:
    """The name of a Person/Organization or a plain string; of a list, the names joined with `sep`
    (or only the first, when `sep` is None). A Language's code comes before its name."""
    names: list[str] = []
    for entry in _listed(value):
        entry = _deref(entry, index)
        name = (_plain(entry.get(keys[0])) or _plain(entry.get(keys[1])) if isinstance(entry, dict) else _plain(entry)).strip()
        if name and name not in names:
            names.append(name)
    return (sep or "").join(names if sep else names[:1])


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    if isinstance(value, str):
        value = value.strip()
        value = value.replace(",", ".") if re.fullmatch(r"[+-]?\d+,\d+", value) else value
        if not _NUMBER.match(value):
            return None
    number = float(value)
    return number if math.isfinite(number) else None


def _is_date(value: Any) -> bool:
    """A string starting with an ISO date (YYYY-MM-DD), alone or followed by a time."""
    value = value.strip() if isinstance(value, str) else ""
    return (len(value) == 10 or len(value) > 10 and value[10] in "T ") and _parses(date.fromisoformat, value[:10])


def _parses(parse, text: Any) -> bool:
    """Whether `parse` (date/datetime.fromisoformat) accepts `text`."""
    if not isinstance(text, str):
        return False
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _absolute(value: Any, base: str) -> str | None:
    """An absolute http(s) URL for `value`, or None when it cannot be made one."""
    if not isinstance(value, str) or not (url := value.strip()):
        return None
    url = re.sub(r"\s", lambda match: quote(match.group()), url)
    host = _HOSTLIKE.match(re.split(r"[/?#]", url, maxsplit=1)[0])
    if url.startswith("//"):
        url = "https:" + url
    elif host and host.group(1).lower() not in _NOT_TLDS:  # "example.org/x": a host without a scheme
        url = "https://" + url
    elif not _SCHEME.match(url):
        url = urljoin(base, url) if base else ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return None
    return url if parts.hostname and parts.scheme.lower() in ("http", "https") else None


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.") if url else ""


def _id_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment))


def _hash_id(text: str) -> str:
    return "cr-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _cut(text: str) -> str:
    return text[:RAW_LIMIT]
