"""Lifecycle events (joined, trial ends, moved, on leave and back, left) from roster imports.

The roster importer calls :func:`track_import` once inside its apply transaction, before
it writes. That reads every person as they stand, and when the transaction commits the
people are read again and each difference becomes a :class:`LifecycleEvent`: a new
person joined (on their hire date), a trial end date appeared or moved, the manager or
the department changed, the status went to leave and back, a person left (on their
termination date, or the day they dropped out of the file). Importing the same file
again changes nothing, so it records nothing.

The first import into an empty roster is the baseline: only what the file dates (hire,
trial end, termination) becomes an event, so a 10,000-person start does not report
10,000 joiners today. Joiners and leavers open onboarding and exit cases (see
:mod:`partnerdesk.core.cases`) unless the device's setting turns that off.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import event, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import PoolProxiedConnection

from partnerdesk.core.clock import today, utcnow
from partnerdesk.core.store.bulk import (
    insert_rows,
    insert_selected,
    sql_literal,
    stored_moment,
    uuid_text,
)
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Employee, LifecycleEvent

KIND_LABELS = {
    "joined": "Joined",
    "trial_end": "Trial ends",
    "moved": "Moved team",
    "manager_changed": "Manager changed",
    "leave_started": "On leave",
    "returned": "Back from leave",
    "left": "Left",
}
#: The connection ``info`` key that says the baseline's SQL functions are registered.
_FUNCTIONS = "lifecycle_functions"
_EVENT_NAMESPACE = uuid.UUID("6f1d4c52-7a0e-4e44-9a57-1c2b7d0e8a31").bytes
#: The lifecycle_event columns of an EventRow's fields, in order.
_EVENT_COLUMNS = (
    "id",
    "employee_ref",
    "person",
    "kind",
    "on_date",
    "manager_email",
    "from_manager_email",
    "department",
    "from_department",
)
_FIELDS = (
    "id",
    "name",
    "email",
    "manager_email",
    "department",
    "active",
    "status",
    "hire_date",
    "termination_date",
    "trial_end_date",
)


class _PersonState(NamedTuple):
    """What the lifecycle looks at of one person (dates as the driver gives them).

    A named tuple, made straight from the driver's row tuples: an import reads every
    person twice (100,000 people: ~0.05 s this way, ~0.35 s as frozen dataclasses).
    """

    id: str
    name: str
    email: str
    manager_email: str
    department: str
    active: bool
    status: str
    hire: str | date | None
    termination: str | date | None
    trial_end: str | date | None

    @property
    def gone(self) -> bool:
        return not self.active or self.status == "terminated"

    @property
    def hire_date(self) -> date | None:
        return _day(self.hire)

    @property
    def termination_date(self) -> date | None:
        return _day(self.termination)

    @property
    def trial_end_date(self) -> date | None:
        return _day(self.trial_end)


def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10]) if value else None


class EventRow(NamedTuple):
    """One lifecycle event as lists and timelines show it (and as an import finds it)."""

    id: str
    employee_ref: str
    person: str
    kind: str
    on: date
    manager_email: str
    from_manager_email: str
    department: str
    from_department: str

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def first_name(self) -> str:
        return self.person.split()[0] if self.person.strip() else "Someone"

    def describe(self) -> str:
        """The event in a few words ("Moved team: Sales -> Marketing")."""
        if self.kind == "moved":
            return f"{self.label}: {self.from_department or '?'} → {self.department or '?'}"
        if self.kind == "manager_changed":
            return f"{self.label}: {self.from_manager_email or '?'} → {self.manager_email or '?'}"
        return self.label


def _states(session: Session) -> dict[str, _PersonState]:
    """Everyone as they stand, read with the driver's own cursor (plain tuples, no Row)."""
    session.flush()
    sql = f"SELECT {', '.join(_FIELDS)} FROM employee WHERE deleted = 0"
    cursor = session.connection().connection.cursor()
    try:
        people = list(map(_PersonState._make, cursor.execute(sql)))
    finally:
        cursor.close()
    return {person.id: person for person in people}


def track_import(session: Session) -> None:
    """Record the lifecycle events of the roster import running in ``session``.

    Call once, inside the import's transaction and before it writes: the people are
    read now and, when the transaction commits, again (the differences are recorded in
    the same transaction); into an empty roster, the commit records the baseline.
    """
    before = _states(session)

    def _on_commit(commit_session: Session) -> None:
        if before:
            record_changes(commit_session, before, _states(commit_session))
        else:
            record_baseline(commit_session)

    event.listen(session, "before_commit", _on_commit, once=True)


