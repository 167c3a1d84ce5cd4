"""What the row parsers share: the error a refused row raises, and reading a time."""

from __future__ import annotations

from datetime import datetime, timezone


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
