"""schema.org ClaimReview JSON-LD: one review per selected claim with a final verdict,
published under the desk's publisher settings (models.settings), and the checks a
publisher runs before writing it.

A claim's exported id is its external id, or `claim-<n>` when it has none; it fills the
`{id}` of publisher.review_url. The data carries no time of export, so the same database
and selection always give the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Iterator, TextIO
from urllib.parse import quote, urlsplit

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row

from models.errors import InvalidValue
from models.export.selection import Selection, streamed
from models.settings import SCALE_EXAMPLE, rating_scale, read_settings
from models.tables import Claim
from models.vocab import Verdict

SHOWN = 75  # characters of claimReviewed that search results and fact-check tools show
NEEDED = {
    "publisher.name": "Example Fact Check",
    "publisher.url": "https://desk.example.org",
    "publisher.review_url": "https://desk.example.org/checks/{id}",
    "rating.scale": SCALE_EXAMPLE,
}
_COLUMNS = (Claim.id, Claim.ext_id, Claim.text, Claim.claimant, Claim.claim_date, Claim.appearance_url,
            Claim.verdict, Claim.verdict_at)
# The desk records only a claimant's name; schema.org wants a Person or an Organization.
_ORGANISATION = re.compile(
    r"^the\b|\d|\b(agency|army|association|bank|bureau|cabinet|channel|command|commission|committee|company|"
    r"corporation|council|department|embassy|forces|foundation|government|group|inc|institute|intelligence|"
    r"kremlin|ltd|media|military|ministry|network|news|newspaper|office|organi[sz]ation|parliament|party|police|"
    r"press|radio|senate|service|television|times|tv|union|university)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Findings:
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Publisher:
    name: str
    url: str
    review_url: str
    scale: dict[str, int | None] | None  # None when unset

    @classmethod
    def read(cls, conn: Connection) -> _Publisher:
        found = read_settings(conn, *NEEDED)
        try:
            scale = {verdict.value: number for verdict, number in rating_scale(found["rating.scale"]).items()}
        except InvalidValue:  # unset
            scale = None
        return cls(found["publisher.name"], found["publisher.url"], found["publisher.review_url"], scale)

    def missing(self) -> list[str]:
        values = {"publisher.name": self.name, "publisher.url": self.url,
                  "publisher.review_url": self.review_url, "rating.scale": self.scale}
        return [key for key, value in values.items() if not value]

    def review_of(self, exported: str) -> str:
        return self.review_url.replace("{id}", quote(exported, safe=""))


def _claims(conn: Connection, selection: Selection) -> Iterator[Row]:
    query = select(*_COLUMNS).where(*selection.claim_conditions(), Claim.verdict.is_not(None)).order_by(Claim.id)
    return streamed(conn, query)


def _exported_id(claim: Row) -> str:
    return claim.ext_id or f"claim-{claim.id}"


def _named(claim: Row) -> str:
    return f"claim {claim.ext_id} (#{claim.id})" if claim.ext_id else f"claim-{claim.id}"


def _label(verdict: str) -> str:
    try:
        return Verdict(verdict).label
    except ValueError:
        return verdict.replace("_", " ")


def _rating(verdict: str, scale: dict[str, int | None]) -> dict[str, Any]:
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": _label(verdict)}
    number = scale.get(verdict)
    numbers = [value for value in scale.values() if value is not None]
    if number is not None:
        rating |= {"ratingValue": number, "bestRating": max(numbers), "worstRating": min(numbers)}
    return rating


def _item(claim: Row) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.claimant:
        kind = "Organization" if _ORGANISATION.search(claim.claimant) else "Person"
        item["author"] = {"@type": kind, "name": claim.claimant}
    if claim.claim_date is not None:
        item["datePublished"] = claim.claim_date.isoformat()
    if claim.appearance_url:
        item["appearance"] = [{"@type": "CreativeWork", "url": claim.appearance_url}]
        item["firstAppearance"] = {"@type": "CreativeWork", "url": claim.appearance_url}
    return item


def _review(claim: Row, publisher: _Publisher) -> dict[str, Any]:
    author = {"@type": "Organization", "name": publisher.name, "url": publisher.url}
    review: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": claim.text,
        "reviewRating": _rating(claim.verdict, publisher.scale or {}),
        "author": {key: value for key, value in author.items() if value},
        "itemReviewed": _item(claim),
    }
    if publisher.review_url:
        review["url"] = publisher.review_of(_exported_id(claim))
    if claim.verdict_at is not None:
        review["datePublished"] = claim.verdict_at.date().isoformat()
    return review


def claim_reviews(conn: Connection, selection: Selection) -> Iterator[dict[str, Any]]:
    """One ClaimReview per selected claim with a final verdict, in claim id order."""
    publisher = _Publisher.read(conn)
    for claim in _claims(conn, selection):
        yield _review(claim, publisher)


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed IPv6 host
        return ""


def _is_web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://")) and bool(_host(url))


def check_claimreview(conn: Connection, selection: Selection) -> Findings:
    """What keeps the selection from being valid ClaimReview (errors), and what readers
    of it would stumble on (warnings); each about a claim names it by its exported id."""
    publisher = _Publisher.read(conn)
    errors = [f'{key} is not set: evidesk config set {key} "{NEEDED[key]}"' for key in publisher.missing()]
    warnings, home, reviews = [], _host(publisher.url), 0
    for claim in _claims(conn, selection):
        named, reviews = _named(claim), reviews + 1
        if publisher.scale is not None and claim.verdict not in publisher.scale:
            scale = ", ".join(publisher.scale)
            errors.append(f"{named}: the verdict {claim.verdict} is not in rating.scale ({scale})")
        if claim.verdict_at is None:
            errors.append(f"{named}: the verdict has no date, which datePublished needs")
        if len(claim.text) > SHOWN:
            warnings.append(f"{named}: claimReviewed is {len(claim.text)} characters; "
                            f"ClaimReview consumers show about {SHOWN}")
        url = publisher.review_of(_exported_id(claim))
        if publisher.review_url and home and not (_host(url) == home or _host(url).endswith("." + home)):
            warnings.append(f"{named}: url {url} is outside {home}, the publisher's site")
        if claim.appearance_url and not _is_web(claim.appearance_url):
            warnings.append(f"{named}: appearance_url {claim.appearance_url!r} is not an http(s) URL")
    if not reviews:
        warnings.append("no selected claim has a final verdict: the export is empty")
    return Findings(tuple(errors), tuple(warnings))


def write_claimreview(conn: Connection, selection: Selection, out: TextIO) -> int:
    """Write the selection's reviews to `out` as a JSON array, one review at a time;
    the number written. The caller checks first (check_claimreview)."""
    written = 0
    out.write("[")
    for review in claim_reviews(conn, selection):
        if written:
            out.write(",\n")
        out.write(json.dumps(review, ensure_ascii=False, indent=2, sort_keys=True))
        written += 1
    out.write("]\n")
    return written