def record_changes(
    session: Session,
    before: dict[str, _PersonState],
    after: dict[str, _PersonState],
    day: date | None = None,
) -> list[EventRow]:
    """Store the events between two readings of a roster; returns them. ``before`` must
    hold somebody: a first import's events are :func:`record_baseline`'s."""
    from partnerdesk.core.cases import open_for_events

    if not before:
        raise ValueError("no roster before: record the baseline (record_baseline)")
    day = day or today()
    events: list[EventRow] = []
    for ref, new in after.items():
        events += _diff(before.get(ref), new, day)
    for ref, old in before.items():
        if ref not in after and not old.gone:
            events.append(_event(old, "left", day, manager=old.manager_email))
    events = _new_only(session, events)
    _insert(session, events)
    open_for_events(session, events, day)
    return events


def record_baseline(session: Session) -> None:
    """The events of a first import, from everyone stored: only the dated facts (joined;
    then the trial end of staff, the leaving of leavers), so a 10,000-person start does
    not report 10,000 joiners today. Ids are :func:`event_id`'s; events already stored
    are kept as they are.

    One INSERT ... SELECT over the employee table, the ids from a SQL function: 100,000
    people (~110,000 events) without building and binding an event per row in Python.
    """
    session.flush()  # people the ORM holds unwritten are people too
    _sql_functions(session.connection().connection)
    marks = _marks(session)
    same = ", ".join(map(sql_literal, marks.values()))
    staff = "active != 0 AND status != 'terminated'"  # as _PersonState.gone reads them
    dated = " UNION ALL ".join(
        "SELECT id AS ref, name, department, partnerdesk_lower(manager_email) AS manager, "
        f"{sql_literal(kind)} AS kind, substr({column}, 1, 10) AS on_date FROM employee "
        f"WHERE deleted = 0 AND {column} > ''{who}"
        for kind, column, who in (
            ("joined", "hire_date", ""),
            ("trial_end", "trial_end_date", f" AND {staff}"),
            ("left", "termination_date", f" AND NOT ({staff})"),
        )
    )
    key = "ref || '|' || kind || '|' || on_date || '|' || manager || '|'"
    events = (
        f"SELECT partnerdesk_event_id({key}), ref, name, kind, on_date, manager, '', "
        f"department, '', {same} FROM ({dated}) WHERE true ON CONFLICT (id) DO NOTHING"
    )
    live = select(func.count()).select_from(Employee).where(Employee.deleted.is_(False))
    columns = (*_EVENT_COLUMNS, *marks)
    insert_selected(session, LifecycleEvent.__tablename__, columns, events, session.scalar(live))


def _sql_functions(pooled: PoolProxiedConnection) -> None:
    """Give the connection the baseline's SQL functions, once: an event's id from its
    key, and Python's lowering (SQLite's ``lower`` is ASCII only)."""
    if not pooled.info.get(_FUNCTIONS):
        driver = pooled.dbapi_connection
        driver.create_function("partnerdesk_event_id", 1, _id_of, deterministic=True)
        driver.create_function("partnerdesk_lower", 1, str.lower, deterministic=True)
        pooled.info[_FUNCTIONS] = True


def _insert(session: Session, events: list[EventRow]) -> None:
    """Write ``events`` in one executemany, stamped once for sync like the import's rows."""
    if events:
        insert_rows(session, LifecycleEvent.__tablename__, _EVENT_COLUMNS, events, _marks(session))


def _marks(session: Session) -> dict[str, str | int]:
    """The columns every event a commit records shares: its clock stamp, device, moment."""
    clock = session.info.get("clock")
    stamp, device = (clock.tick(), clock.device_id) if clock else ("", "")
    return {
        "updated_hlc": stamp,
        "device_id": device,
        "deleted": 0,
        "detected_at": stored_moment(utcnow()),
    }


def event_id(employee_ref: str, kind: str, on: date, manager: str, from_manager: str) -> str:
    """An event's id, the same wherever it is found: two reps importing the same roster
    change before they sync record one event, not two."""
    return _id_of("|".join((employee_ref, kind, on.isoformat(), manager, from_manager)))


def _id_of(key: str) -> str:
    """``uuid.uuid5`` of an event's key in the namespace, computed directly (a first
    import makes ~100,000 of them)."""
    return uuid_text(hashlib.sha1(_EVENT_NAMESPACE + key.encode()).hexdigest(), 5)


def _new_only(session: Session, events: list[EventRow]) -> list[EventRow]:
    """The events not stored yet (once per id, e.g. a leaver back on the same hire date)."""
    unique = {e.id: e for e in events}
    if not unique or session.scalar(select(LifecycleEvent.id).limit(1)) is None:
        return list(unique.values())  # a new profile's first import: nothing stored yet
    stored = set(
        session.scalars(select(LifecycleEvent.id).where(LifecycleEvent.id.in_(list(unique))))
    )
    return [e for event_key, e in unique.items() if event_key not in stored]


def _event(
    person: _PersonState,
    kind: str,
    on: date,
    manager: str | None = None,
    from_manager: str = "",
    from_department: str = "",
) -> EventRow:
    """An event of ``person``; ``manager`` is theirs unless given (a leaver's old one)."""
    manager = (person.manager_email if manager is None else manager).lower()
    from_manager = from_manager.lower()
    return EventRow(
        event_id(person.id, kind, on, manager, from_manager),
        person.id,
        person.name,
        kind,
        on,
        manager,
        from_manager,
        person.department,
        from_department,
    )


