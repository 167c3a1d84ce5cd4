"""Reading ClaimReview JSON-LD as publishers write it (Full Fact, PolitiFact, AFP,
Maldita, Snopes, Google feeds, ...) into evidesk JSONL v1 rows. No network."""

from __future__ import annotations

import copy
import hashlib
import io
import json

import pytest

from models.ingest.claimreview import read_claimreview

FULL_FACT = """{
  "@context": "https://schema.org",
  "@type": "ClaimReview",
  "url": "https://FullFact.org/online/iran-drones-russia-denial/",
  "datePublished": "2022-10-20T09:12:00+01:00",
  "inLanguage": "en",
  "claimReviewed": " Iran has never supplied drones to Russia for use in Ukraine. ",
  "itemReviewed": {
    "@type": "Claim",
    "author": {"@type": "Person", "name": "Hossein Amir-Abdollahian", "jobTitle": "Foreign Minister"},
    "datePublished": "2022-10-18",
    "firstAppearance": {"@type": "CreativeWork", "url": "https://twitter.com/Amirabdolahian/status/1582"},
    "appearance": [
      {"@type": "CreativeWork", "url": "https://www.irna.ir/news/84920001/", "headline": "Iran denies drone deliveries",
       "datePublished": "2022-10-18T10:00:00Z"},
      {"@type": "VideoObject", "url": "https://www.bbc.co.uk/news/av/63300000", "name": "Drone strikes on Kyiv",
       "author": {"@type": "Organization", "name": "BBC News"}},
      {"@type": "ImageObject", "url": "/images/debris.jpg", "description": "Debris found in Kharkiv",
       "datePublished": "17 October 2022"},
      "https://twitter.com/Amirabdolahian/status/1582"
    ]
  },
  "author": {"@type": "Organization", "name": "Full Fact", "url": "https://fullfact.org"},
  "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "5", "worstRating": "1", "alternateName": "False"}
}"""

POLITIFACT = """[
  {"@context": "http://schema.org", "@type": "ClaimReview", "datePublished": "2022-10-21",
   "url": "/factchecks/2022/oct/21/iran-drones/", "claimReviewed": "Iran sent no drones to Russia.",
   "author": {"@type": "Organization", "name": "PolitiFact", "url": "https://www.politifact.com"},
   "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 6, "alternateName": "Pants on Fire"},
   "itemReviewed": {"@type": "Claim", "author": "Nasser Kanaani", "appearance": {"url": "/media/kanaani-briefing/"}}},

  {"@context": "http://schema.org", "@type": "ClaimReview", "datePublished": "2022-10-22",
   "url": "https://www.politifact.com/factchecks/2022/oct/22/debris/",
   "claimReviewed": "The debris in Kyiv came from a Ukrainian missile.",
   "author": {"@type": "Organization", "name": "PolitiFact"},
   "reviewRating": {"@type": "Rating", "ratingValue": "2", "bestRating": "6", "alternateName": "False"}}
]"""

AFP_GRAPH = {"@context": [{"@vocab": "https://schema.org/"}], "@graph": [
    {"@type": "Organization", "@id": "https://factcheck.afp.com/#org", "name": "AFP Fact Check"},
    {"@type": "WebPage", "@id": "https://factcheck.afp.com/doc.afp.com.32LH7XD", "name": "Iranian drones?"},
    {"@type": "ClaimReview", "url": "https://factcheck.afp.com/doc.afp.com.32LH7XD", "datePublished": "2022-10-19",
     "claimReviewed": "Video shows an Iranian drone shot down over Odesa", "author": {"@id": "https://factcheck.afp.com/#org"},
     "reviewRating": {"@type": "Rating", "alternateName": "Misleading"},
     "itemReviewed": {"@type": "Claim", "appearance": [{"@type": "VideoObject", "url": "https://www.tiktok.com/@war/video/71"},
                                                       {"@type": "VideoObject", "url": "https://odesa.example/clip"}]}},
]}


def review(**fields) -> dict:
    """A small ClaimReview in the Google Fact Check Tools style; `fields` override."""
    base = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://example.org/fc/1",
            "claimReviewed": "Drones hit Kyiv on 17 October.", "author": {"@type": "Organization", "name": "Example Checks"},
            "datePublished": "2022-10-20", "reviewRating": {"@type": "Rating", "alternateName": "True"}}
    return {key: value for key, value in (base | fields).items() if value is not None}


