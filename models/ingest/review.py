"""The review fields of evidesk JSONL v1, as `evidesk export` writes them: a claim's
status and verdict, an evidence item's triage state, its history of decisions and
the metadata of its captured file.

They are read only from a row that carries them; a row whose review fields are all
missing or at their defaults (a pending item never decided) is an ordinary row.
Reviewers are named here and found or created when the row is written; other items
(the original of a duplicate) are named by their external ids and resolved then too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from models.errors import InvalidValue
from models.ingest.fields import NUL, RowError, moment
from models.vocab import (
    CREDIBILITY,
    RELIABILITY,
    STANCE_ACTIONS,
    Action,
    ClaimStatus,
    Outcome,
    Stance,
    Verdict,
    parse_enum,
)

TEXT_LIMIT = 1_000_000  # a rationale or a note, in characters
NAME_LIMIT = 256  # a reviewer's name, or an item's id
FILE_LIMIT = 4_096
EVIDENCE_KEYS = frozenset({
    "stance", "outcome", "duplicate_of", "reliability", "credibility", "note", "decided_by", "decided_at",
    "reviews", "disputed", "history", "file_sha256", "file_name", "file_type", "file_size",
})
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ACTION_OF = {Outcome.REJECTED: Action.REJECT, Outcome.DUPLICATE: Action.DUPLICATE, Outcome.ESCALATED: Action.ESCALATE}
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class ClaimReview:
    status: str = ClaimStatus.OPEN
    verdict: str | None = None
    rationale: str = ""
    verdict_by: str | None = None
    verdict_at: datetime | None = None
    proposed_verdict: str | None = None
    proposed_rationale: str = ""
    proposed_by: str | None = None
    proposed_at: datetime | None = None
    sealed: bool = False


@dataclass(frozen=True, slots=True)
class StateIn:
    """An item's triage state, the original of a duplicate named by its external id."""

    stance: str | None = None
    outcome: str = Outcome.PENDING
    duplicate_of: str | None = None
    reliability: str | None = None
    credibility: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class EntryIn:
    """One decision of an item's history. `by` None: the importing reviewer; `at` None: the import's time."""

    action: str
    at: datetime | None
    by: str | None
    state: StateIn
    seconds_on_screen: float | None = None
    reason: str = ""
    undoes: int | None = None  # the index of the undone entry in the same history


@dataclass(frozen=True, slots=True)
class EvidenceReview:
    state: StateIn
    decided_by: str | None
    decided_at: datetime | None
    reviews: int
    disputed: bool
    history: tuple[EntryIn, ...]
    files: tuple[str, int | None, str, str]  # file_sha256, file_size, file_type, file_name

    @property
    def refs(self) -> list[tuple[str, str]]:
        """(field, external id) of every other item this review names."""
        found = [("duplicate_of", self.state.duplicate_of)] if self.state.duplicate_of else []
        return found + [(f"history[{index}].duplicate_of", entry.state.duplicate_of)
                        for index, entry in enumerate(self.history) if entry.state.duplicate_of]


_VALUES = {enum: frozenset(member.value for member in enum) for enum in (Action, ClaimStatus, Outcome, Stance, Verdict)}
_PLAIN = EvidenceReview(StateIn(), None, None, 0, False, (), ("", None, "", ""))


# --- single values --------------------------------------------------------------


def _string(row: dict[str, Any], key: str, where: str = "", limit: int = TEXT_LIMIT) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if value.__class__ is not str:
        raise RowError(f'"{where}{key}" must be a string, not {type(value).__name__}')
    if len(value) > limit:
        raise RowError(f'"{where}{key}" is longer than {limit:,} characters ({len(value):,})')
    if NUL in value:
        raise RowError(f'"{where}{key}" holds a NUL character')
    return value


def _name(row: dict[str, Any], key: str, where: str = "") -> str | None:
    return _string(row, key, where, NAME_LIMIT).strip() or None


def _choice(row: dict[str, Any], key: str, enum: type[E], what: str, where: str = "") -> str | None:
    value = row.get(key)
    if value.__class__ is str and value in _VALUES[enum]:  # as the export spells it
        return value
    value = _string(row, key, where, 64)
    if not value.strip():
        return None
    try:
        return parse_enum(enum, value, what).value
    except InvalidValue as error:
        raise RowError(f'"{where}{key}": {error}') from None


def _time(row: dict[str, Any], key: str, where: str = "") -> datetime | None:
    return moment(_string(row, key, where, 64), where + key)


def _flag(row: dict[str, Any], key: str) -> bool:
    value = row.get(key)
    if value is None or isinstance(value, bool):
        return bool(value)
    raise RowError(f'"{key}" must be true or false, not {str(value)[:40]!r}')


def _whole(row: dict[str, Any], key: str, where: str = "") -> int | None:
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RowError(f'"{where}{key}" must be a whole number of at least 0, not {str(value)[:40]!r}')
    return value


