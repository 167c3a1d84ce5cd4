"""Text helpers: URL and excerpt normalisation for duplicates, and visible control characters."""

from __future__ import annotations

import sys

import pytest

from models.text import content_key, normalise_text, normalise_url, visible

CANONICAL = "https://example.com/news/story"


@pytest.mark.parametrize("url", [
    "https://example.com/news/story",
    "HTTPS://EXAMPLE.COM/news/story",             # case of scheme and host
    "https://www.example.com/news/story",         # www.
    "https://example.com:443/news/story",         # default port
    "http://example.com:80/news/story",           # http and its default port
    "https://example.com/news/story#comments",    # fragment
    "https://example.com/news/story/",            # trailing slash
    "https://example.com/news/story?utm_source=tw&utm_medium=social&UTM_Campaign=x",
    "https://example.com/news/story?fbclid=abc&gclid=def",
    "example.com/news/story",                     # scheme-less
    "www.example.com/news/story/",
    "  https://Example.com/news/story  ",
])
def test_normalise_url_equivalents(url: str) -> None:
    assert normalise_url(url) == CANONICAL


def test_normalise_url_keeps_what_matters() -> None:
    assert normalise_url("https://example.com/News/Story") == "https://example.com/News/Story"  # path case
    assert normalise_url("https://example.com:8443/a") == "https://example.com:8443/a"  # other port
    assert normalise_url("https://example.com/a?b=2&a=1&utm_x=9") == "https://example.com/a?a=1&b=2"
    assert normalise_url("https://example.com/a?id=1") != normalise_url("https://example.com/a?id=2")
    assert normalise_url("https://sub.example.com/a") != normalise_url("https://example.com/a")
    assert normalise_url("") == normalise_url("   ") == ""
    assert normalise_url("https://example.com:notaport/a") == "https://example.com:notaport/a"  # left as given


def test_normalise_text() -> None:
    assert normalise_text("  Hello\tWORLD \n again ") == "hello world again"
    assert normalise_text("Cafe\u0301") == normalise_text("Caf\u00e9") == "caf\u00e9"  # NFC
    assert normalise_text("Straße") == normalise_text("STRASSE")  # casefold, not lower
    assert normalise_text("") == ""
    assert normalise_text("a b") != normalise_text("ab")


def test_normalise_text_takes_every_unicode_space_for_a_space() -> None:
    for space in (chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()):
        assert normalise_text(f"a{space}b{space}") == "a b", hex(ord(space))
        assert normalise_text(f"{space}a b") == "a b", hex(ord(space))


def dedup_key(url: str, text: str) -> str:
    return content_key(normalise_url(url), text)[0]


def test_content_key() -> None:
    assert dedup_key("https://www.example.com/a/", "Same  TEXT") == dedup_key("example.com/a?utm_source=x", "same text")
    assert dedup_key("https://example.com/a", "one") != dedup_key("https://example.com/a", "two")
    assert dedup_key("https://example.com/a", "") != dedup_key("", "https://example.com/a")
    assert len(dedup_key("", "x")) == 64
    assert len(dedup_key("", "lone \ud800 surrogate")) == 64


@pytest.mark.parametrize(("raw", "shown"), [
    ("\x1b]52;c;evil\x07", "\u241b]52;c;evil\u2407"),   # ESC (OSC clipboard write) and BEL
    ("\x1b[2J", "\u241b[2J"),
    ("a\x00b", "a\u2400b"),                                # NUL
    ("\x9b31m", "<U+009B>31m"),                            # C1 CSI
    ("abc\u202edef", "abc<U+202E>def"),                   # right-to-left override
    ("\u2066x\u2069", "<U+2066>x<U+2069>"),               # bidi isolates
    ("del\x7f", "del\u2421"),
    ("cr\rlf", "cr\u240dlf"),
    ("[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),  # markup is not a control: left for the UI to escape
])
def test_visible_makes_controls_visible(raw: str, shown: str) -> None:
    result = visible(raw)
    assert result == shown
    assert not any(ord(ch) < 0x20 and ch != "\n" or 0x7F <= ord(ch) <= 0x9F for ch in result)


def test_visible_keeps_newlines_and_text() -> None:
    assert visible("line one\nline two") == "line one\nline two"
    assert visible("a\r\nb") == "a\nb"
    assert visible("tab\there") == "tab    here"
    assert visible("Кириллица, العربية, 日本語 ✓") == "Кириллица, العربية, 日本語 ✓"


def test_visible_single_line() -> None:
    result = visible("first\nsecond\r\nthird\x1b", single_line=True)
    assert "\n" not in result and "\r" not in result
    assert result == "first \u23ce second \u23ce third\u241b"


def test_fast_url_path_agrees_with_urlsplit() -> None:
    from urllib.parse import urlsplit

    from models.text import normalise_parts, normalise_plain_url

    urls = ["HTTP://www.Example.org:80/a/?utm_source=x&b=2&a=1#frag", "https://example.org", "https://Ex.org/A/B/",
            "http://x.org/p?q=1&q=0", "https://h.org/%7Euser?a=%20b", "https://h.org/?", "https://h.org/#x",
            "https://news.example/path/to/story.html?id=5&fbclid=abc", "http://a-b.c-d.example/%D0%B0?x"]
    for url in urls:
        fast = normalise_plain_url(url) if "://" in url and ":80" not in url else None
        assert fast is None or fast == normalise_parts(urlsplit(url)), url
        assert normalise_url(url) == normalise_parts(urlsplit(url)), url