def read(text: str | bytes | dict | list, source_url: str = ""):
    if isinstance(text, (dict, list)):
        text = json.dumps(text, ensure_ascii=False)
    return list(read_claimreview(io.BytesIO(text.encode() if isinstance(text, str) else text), source_url))


def rows(text, source_url: str = "", kind: str | None = None) -> list[dict]:
    found = read(text, source_url)
    assert all(row.error is None for row in found), [row.error for row in found]
    return [row.data for row in found if kind is None or row.data["type"] == kind]


def cr_id(text: str) -> str:
    return "cr-" + hashlib.sha256(text.encode()).hexdigest()[:16]


def test_single_object_maps_claim_review_and_appearances() -> None:
    found = read(FULL_FACT)
    claim_id = cr_id("https://fullfact.org/online/iran-drones-russia-denial/\nIran has never supplied drones to Russia for use in Ukraine.")
    url = "https://FullFact.org/online/iran-drones-russia-denial/"
    assert found[0].data == {
        "type": "claim", "id": claim_id, "text": "Iran has never supplied drones to Russia for use in Ukraine.",
        "claimant": "Hossein Amir-Abdollahian", "claim_date": "2022-10-18",
        "appearance_url": "https://twitter.com/Amirabdolahian/status/1582", "tags": [],
        "reviews": [{"publisher": "Full Fact", "rating": "False", "rating_value": 1.0, "best": 5.0, "worst": 1.0,
                     "url": url, "date": "2022-10-20T09:12:00+01:00", "language": "en"}],
    }
    evidence = [row.data for row in found[1:]]
    assert [(e["kind"], e["source"], e["url"]) for e in evidence] == [
        ("social_post", "twitter.com", "https://twitter.com/Amirabdolahian/status/1582"),
        ("report", "irna.ir", "https://www.irna.ir/news/84920001/"),
        ("video", "BBC News", "https://www.bbc.co.uk/news/av/63300000"),
        ("photo", "fullfact.org", "https://FullFact.org/images/debris.jpg"),
    ]
    assert evidence[1] == {
        "type": "evidence", "id": cr_id(claim_id + "\nhttps://www.irna.ir/news/84920001/"), "claim": claim_id,
        "kind": "report", "source": "irna.ir", "url": "https://www.irna.ir/news/84920001/",
        "text": "Iran denies drone deliveries", "published_at": "2022-10-18T10:00:00Z",
        "provenance": f"Appearance listed in a ClaimReview by Full Fact ({url})",
    }
    assert "published_at" not in evidence[3] and evidence[3]["text"] == "Debris found in Kharkiv"
    assert evidence[0]["text"] == "" and {row.line for row in found} == {1}
    assert json.loads(found[0].raw)["claimReviewed"].strip().startswith("Iran")


def test_list_of_objects_with_lines_and_relative_urls() -> None:
    found = read(POLITIFACT, source_url="https://www.politifact.com/search/")
    claims = [row for row in found if row.data["type"] == "claim"]
    assert [row.line for row in claims] == [2, 8]
    assert claims[0].data["reviews"][0]["url"] == "https://www.politifact.com/factchecks/2022/oct/21/iran-drones/"
    assert claims[0].data["appearance_url"] == "https://www.politifact.com/media/kanaani-briefing/"
    assert claims[0].data["claimant"] == "Nasser Kanaani" and claims[1].data["claimant"] == ""
    assert claims[1].data["claim_date"] == "2022-10-22" and claims[1].data["appearance_url"] == ""
    assert [row.data["type"] for row in found] == ["claim", "evidence", "claim"]
    assert {row.line for row in read(AFP_GRAPH)} == {1}


def test_graph_skips_other_nodes_and_follows_id_references() -> None:
    found = rows(AFP_GRAPH)
    assert [row["type"] for row in found] == ["claim", "evidence", "evidence"]
    assert found[0]["reviews"][0]["publisher"] == "AFP Fact Check"
    assert found[0]["reviews"][0]["rating_value"] is None and "claimant" in found[0]
    assert [row["kind"] for row in found[1:]] == ["social_post", "video"]
    assert found[1]["provenance"].startswith("Appearance listed in a ClaimReview by AFP Fact Check (https://")


