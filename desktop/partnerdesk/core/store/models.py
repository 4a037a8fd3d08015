"""The store's tables as SQLAlchemy 2.0 typed models.

Synced records (everything a rep shares with the team) carry a UUID id, the
hybrid-logical-clock stamp of their last change, the device that made it, and a
tombstone flag instead of hard deletes. References between synced records are plain
id columns without database foreign keys: a shared-folder sync may deliver a meeting
before the manager it belongs to, and the store must accept it.

Datetimes are naive UTC; dates are calendar dates.

No ``from __future__ import annotations`` here: SQLAlchemy would evaluate each
``Mapped[...]`` string again, and importing the models (on the way to the Today view)
took about 30 ms longer.
"""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from partnerdesk.core.clock import utcnow

VISIBILITIES = ("private", "team", "exec")
SIGNAL_KINDS = ("flight_risk", "performance", "training", "headcount", "pain_point", "other")
MEETING_STATUSES = ("planned", "in_progress", "held", "rescheduled", "cancelled")
FOLLOWUP_STATUSES = ("open", "done", "dropped")
CADENCES = ("monthly", "quarterly")
LIFECYCLE_KINDS = (
    "joined",
    "trial_end",
    "moved",
    "manager_changed",
    "leave_started",
    "returned",
    "left",
)
CASE_KINDS = ("onboarding", "trial_review", "performance", "review", "leave", "exit")
CASE_STATUSES = ("open", "closed")


def new_id() -> str:
    """A fresh record id."""
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    """Declarative base for every table."""


