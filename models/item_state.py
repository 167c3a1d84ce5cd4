"""The state a decision leaves an item in: stance, outcome, grade, note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.vocab import Outcome


@dataclass(frozen=True, slots=True)
class TriageState:
    """What a decision leaves an item in."""

    stance: str | None = None
    outcome: str = Outcome.PENDING
    duplicate_of_id: int | None = None
    reliability: str | None = None
    credibility: str | None = None
    note: str = ""

    @property
    def decided(self) -> bool:
        return self.outcome != Outcome.PENDING

    def as_dict(self) -> dict[str, Any]:
        return {
            "stance": self.stance, "outcome": self.outcome, "duplicate_of": self.duplicate_of_id,
            "reliability": self.reliability, "credibility": self.credibility, "note": self.note,
        }

    def columns(self) -> dict[str, Any]:
        return {"stance": self.stance, "outcome": self.outcome, "duplicate_of_id": self.duplicate_of_id,
                "reliability": self.reliability, "credibility": self.credibility, "note": self.note}
