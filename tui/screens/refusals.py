"""Running one database operation from a screen: a refusal (a locked database, a
reviewer's missing permission, a bad value) becomes a notification, not a crash."""

from __future__ import annotations

from typing import Callable, TypeVar

from models.errors import EvideskError

T = TypeVar("T")


class ShowsRefusals:
    """Mixed into a Screen."""

    def _attempt(self, operation: Callable[[], T]) -> T | None:
        try:
            return operation()
        except EvideskError as error:
            self.notify(str(error), severity="error", markup=False)
            return None
