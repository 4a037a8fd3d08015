"""Meetings over time, read-only: who is due, overdue or never met; the calendar export.

Meetings are planned, held, rescheduled and cancelled by
:class:`partnerdesk.core.meetings.MeetingService` (one transaction per operation).

Statuses are by calendar month. A manager met in October on a monthly cadence is due
in November and overdue from December; on a quarterly cadence they are due in January.
Rescheduling keeps the old meeting (status ``rescheduled``, pointing at the new one),
so reschedules can be counted: two or more in a quarter raise "re-evaluate cadence?".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, case, func, literal_column, or_, select

from partnerdesk.core import clock
from partnerdesk.core.cadence import effective_cadence
from partnerdesk.core.clock import local_day, utcnow
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.reps import RepError, list_reps
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Manager, Meeting
from partnerdesk.core.words import plural

PLANNED, IN_PROGRESS, HELD, RESCHEDULED, CANCELLED = (
    "planned",
    "in_progress",
    "held",
    "rescheduled",
    "cancelled",
)
NEVER_MET, OVERDUE, DUE, MET, NOT_DUE = "never met", "overdue", "due", "met", "not due"
LEFT = "left"  # no longer on the roster (inactive): kept with its history
REEVALUATE_AFTER = 2


def month_from(value: date | str | None = None) -> date:
    """The first day of a month given as a date, "YYYY-MM", or None (this month)."""
    if value is None:
        value = clock.today()
    if isinstance(value, str):
        try:
            value = datetime.strptime(value.strip(), "%Y-%m").date()
        except ValueError:
            raise RepError(
                f"{value!r} is not a month; write it as YYYY-MM, e.g. 2026-05."
            ) from None
    return value.replace(day=1)


def count_active_managers(store: Store) -> int:
    """How many managers are on the roster (active, not deleted)."""
    with store.session() as session:
        return session.scalar(
            select(func.count())
            .select_from(Manager)
            .where(Manager.deleted.is_(False), Manager.active.is_(True))
        )


def count_unassigned_managers(store: Store) -> int:
    """How many active managers have no rep (so are on nobody's schedule)."""
    with store.session() as session:
        return session.scalar(
            select(func.count())
            .select_from(Manager)
            .where(Manager.deleted.is_(False), Manager.active.is_(True), Manager.rep_id.is_(None))
        )


def unassigned_note(count: int) -> str:
    """What to say instead of "everyone met" while ``count`` managers have no rep ("" if 0)."""
    if not count:
        return ""
    have = "has" if count == 1 else "have"
    return (
        f"{plural(count, 'manager')} {have} no rep yet, so nobody is scheduled to meet "
        f"{'them' if count > 1 else 'that manager'}: assign reps to plan their meetings."
    )


@dataclass(frozen=True)
class ScheduleRow:
    """One active manager's place in the schedule for a month."""

    manager_id: str
    name: str
    email: str
    title: str
    tier: str
    department: str
    region: str
    team_size: int
    rep_id: str | None
    rep: str
    executive_id: str | None
    cadence: str
    cadence_source: str
    cadence_pref: str | None
    last_met: date | None
    next_meeting: date | None
    next_meeting_id: str | None
    due_month: date | None
    status: str
    reschedules: int

    @property
    def reevaluate(self) -> bool:
        """Rescheduled twice or more this quarter: time to ask about the cadence."""
        return self.reschedules >= REEVALUATE_AFTER


#: Managers' columns a schedule row shows (a narrow select: no ORM objects).
_MANAGER_COLUMNS = (
    Manager.id,
    Manager.name,
    Manager.email,
    Manager.title,
    Manager.tier,
    Manager.department,
    Manager.region,
    Manager.team_size,
    Manager.rep_id,
    Manager.executive_id,
    Manager.cadence_pref,
    Manager.active,
)
#: How far a stored (UTC) moment can be from its local day: more than any UTC offset.
_OFFSET_SLACK = timedelta(days=2)


@dataclass
class _MeetingFacts:
    """What a manager's meetings decide in a month: last held day, next meeting, reschedules."""

    last_met: date | None = None
    next_meeting: date | None = None
    next_meeting_id: str | None = None
    reschedules: int = 0

    def held_on(self, day: date) -> None:
        if self.last_met is None or day > self.last_met:
            self.last_met = day


def _meeting_facts(
    session, manager_ids, start: date, end: date, quarter: date
) -> dict[str, _MeetingFacts]:
    """Per manager (``manager_ids``: a subquery), the facts ``_row`` needs, from SQL aggregates.

    A held meeting counts on the local day it was held (its planned day if that is
    unknown), up to the end of the month. Local days cannot be computed in SQL, so the
    aggregate takes the latest moment held well before the month's end (its local day is
    the latest local day: the clock's date only moves forward); the few meetings held
    around the month's end are fetched and placed on their local day here.
    """
    live = (Meeting.deleted.is_(False), Meeting.manager_id.in_(manager_ids))
    held = Meeting.status == HELD
    early = datetime.combine(end, datetime.min.time()) - _OFFSET_SLACK
    late = datetime.combine(end, datetime.min.time()) + _OFFSET_SLACK
    facts: dict[str, _MeetingFacts] = defaultdict(_MeetingFacts)
    held_unknown_moment = and_(held, Meeting.held_at.is_(None), Meeting.planned_for < end)
    rescheduled = and_(
        Meeting.status == RESCHEDULED,
        Meeting.planned_for >= quarter,
        Meeting.planned_for < clock.quarter_start(quarter, 1),
    )
    totals = (
        select(
            Meeting.manager_id,
            func.max(case((held_unknown_moment, Meeting.planned_for))),
            func.max(case((and_(held, Meeting.held_at < early), Meeting.held_at))),
            func.count(case((rescheduled, 1))),
        )
        .where(*live)
        .group_by(Meeting.manager_id)
    )
    for manager_id, planned_day, held_at, reschedules in session.execute(totals):
        fact = facts[manager_id]
        fact.reschedules = reschedules
        if planned_day is not None:
            fact.held_on(planned_day)
        if held_at is not None:
            fact.held_on(local_day(held_at))
    # Meetings held around the month's end, and the next meeting (ties: the first stored).
    held_near_end = and_(held, Meeting.held_at >= early, Meeting.held_at < late)
    upcoming = and_(Meeting.status.in_((PLANNED, IN_PROGRESS)), Meeting.planned_for >= start)
    rows = (
        select(Meeting.manager_id, Meeting.id, Meeting.status, Meeting.planned_for, Meeting.held_at)
        .where(*live, or_(held_near_end, upcoming))
        .order_by(Meeting.manager_id, Meeting.planned_for, literal_column("meeting.rowid"))
    )
    for manager_id, meeting_id, status, planned_for, held_at in session.execute(rows):
        fact = facts[manager_id]
        if status == HELD:
            day = local_day(held_at)
            if day < end:
                fact.held_on(day)
        elif fact.next_meeting is None:
            fact.next_meeting, fact.next_meeting_id = planned_for, meeting_id
    return facts


def schedule(
    store: Store,
    month: date | str | None = None,
    rep_id: str | None = None,
    *,
    include_former: bool = False,
) -> list[ScheduleRow]:
    """Every active manager (of one rep, when given) with their status in ``month``.

    ``include_former`` adds the managers who left the roster (status ``left``).
    """
    start = month_from(month)
    end = clock.month_start(start, 1)
    quarter = clock.quarter_start(start)
    reps = {r.id: r.name for r in list_reps(store, include_inactive=True)}
    query = select(*_MANAGER_COLUMNS).where(Manager.deleted.is_(False))
    if not include_former:
        query = query.where(Manager.active.is_(True))
    if rep_id is not None:
        query = query.where(Manager.rep_id == rep_id)
    with store.session() as session:
        managers = session.execute(query.order_by(literal_column("manager.rowid"))).all()
        facts = _meeting_facts(session, query.with_only_columns(Manager.id), start, end, quarter)
    empty = _MeetingFacts()
    rows = [_row(m, facts.get(m.id, empty), reps, start) for m in managers]
    return sorted(rows, key=lambda r: r.name.lower())


def _row(manager, facts: _MeetingFacts, reps: dict[str, str], start: date) -> ScheduleRow:
    cadence = effective_cadence(manager.team_size, manager.cadence_pref)
    last = facts.last_met
    due = clock.month_start(last, cadence.months) if last else None
    if not manager.active:
        status = LEFT
    elif last is not None and last >= start:
        status = MET
    elif last is None:
        status = NEVER_MET
    elif due < start:
        status = OVERDUE
    elif due == start:
        status = DUE
    else:
        status = NOT_DUE
    rep = reps.get(manager.rep_id or "", "") if manager.rep_id else ""
    return ScheduleRow(
        manager_id=manager.id,
        name=manager.name,
        email=manager.email,
        title=manager.title,
        tier=manager.tier,
        department=manager.department,
        region=manager.region,
        team_size=manager.team_size,
        rep_id=manager.rep_id,
        rep=rep or "unassigned",
        executive_id=manager.executive_id,
        cadence=cadence.cadence,
        cadence_source=cadence.source,
        cadence_pref=manager.cadence_pref,
        last_met=last,
        next_meeting=facts.next_meeting,
        next_meeting_id=facts.next_meeting_id,
        due_month=due,
        status=status,
        reschedules=facts.reschedules,
    )


@dataclass(frozen=True)
class RepSchedule:
    """What one rep has to do this month."""

    due: list[ScheduleRow]
    overdue: list[ScheduleRow]
    never_met: list[ScheduleRow]
    reevaluate: list[ScheduleRow]


def split_schedule(rows: list[ScheduleRow]) -> RepSchedule:
    """Sort schedule rows into due, overdue, never met and re-evaluate lists."""
    return RepSchedule(
        due=[r for r in rows if r.status == DUE],
        overdue=[r for r in rows if r.status == OVERDUE],
        never_met=[r for r in rows if r.status == NEVER_MET],
        reevaluate=[r for r in rows if r.reevaluate],
    )


def rep_schedule(store: Store, rep_id: str, month: date | str | None = None) -> RepSchedule:
    """A rep's due-this-month, overdue, never-met and re-evaluate-cadence lists."""
    return split_schedule(schedule(store, month, rep_id))


def export_ics(store: Store, path: str | Path, rep_id: str | None = None) -> int:
    """Write the planned meetings from this month on as an iCalendar file; returns the count."""
    from icalendar import Calendar, Event

    start = month_from()
    rows = {r.manager_id: r for r in schedule(store, start, rep_id)}
    with store.session() as session:
        meetings = session.scalars(
            select(Meeting)
            .where(
                Meeting.deleted.is_(False),
                Meeting.status == PLANNED,
                Meeting.planned_for >= start,
            )
            .order_by(Meeting.planned_for)
        ).all()
    cal = Calendar()
    cal.add("prodid", "-//Partner Desk//People Partner meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Partner Desk meetings")
    stamp = utcnow()
    count = 0
    for meeting in meetings:
        row = rows.get(meeting.manager_id)
        if row is None:
            continue
        event = Event()
        event.add("uid", f"{meeting.id}@partnerdesk")
        event.add("dtstamp", stamp.replace(tzinfo=UTC))
        event.add("dtstart", meeting.planned_for)
        event.add("dtend", meeting.planned_for + timedelta(days=1))
        event.add("summary", f"People Partner 1:1 with {row.name}")
        event.add(
            "description",
            f"{row.name} <{row.email}>, {row.title or row.tier}, {row.department}\n"
            f"Team of {row.team_size}; cadence {row.cadence}; rep {row.rep}.",
        )
        event.add("categories", ["Partner Desk"])
        cal.add_component(event)
        count += 1
    try:
        atomic_write_bytes(Path(path), cal.to_ical(), mode=0o644)
    except OSError as exc:
        raise RepError(
            f"Cannot write {path}: {exc.strerror or exc}; choose another place."
        ) from None
    return count
