"""assignment rules: department, region and tier -> rep maps

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment_rule",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("rep_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("updated_hlc", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assignment_rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_rule_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_assignment_rule_updated_hlc"), ["updated_hlc"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("assignment_rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_rule_updated_hlc"))
        batch_op.drop_index(batch_op.f("ix_assignment_rule_kind"))
    op.drop_table("assignment_rule")
