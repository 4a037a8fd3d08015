"""Follow-up tasks: create them from a meeting, pick a due date, close them, list them.

Owners are ``me`` (the rep), ``manager`` (the manager of the meeting) or ``named``
(someone else, by name). A follow-up closed (done or dropped) records when, and in
which meeting when it was closed there. Closed follow-ups are kept and can be listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select

from partnerdesk.core import clock
from partnerdesk.core.cadence import effective_cadence
from partnerdesk.core.clock import utcnow
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.models import FOLLOWUP_STATUSES, FollowUp, Manager, Meeting, Rep

OWNER_KINDS = ("me", "manager", "named")
OWNER_LABELS = {"me": "Me", "manager": "The manager", "named": "Someone named"}
STATUS_LABELS = {"open": "Open", "done": "Done", "dropped": "Dropped"}
#: Quick picks for the due date, in the order the dialog shows them.
DUE_PICKS = (
    ("next_meeting", "Next meeting"),
    ("one_week", "1 week"),
    ("end_of_month", "End of month"),
)


@dataclass
class FollowUpSpec:
    """What a new follow-up says, who owns it and when it is due."""

    text: str
    owner_kind: str = "me"
    owner_name: str = ""
    due_date: date | None = None
    manager_id: str | None = None
    meeting_id: str | None = None
    note_id: str | None = None
    rep_id: str | None = None


@dataclass(frozen=True)
class FollowUpRow:
    """A follow-up as the lists show it, with its manager's name and department."""

    id: str
    text: str
    owner_kind: str
    owner_name: str
    due_date: date | None
    status: str
    manager_id: str | None
    manager_name: str
    department: str
    meeting_id: str | None
    created_at: datetime
    closed_at: datetime | None
    closed_meeting_id: str | None
    rep_name: str = ""  # the rep who created it, for an owner "me" that is not the user
    mine: bool = True  # created by the current user (or by no rep on record)

    @property
    def owner_label(self) -> str:
        """Who owns it, in words: "Me" only for the current user's own follow-ups."""
        if self.owner_kind == "named":
            return self.owner_name or "Someone"
        if self.owner_kind == "manager":
            return self.manager_name or "The manager"
        return "Me" if self.mine else self.rep_name or "Another rep"

    def is_overdue(self, today: date) -> bool:
        return self.status == "open" and self.due_date is not None and self.due_date < today


@dataclass
class FollowUpFilter:
    """Which follow-ups a list shows."""

    statuses: tuple[str, ...] = ("open",)
    manager_id: str | None = None
    owner_kind: str | None = None
    owner_name: str | None = None
    rep_id: str | None = None
    overdue: bool = False
    due_this_week: bool = False
    today: date | None = None


def next_meeting_date(store: Store, manager_id: str | None, today: date) -> date:
    """The manager's next planned meeting, else one cadence from today (monthly by default)."""
    if manager_id:
        with store.session() as session:
            planned = session.scalars(
                select(Meeting.planned_for)
                .where(
                    Meeting.manager_id == manager_id,
                    Meeting.deleted.is_(False),
                    Meeting.status == "planned",
                    Meeting.planned_for > today,
                )
                .order_by(Meeting.planned_for)
                .limit(1)
            ).first()
            if planned is not None:
                return planned
            manager = session.get(Manager, manager_id)
            if manager is None:
                return clock.add_months(today, 1)
            cadence = effective_cadence(manager.team_size, manager.cadence_pref)
            return clock.add_months(today, cadence.months)
    return clock.add_months(today, 1)


def due_from_pick(store: Store, pick: str, manager_id: str | None, today: date) -> date:
    """The due date a quick pick stands for."""
    if pick == "next_meeting":
        return next_meeting_date(store, manager_id, today)
    if pick == "one_week":
        return today + timedelta(days=7)
    if pick == "end_of_month":
        return clock.month_end(today)
    raise StoreError(
        f"Unknown due-date pick {pick!r}; choose one of: next_meeting, one_week, end_of_month."
    )


def _check(spec: FollowUpSpec) -> None:
    if not spec.text.strip():
        raise StoreError("A follow-up needs some text saying what is to be done.")
    if spec.owner_kind not in OWNER_KINDS:
        raise StoreError(f"Unknown owner {spec.owner_kind!r}; choose one of: me, manager, named.")
    if spec.owner_kind == "named" and not spec.owner_name.strip():
        raise StoreError("Name the person who owns this follow-up (or choose me or the manager).")


def create_followup(store: Store, spec: FollowUpSpec) -> FollowUp:
    """Store a new open follow-up (the manager comes from the meeting when not given)."""
    _check(spec)
    with store.transaction() as session:
        manager_id = spec.manager_id
        if manager_id is None and spec.meeting_id:
            meeting = session.get(Meeting, spec.meeting_id)
            manager_id = meeting.manager_id if meeting else None
        followup = FollowUp(
            text=spec.text.strip(),
            owner_kind=spec.owner_kind,
            owner_name=spec.owner_name.strip() if spec.owner_kind == "named" else "",
            due_date=spec.due_date,
            manager_id=manager_id,
            meeting_id=spec.meeting_id,
            note_id=spec.note_id,
            rep_id=spec.rep_id,
        )
        session.add(followup)
    return followup