def test_json_lines_with_blank_and_bad_lines() -> None:
    good = [json.dumps(review(claimReviewed=f"Claim {n}")) for n in (1, 2)]
    found = read(b"\n".join([good[0].encode(), b"", b"{not json", b'{"x": "\xff"}', b"  ", good[1].encode(), b"42"]))
    assert [(row.line, row.data and row.data["text"], row.error) for row in found] == [
        (1, "Claim 1", None), (3, None, "not JSON: Expecting property name enclosed in double quotes at column 2"),
        (4, None, "not valid UTF-8"), (6, "Claim 2", None), (7, None, "a line must be a JSON object")]
    assert found[1].raw == "{not json"


def test_datafeed_with_items_and_wrappers() -> None:
    feed = {"@context": "http://schema.org", "@type": "DataFeed", "dateModified": "2022-10-23T00:00:00Z", "dataFeedElement": [
        review(claimReviewed="A"), {"@type": "DataFeedItem", "item": review(claimReviewed="B")},
        {"@type": "DataFeedItem", "dateCreated": "2022-10-22", "item": [review(claimReviewed="C"), review(claimReviewed="D")]}]}
    assert [row["text"] for row in rows(feed)] == ["A", "B", "C", "D"]


@pytest.mark.parametrize("kind", ["ClaimReview", ["ClaimReview"], "http://schema.org/ClaimReview",
                                  "https://schema.org/ClaimReview", ["CreativeWork", "https://schema.org/ClaimReview"]])
def test_type_as_string_or_list(kind) -> None:
    assert [row["type"] for row in rows(review(**{"@type": kind}))] == ["claim"]


@pytest.mark.parametrize("context", [None, "http://schema.org", "https://schema.org", {"@vocab": "http://schema.org/"},
                                     ["https://schema.org", {"fc": "https://example.org/ns#"}]])
def test_context_variants(context) -> None:
    assert [row["text"] for row in rows(review(**{"@context": context}))] == ["Drones hit Kyiv on 17 October."]


@pytest.mark.parametrize("prefix, codec", [(b"\xef\xbb\xbf", "utf-8"), (b"", "utf-8"), (b"", "utf-16")])
def test_utf8_with_or_without_bom_and_utf16(prefix, codec) -> None:
    text = json.dumps(review(claimReviewed="Irán envió drones"), ensure_ascii=False)
    assert rows(prefix + text.encode(codec))[0]["text"] == "Irán envió drones"


@pytest.mark.parametrize("data, error, line", [
    (b"<html><body>Fact check</body></html>", "not JSON: Expecting value (line 1, column 1)", 1),
    (b'{\n  "claimReviewed": "caf\xe9"\n}', "not valid UTF-8 (byte 0xe9 on line 2)", 2),
    (b"", "empty input: no ClaimReview found", 1),
    (b'{"@type": "WebPage", "name": "About"}', "no ClaimReview found (@type 'WebPage')", 1),
    (b'"ClaimReview"', "no ClaimReview found", 1),
])
def test_unreadable_input_gives_one_reject(data, error, line) -> None:
    assert [(row.line, row.data, row.error) for row in read(data)] == [(line, None, error)]


def test_review_without_claim_reviewed_is_rejected_and_siblings_come_through() -> None:
    found = read([review(claimReviewed="First"), review(claimReviewed=None, url="https://example.org/fc/2"),
                  review(claimReviewed=["", " "]), review(claimReviewed="Last")])
    assert [row.error or row.data["text"] for row in found] == [
        "First", 'ClaimReview without "claimReviewed"', 'ClaimReview without "claimReviewed"', "Last"]
    assert json.loads(found[1].raw)["url"] == "https://example.org/fc/2"


