"""The filter language of the queue: what a reviewer types in the filter bar,
such as `outcome:pending kind:video,photo by:maria since:24h -stance:context`,
parsed into a QueueFilter and written back in one canonical form.

Each term is `field:value[,value…]`; the values of one term are alternatives,
the terms are all required, and a leading `-` negates a term. A mistake is
one line that names the term and what it may be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from models.errors import InvalidValue
from models.vocab import CREDIBILITY, RELIABILITY, Kind, Outcome, Stance

ALL_CLAIMS = "all"
_DURATION = re.compile(r"(\d+)([mhdw])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_GRADE = re.compile(r"([A-F]?)([1-6]?)")
TIME_HELP = "today, yesterday, 30m, 24h, 7d, 2w, 2026-11-02 or 2026-11-02T14:30"

FIELDS: dict[str, str] = {
    "outcome": "the item's outcome: " + ", ".join([*Outcome, "decided"]),
    "stance": "the item's stance: " + ", ".join([*Stance, "none"]),
    "kind": "the item's kind: " + ", ".join(Kind),
    "grade": "the source and information grade: A1, B, 3 or none",
    "by": "who made the latest decision: a reviewer's name, or me",
    "tag": "a tag of the item's claim (searches every claim unless claim: says otherwise)",
    "since": f"decided at or after: {TIME_HELP}",
    "until": f"decided before: {TIME_HELP}",
    "arrived": f"arrived at or after: {TIME_HELP}",
    "claim": "which queue: all, inbox, here (the open claim) or a claim's number",
}
_SINGLE = {"since", "until", "arrived", "claim"}


@dataclass(frozen=True, slots=True)
class Term:
    field: str
    values: tuple[str, ...]
    negated: bool = False

    def __str__(self) -> str:
        return f"{'-' if self.negated else ''}{self.field}:{','.join(self.values)}"


@dataclass(frozen=True, slots=True)
class QueueFilter:
    terms: tuple[Term, ...] = ()

    def __str__(self) -> str:
        return " ".join(str(term) for term in self.terms)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def of(self, field: str) -> list[Term]:
        return [term for term in self.terms if term.field == field]

    @property
    def claim_scope(self) -> str | None:
        """`all`, `inbox`, `here` or a claim's number, when the filter names its queue."""
        claim = self.of("claim")
        if claim:
            return claim[0].values[0]
        return ALL_CLAIMS if self.of("tag") else None


def parse_filter(typed: str) -> QueueFilter:
    """The filter for what was typed; InvalidValue naming the first bad term."""
    terms: list[Term] = []
    for word in typed.split():
        negated = word.startswith("-")
        field, colon, rest = word.removeprefix("-").partition(":")
        field = field.lower()
        if not colon:
            raise InvalidValue(f"filter: {word!r} is not a term; terms look like field:value "
                               f"({', '.join(FIELDS)}); / searches the text")
        if field not in FIELDS:
            raise InvalidValue(f"filter: unknown field {field!r} in {word!r}; fields: {', '.join(FIELDS)}")
        values = tuple(value for value in rest.split(",") if value)
        if not values:
            raise InvalidValue(f"filter: {word!r} names no value; {field} is {FIELDS[field]}")
        if field in _SINGLE and (len(values) > 1 or negated):
            raise InvalidValue(f"filter: {word!r} takes one value and no '-'; {field} is {FIELDS[field]}")
        if field in _SINGLE and any(term.field == field for term in terms):
            raise InvalidValue(f"filter: {field}: given twice")
        terms.append(Term(field, tuple(_checked(field, value, word) for value in values), negated))
    return QueueFilter(tuple(terms))


def _checked(field: str, value: str, word: str) -> str:
    """The value in its canonical spelling, or InvalidValue."""
    allowed: dict[str, list[str]] = {
        "outcome": [*Outcome, "decided"], "stance": [*Stance, "none"], "kind": list(Kind),
    }
    if field in allowed:
        if value.lower() not in allowed[field]:
            raise InvalidValue(f"filter: {value!r} in {word!r} is not a known {field}; "
                               f"one of {', '.join(allowed[field])}")
        return value.lower()
    if field == "grade":
        grade = value.upper()
        if value.lower() == "none":
            return "none"
        match = _GRADE.fullmatch(grade)
        if not grade or match is None or (match[1] and match[1] not in RELIABILITY) or (
                match[2] and match[2] not in CREDIBILITY):
            raise InvalidValue(f"filter: {value!r} in {word!r} is not a grade; {FIELDS['grade']}")
        return grade
    if field in ("since", "until", "arrived"):
        resolve_time(value, datetime.now(timezone.utc), word)
        return value.lower()
    if field == "claim":
        if value.lower() in (ALL_CLAIMS, "inbox", "here") or value.isdigit():
            return value.lower()
        raise InvalidValue(f"filter: {value!r} in {word!r} is not a queue; {FIELDS['claim']}")
    return value  # by and tag: names, checked against the database when the filter is applied


def resolve_time(value: str, now: datetime, word: str = "") -> datetime:
    """The moment a time value stands for, in UTC; dates are local midnights."""
    local_now = now.astimezone()
    lowered = value.lower()
    if lowered in ("today", "yesterday"):
        day = local_now.date() - timedelta(days=lowered == "yesterday")
        return _local_midnight(day)
    if match := _DURATION.fullmatch(lowered):
        return now - timedelta(**{_UNITS[match[2]]: int(match[1])})
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"filter: {value!r} in {word or value!r} is not a time; use {TIME_HELP}") from None
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()  # a time without a zone is the reviewer's own
    return parsed.astimezone(timezone.utc)


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day).astimezone().astimezone(timezone.utc)


def until_moment(value: str, now: datetime) -> datetime:
    """`until:` excludes the moment it names; a bare date includes that whole day."""
    moment = resolve_time(value, now)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or value in ("today", "yesterday"):
        moment += timedelta(days=1)
    return moment
