"""employment: status, hire, termination and trial-end dates per person

Real HRIS exports include leavers and people on leave, and give hire, termination and
probation dates; the roster import keeps them and the lifecycle events are read from them.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: batch mode could rebuild the table and lose its triggers.
    op.add_column(
        "employee", sa.Column("status", sa.String(16), nullable=False, server_default="active")
    )
    op.add_column("employee", sa.Column("hire_date", sa.Date(), nullable=True))
    op.add_column("employee", sa.Column("termination_date", sa.Date(), nullable=True))
    op.add_column("employee", sa.Column("trial_end_date", sa.Date(), nullable=True))


def downgrade() -> None:
    for column in ("trial_end_date", "termination_date", "hire_date", "status"):
        op.drop_column("employee", column)
