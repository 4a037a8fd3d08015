"""Signals (early warnings): raise one in a meeting, follow it over time, resolve it.

Each signal has a kind, a severity, an optional person (left blank to stay
anonymous) and a timeline of :class:`SignalUpdate` rows: opened, updates in later
meetings, resolved. A performance concern carries an early-intervention checklist
so the rep gets ahead of documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select

from partnerdesk.core.clock import utcnow
from partnerdesk.core.notes import join_tags, parse_tags, split_tags
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.models import SIGNAL_KINDS, Manager, Signal, SignalUpdate

KIND_LABELS = {
    "flight_risk": "Flight risk",
    "performance": "Performance concern",
    "training": "Training need",
    "headcount": "Headcount request",
    "pain_point": "Pain point",
    "other": "Other",
}
SEVERITY_LABELS = {1: "Low", 2: "Medium", 3: "High"}
#: The early-intervention checklist of a performance concern (review date is a column).
CHECKLIST_ITEMS = (
    ("expectations_set", "Expectations set"),
    ("support_offered", "Support offered"),
    ("documentation_started", "Documentation started"),
)


@dataclass
class SignalSpec:
    """What is raised: kind, severity, person (optional), summary and tags."""

    kind: str
    severity: int = 2
    person: str = ""
    summary: str = ""
    tags: str = ""
    manager_id: str | None = None
    meeting_id: str | None = None
    rep_id: str | None = None
    review_date: date | None = None
    checklist: dict[str, bool] | None = None


@dataclass(frozen=True)
class SignalRow:
    """A signal as lists show it, with its manager's name and department."""

    id: str
    kind: str
    severity: int
    person: str
    summary: str
    tags: str
    status: str
    manager_id: str | None
    manager_name: str
    department: str
    opened_at: datetime
    resolved_at: datetime | None
    review_date: date | None
    checklist: dict[str, bool]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def person_label(self) -> str:
        return self.person or "Anonymous"


def _check(spec: SignalSpec) -> None:
    if spec.kind not in SIGNAL_KINDS:
        raise StoreError(f"Unknown signal kind {spec.kind!r}; choose one of: {SIGNAL_KINDS}.")
    if spec.severity not in SEVERITY_LABELS:
        raise StoreError("Severity is 1 (low), 2 (medium) or 3 (high).")


def _tags(spec: SignalSpec) -> str:
    return join_tags(list(dict.fromkeys(split_tags(spec.tags) + parse_tags(spec.summary))))


def default_checklist(kind: str) -> dict[str, bool]:
    """A fresh checklist for a performance concern; other kinds have none."""
    return {key: False for key, _label in CHECKLIST_ITEMS} if kind == "performance" else {}


def raise_signal(store: Store, spec: SignalSpec) -> Signal:
    """Open a signal and its timeline's first entry."""
    _check(spec)
    with store.transaction() as session:
        checklist = default_checklist(spec.kind)
        checklist.update({k: bool(v) for k, v in (spec.checklist or {}).items() if k in checklist})
        signal = Signal(
            kind=spec.kind,
            severity=spec.severity,
            person=spec.person.strip(),
            summary=spec.summary.strip(),
            tags=_tags(spec),
            manager_id=spec.manager_id,
            meeting_id=spec.meeting_id,
            rep_id=spec.rep_id,
            review_date=spec.review_date if spec.kind == "performance" else None,
            checklist=checklist,
        )
        session.add(signal)
        session.flush()
        session.add(
            SignalUpdate(
                signal_id=signal.id,
                meeting_id=spec.meeting_id,
                at=signal.opened_at,
                text=f"Opened: {spec.summary.strip() or KIND_LABELS[spec.kind]}",
                status="open",
            )
        )
    return signal


def _load(session, signal_id: str) -> Signal:
    return session.get_live(
        Signal, signal_id, "That signal no longer exists; it may have been deleted elsewhere."
    )


def update_signal(store: Store, signal_id: str, spec: SignalSpec) -> None:
    """Change a signal's details (its manager too); a given checklist replaces the stored one."""
    _check(spec)
    with store.transaction() as session:
        signal = _load(session, signal_id)
        checklist = default_checklist(spec.kind)
        if spec.kind == signal.kind:
            checklist.update({k: v for k, v in (signal.checklist or {}).items() if k in checklist})
        checklist.update({k: bool(v) for k, v in (spec.checklist or {}).items() if k in checklist})
        signal.checklist = checklist
        signal.review_date = spec.review_date if spec.kind == "performance" else None
        signal.manager_id = spec.manager_id
        signal.kind = spec.kind
        signal.severity = spec.severity
        signal.person = spec.person.strip()
        signal.summary = spec.summary.strip()
        signal.tags = _tags(spec)


def delete_signal(store: Store, signal_id: str) -> None:
    """Tombstone a signal raised by mistake (its timeline goes with it)."""
    with store.transaction() as session:
        _load(session, signal_id).deleted = True
        for update in session.scalars(
            select(SignalUpdate).where(SignalUpdate.signal_id == signal_id)
        ):
            update.deleted = True


def add_update(
    store: Store, signal_id: str, text: str, *, meeting_id: str | None = None
) -> SignalUpdate:
    """Add an entry to the timeline (e.g. what the manager said in a later meeting)."""
    if not text.strip():
        raise StoreError("Write what changed before adding an update.")
    with store.transaction() as session:
        signal = _load(session, signal_id)
        update = SignalUpdate(
            signal_id=signal.id, meeting_id=meeting_id, text=text.strip(), status=signal.status
        )
        session.add(update)
    return update


