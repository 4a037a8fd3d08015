"""lifecycle: events from roster imports, cases with their timelines, engagement results

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("updated_hlc", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "lifecycle_event",
        sa.Column("employee_ref", sa.String(length=36), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("manager_email", sa.String(length=320), nullable=False),
        sa.Column("from_manager_email", sa.String(length=320), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("from_department", sa.String(length=200), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        *_synced(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lifecycle_event_on", "lifecycle_event", ["on_date"])
    op.create_index("ix_lifecycle_event_employee_ref", "lifecycle_event", ["employee_ref"])
    op.create_index("ix_lifecycle_event_manager_email", "lifecycle_event", ["manager_email"])
    op.create_index("ix_lifecycle_event_updated_hlc", "lifecycle_event", ["updated_hlc"])
    op.create_table(
        "hr_case",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("manager_id", sa.String(length=36), nullable=True),
        sa.Column("employee_ref", sa.String(length=36), nullable=True),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_meeting_id", sa.String(length=36), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_meeting_id", sa.String(length=36), nullable=True),
        sa.Column("signal_id", sa.String(length=36), nullable=True),
        sa.Column("event_id", sa.String(length=36), nullable=True),
        *_synced(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_hr_case_kind", "hr_case", ["kind"])
    op.create_index("ix_hr_case_manager_id", "hr_case", ["manager_id"])
    op.create_index("ix_hr_case_status", "hr_case", ["status"])
    op.create_index("ix_hr_case_updated_hlc", "hr_case", ["updated_hlc"])
    op.create_table(
        "hr_case_update",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("meeting_id", sa.String(length=36), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        *_synced(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_hr_case_update_case_id", "hr_case_update", ["case_id"])
    op.create_index("ix_hr_case_update_updated_hlc", "hr_case_update", ["updated_hlc"])
    op.create_table(
        "engagement_result",
        sa.Column("manager_id", sa.String(length=36), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=4), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("invited", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        *_synced(),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_engagement_result_manager_id", "engagement_result", ["manager_id"])
    op.create_index("ix_engagement_result_period", "engagement_result", ["period"])
    op.create_index("ix_engagement_result_updated_hlc", "engagement_result", ["updated_hlc"])


def downgrade() -> None:
    for table in ("engagement_result", "hr_case_update", "hr_case", "lifecycle_event"):
        op.drop_table(table)
