"""Per-database settings a supervisor sets for the whole desk, each checked against
its kind, changed only by a supervisor, and audited.

review.spot_check: the share (0–100 %) of each reviewer's decisions that go to the
supervisor's spot-check queue. Which decisions go is decided by a keyed hash of the
decision's id (the key is random per database), so a reviewer cannot tell which.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Callable

from sqlalchemy import ColumnElement, insert, literal, select, update
from sqlalchemy.engine import Connection, Engine

from models.audit import append_event
from models.errors import InvalidValue
from models.records import ReviewerRecord
from models.roles import require_supervisor
from models.tables import Decision, Meta, utcnow
from models.vocab import TRIAGE_ACTIONS

_PREFIX = "setting."
_SPOT_KEY = "spot_check_key"


def _percent(value: str) -> str:
    number = value.strip().rstrip("%")
    if not number.isdigit() or not 0 <= int(number) <= 100:
        raise InvalidValue(f"{value!r} is not a percentage from 0 to 100")
    return str(int(number))


@dataclass(frozen=True)
class Setting:
    default: str
    check: Callable[[str], str]
    meaning: str


SETTINGS = {
    "review.spot_check": Setting("0", _percent, "share of each reviewer's decisions sent to the spot-check queue (%)"),
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


def spot_checked(engine: Engine) -> ColumnElement[bool] | None:
    """The decisions in the spot-check queue, as a WHERE clause; None when the rate is 0."""
    with engine.connect() as conn:
        rate = int(_stored(conn, _PREFIX + "review.spot_check") or 0)
        key = int(_stored(conn, _SPOT_KEY) or 0)
    if rate == 0:
        return None
    # A multiplicative hash of the id, keyed: integer arithmetic every database does alike.
    bucket = ((Decision.id * literal(2654435761) + literal(key)) % literal(4294967296)) % literal(100)
    return Decision.action.in_([str(action) for action in TRIAGE_ACTIONS]) & (bucket < rate)