class Synced:
    """Columns every shared record carries (id, clock stamp, device, tombstone)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    updated_hlc: Mapped[str] = mapped_column(String(64), default="", index=True)
    device_id: Mapped[str] = mapped_column(String(64), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Rep(Synced, Base):
    """An HR rep (People Partner); one of them is the HR lead/VP."""

    __tablename__ = "rep"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), index=True)
    capacity: Mapped[float] = mapped_column(Float, default=1.0)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    region: Mapped[str] = mapped_column(String(100), default="")
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Employee(Synced, Base):
    """A person from the HRIS export (the roster behind the managers)."""

    __tablename__ = "employee"

    employee_id: Mapped[str] = mapped_column(String(100), default="", index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="", index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(200), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    manager_email: Mapped[str] = mapped_column(String(320), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Employment status from the HRIS: "active", "leave" (still staff) or "terminated".
    status: Mapped[str] = mapped_column(String(16), default="active")
    hire_date: Mapped[date | None] = mapped_column(Date, default=None)
    termination_date: Mapped[date | None] = mapped_column(Date, default=None)
    trial_end_date: Mapped[date | None] = mapped_column(Date, default=None)


class Manager(Synced, Base):
    """A people manager a rep supports, with team size, executive, rep and cadence."""

    __tablename__ = "manager"

    employee_id: Mapped[str] = mapped_column(String(100), default="", index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    tier: Mapped[str] = mapped_column(String(64), default="Manager")
    department: Mapped[str] = mapped_column(String(200), default="", index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    team_size: Mapped[int] = mapped_column(Integer, default=0)
    reports_to_id: Mapped[str | None] = mapped_column(String(36), default=None)
    executive_id: Mapped[str | None] = mapped_column(String(36), default=None)
    rep_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    cadence_pref: Mapped[str | None] = mapped_column(String(16), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Agenda(Synced, Base):
    """The month's shared HR agenda (draft until the HR lead publishes it)."""

    __tablename__ = "agenda"

    month: Mapped[str] = mapped_column(String(7), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    published_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    author_rep_id: Mapped[str | None] = mapped_column(String(36), default=None)
    section_minutes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AgendaItem(Synced, Base):
    """One item of a monthly agenda, with optional date, audience and follow-up prompts."""

    __tablename__ = "agenda_item"

    agenda_id: Mapped[str] = mapped_column(String(36), index=True)
    section: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    item_date: Mapped[date | None] = mapped_column(Date, default=None)
    audience_kind: Mapped[str] = mapped_column(String(16), default="all")
    audience_value: Mapped[str] = mapped_column(String(200), default="")
    prompts: Mapped[list[str]] = mapped_column(JSON, default=list)


class Meeting(Synced, Base):
    """A one-on-one between a rep and a manager, planned, held, rescheduled or cancelled."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_manager_planned", "manager_id", "planned_for"),)

    manager_id: Mapped[str] = mapped_column(String(36))
    rep_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    planned_for: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    started_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    held_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    finalized_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    agenda_id: Mapped[str | None] = mapped_column(String(36), default=None)
    rescheduled_to_id: Mapped[str | None] = mapped_column(String(36), default=None)
    reason: Mapped[str] = mapped_column(Text, default="")


class Note(Synced, Base):
    """A note: an answer to an agenda item, a free note, a parking-lot topic or an addendum."""

    __tablename__ = "note"
    __table_args__ = (
        Index("ix_note_manager_created", "manager_id", "created_at"),
        Index("ix_note_conflict", "deleted", sqlite_where=text("conflict_body IS NOT NULL")),
        Index("ix_note_created_tags", "created_at", "manager_id", "deleted", "tags"),
    )

    meeting_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    manager_id: Mapped[str | None] = mapped_column(String(36), default=None)
    agenda_item_id: Mapped[str | None] = mapped_column(String(36), default=None)
    kind: Mapped[str] = mapped_column(String(16), default="free")
    body: Mapped[str] = mapped_column(Text, default="")
    visibility: Mapped[str] = mapped_column(String(8), default="team")
    tags: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    author_rep_id: Mapped[str | None] = mapped_column(String(36), default=None)
    conflict_body: Mapped[str | None] = mapped_column(Text, default=None)


class FollowUp(Synced, Base):
    """A follow-up task agreed in a meeting, open until done or dropped."""

    __tablename__ = "followup"

    manager_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    meeting_id: Mapped[str | None] = mapped_column(String(36), default=None)
    note_id: Mapped[str | None] = mapped_column(String(36), default=None)
    rep_id: Mapped[str | None] = mapped_column(String(36), default=None)
    text: Mapped[str] = mapped_column(Text, default="")
    owner_kind: Mapped[str] = mapped_column(String(16), default="me")
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    closed_meeting_id: Mapped[str | None] = mapped_column(String(36), default=None)


class Signal(Synced, Base):
    """An early warning (flight risk, performance concern, ...) followed until resolved."""

    __tablename__ = "signal"
    __table_args__ = (
        Index("ix_signal_opened_tags", "opened_at", "manager_id", "deleted", "tags"),
        Index("ix_signal_open", "status", "deleted", "manager_id", "kind", "opened_at", "severity"),
    )

    manager_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    meeting_id: Mapped[str | None] = mapped_column(String(36), default=None)
    rep_id: Mapped[str | None] = mapped_column(String(36), default=None)
    kind: Mapped[str] = mapped_column(String(16), default="other")
    severity: Mapped[int] = mapped_column(Integer, default=2)
    person: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    checklist: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    review_date: Mapped[date | None] = mapped_column(Date, default=None)


class SignalUpdate(Synced, Base):
    """One entry in a signal's timeline (an update in a later meeting, or its resolution)."""

    __tablename__ = "signal_update"

    signal_id: Mapped[str] = mapped_column(String(36), index=True)
    meeting_id: Mapped[str | None] = mapped_column(String(36), default=None)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")


class LifecycleEvent(Synced, Base):
    """A step in a person's working life, read from successive roster imports."""

    __tablename__ = "lifecycle_event"
    __table_args__ = (Index("ix_lifecycle_event_on", "on_date"),)

    employee_ref: Mapped[str] = mapped_column(String(36), index=True)
    person: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(16))
    on_date: Mapped[date] = mapped_column(Date)
    #: The person's manager after the event (before it, for a leaver).
    manager_email: Mapped[str] = mapped_column(String(320), default="", index=True)
    from_manager_email: Mapped[str] = mapped_column(String(320), default="")
    department: Mapped[str] = mapped_column(String(200), default="")
    from_department: Mapped[str] = mapped_column(String(200), default="")
    detected_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Case(Synced, Base):
    """A piece of people work followed end to end (onboarding to exit), across meetings."""

    __tablename__ = "hr_case"

    kind: Mapped[str] = mapped_column(String(16), index=True)
    manager_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    employee_ref: Mapped[str | None] = mapped_column(String(36), default=None)
    person: Mapped[str] = mapped_column(String(200), default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Free text kept with the case, e.g. the exit interview's notes.
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    checklist: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    opened_meeting_id: Mapped[str | None] = mapped_column(String(36), default=None)
    due_date: Mapped[date | None] = mapped_column(Date, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    closed_meeting_id: Mapped[str | None] = mapped_column(String(36), default=None)
    signal_id: Mapped[str | None] = mapped_column(String(36), default=None)
    event_id: Mapped[str | None] = mapped_column(String(36), default=None)


class CaseUpdate(Synced, Base):
    """One entry of a case's timeline (opened, an update in a meeting, closed)."""

    __tablename__ = "hr_case_update"

    case_id: Mapped[str] = mapped_column(String(36), index=True)
    meeting_id: Mapped[str | None] = mapped_column(String(36), default=None)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")


class EngagementResult(Synced, Base):
    """One team's engagement survey result for a period (overall, or one question)."""

    __tablename__ = "engagement_result"

    manager_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    department: Mapped[str] = mapped_column(String(200), default="")
    period: Mapped[str] = mapped_column(String(16), index=True)
    question: Mapped[str] = mapped_column(String(500), default="")
    #: Favourable percentage (unit "%") or a mean score (unit "").
    score: Mapped[float] = mapped_column(Float, default=0.0)
    unit: Mapped[str] = mapped_column(String(4), default="%")
    respondents: Mapped[int] = mapped_column(Integer, default=0)
    invited: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AssignmentRule(Synced, Base):
    """One entry of an assignment map: a department, region or tier supported by a rep."""

    __tablename__ = "assignment_rule"

    kind: Mapped[str] = mapped_column(String(16), index=True)
    key: Mapped[str] = mapped_column(String(200))
    rep_id: Mapped[str | None] = mapped_column(String(36), default=None)


class LocalSetting(Base):
    """Device-local state that never syncs (who I am, sync bookmarks, ...)."""

    __tablename__ = "local_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class ImportedBundle(Base):
    """A sync bundle this device has applied: (device, sequence) and its content hash."""

    __tablename__ = "imported_bundle"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    file_size: Mapped[int] = mapped_column(BigInteger, default=0)
    file_mtime_ns: Mapped[int] = mapped_column(BigInteger, default=0)


class SearchDoc(Base):
    """One searchable record; its text is row ``doc_id`` of the FTS5 table ``search_fts``.

    Both are local (never synced) and kept up to date by SQL triggers (revisions 0003 and 0005).
    """

    __tablename__ = "search_doc"
    __table_args__ = (
        UniqueConstraint("source", "ref_id"),
        Index("ix_search_doc_manager", "manager_id"),
    )

    doc_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    manager_id: Mapped[str | None] = mapped_column(String(36))
    meeting_id: Mapped[str | None] = mapped_column(String(36))
    target_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime | None] = mapped_column(DateTime)
    visibility: Mapped[str] = mapped_column(String(8))


class SyncTeam(Base):
    """The team this profile syncs with (at most one row): its folder and its key."""

    __tablename__ = "sync_team"

    team_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    folder: Mapped[str] = mapped_column(Text, default="")
    team_key: Mapped[str] = mapped_column(String(64), default="")
    joined_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    last_problem: Mapped[str] = mapped_column(Text, default="")
    #: This device's private Ed25519 (signing) and X25519 (key exchange) keys, hex.
    sign_key: Mapped[str] = mapped_column(Text, default="")
    box_key: Mapped[str] = mapped_column(Text, default="")
    #: Whom this device speaks for in the team (set at create/join).
    email: Mapped[str] = mapped_column(Text, default="")
    #: The hash of the membership log's first entry, pinned at create/join.
    root_hash: Mapped[str] = mapped_column(Text, default="")


class SyncEpochKey(Base):
    """A team content key of one epoch, unwrapped from the membership log (never synced)."""

    __tablename__ = "sync_epoch_key"

    epoch: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64))


