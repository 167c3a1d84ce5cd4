"""Schema 7: concurrent reviewers. Each item counts its changes (a decision on a state
someone changed since is caught), and a lease holds it for one reviewer.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no table copy on SQLite: the search triggers and a million rows stay put).
    # SQLite cannot add a constraint to a table in place: there the lease goes in without its reference.
    reference = [] if op.get_bind().dialect.name == "sqlite" else [sa.ForeignKey("reviewer.id")]
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("evidence")}
    for column in (sa.Column("version", sa.Integer(), server_default="0", nullable=False),
                   sa.Column("leased_by_id", sa.Integer(), *reference, nullable=True),
                   sa.Column("leased_until", sa.DateTime(timezone=True), nullable=True)):
        if column.name not in present:  # a file upgraded by hand before this revision may have them
            op.add_column("evidence", column)
    op.create_index("ix_evidence_lease", "evidence", ["leased_by_id"], if_not_exists=True,
                    sqlite_where=sa.text("leased_by_id IS NOT NULL"), postgresql_where=sa.text("leased_by_id IS NOT NULL"))
    op.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")


def downgrade() -> None:
    op.drop_index("ix_evidence_lease", "evidence")
    with op.batch_alter_table("evidence") as table:
        for name in ("leased_until", "leased_by_id", "version"):
            table.drop_column(name)
    op.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
