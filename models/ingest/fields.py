"""What the row parsers share: the error a refused row raises, reading a time, and the
character no text field may hold."""

from __future__ import annotations

from datetime import datetime, timezone

# Refused in every text field: PostgreSQL cannot store it, and SQLite's text functions stop at it.
NUL = "\x00"


class RowError(Exception):
    """The row cannot be imported; the message says why, in one line."""


def moment(value: str, key: str) -> datetime | None:
    """An ISO 8601 time as an aware UTC datetime (no zone: UTC), None when blank."""
    value = value.strip()
    if not value:
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        raise RowError(f'"{key}" is not an ISO 8601 time: {value[:40]!r}') from None
    return found.replace(tzinfo=timezone.utc) if found.tzinfo is None else found.astimezone(timezone.utc)