class SyncLogEntry(Base):
    """One verified entry of the team's membership log, kept so a folder cannot roll it back."""

    __tablename__ = "sync_log_entry"

    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)


class SyncDevice(Base):
    """Another device seen in the shared folder, whose rep it speaks for and its last bundle."""

    __tablename__ = "sync_device"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_name: Mapped[str] = mapped_column(String(200), default="")
    rep_id: Mapped[str | None] = mapped_column(String(36), default=None)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default="")
    last_bundle_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    last_imported_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    bundles: Mapped[int] = mapped_column(Integer, default=0)


class SyncProblem(Base):
    """A sync error or alarm shown in the Team & Sync view until dismissed or resolved."""

    __tablename__ = "sync_error"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(32))
    file: Mapped[str] = mapped_column(Text, default="")
    device_id: Mapped[str] = mapped_column(String(64), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)


class OutboxMark(Base):
    """The version of one of this device's records last written to a bundle."""

    __tablename__ = "sync_outbox_mark"

    tbl: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hlc: Mapped[str] = mapped_column(String(64), default="")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)


class HeldChange(Base):
    """A received change not applied yet: stamped too far in the future, or not allowed."""

    __tablename__ = "sync_held"

    tbl: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hlc: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(String(16), default="")
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    held_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class NoteVersions(Base):
    """Sync bookkeeping of a note: its version vector and, in a conflict, the concurrent heads."""

    __tablename__ = "sync_note_state"

    note_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    vv: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    heads: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    merged_hlc: Mapped[str] = mapped_column(String(64), default="")


SYNCED_MODELS: tuple[type[Synced], ...] = (
    Rep,
    Employee,
    Manager,
    Agenda,
    AgendaItem,
    Meeting,
    Note,
    FollowUp,
    Signal,
    SignalUpdate,
    AssignmentRule,
    LifecycleEvent,
    Case,
    CaseUpdate,
    EngagementResult,
)