def _state(row: dict[str, Any], where: str = "") -> StateIn:
    reliability, credibility = row.get("reliability"), row.get("credibility")
    if reliability is not None:
        if not isinstance(reliability, str) or reliability.strip().upper() not in RELIABILITY:
            raise RowError(f'"{where}reliability" must be one of A–F, not {str(reliability)[:40]!r}')
        reliability = reliability.strip().upper()
    if credibility is not None:
        if isinstance(credibility, bool) or str(credibility).strip() not in CREDIBILITY:
            raise RowError(f'"{where}credibility" must be one of 1–6, not {str(credibility)[:40]!r}')
        credibility = str(credibility).strip()
    return StateIn(
        stance=_choice(row, "stance", Stance, "stance", where),
        outcome=_choice(row, "outcome", Outcome, "outcome", where) or Outcome.PENDING,
        duplicate_of=_name(row, "duplicate_of", where),
        reliability=reliability, credibility=credibility, note=_string(row, "note", where),
    )


# --- rows -------------------------------------------------------------------------


def claim_review(row: dict[str, Any]) -> ClaimReview | None:
    """The review fields of a claim row, or None when it has none beyond the defaults."""
    review = ClaimReview(
        status=_choice(row, "status", ClaimStatus, "status") or ClaimStatus.OPEN,
        verdict=_choice(row, "verdict", Verdict, "verdict"),
        rationale=_string(row, "rationale"),
        verdict_by=_name(row, "verdict_by"),
        verdict_at=_time(row, "verdict_at"),
        proposed_verdict=_choice(row, "proposed_verdict", Verdict, "verdict"),
        proposed_rationale=_string(row, "proposed_rationale"),
        proposed_by=_name(row, "proposed_by"),
        proposed_at=_time(row, "proposed_at"),
        sealed=_flag(row, "sealed"),
    )
    return None if review == ClaimReview() else review


def _entry(data: Any, index: int, undone: set[int]) -> EntryIn:
    where = f"history[{index}]."
    if not isinstance(data, dict):
        raise RowError(f'"history[{index}]" must be an object')
    action = _choice(data, "action", Action, "action", where)
    if action is None:
        raise RowError(f'missing "{where}action"')
    at, by = _time(data, "at", where), _name(data, "by", where)
    if at is None or by is None:
        raise RowError(f'missing "{where}{"at" if at is None else "by"}"')
    seconds = data.get("seconds_on_screen")
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))
                                or not math.isfinite(seconds) or seconds < 0):
        raise RowError(f'"{where}seconds_on_screen" must be a number of seconds, not {str(seconds)[:40]!r}')
    undoes = _whole(data, "undoes", where)
    if undoes is not None:
        if undoes >= index or undoes in undone:
            raise RowError(f'"{where}undoes" must name an earlier entry of the history, undone once, not {undoes}')
        undone.add(undoes)
    return EntryIn(action, at, by, _state(data, where), None if seconds is None else float(seconds),
                   _string(data, "reason", where), undoes)


def _made_entry(state: StateIn, by: str | None, at: datetime | None) -> tuple[EntryIn, ...]:
    """For an item with a state but no history: the one decision that leaves it so."""
    if state.outcome == Outcome.ACCEPTED:
        action = Action(state.stance) if state.stance in STANCE_ACTIONS else None
        if action is None:
            raise RowError('"stance" must be supports, refutes or context for an accepted item without a "history"')
    elif state.outcome != Outcome.PENDING:
        action = _ACTION_OF[Outcome(state.outcome)]
    elif state.reliability or state.credibility:
        action = Action.GRADE
    elif state.note:
        action = Action.NOTE
    else:
        return ()
    return (EntryIn(action.value, at, by, state),)


def evidence_review(row: dict[str, Any]) -> EvidenceReview | None:
    """The review fields of an evidence row, or None when it has none beyond the defaults."""
    if EVIDENCE_KEYS.isdisjoint(row):
        return None
    state = _state(row)
    decided_by, decided_at = _name(row, "decided_by"), _time(row, "decided_at")
    history = row.get("history")
    if history is None:
        history = ()
    elif not isinstance(history, list):
        raise RowError('"history" must be a list of decisions')
    undone: set[int] = set()
    entries = tuple(_entry(data, index, undone) for index, data in enumerate(history))
    sha256 = _string(row, "file_sha256", limit=64).strip().lower()
    if sha256 and not _SHA256.fullmatch(sha256):
        raise RowError(f'"file_sha256" is not a SHA-256 (64 hex digits): {sha256[:70]!r}')
    files = (sha256, _whole(row, "file_size"), _string(row, "file_type", limit=FILE_LIMIT),
             _string(row, "file_name", limit=FILE_LIMIT))
    review = EvidenceReview(
        state, decided_by, decided_at, _whole(row, "reviews") or 0, _flag(row, "disputed"),
        entries or _made_entry(state, decided_by, decided_at), files,
    )
    return None if review == _PLAIN else review