def resolve(store: Store, signal_id: str, text: str = "", *, meeting_id: str | None = None) -> None:
    """Close the case, with an optional closing remark on the timeline."""
    _set_status(store, signal_id, "resolved", text.strip() or "Resolved", meeting_id)


def reopen(store: Store, signal_id: str, text: str = "", *, meeting_id: str | None = None) -> None:
    """Open a resolved signal again."""
    _set_status(store, signal_id, "open", text.strip() or "Reopened", meeting_id)


def _set_status(store: Store, signal_id: str, status: str, text: str, meeting_id) -> None:
    with store.transaction() as session:
        signal = _load(session, signal_id)
        if signal.status == status:
            return
        signal.status = status
        signal.resolved_at = utcnow() if status == "resolved" else None
        session.add(
            SignalUpdate(signal_id=signal.id, meeting_id=meeting_id, text=text, status=status)
        )


def set_checklist_item(store: Store, signal_id: str, item: str, done: bool) -> None:
    """Tick or untick one early-intervention step of a performance concern."""
    keys = [key for key, _label in CHECKLIST_ITEMS]
    if item not in keys:
        raise StoreError(f"Unknown checklist step {item!r}; choose one of: {', '.join(keys)}.")
    with store.transaction() as session:
        signal = _load(session, signal_id)
        if signal.kind != "performance":
            raise StoreError("Only a performance concern has an early-intervention checklist.")
        signal.checklist = {**default_checklist("performance"), **signal.checklist, item: done}


def set_review_date(store: Store, signal_id: str, review_date: date | None) -> None:
    """Set (or clear) the review date of a performance concern."""
    with store.transaction() as session:
        _load(session, signal_id).review_date = review_date


def timeline(store: Store, signal_id: str) -> list[SignalUpdate]:
    """The signal's story, oldest entry first."""
    with store.session() as session:
        return list(
            session.scalars(
                select(SignalUpdate)
                .where(SignalUpdate.signal_id == signal_id, SignalUpdate.deleted.is_(False))
                .order_by(SignalUpdate.at, SignalUpdate.updated_hlc)
            )
        )


@dataclass(frozen=True)
class StoryEntry:
    """One line of a signal's story, as the timeline shows it."""

    at: datetime
    status: str
    text: str
    meeting_id: str | None


def story(store: Store, signal_id: str) -> list[StoryEntry]:
    """The timeline with its opening always first (records from elsewhere may lack one)."""
    with store.session() as session:
        signal = _load(session, signal_id)
        opened = StoryEntry(
            signal.opened_at,
            "open",
            f"Opened: {signal.summary or KIND_LABELS.get(signal.kind, signal.kind)}",
            signal.meeting_id,
        )
    entries = [StoryEntry(u.at, u.status, u.text, u.meeting_id) for u in timeline(store, signal_id)]
    if not entries or not entries[0].text.startswith("Opened"):
        entries.insert(0, opened)
    return entries


def list_signals(
    store: Store,
    *,
    status: str | None = "open",
    department: str | None = None,
    kind: str | None = None,
    manager_id: str | None = None,
) -> list[SignalRow]:
    """Signals by department and kind, oldest first within each group."""
    stmt = (
        select(Signal, Manager.name, Manager.department)
        .outerjoin(Manager, Manager.id == Signal.manager_id)
        .where(Signal.deleted.is_(False))
    )
    if status:
        stmt = stmt.where(Signal.status == status)
    if department is not None:
        stmt = stmt.where(func.coalesce(Manager.department, "") == department)
    if kind:
        stmt = stmt.where(Signal.kind == kind)
    if manager_id:
        stmt = stmt.where(Signal.manager_id == manager_id)
    stmt = stmt.order_by(func.coalesce(Manager.department, ""), Signal.kind, Signal.opened_at)
    with store.session() as session:
        return [_row(s, name, dept) for s, name, dept in session.execute(stmt)]


@dataclass(frozen=True)
class SignalCount:
    """Open signals of one department and kind: how many, the oldest, how many are high."""

    department: str
    kind: str
    count: int
    oldest: datetime
    high: int


def count_open_signals(store: Store) -> list[SignalCount]:
    """The open signals counted by department and kind (what ``list_signals`` would list).

    One SQL aggregate: no signal is loaded. Sorted by department, then kind.
    """
    department = func.coalesce(Manager.department, "")
    stmt = (
        select(
            department,
            Signal.kind,
            func.count(),
            func.min(Signal.opened_at),
            func.count(case((Signal.severity >= 3, 1))),
        )
        .outerjoin(Manager, Manager.id == Signal.manager_id)
        .where(Signal.deleted.is_(False), Signal.status == "open")
        .group_by(department, Signal.kind)
        .order_by(department, Signal.kind)
    )
    with store.session() as session:
        return [SignalCount(*row) for row in session.execute(stmt)]


def get_signal(store: Store, signal_id: str) -> SignalRow:
    """One signal as a row (with manager name and department)."""
    with store.session() as session:
        signal = _load(session, signal_id)
        manager = session.get(Manager, signal.manager_id) if signal.manager_id else None
        return _row(signal, manager.name if manager else "", manager.department if manager else "")


def _row(s: Signal, manager_name: str | None, department: str | None) -> SignalRow:
    return SignalRow(
        id=s.id,
        kind=s.kind,
        severity=s.severity,
        person=s.person,
        summary=s.summary,
        tags=s.tags,
        status=s.status,
        manager_id=s.manager_id,
        manager_name=manager_name or "",
        department=department or "",
        opened_at=s.opened_at,
        resolved_at=s.resolved_at,
        review_date=s.review_date,
        checklist=dict(s.checklist or {}),
    )
