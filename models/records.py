"""Immutable records handed to the UI and the CLI instead of live ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

NO_PRIORITY = 2**63 - 1  # claims without a priority come after every prioritised one
INBOX_KEY = -(2**63)  # the inbox comes first


@dataclass(frozen=True, slots=True)
class ReviewerRecord:
    id: int
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A line of the claim list. `id` None is the inbox (evidence linked to no claim)."""

    id: int | None
    text: str
    claimant: str = ""
    claim_date: date | None = None
    status: str = "open"
    verdict: str | None = None
    n_pending: int = 0
    n_decided: int = 0
    ext_id: str | None = None
    priority: int | None = None
    proposed_verdict: str | None = None

    @property
    def is_inbox(self) -> bool:
        return self.id is None

    @property
    def key(self) -> tuple[int, int]:
        """The keyset position of this row in the claim list: the inbox, then by priority and id."""
        if self.id is None:
            return (INBOX_KEY, 0)
        return (NO_PRIORITY if self.priority is None else self.priority, self.id)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A line of the evidence queue."""

    id: int
    kind: str
    source: str
    text: str
    outcome: str
    stance: str | None
    reliability: str | None
    credibility: str | None
    has_note: bool
    decided: bool
    reviews: int = 0  # under second review: the reviewers' calls in so far
    disputed: bool = False
    changes: int = 0  # the item's change count when read (models.leases)

    @property
    def key(self) -> tuple[bool, int]:
        """The keyset position of this row in its queue."""
        return (self.decided, self.id)


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    has_more: bool

    @property
    def last_key(self) -> tuple[bool, int] | None:
        return self.rows[-1].key if self.rows else None


@dataclass(frozen=True, slots=True)
class DecisionRow:
    id: int
    evidence_id: int
    at: datetime
    reviewer: str
    action: str
    stance: str | None
    outcome: str
    reliability: str | None
    credibility: str | None
    note: str
    duplicate_of: int | None
    seconds_on_screen: float | None
    undoes_id: int | None
    reviewer_id: int | None = None


@dataclass(frozen=True, slots=True)
class CapturedFile:
    """A file kept in the content-addressed store for an item."""

    sha256: str
    size: int | None
    media_type: str
    name: str


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """An earlier item of the same claim whose text is nearly the same."""

    id: int
    score: float
    text: str


@dataclass(frozen=True, slots=True)
class EvidenceDetail:
    """Everything the detail view shows about one item."""

    id: int
    ext_id: str | None
    claim_id: int | None
    claim_text: str | None
    kind: str
    source: str
    url: str
    text: str
    published_at: datetime | None
    provenance: str
    content_sha256: str
    dup_count: int
    stance: str | None
    outcome: str
    duplicate_of: int | None
    reliability: str | None
    credibility: str | None
    note: str
    decided_by: str | None
    decided_at: datetime | None
    history: tuple[DecisionRow, ...]
    captured_at: datetime | None = None
    ingested_at: datetime | None = None
    batch_source: str = ""
    file: CapturedFile | None = None
    near_duplicate: NearDuplicate | None = None
    same_url_claims: tuple[tuple[int, str], ...] = ()
    reviews: int = 0
    disputed: bool = False
    hidden_decisions: int = 0  # others' decisions kept from a blind reviewer

    @property
    def grade(self) -> str:
        return f"{self.reliability or '?'}{self.credibility or '?'}"
