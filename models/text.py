"""Text helpers: normalising URLs and excerpts for duplicate detection, and
making control characters visible so outside text can never act on a terminal."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|igshid|ref_src)$", re.IGNORECASE)


# The common shape (scheme, plain host, path, query, fragment) normalised
# without urlsplit, which costs several times more; anything else (ports,
# user info, IPv6, odd characters) takes the general path.
_PLAIN_URL = re.compile(r"(?i)(https?)://([a-z0-9.-]+)(/[^?#\s]*)?(?:\?([^#\s]*))?(?:#\S*)?")


def normalise_plain_url(url: str) -> str | None:
    """normalise_url for an http(s) URL of the common shape, which needs no
    further checks; None for any other URL."""
    plain = _PLAIN_URL.fullmatch(url)
    return _assemble(plain[2].lower(), plain[3] or "", plain[4] or "") if plain else None


def normalise_url(url: str) -> str:
    """A canonical form of `url`: lower-case scheme and host, no default port,
    no fragment, no tracking parameters, sorted query, no trailing slash."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url.removeprefix("//")
    if (normalised := normalise_plain_url(url)) is not None:
        return normalised
    try:
        return normalise_parts(urlsplit(url))
    except ValueError:
        return url


def _assemble(host: str, path: str, query: str) -> str:
    host = host.removeprefix("www.")
    if query:
        query = urlencode(sorted(
            (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)
        ))
    return f"https://{host}{path.rstrip('/')}" + (f"?{query}" if query else "")


def normalise_parts(parts: SplitResult) -> str:
    """normalise_url for a URL already split (raises ValueError on a bad port)."""
    port = parts.port
    scheme = parts.scheme.lower() or "https"
    host = parts.hostname or ""
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    normalised = _assemble(host, parts.path, parts.query)
    return normalised if scheme in ("http", "https") else scheme + normalised.removeprefix("https")


def normalise_text(text: str) -> str:
    """Unicode NFC, case folded, runs of whitespace made one space."""
    text = unicodedata.normalize("NFC", text).casefold()
    # Every whitespace character but the space is unprintable: most texts need no splitting.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def content_key(url_norm: str, text: str) -> tuple[str, str]:
    """(SHA-256 of the normalised URL and text, the normalised text).

    Two items of one claim with equal keys are the same evidence.
    """
    norm_text = normalise_text(text)
    joined = url_norm + "\n" + norm_text
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest(), norm_text


# Characters that would move the cursor, change colours, write the clipboard
# or reorder text if they reached the terminal: C0/C1 controls, DEL, bidi
# embeddings/overrides/isolates, and lone surrogates.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␀ for NUL…
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str, *, single_line: bool = False) -> str:
    """`text` with every control character shown as a visible symbol.

    Tabs become spaces; newlines stay unless `single_line`, where they
    become a return symbol so a list row stays one row.
    """
    text = text.replace("\r\n", "\n").replace("\t", "    ")
    if single_line:
        text = text.replace("\n", " \u23ce ")
    return _INVISIBLE.sub(_picture, text)
