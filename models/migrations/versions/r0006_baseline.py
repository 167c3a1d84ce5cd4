"""Schema 6, the first under migrations: reviewers, claims, evidence, decisions, the
hash-chained audit log, saved views, second review and proposed verdicts, and the
full-text index. A database from before migrations is brought to schema 6 by
models.database's older steps and stamped with this revision.

Revision ID: 0006
Revises:
"""

import sqlalchemy as sa
from alembic import op

from models import search

revision = "0006"
down_revision = None
branch_labels = None
depends_on = None

TEXT = sa.String
MOMENT = sa.DateTime(timezone=True)


def _blank(name: str) -> sa.Column:
    return sa.Column(name, TEXT(), server_default="", nullable=False)


def upgrade() -> None:
    op.create_table("meta", sa.Column("key", TEXT(), primary_key=True), sa.Column("value", TEXT(), nullable=False))
    op.create_table(
        "reviewer", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", TEXT(), nullable=False),
        sa.Column("role", TEXT(), nullable=False), sa.Column("created_at", MOMENT, nullable=False))
    op.create_index("ix_reviewer_name", "reviewer", ["name"], unique=True)
    op.create_table(
        "audit_event", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("at", MOMENT, nullable=False),
        sa.Column("actor", TEXT(), nullable=False), sa.Column("action", TEXT(), nullable=False),
        sa.Column("entity", TEXT(), nullable=False), sa.Column("entity_id", TEXT(), nullable=False),
        sa.Column("before", sa.JSON()), sa.Column("after", sa.JSON()), sa.Column("reason", TEXT(), nullable=False),
        _blank("prev_hash"), _blank("hash"))
    op.create_table(
        "claim", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("ext_id", TEXT(), unique=True),
        sa.Column("text", TEXT(), nullable=False), sa.Column("claimant", TEXT(), nullable=False),
        sa.Column("claim_date", sa.Date()), sa.Column("appearance_url", TEXT(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False), sa.Column("priority", sa.Integer()),
        sa.Column("status", TEXT(), nullable=False), sa.Column("verdict", TEXT()),
        sa.Column("rationale", TEXT(), nullable=False),
        sa.Column("verdict_by_id", sa.Integer(), sa.ForeignKey("reviewer.id")), sa.Column("verdict_at", MOMENT),
        sa.Column("proposed_verdict", TEXT()), _blank("proposed_rationale"),
        sa.Column("proposed_by_id", sa.Integer(), sa.ForeignKey("reviewer.id")), sa.Column("proposed_at", MOMENT),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("sealed", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("n_pending", sa.Integer(), nullable=False), sa.Column("n_decided", sa.Integer(), nullable=False))
    op.execute("CREATE INDEX ix_claim_order ON claim (coalesce(priority, 9223372036854775807), id)")
    op.create_table(
        "import_batch", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("source", TEXT(), nullable=False),
        _blank("file_sha256"), sa.Column("format", TEXT(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("reviewer.id")), sa.Column("at", MOMENT, nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False)
          for name in ("claims_new", "evidence_new", "duplicates", "near_duplicates", "rejected")))
    op.create_table(
        "saved_view", sa.Column("name", TEXT(), primary_key=True), sa.Column("filter", TEXT(), nullable=False),
        sa.Column("search", TEXT(), nullable=False), sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("reviewer.id")),
        sa.Column("created_at", MOMENT, nullable=False))
    op.create_table(
        "evidence", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("ext_id", TEXT(), unique=True),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claim.id")), sa.Column("kind", TEXT(), nullable=False),
        sa.Column("source", TEXT(), nullable=False), sa.Column("url", TEXT(), nullable=False), _blank("url_norm"),
        sa.Column("text", TEXT(), nullable=False), sa.Column("published_at", MOMENT), sa.Column("captured_at", MOMENT),
        sa.Column("provenance", TEXT(), nullable=False), sa.Column("content_sha256", TEXT(), nullable=False),
        sa.Column("dup_count", sa.Integer(), nullable=False),
        sa.Column("near_dup_of_id", sa.Integer(), sa.ForeignKey("evidence.id")), sa.Column("near_score", sa.Float()),
        _blank("file_sha256"), sa.Column("file_size", sa.Integer()), _blank("file_type"), _blank("file_name"),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("import_batch.id")),
        sa.Column("created_at", MOMENT, nullable=False), sa.Column("stance", TEXT()),
        sa.Column("outcome", TEXT(), nullable=False), sa.Column("decided", sa.Boolean(), nullable=False),
        sa.Column("duplicate_of_id", sa.Integer(), sa.ForeignKey("evidence.id")), sa.Column("reliability", TEXT()),
        sa.Column("credibility", TEXT()), sa.Column("note", TEXT(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("reviewer.id")), sa.Column("decided_at", MOMENT),
        sa.Column("reviews", sa.Integer(), server_default="0", nullable=False),
        sa.Column("disputed", sa.Boolean(), server_default="0", nullable=False))
    op.create_index("ix_evidence_queue", "evidence", ["claim_id", "decided", "id"])
    op.create_index("ix_evidence_claim", "evidence", ["claim_id"])
    op.create_index("ix_evidence_content", "evidence", ["content_sha256", "claim_id"])
    op.create_index("ix_evidence_url", "evidence", ["url_norm"])
    op.create_index("ix_evidence_disputed", "evidence", ["id"], sqlite_where=sa.text("disputed"),
                    postgresql_where=sa.text("disputed"))
    op.create_table(
        "external_review", sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claim.id"), nullable=False),
        *(sa.Column(name, TEXT(), nullable=False) for name in ("publisher", "rating")),
        *(sa.Column(name, sa.Float()) for name in ("rating_value", "best", "worst")),
        *(sa.Column(name, TEXT(), nullable=False) for name in ("url", "date", "language")),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("import_batch.id")))
    op.create_index("ix_external_review_claim", "external_review", ["claim_id", "url", "publisher"], unique=True)
    op.create_table(
        "evidence_alias", sa.Column("ext_id", TEXT(), primary_key=True),
        sa.Column("evidence_id", sa.Integer(), sa.ForeignKey("evidence.id"), nullable=False))
    op.create_index("ix_evidence_alias_evidence_id", "evidence_alias", ["evidence_id"])
    op.create_table(
        "decision", sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("evidence_id", sa.Integer(), sa.ForeignKey("evidence.id"), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("reviewer.id"), nullable=False),
        sa.Column("at", MOMENT, nullable=False), sa.Column("action", TEXT(), nullable=False),
        sa.Column("stance", TEXT()), sa.Column("outcome", TEXT(), nullable=False),
        sa.Column("duplicate_of_id", sa.Integer(), sa.ForeignKey("evidence.id")),
        sa.Column("reliability", TEXT()), sa.Column("credibility", TEXT()), sa.Column("note", TEXT(), nullable=False),
        sa.Column("seconds_on_screen", sa.Float()),
        sa.Column("undoes_id", sa.Integer(), sa.ForeignKey("decision.id"), unique=True), _blank("reason"))
    op.create_index("ix_decision_evidence", "decision", ["evidence_id", "id"])
    op.create_index("ix_decision_reviewer", "decision", ["reviewer_id", "id"])
    search.install(op.get_bind())
    op.execute("INSERT INTO meta (key, value) VALUES ('schema_version', '6')")


def downgrade() -> None:
    raise NotImplementedError("schema 6 is the first under migrations")
