"""Per-database settings a supervisor sets for the whole desk, each checked against
its kind, changed only by a supervisor, and audited.

review.overlap: how many reviewers decide each item independently before it is
settled (models.second_review). review.blind: whether a reviewer sees others'
decisions on an item still under review before making their own.
review.spot_check: the share (0–100 %) of each reviewer's decisions that go to the
supervisor's spot-check queue, until confirmed. Which decisions go is decided by a keyed hash of the
decision's id (the key is random per database), so a reviewer cannot tell which.

publisher.name, publisher.url, publisher.review_url and rating.scale: who publishes the
desk's ClaimReview export (models.export.claimreview), where, the address of each review
(`{id}` becomes the claim's exported id), and the number each verdict is rated with.
Unset (empty) until a supervisor sets them.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from sqlalchemy import (
    ColumnElement,
    String,
    cast,
    exists,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from models.audit import append_event
from models.errors import InvalidValue
from models.records import ReviewerRecord
from models.roles import require_supervisor
from models.tables import AuditEvent, Decision, Meta, utcnow
from models.vocab import TRIAGE_ACTIONS, Verdict, parse_enum

_PREFIX = "setting."
_SPOT_KEY = "spot_check_key"
MAX_OVERLAP = 9
SCALE_EXAMPLE = "accurate=5,mostly_accurate=4,mixed=3,misleading=2,mostly_false=2,false=1,unverifiable="
_INTEGER = re.compile(r"^[+-]?\d+$")


def _percent(value: str) -> str:
    number = value.strip().rstrip("%")
    if not number.isdigit() or not 0 <= int(number) <= 100:
        raise InvalidValue(f"{value!r} is not a percentage from 0 to 100")
    return str(int(number))


def _overlap(value: str) -> str:
    number = value.strip()
    if not number.isdigit() or not 1 <= int(number) <= MAX_OVERLAP:
        raise InvalidValue(f"{value!r} is not a number of reviewers from 1 to {MAX_OVERLAP}")
    return str(int(number))


def _switch(value: str) -> str:
    word = value.strip().lower()
    if word in ("on", "yes", "true", "1"):
        return "on"
    if word in ("off", "no", "false", "0"):
        return "off"
    raise InvalidValue(f"{value!r} is neither on nor off")


def _text(value: str) -> str:
    words = " ".join(value.split())
    if not words:
        raise InvalidValue("the publisher's name is empty")
    return words


def _http_url(value: str) -> str:
    url = value.strip()
    try:
        parts = urlsplit(url)
        web = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # a malformed IPv6 host
        web = False
    if not web or any(c.isspace() for c in url):
        raise InvalidValue(f"{value!r} is not an http(s) URL (like https://desk.example.org)")
    return url


def _review_url(value: str) -> str:
    if "{id}" not in value:
        raise InvalidValue(f"{value!r} has no {{id}} for the claim's id (like https://desk.example.org/checks/{{id}})")
    _http_url(value.replace("{id}", "id"))
    return value.strip()


def rating_scale(value: str) -> dict[Verdict, int | None]:
    """The verdicts of a `name=number,…` scale, in its order, each with its number or None."""
    scale: dict[Verdict, int | None] = {}
    for piece in filter(None, (piece.strip() for piece in value.split(","))):
        name, equals, number = piece.partition("=")
        if not equals:
            raise InvalidValue(f"{piece!r} in the rating scale is not verdict=number (like {SCALE_EXAMPLE})")
        verdict = parse_enum(Verdict, name, "verdict")
        if verdict in scale:
            raise InvalidValue(f"{verdict.value} is in the rating scale twice")
        number = number.strip()
        if number and not _INTEGER.match(number):
            raise InvalidValue(f"{number!r} for {verdict.value} is not a whole number (or empty for none)")
        scale[verdict] = int(number) if number else None
    if not scale:
        raise InvalidValue(f"the rating scale is empty (write it like {SCALE_EXAMPLE})")
    return scale


def _scale(value: str) -> str:
    return ",".join(f"{verdict.value}={'' if number is None else number}"
                    for verdict, number in rating_scale(value).items())


def _folder(value: str) -> str:
    if not value.strip() or not os.path.isabs(os.path.expanduser(value.strip())):
        raise InvalidValue(f"{value!r} is not an absolute folder path")
    return os.path.expanduser(value.strip())


@dataclass(frozen=True)
class Setting:
    default: str
    check: Callable[[str], str]
    meaning: str


SETTINGS = {
    "review.overlap": Setting("1", _overlap, "reviewers who each decide an item independently before it is settled"),
    "review.blind": Setting("off", _switch, "hide others' decisions on an item under review until one has decided it"),
    "review.spot_check": Setting("0", _percent, "share of each reviewer's decisions sent to the spot-check queue (%)"),
    "publisher.name": Setting("", _text, "the organisation publishing the desk's ClaimReview export"),
    "publisher.url": Setting("", _http_url, "the publisher's site, an http(s) URL"),
    "publisher.review_url": Setting("", _review_url, "each review's address; {id} becomes the claim's exported id"),
    "rating.scale": Setting("", _scale, "the number each verdict is rated with in ClaimReview: verdict=number,…"),
    "files.folder": Setting("", _folder, "on a server, the folder every reviewer's machine reaches where captured "
                                         "files are kept"),
}


def _known(key: str) -> Setting:
    if key not in SETTINGS:
        raise InvalidValue(f"unknown setting {key!r}; settings: {', '.join(SETTINGS)}")
    return SETTINGS[key]


def _stored(conn: Connection, key: str) -> str | None:
    return conn.execute(select(Meta.value).where(Meta.key == key)).scalar()


def get_setting(engine: Engine, key: str) -> str:
    setting = _known(key)
    with engine.connect() as conn:
        return _stored(conn, _PREFIX + key) or setting.default


def read_settings(conn: Connection, *keys: str) -> dict[str, str]:
    """The values of `keys` (each known), read on `conn`."""
    return {key: _stored(conn, _PREFIX + key) or _known(key).default for key in keys}


def list_settings(engine: Engine) -> dict[str, str]:
    return {key: get_setting(engine, key) for key in SETTINGS}


def set_setting(engine: Engine, actor: ReviewerRecord, key: str, value: str) -> str:
    value = _known(key).check(value)
    require_supervisor(engine, actor, f"changing the setting {key}")
    with engine.connect() as conn:
        before = _stored(conn, _PREFIX + key)
        if before is None:
            conn.execute(insert(Meta).values(key=_PREFIX + key, value=value))
        else:
            conn.execute(update(Meta).where(Meta.key == _PREFIX + key).values(value=value))
        if _stored(conn, _SPOT_KEY) is None:
            conn.execute(insert(Meta).values(key=_SPOT_KEY, value=str(secrets.randbelow(2**31))))
        append_event(conn, at=utcnow(), actor=actor.name, action="setting.set", entity="setting", entity_id=key,
                     before={"value": before or SETTINGS[key].default}, after={"value": value})
        conn.commit()
    return value


@dataclass(frozen=True)
class ReviewPolicy:
    """How the desk reviews: by how many reviewers each item, and whether blind."""

    overlap: int = 1
    blind: bool = False

    @property
    def independent(self) -> bool:
        return self.overlap > 1


_POLICY = select(Meta.key, Meta.value).where(Meta.key.in_([_PREFIX + "review.overlap", _PREFIX + "review.blind"]))


def review_policy(conn: Connection) -> ReviewPolicy:
    stored = dict(conn.execute(_POLICY).all())
    return ReviewPolicy(int(stored.get(_PREFIX + "review.overlap") or 1), stored.get(_PREFIX + "review.blind") == "on")


def spot_checked(engine: Engine) -> ColumnElement[bool] | None:
    """The decisions in the spot-check queue, as a WHERE clause; None when the rate is 0."""
    with engine.connect() as conn:
        rate = int(_stored(conn, _PREFIX + "review.spot_check") or 0)
        key = int(_stored(conn, _SPOT_KEY) or 0)
    if rate == 0:
        return None
    # A multiplicative hash of the id, keyed: integer arithmetic every database does alike.
    bucket = ((Decision.id * literal(2654435761) + literal(key)) % literal(4294967296)) % literal(100)
    confirmed = exists().where(AuditEvent.action == "decision.confirm", AuditEvent.entity == "decision",
                               AuditEvent.entity_id == cast(Decision.id, String))
    return Decision.action.in_([str(action) for action in TRIAGE_ACTIONS]) & (bucket < rate) & ~confirmed
