"""team trust: this device's signing and key-exchange keys, the verified membership log,
and the team's content keys by epoch

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: batch mode could rebuild the table.
    for name in ("sign_key", "box_key", "email", "root_hash"):
        op.add_column("sync_team", sa.Column(name, sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "sync_epoch_key",
        sa.Column("epoch", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False),
    )
    op.create_table(
        "sync_log_entry",
        sa.Column("idx", sa.Integer(), primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_log_entry")
    op.drop_table("sync_epoch_key")
    for name in ("root_hash", "email", "box_key", "sign_key"):
        op.drop_column("sync_team", name)
