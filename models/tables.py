"""The SQLModel tables: reviewers, claims, evidence, decisions, audit events.

Decisions and audit events are append-only. An evidence row carries a copy
of its latest decision's state (stance, outcome, grade, note) so that the
queue reads one table; the decisions table stays the record of truth.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import JSON, Index, func, literal_column, text
from sqlalchemy.types import DateTime, TypeDecorator
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend.

    SQLite keeps no time zone and hands back naive values; this type stores
    UTC and reattaches it on the way out.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _moment(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


def _blank() -> Any:
    """An empty-string default the database knows too, for rows written by plain SQL."""
    return Field(default="", sa_column_kwargs={"server_default": ""})


class Meta(SQLModel, table=True):
    """Key/value facts about the database itself, such as the schema version."""

    key: str = Field(primary_key=True)
    value: str


class Reviewer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    role: str = "reviewer"
    created_at: datetime = _moment(default_factory=utcnow)


class ImportBatch(SQLModel, table=True):
    """One run of the importer: where the rows came from and what it did."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    source: str
    file_sha256: str = _blank()
    format: str = ""
    reviewer_id: int | None = Field(default=None, foreign_key="reviewer.id")
    at: datetime = _moment(default_factory=utcnow)
    claims_new: int = 0
    evidence_new: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: int = 0