def test_claim_reviewed_list_gives_one_claim_each_with_its_evidence() -> None:
    item = {"@type": "Claim", "appearance": "https://t.me/warchannel/812"}
    found = rows(review(claimReviewed=["Iran sold drones.", "Iran sold missiles."], itemReviewed=item))
    assert [(row["type"], row.get("text") or row["claim"]) for row in found] == [
        ("claim", "Iran sold drones."), ("evidence", found[0]["id"]),
        ("claim", "Iran sold missiles."), ("evidence", found[2]["id"])]
    assert found[0]["id"] != found[2]["id"] and found[0]["reviews"] == found[2]["reviews"]


@pytest.mark.parametrize("fields, publisher, claimant", [
    ({"itemReviewed": {"author": {"@type": "Person", "name": "Ali"}}}, "Example Checks", "Ali"),
    ({"itemReviewed": {"author": [{"name": "Ali"}, {"name": "Sara"}]}}, "Example Checks", "Ali, Sara"),
    ({"itemReviewed": {"author": "Anonymous officials"}, "author": "Jane Doe"}, "Jane Doe", "Anonymous officials"),
    ({"author": [{"@type": "Person", "name": "Saranac Hale Spencer"}, {"name": "D'Angelo Gore"}]}, "Saranac Hale Spencer, D'Angelo Gore", ""),
    ({"author": None, "publisher": {"@type": "Organization", "name": "Snopes"}}, "Snopes", ""),
    ({"author": None, "url": "https://www.snopes.com/fact-check/drones/"}, "snopes.com", ""),
])
def test_author_publisher_and_claimant_shapes(fields, publisher, claimant) -> None:
    claim = rows(review(**fields))[0]
    assert (claim["reviews"][0]["publisher"], claim["claimant"]) == (publisher, claimant)


@pytest.mark.parametrize("rating, expected", [
    ({"ratingValue": "2.5", "bestRating": "5", "worstRating": "1", "alternateName": "Mixture"}, ("Mixture", 2.5, 5.0, 1.0)),
    ({"ratingValue": 3, "bestRating": 5}, ("", 3.0, 5.0, None)),
    ({"ratingValue": "-1", "alternateName": "Unproven"}, ("Unproven", -1.0, None, None)),
    ({"ratingValue": "false", "bestRating": "", "alternateName": "Falso"}, ("Falso", None, None, None)),
    ({"ratingValue": True, "bestRating": "NaN"}, ("", None, None, None)),
    (None, ("", None, None, None)),
])
def test_rating_values(rating, expected) -> None:
    got = rows(review(reviewRating=rating))[0]["reviews"][0]
    assert (got["rating"], got["rating_value"], got["best"], got["worst"]) == expected


@pytest.mark.parametrize("language, expected", [
    ("es", "es"), ({"@type": "Language", "name": "Spanish", "alternateName": "es"}, "es"), ({"name": "Persian"}, "Persian"), (None, "")])
def test_language_shapes(language, expected) -> None:
    assert rows(review(inLanguage=language))[0]["reviews"][0]["language"] == expected


@pytest.mark.parametrize("review_url, appearance, source_url, expected", [
    ("https://maldita.es/bulo/1", "/fotos/a.jpg", "", "https://maldita.es/fotos/a.jpg"),
    ("/bulo/1", "/fotos/a.jpg", "https://maldita.es/feed", "https://maldita.es/fotos/a.jpg"),
    ("https://maldita.es/bulo/1", "//cdn.example.net/v.mp4", "", "https://cdn.example.net/v.mp4"),
    ("https://maldita.es/bulo/1", " example.org/x ", "", "https://example.org/x"),
    ("https://maldita.es/bulo/1", "www.facebook.com/posts/9", "", "https://www.facebook.com/posts/9"),
    ("/bulo/1", "/fotos/a.jpg", "", None),
    ("https://maldita.es/bulo/1", "javascript:alert(1)", "", None),
])
def test_url_resolution(review_url, appearance, source_url, expected) -> None:
    found = rows(review(url=review_url, itemReviewed={"appearance": [appearance]}), source_url)
    assert [row["url"] for row in found[1:]] == ([expected] if expected else [])
    assert found[0]["appearance_url"] == (expected or "")


