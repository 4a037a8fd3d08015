"""sync state: team, devices seen, errors, outbox marks, held changes, note versions

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("imported_bundle", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("file_size", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("file_mtime_ns", sa.BigInteger(), nullable=False, server_default="0")
        )
    op.create_table(
        "sync_team",
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("team_key", sa.String(length=64), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("last_sync_at", sa.DateTime(), nullable=True),
        sa.Column("last_problem", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("team_id"),
    )
    op.create_table(
        "sync_device",
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("device_name", sa.String(length=200), nullable=False),
        sa.Column("rep_id", sa.String(length=36), nullable=True),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("last_bundle_at", sa.DateTime(), nullable=True),
        sa.Column("last_imported_at", sa.DateTime(), nullable=True),
        sa.Column("bundles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
    )
    op.create_table(
        "sync_error",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("dismissed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sync_error", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_error_dismissed"), ["dismissed"], unique=False)
    op.create_table(
        "sync_outbox_mark",
        sa.Column("tbl", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "id"),
    )
    op.create_table(
        "sync_held",
        sa.Column("tbl", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tbl", "id", "hlc"),
    )
    op.create_table(
        "sync_note_state",
        sa.Column("note_id", sa.String(length=36), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("heads", sa.JSON(), nullable=True),
        sa.Column("merged_hlc", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("note_id"),
    )


def downgrade() -> None:
    op.drop_table("sync_note_state")
    op.drop_table("sync_held")
    op.drop_table("sync_outbox_mark")
    with op.batch_alter_table("sync_error", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_error_dismissed"))
    op.drop_table("sync_error")
    op.drop_table("sync_device")
    op.drop_table("sync_team")
    with op.batch_alter_table("imported_bundle", schema=None) as batch_op:
        batch_op.drop_column("file_mtime_ns")
        batch_op.drop_column("file_size")
