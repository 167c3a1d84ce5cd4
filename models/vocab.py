"""The fixed vocabularies of the domain: kinds, stances, outcomes, grades, verdicts."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from models.errors import InvalidValue


class Kind(StrEnum):
    VIDEO = "video"
    PHOTO = "photo"
    DOCUMENT = "document"
    STATEMENT = "statement"
    TESTIMONY = "testimony"
    REPORT = "report"
    PHYSICAL = "physical"
    SOCIAL_POST = "social_post"
    OTHER = "other"


class Stance(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"
    IRRELEVANT = "irrelevant"


class Outcome(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    ESCALATED = "escalated"


class Action(StrEnum):
    """What one triage act did; every decision row names one."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"
    REJECT = "reject"
    DUPLICATE = "duplicate"
    ESCALATE = "escalate"
    GRADE = "grade"
    NOTE = "note"
    UNDO = "undo"
    OVERRIDE = "override"


TRIAGE_ACTIONS = frozenset(
    {Action.SUPPORTS, Action.REFUTES, Action.CONTEXT, Action.REJECT, Action.DUPLICATE, Action.ESCALATE}
)
STANCE_ACTIONS = frozenset({Action.SUPPORTS, Action.REFUTES, Action.CONTEXT})


class Verdict(StrEnum):
    """A claim's rating, in the order of ClaimReview's alternateName scale."""

    ACCURATE = "accurate"
    MOSTLY_ACCURATE = "mostly_accurate"
    MIXED = "mixed"
    MISLEADING = "misleading"
    MOSTLY_FALSE = "mostly_false"
    FALSE = "false"
    UNVERIFIABLE = "unverifiable"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class ClaimStatus(StrEnum):
    OPEN = "open"
    IN_REVIEW = "in_review"
    RESOLVED = "resolved"


class Role(StrEnum):
    REVIEWER = "reviewer"
    SUPERVISOR = "supervisor"


# Admiralty scale: source reliability A (completely reliable) to F (cannot be
# judged); information credibility 1 (confirmed) to 6 (cannot be judged).
RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    "1": "confirmed by other sources",
    "2": "probably true",
    "3": "possibly true",
    "4": "doubtful",
    "5": "improbable",
    "6": "truth cannot be judged",
}


E = TypeVar("E", bound=StrEnum)


def parse_enum(enum: type[E], value: str, what: str) -> E:
    """The member of `enum` named by `value` (spaces and case forgiven), or a clear error."""
    token = value.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return enum(token)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise InvalidValue(f"unknown {what} {value!r} (expected one of: {choices})") from None