def test_duplicate_appearances_give_one_row_keeping_the_fuller_one() -> None:
    item = {"firstAppearance": "https://x.com/a/status/1", "appearance": [
        {"url": "https://X.com/a/status/1", "headline": "Post", "author": {"name": "@a"}}, {"@id": "https://x.com/a/status/1"},
        {"@type": "ImageObject", "@id": "https://img.example/1.png"}]}
    found = rows(review(itemReviewed=item))
    assert [(row["url"], row["kind"], row["source"], row["text"]) for row in found[1:]] == [
        ("https://x.com/a/status/1", "social_post", "@a", "Post"), ("https://img.example/1.png", "photo", "img.example", "")]


@pytest.mark.parametrize("language, claim, rating, publisher", [
    ("fa", "ایران هیچ پهپادی به روسیه نفروخته است", "نادرست", "فکت‌نامه"),
    ("es", "Irán no ha vendido drones a Rusia, según su canciller", "Falso", "Maldita.es"),
    ("zh-Hant", "伊朗從未向俄羅斯提供無人機", "錯誤", "台灣事實查核中心"),
    ("ja", "イランはロシアに無人機を供与していない", "誤り", "ファクトチェック・イニシアティブ"),
])
def test_non_english_text_passes_through_unchanged(language, claim, rating, publisher) -> None:
    item = {"author": {"name": publisher + " 📣"}, "appearance": {"url": "https://t.me/s/کانال/1", "headline": claim}}
    found = read(review(claimReviewed=claim, inLanguage=language, author={"name": publisher},
                        reviewRating={"alternateName": rating}, itemReviewed=item))
    assert (found[0].data["text"], found[0].data["claimant"]) == (claim, publisher + " 📣")
    assert (found[0].data["reviews"][0]["rating"], found[0].data["reviews"][0]["language"]) == (rating, language)
    assert found[1].data["text"] == claim and found[1].data["url"] == "https://t.me/s/کانال/1"
    assert claim in found[0].raw and publisher in found[1].data["provenance"]


def test_ids_are_stable_and_equal_for_the_same_claim_in_two_reviews() -> None:
    first = rows(FULL_FACT)
    assert rows(FULL_FACT) == first
    updated = json.loads(FULL_FACT)
    updated["reviewRating"]["alternateName"], updated["url"] = "Mostly false", " https://fullfact.org/online/iran-drones-russia-denial/"
    both = rows([json.loads(FULL_FACT), updated], kind="claim")
    assert both[0]["id"] == both[1]["id"] == first[0]["id"]
    assert [claim["reviews"][0]["rating"] for claim in both] == ["False", "Mostly false"]
    no_url = rows(review(url=None))[0]
    assert no_url["id"] == cr_id("Drones hit Kyiv on 17 October.") and no_url["reviews"][0]["url"] == ""


@pytest.mark.parametrize("item_date, review_date, expected", [
    ("2022-10-18T08:00:00Z", "2022-10-20", "2022-10-18"), (None, "2022-10-20T09:12:00+01:00", "2022-10-20"),
    ("18/10/2022", "October 20, 2022", None), ("2022-13-45", None, None)])
def test_claim_date(item_date, review_date, expected) -> None:
    claim = rows(review(datePublished=review_date, itemReviewed={"datePublished": item_date}))[0]
    assert claim.get("claim_date") == expected and claim["reviews"][0]["date"] == (review_date or "")


def test_rows_pass_the_importers_validation() -> None:
    from models.ingest.rows import parse_row

    for text in (FULL_FACT, POLITIFACT, json.dumps(AFP_GRAPH)):
        for row in rows(text, source_url="https://www.politifact.com/"):
            parse_row(row)


def test_odd_shapes_do_not_crash() -> None:
    odd = review(url=["https://a.example/1"], claimReviewed={"@value": "Wrapped"}, author=[None, 3, {"name": ["Team"]}],
                 reviewRating=[{"ratingValue": {"x": 1}}], itemReviewed={"appearance": [None, 7, {"url": None}, {"url": ["https://b.example/"]}]})
    found = rows(odd)
    assert found[0]["reviews"][0]["url"] == "https://a.example/1" and found[0]["text"] == "Wrapped" and found[0]["reviews"][0]["publisher"] == "Team"
    assert [row["url"] for row in found[1:]] == ["https://b.example/"]
    assert copy.deepcopy(found) == rows(odd)