def _load(session, followup_id: str) -> FollowUp:
    return session.get_live(
        FollowUp,
        followup_id,
        "That follow-up no longer exists; it may have been deleted elsewhere.",
    )


def update_followup(store: Store, followup_id: str, spec: FollowUpSpec) -> None:
    """Change a follow-up's text, owner and due date."""
    _check(spec)
    with store.transaction() as session:
        followup = _load(session, followup_id)
        followup.text = spec.text.strip()
        followup.owner_kind = spec.owner_kind
        followup.owner_name = spec.owner_name.strip() if spec.owner_kind == "named" else ""
        followup.due_date = spec.due_date


def set_status(
    store: Store, followup_id: str, status: str, *, meeting_id: str | None = None
) -> None:
    """Mark done, dropped or open again; closing records when and in which meeting."""
    if status not in FOLLOWUP_STATUSES:
        raise StoreError(f"Unknown status {status!r}; choose one of: open, done, dropped.")
    with store.transaction() as session:
        followup = _load(session, followup_id)
        if followup.status == status:
            return
        followup.status = status
        if status == "open":
            followup.closed_at = None
            followup.closed_meeting_id = None
        else:
            followup.closed_at = utcnow()
            followup.closed_meeting_id = meeting_id


def delete_followup(store: Store, followup_id: str) -> None:
    """Tombstone a follow-up entered by mistake."""
    with store.transaction() as session:
        _load(session, followup_id).deleted = True


def list_followups(
    store: Store, flt: FollowUpFilter | None = None, me_rep_id: str | None = None
) -> list[FollowUpRow]:
    """Follow-ups matching ``flt``, soonest due first (no date last).

    ``me_rep_id`` is the current user's rep: only their own follow-ups read "Me".
    """
    flt = flt or FollowUpFilter()
    today = flt.today or clock.today()
    stmt = (
        select(FollowUp, Manager.name, Manager.department, Rep.name)
        .outerjoin(Manager, Manager.id == FollowUp.manager_id)
        .outerjoin(Rep, Rep.id == FollowUp.rep_id)
        .where(FollowUp.deleted.is_(False))
    )
    if flt.statuses:
        stmt = stmt.where(FollowUp.status.in_(flt.statuses))
    if flt.manager_id:
        stmt = stmt.where(FollowUp.manager_id == flt.manager_id)
    if flt.owner_kind:
        stmt = stmt.where(FollowUp.owner_kind == flt.owner_kind)
    if flt.owner_name:
        stmt = stmt.where(FollowUp.owner_name == flt.owner_name)
    if flt.rep_id:
        stmt = stmt.where(or_(FollowUp.rep_id == flt.rep_id, Manager.rep_id == flt.rep_id))
    if flt.overdue:
        stmt = stmt.where(FollowUp.status == "open", FollowUp.due_date < today)
    if flt.due_this_week:
        stmt = stmt.where(FollowUp.due_date >= today, FollowUp.due_date <= clock.week_end(today))
    stmt = stmt.order_by(
        FollowUp.due_date.is_(None), FollowUp.due_date, Manager.name, FollowUp.created_at
    )
    with store.session() as session:
        return [
            _row(f, name, dept, rep or "", f.rep_id is None or f.rep_id == me_rep_id)
            for f, name, dept, rep in session.execute(stmt)
        ]


def _row(
    f: FollowUp, manager_name: str | None, department: str | None, rep_name: str, mine: bool
) -> FollowUpRow:
    return FollowUpRow(
        id=f.id,
        text=f.text,
        owner_kind=f.owner_kind,
        owner_name=f.owner_name,
        due_date=f.due_date,
        status=f.status,
        manager_id=f.manager_id,
        manager_name=manager_name or "",
        department=department or "",
        meeting_id=f.meeting_id,
        created_at=f.created_at,
        closed_at=f.closed_at,
        closed_meeting_id=f.closed_meeting_id,
        rep_name=rep_name,
        mine=mine,
    )


def overdue(store: Store, today: date | None = None) -> list[FollowUpRow]:
    """Open follow-ups past their due date."""
    return list_followups(store, FollowUpFilter(overdue=True, today=today))


def due_this_week(store: Store, today: date | None = None) -> list[FollowUpRow]:
    """Open follow-ups due from today to Sunday."""
    return list_followups(store, FollowUpFilter(due_this_week=True, today=today))


def find_rep(store: Store, email: str) -> Rep:
    """The rep with ``email`` (case-insensitive), or a StoreError saying what to do."""
    with store.session() as session:
        rep = session.scalars(
            select(Rep).where(
                func.lower(Rep.email) == email.strip().lower(), Rep.deleted.is_(False)
            )
        ).first()
    if rep is None:
        raise StoreError(f"No rep has the email {email}; check the spelling or the team list.")
    return rep


def find_manager(store: Store, email: str) -> Manager:
    """The manager with ``email`` (case-insensitive), or a StoreError saying what to do."""
    with store.session() as session:
        manager = session.scalars(
            select(Manager).where(
                func.lower(Manager.email) == email.strip().lower(), Manager.deleted.is_(False)
            )
        ).first()
    if manager is None:
        raise StoreError(
            f"No manager has the email {email}; check the spelling or import the roster first."
        )
    return manager
