"""The ClaimReview JSON-LD export: its publisher settings, the reviews it writes for a
selection, the checks run before writing, and JSON-LD that expands to schema.org terms."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import sql
from pyld import jsonld

from models.desk import Desk
from models.errors import InvalidValue
from models.export.claimreview import (
    Findings,
    check_claimreview,
    claim_reviews,
    write_claimreview,
)
from models.export.selection import selection_of
from models.reviewers import ensure_reviewer
from models.roles import NotPermitted

SCHEMA = "https://schema.org/"
SCALE = "accurate=5,mostly_accurate=4,mixed=3,misleading=2,mostly_false=2,false=1,unverifiable="
# No network where the tests run: the schema.org context comes from a small local copy
# with the terms this export uses (and "@vocab" for the rest).
CONTEXT = json.loads((Path(__file__).parent / "data" / "schema_org_context.jsonld").read_text("utf-8"))


def local_schema_org(url: str, options: dict | None = None) -> dict:
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"the test loads no document from {url}")
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT, "contentType": "application/ld+json"}


def publish(desk: Desk, review_url: str = "https://checks.factcheck.example.org/c/{id}") -> None:
    desk.set_setting("publisher.name", "Desk Fact Check")
    desk.set_setting("publisher.url", "https://factcheck.example.org")
    desk.set_setting("publisher.review_url", review_url)
    desk.set_setting("rating.scale", SCALE)


def reviews(desk: Desk, filter_text: str = "") -> list[dict]:
    with desk.engine.connect() as conn:
        return list(claim_reviews(conn, selection_of(filter_text)))


def check(desk: Desk, filter_text: str = "") -> Findings:
    with desk.engine.connect() as conn:
        return check_claimreview(conn, selection_of(filter_text))


def written(desk: Desk, filter_text: str = "") -> tuple[int, str]:
    out = io.StringIO()
    with desk.engine.connect() as conn:
        count = write_claimreview(conn, selection_of(filter_text), out)
    return count, out.getvalue()


def test_publisher_settings_are_checked_listed_and_for_supervisors(desk):
    listed = desk.settings()
    assert {key: listed[key] for key in ("publisher.name", "publisher.url", "publisher.review_url", "rating.scale")} \
        == {"publisher.name": "", "publisher.url": "", "publisher.review_url": "", "rating.scale": ""}
    assert desk.set_setting("publisher.name", "  Desk \n Fact Check ") == "Desk Fact Check"
    assert desk.set_setting("rating.scale", " accurate = 5, Mostly Accurate=4,false=+1 ,unverifiable= ") \
        == "accurate=5,mostly_accurate=4,false=1,unverifiable="
    for key, value, problem in [
        ("publisher.name", "  ", "the publisher's name is empty"),
        ("publisher.url", "ftp://factcheck.example.org", "is not an http(s) URL"),
        ("publisher.url", "factcheck.example.org", "is not an http(s) URL"),
        ("publisher.review_url", "https://factcheck.example.org/checks/", "has no {id} for the claim's id"),
        ("publisher.review_url", "checks/{id}", "is not an http(s) URL"),
        ("rating.scale", "true=5", "unknown verdict 'true'"),
        ("rating.scale", "false=1,false=2", "false is in the rating scale twice"),
        ("rating.scale", "false=low", "'low' for false is not a whole number"),
        ("rating.scale", "false", "'false' in the rating scale is not verdict=number"),
        ("rating.scale", "", "the rating scale is empty"),
    ]:
        with pytest.raises(InvalidValue) as refused:
            desk.set_setting(key, value)
        assert problem in str(refused.value) and "\n" not in str(refused.value), (key, value)
    tom = Desk(desk.engine, ensure_reviewer(desk.engine, "tom"))
    with pytest.raises(NotPermitted, match="changing the setting publisher.name needs a supervisor"):
        tom.set_setting("publisher.name", "Tom's Checks")
    assert tom.setting("publisher.name") == "Desk Fact Check"


def test_each_claim_with_a_verdict_becomes_a_claimreview(desk, jsonl_file):
    desk.import_file(jsonl_file([{"type": "claim", "id": "c-seen", "text": "Drones were seen over Kyiv.",
                                  "claimant": "Maria Example", "appearance_url": "https://news.example.com/a"}]))
    unnamed = desk.add_claim("Shahed drones cost $20,000 each.")
    publish(desk)
    desk.set_verdict(3, "mostly false", "the debris says otherwise")
    desk.set_verdict(11, "accurate", "seen on video")
    desk.set_verdict(unnamed, "unverifiable", "no source for the price")
    sql(desk, "UPDATE claim SET verdict_at = '2022-10-21 23:30:00.000000' WHERE id = 3")  # UTC: the date is UTC's
    assert [review["url"] for review in reviews(desk)] == [  # claim id order; claim 1 has no verdict
        "https://checks.factcheck.example.org/c/c-kremlin-denial",
        "https://checks.factcheck.example.org/c/c-seen",
        f"https://checks.factcheck.example.org/c/claim-{unnamed}",
    ]
    kremlin, seen, priced = reviews(desk)
    author = {"@type": "Organization", "name": "Desk Fact Check", "url": "https://factcheck.example.org"}
    assert kremlin == {
        "@context": "https://schema.org", "@type": "ClaimReview",
        "claimReviewed": "Iran did not send weapons to assist Russian forces in Ukraine.",
        "reviewRating": {"@type": "Rating", "alternateName": "mostly false",
                         "ratingValue": 2, "bestRating": 5, "worstRating": 1},
        "url": "https://checks.factcheck.example.org/c/c-kremlin-denial", "author": author,
        "datePublished": "2022-10-21",
        "itemReviewed": {"@type": "Claim", "datePublished": "2022-10-18",
                         "author": {"@type": "Organization", "name": "The Kremlin (via spokesman Dmitry Peskov)"}},
    }
    assert seen["itemReviewed"] == {
        "@type": "Claim", "author": {"@type": "Person", "name": "Maria Example"},
        "appearance": [{"@type": "CreativeWork", "url": "https://news.example.com/a"}],
        "firstAppearance": {"@type": "CreativeWork", "url": "https://news.example.com/a"},
    }
    assert seen["reviewRating"] == {"@type": "Rating", "alternateName": "accurate",
                                    "ratingValue": 5, "bestRating": 5, "worstRating": 1}
    assert priced["reviewRating"] == {"@type": "Rating", "alternateName": "unverifiable"}  # no number
    assert priced["itemReviewed"] == {"@type": "Claim"}  # no claimant, date or appearance
    assert [review["url"] for review in reviews(desk, "claim:3")] == [kremlin["url"]]
    assert [review["url"] for review in reviews(desk, "tag:kremlin")] == [kremlin["url"]]
    assert reviews(desk, "tag:shahed-136") == []
    assert check(desk) == Findings()


def test_the_checks_name_missing_settings_and_the_claims_in_trouble(desk):
    desk.set_verdict(1, "false", "the evidence shows deliveries")
    assert check(desk).errors == (
        'publisher.name is not set: evidesk config set publisher.name "Example Fact Check"',
        'publisher.url is not set: evidesk config set publisher.url "https://desk.example.org"',
        'publisher.review_url is not set: evidesk config set publisher.review_url '
        '"https://desk.example.org/checks/{id}"',
        f'rating.scale is not set: evidesk config set rating.scale "{SCALE}"',
    )
    publish(desk, review_url="https://elsewhere.example.net/{id}")
    desk.set_setting("rating.scale", "accurate=5,false=1")
    desk.set_verdict(3, "mixed", "partly")
    sql(desk, "UPDATE claim SET verdict_at = NULL WHERE id = 3")
    assert check(desk) == Findings(
        errors=("claim c-kremlin-denial (#3): the verdict mixed is not in rating.scale (accurate, false)",
                "claim c-kremlin-denial (#3): the verdict has no date, which datePublished needs"),
        warnings=("claim c-amir-denial (#1): claimReviewed is 108 characters; ClaimReview consumers show about 75",
                  "claim c-amir-denial (#1): url https://elsewhere.example.net/c-amir-denial is outside "
                  "factcheck.example.org, the publisher's site",
                  "claim c-kremlin-denial (#3): url https://elsewhere.example.net/c-kremlin-denial is outside "
                  "factcheck.example.org, the publisher's site"),
    )
    desk.set_setting("publisher.review_url", "https://notfactcheck.example.org/{id}")
    assert any("is outside factcheck.example.org" in warning for warning in check(desk, "claim:1").warnings)
    desk.set_setting("publisher.review_url", "https://factcheck.example.org/{id}")
    assert check(desk, "claim:1") == Findings(warnings=(
        "claim c-amir-denial (#1): claimReviewed is 108 characters; ClaimReview consumers show about 75",))
    assert check(desk, "claim:2") == Findings(warnings=("no selected claim has a final verdict: the export is empty",))


def test_the_written_array_is_stable_json_ld_of_schema_org_terms(desk):
    publish(desk)
    assert written(desk) == (0, "[]\n")
    desk.set_verdict(1, "false", "the evidence shows deliveries")
    desk.set_verdict(4, "accurate", "seen on video")
    count, text = written(desk)
    assert count == 2 and written(desk) == (count, text)  # byte-identical
    assert text.startswith("[{\n") and text.endswith("}]\n") and "},\n{" in text
    document = json.loads(text)
    assert [review["url"] for review in document] == [review["url"] for review in reviews(desk)]

    expanded = jsonld.expand(document, {"documentLoader": local_schema_org})
    assert len(expanded) == 2
    first = expanded[0]
    assert first["@type"] == [SCHEMA + "ClaimReview"]
    assert first[SCHEMA + "claimReviewed"] == [{"@value": document[0]["claimReviewed"]}]
    assert first[SCHEMA + "reviewRating"][0][SCHEMA + "alternateName"] == [{"@value": "false"}]
    assert first[SCHEMA + "reviewRating"][0][SCHEMA + "ratingValue"] == [{"@value": 1}]
    assert first[SCHEMA + "itemReviewed"][0]["@type"] == [SCHEMA + "Claim"]
    assert first[SCHEMA + "url"] == [{"@id": "https://checks.factcheck.example.org/c/c-amir-denial"}]
    assert first[SCHEMA + "author"][0][SCHEMA + "name"] == [{"@value": "Desk Fact Check"}]