def _diff(old: _PersonState | None, new: _PersonState, day: date) -> list[EventRow]:
    if old is None or (old.gone and not new.gone):
        events = [] if new.gone else [_event(new, "joined", new.hire_date or day)]
        if new.trial_end_date and not new.gone:
            events.append(_event(new, "trial_end", new.trial_end_date))
        return events
    events = []
    if new.gone:
        if not old.gone:
            events.append(
                _event(new, "left", new.termination_date or day, manager=old.manager_email)
            )
        return events
    if new.department != old.department:
        events.append(
            _event(
                new,
                "moved",
                day,
                from_manager=old.manager_email,
                from_department=old.department,
            )
        )
    elif new.manager_email.lower() != old.manager_email.lower():
        events.append(
            _event(
                new,
                "manager_changed",
                day,
                from_manager=old.manager_email,
                from_department=old.department,
            )
        )
    if new.status == "leave" and old.status != "leave":
        events.append(_event(new, "leave_started", day))
    elif old.status == "leave" and new.status == "active":
        events.append(_event(new, "returned", day))
    if new.trial_end_date and new.trial_end != old.trial_end:
        events.append(_event(new, "trial_end", new.trial_end_date))
    return events


def _row(item: LifecycleEvent) -> EventRow:
    return EventRow(
        item.id,
        item.employee_ref,
        item.person,
        item.kind,
        item.on_date,
        item.manager_email,
        item.from_manager_email,
        item.department,
        item.from_department,
    )


def list_events(
    store: Store,
    *,
    manager_email: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kinds: tuple[str, ...] = (),
) -> list[EventRow]:
    """Events, oldest first; for a manager, those of their team (moves out included)."""
    with store.session() as session:
        return events_in(
            session, manager_email=manager_email, since=since, until=until, kinds=kinds
        )


def events_in(
    session: Session,
    *,
    manager_email: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kinds: tuple[str, ...] = (),
) -> list[EventRow]:
    """:func:`list_events` inside an open session."""
    stmt = select(LifecycleEvent).where(LifecycleEvent.deleted.is_(False))
    if manager_email:
        email = manager_email.strip().lower()
        stmt = stmt.where(
            or_(LifecycleEvent.manager_email == email, LifecycleEvent.from_manager_email == email)
        )
    if since:
        stmt = stmt.where(LifecycleEvent.on_date >= since)
    if until:
        stmt = stmt.where(LifecycleEvent.on_date <= until)
    if kinds:
        stmt = stmt.where(LifecycleEvent.kind.in_(kinds))
    stmt = stmt.order_by(LifecycleEvent.on_date, LifecycleEvent.person, LifecycleEvent.kind)
    return [_row(item) for item in session.scalars(stmt)]


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a person's timeline: a lifecycle event or a step of one of their cases."""

    on: date
    what: str
    source: str  # "event" or "case"
    ref_id: str


@dataclass(frozen=True)
class PersonRef:
    """A person who can have a timeline."""

    id: str
    name: str
    email: str
    manager_email: str
    department: str
    status: str


def find_people(store: Store, text: str, limit: int = 20) -> list[PersonRef]:
    """People whose name or email contains ``text`` (case-insensitive)."""
    pattern = f"%{text.strip()}%"
    with store.session() as session:
        rows = session.scalars(
            select(Employee)
            .where(
                Employee.deleted.is_(False),
                or_(Employee.name.ilike(pattern), Employee.email.ilike(pattern)),
            )
            .order_by(Employee.name)
            .limit(limit)
        )
        return [_person(e) for e in rows]


def team_of(store: Store, manager_email: str) -> list[PersonRef]:
    """The people reporting to a manager (everyone the roster lists, leavers included)."""
    with store.session() as session:
        rows = session.scalars(
            select(Employee)
            .where(Employee.deleted.is_(False), Employee.manager_email == manager_email.lower())
            .order_by(Employee.name)
        )
        return [_person(e) for e in rows]


def _person(e: Employee) -> PersonRef:
    status = e.status if e.active else "terminated"
    return PersonRef(e.id, e.name, e.email, e.manager_email, e.department, status)


def person_timeline(store: Store, employee_ref: str) -> list[TimelineEntry]:
    """A person's story: their lifecycle events and their cases' steps, oldest first."""
    from partnerdesk.core.cases import case_entries_for_person

    with store.session() as session:
        events = session.scalars(
            select(LifecycleEvent).where(
                LifecycleEvent.deleted.is_(False), LifecycleEvent.employee_ref == employee_ref
            )
        ).all()
        entries = [TimelineEntry(e.on_date, _row(e).describe(), "event", e.id) for e in events]
        entries += case_entries_for_person(session, employee_ref)
    return sorted(entries, key=lambda e: (e.on, e.source != "event"))
