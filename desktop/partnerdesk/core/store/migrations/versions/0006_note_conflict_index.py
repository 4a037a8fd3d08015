"""note conflict index: find notes in conflict without reading every note

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain CREATE INDEX: batch mode could rebuild the table and lose its search triggers.
    op.create_index(
        "ix_note_conflict",
        "note",
        ["deleted"],
        unique=False,
        sqlite_where=sa.text("conflict_body IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_note_conflict", table_name="note")