class Claim(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ext_id: str | None = Field(default=None, unique=True)
    text: str
    claimant: str = ""
    claim_date: date | None = None
    appearance_url: str = ""
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    priority: int | None = None
    status: str = "open"
    verdict: str | None = None
    rationale: str = ""
    verdict_by_id: int | None = Field(default=None, foreign_key="reviewer.id")
    verdict_at: datetime | None = _moment(default=None)
    # A reviewer's proposed verdict, for a supervisor to finalise (models.verdicts).
    proposed_verdict: str | None = None
    proposed_rationale: str = _blank()
    proposed_by_id: int | None = Field(default=None, foreign_key="reviewer.id")
    proposed_at: datetime | None = _moment(default=None)
    created_at: datetime = _moment(default_factory=utcnow)
    # A sealed claim's evidence is read-only for reviewers (models.supervision).
    sealed: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # Kept in step with the evidence outcomes in the same transaction, so the
    # claim list never counts the evidence table.
    n_pending: int = 0
    n_decided: int = 0


class Evidence(SQLModel, table=True):
    __table_args__ = (
        # The queue's keyset: pending first, then decided, in arrival order.
        Index("ix_evidence_queue", "claim_id", "decided", "id"),
        # (claim, id), the rowid being the last column of every index: a filtered view of
        # one claim walks it in id order and stops at a page, rather than sorting the claim.
        Index("ix_evidence_claim", "claim_id"),
        # Duplicates are looked up by content first, then checked for the same claim.
        Index("ix_evidence_content", "content_sha256", "claim_id"),
        Index("ix_evidence_url", "url_norm"),
        # The adjudication queue: the few disputed items, without a scan.
        Index("ix_evidence_disputed", "id", sqlite_where=text("disputed"), postgresql_where=text("disputed")),
        # A reviewer's lease, found without a scan to be given up (only leased items are in it).
        Index("ix_evidence_lease", "leased_by_id", sqlite_where=text("leased_by_id IS NOT NULL"),
              postgresql_where=text("leased_by_id IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    ext_id: str | None = Field(default=None, unique=True)
    claim_id: int | None = Field(default=None, foreign_key="claim.id")
    kind: str = "other"
    source: str = ""
    url: str = ""
    url_norm: str = _blank()
    text: str = ""
    published_at: datetime | None = _moment(default=None)
    captured_at: datetime | None = _moment(default=None)
    provenance: str = ""
    # SHA-256 of the normalised URL and text: equal within one claim means duplicate.
    content_sha256: str = ""
    dup_count: int = 0
    near_dup_of_id: int | None = Field(default=None, foreign_key="evidence.id")
    near_score: float | None = None
    file_sha256: str = _blank()
    file_size: int | None = None
    file_type: str = _blank()
    file_name: str = _blank()
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id")
    created_at: datetime = _moment(default_factory=utcnow)  # when we ingested it
    # Copy of the latest decision's state.
    stance: str | None = None
    outcome: str = "pending"
    decided: bool = False
    duplicate_of_id: int | None = Field(default=None, foreign_key="evidence.id")
    reliability: str | None = None
    credibility: str | None = None
    note: str = ""
    decided_by_id: int | None = Field(default=None, foreign_key="reviewer.id")
    decided_at: datetime | None = _moment(default=None)
    # Second review (models.second_review): how many reviewers' calls are in while the
    # item awaits the overlap, and whether they disagree, awaiting a supervisor.
    reviews: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    disputed: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # Concurrent reviewers (models.leases): every change counts up `version`, so that a decision
    # on a state someone else has changed since is caught; a lease holds a pending item for
    # the reviewer the queue handed it to, until it runs out.
    version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    leased_by_id: int | None = Field(default=None, foreign_key="reviewer.id")
    leased_until: datetime | None = _moment(default=None)


class ExternalReview(SQLModel, table=True):
    """A partner's published rating of a claim (from a ClaimReview feed)."""

    __tablename__ = "external_review"
    __table_args__ = (Index("ix_external_review_claim", "claim_id", "url", "publisher", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    publisher: str = ""
    rating: str = ""
    rating_value: float | None = None
    best: float | None = None
    worst: float | None = None
    url: str = ""
    date: str = ""
    language: str = ""
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id")


class EvidenceAlias(SQLModel, table=True):
    """The external id of an imported row found to duplicate an existing item,
    kept so that importing the same file again recognises it."""

    __tablename__ = "evidence_alias"

    ext_id: str = Field(primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)


class Decision(SQLModel, table=True):
    """One triage act and the full state it left the item in. Never updated."""

    __table_args__ = (
        Index("ix_decision_evidence", "evidence_id", "id"),
        Index("ix_decision_reviewer", "reviewer_id", "id"),
        Index("ix_decision_bulk", "bulk_id", sqlite_where=text("bulk_id IS NOT NULL"),
              postgresql_where=text("bulk_id IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id")
    reviewer_id: int = Field(foreign_key="reviewer.id")
    at: datetime = _moment(default_factory=utcnow)
    action: str
    stance: str | None = None
    outcome: str = "pending"
    duplicate_of_id: int | None = Field(default=None, foreign_key="evidence.id")
    reliability: str | None = None
    credibility: str | None = None
    note: str = ""
    seconds_on_screen: float | None = None
    undoes_id: int | None = Field(default=None, foreign_key="decision.id", unique=True)
    reason: str = _blank()  # why a supervisor overrode the item's state
    bulk_id: int | None = Field(default=None, foreign_key="bulk_decision.id")  # one of many, undone together


class BulkDecision(SQLModel, table=True):
    """One decision a reviewer made for many marked items at once; undone as one."""

    __tablename__ = "bulk_decision"

    id: int | None = Field(default=None, primary_key=True)
    reviewer_id: int = Field(foreign_key="reviewer.id")
    at: datetime = _moment(default_factory=utcnow)
    action: str
    items: int


class ReviewerPlace(SQLModel, table=True):
    """Where a reviewer stopped: the claim (None: the inbox), filter, search and item."""

    __tablename__ = "reviewer_place"

    reviewer_id: int = Field(foreign_key="reviewer.id", primary_key=True)
    claim_id: int | None = None
    evidence_id: int | None = None
    filter: str = _blank()
    search: str = _blank()
    at: datetime = _moment(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """One change to claims, evidence, verdicts or roles. Never updated."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _moment(default_factory=utcnow)
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    reason: str = ""
    # The hash chain (models.audit): the previous event's hash, and this one's.
    prev_hash: str = _blank()
    hash: str = _blank()


class SavedView(SQLModel, table=True):
    """A named filter and search the whole desk can open again."""

    __tablename__ = "saved_view"

    name: str = Field(primary_key=True)
    filter: str = ""
    search: str = ""
    created_by_id: int | None = Field(default=None, foreign_key="reviewer.id")
    created_at: datetime = _moment(default_factory=utcnow)


# The claim list's order, as one expression an index can hold: by priority (1 first),
# claims without one last, then by arrival. Queries must spell it the same way.
CLAIM_ORDER = func.coalesce(Claim.__table__.c.priority, literal_column("9223372036854775807"))
Index("ix_claim_order", CLAIM_ORDER, Claim.__table__.c.id)
