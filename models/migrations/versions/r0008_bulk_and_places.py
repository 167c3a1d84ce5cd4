"""Schema 8: bulk decisions (one decision for many marked items, undone as one) and
each reviewer's place (claim, filter, search and item), to come back to.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    # A file brought up by hand from before migrations may have any of these already.
    inspector = sa.inspect(op.get_bind())
    present = set(inspector.get_table_names())
    if "bulk_decision" not in present:
        op.create_table(
            "bulk_decision", sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("reviewer.id"), nullable=False),
            sa.Column("at", MOMENT, nullable=False), sa.Column("action", sa.String(), nullable=False),
            sa.Column("items", sa.Integer(), nullable=False))
    if "bulk_id" not in {column["name"] for column in inspector.get_columns("decision")}:
        # Added in place, as in 0007: SQLite cannot add the reference to a table in place.
        reference = [] if op.get_bind().dialect.name == "sqlite" else [sa.ForeignKey("bulk_decision.id")]
        op.add_column("decision", sa.Column("bulk_id", sa.Integer(), *reference, nullable=True))
    op.create_index("ix_decision_bulk", "decision", ["bulk_id"], if_not_exists=True,
                    sqlite_where=sa.text("bulk_id IS NOT NULL"), postgresql_where=sa.text("bulk_id IS NOT NULL"))
    if "reviewer_place" not in present:
        op.create_table(
            "reviewer_place",
            sa.Column("reviewer_id", sa.Integer(), sa.ForeignKey("reviewer.id"), primary_key=True),
            sa.Column("claim_id", sa.Integer(), nullable=True), sa.Column("evidence_id", sa.Integer(), nullable=True),
            sa.Column("filter", sa.String(), server_default="", nullable=False),
            sa.Column("search", sa.String(), server_default="", nullable=False),
            sa.Column("at", MOMENT, nullable=False))
    op.execute("UPDATE meta SET value = '8' WHERE key = 'schema_version'")


def downgrade() -> None:
    op.drop_table("reviewer_place")
    op.drop_index("ix_decision_bulk", "decision")
    with op.batch_alter_table("decision") as table:
        table.drop_column("bulk_id")
    op.drop_table("bulk_decision")
    op.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
