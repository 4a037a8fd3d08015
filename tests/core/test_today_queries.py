"""The Today view's loads answer from SQL aggregates exactly as the object-by-object code did.

Each test keeps the earlier implementation as a reference (it loaded every meeting,
signal or tagged record as an object and counted in Python) and compares the answers
on awkward data: cancelled and rescheduled meetings, held meetings without a moment,
meetings held around a month's end in several time zones, quarterly small teams,
never-met, former and removed managers, tombstones, resolved signals.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date, datetime

import pytest
from sqlalchemy import literal_column, select

from partnerdesk.core import clock
from partnerdesk.core.cadence import effective_cadence
from partnerdesk.core.clock import local_day
from partnerdesk.core.notes import split_tags
from partnerdesk.core.reps import list_reps
from partnerdesk.core.schedule import (
    DUE,
    HELD,
    IN_PROGRESS,
    LEFT,
    MET,
    NEVER_MET,
    NOT_DUE,
    OVERDUE,
    PLANNED,
    RESCHEDULED,
    ScheduleRow,
    month_from,
    schedule,
)
from partnerdesk.core.signals import KIND_LABELS, count_open_signals, list_signals
from partnerdesk.core.store.models import Manager, Meeting, Note, Signal
from partnerdesk.core.themes import Period, recurring_themes, tag_mentions
from tests.core.notes.data import add_manager, add_meeting, add_rep

# ----- the reference: the object-by-object schedule ----------------------------------------


def _held_on(meeting: Meeting) -> date:
    return local_day(meeting.held_at) if meeting.held_at else meeting.planned_for


def reference_schedule(store, month, rep_id=None, *, include_former=False) -> list[ScheduleRow]:
    start = month_from(month)
    end = clock.month_start(start, 1)
    quarter = clock.quarter_start(start)
    reps = {r.id: r.name for r in list_reps(store, include_inactive=True)}
    with store.session() as session:
        query = select(Manager).where(Manager.deleted.is_(False))
        if not include_former:
            query = query.where(Manager.active.is_(True))
        if rep_id is not None:
            query = query.where(Manager.rep_id == rep_id)
        managers = list(session.scalars(query))
        meetings = session.scalars(
            select(Meeting).where(
                Meeting.deleted.is_(False),
                Meeting.manager_id.in_(query.with_only_columns(Manager.id)),
            )
        ).all()
    by_manager: dict[str, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_manager[meeting.manager_id].append(meeting)
    rows = []
    for manager in managers:
        mine = by_manager[manager.id]
        cadence = effective_cadence(manager.team_size, manager.cadence_pref)
        last = max(
            (_held_on(m) for m in mine if m.status == HELD and _held_on(m) < end), default=None
        )
        upcoming = sorted(
            (m for m in mine if m.status in (PLANNED, IN_PROGRESS) and m.planned_for >= start),
            key=lambda m: m.planned_for,
        )
        reschedules = sum(
            m.status == RESCHEDULED and quarter <= m.planned_for < clock.month_start(quarter, 3)
            for m in mine
        )
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
        rows.append(
            ScheduleRow(
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
                next_meeting=upcoming[0].planned_for if upcoming else None,
                next_meeting_id=upcoming[0].id if upcoming else None,
                due_month=due,
                status=status,
                reschedules=reschedules,
            )
        )
    return sorted(rows, key=lambda r: r.name.lower())


MONTH = date(2026, 5, 1)


@pytest.fixture
def awkward(store):
    """Two reps' managers with every kind of meeting history the schedule has to read."""
    terry = add_rep(store, "Terry Lane", "terry@example.com")
    uma = add_rep(store, "Uma Rao", "uma@example.com")
    m = {}

    def manager(key, rep, name=None, **extra):
        extra = {"team_size": 5, **extra}
        m[key] = add_manager(store, name or key.title(), rep_id=rep.id, **extra).id

    manager("monthly", terry)
    manager("quarterly", terry, team_size=2)  # small team: quarterly
    manager("prefers quarterly", terry, cadence_pref="quarterly")
    manager("never met", terry)
    manager("cancelled only", terry)
    manager("former", terry, active=False)
    manager("removed", terry, deleted=True)
    manager("twins", uma, "Sam Twin")
    manager("Twins", uma, "sam twin")  # the same name in another case: the order is kept
    manager("month end", uma)
    manager("unknown moment", uma)
    add_manager(store, "Unassigned", team_size=1)

    def meeting(key, day, status=HELD, held_at=None, **extra):
        return add_meeting(store, m[key], day, status=status, held_at=held_at, **extra).id

    meeting("monthly", date(2026, 3, 9), held_at=datetime(2026, 3, 9, 10))
    meeting("monthly", date(2026, 4, 14), held_at=datetime(2026, 4, 14, 10))
    meeting("monthly", date(2026, 5, 20), held_at=datetime(2026, 5, 2, 9), deleted=True)
    meeting("monthly", date(2026, 5, 12), PLANNED)
    meeting("monthly", date(2026, 5, 12), PLANNED)  # a tie: the first stored is next
    meeting("monthly", date(2026, 6, 2), IN_PROGRESS)
    meeting("quarterly", date(2026, 2, 3), held_at=datetime(2026, 2, 3, 15))
    meeting("quarterly", date(2026, 4, 2), RESCHEDULED)
    meeting("quarterly", date(2026, 5, 7), RESCHEDULED)
    meeting("quarterly", date(2026, 7, 1), RESCHEDULED)  # next quarter
    meeting("quarterly", date(2026, 5, 28), PLANNED)
    meeting("prefers quarterly", date(2026, 1, 30), held_at=datetime(2026, 1, 30, 23, 30))
    meeting("prefers quarterly", date(2026, 4, 30), PLANNED)  # planned, never held: not next
    meeting("cancelled only", date(2026, 4, 3), "cancelled")
    meeting("cancelled only", date(2026, 5, 3), "cancelled")
    meeting("former", date(2026, 1, 8), held_at=datetime(2026, 1, 8, 8))
    meeting("removed", date(2026, 4, 8), held_at=datetime(2026, 4, 8, 8))
    meeting("twins", date(2025, 11, 20), held_at=datetime(2025, 11, 20, 12))
    meeting("Twins", date(2026, 5, 4), held_at=datetime(2026, 5, 4, 12))
    # Held around the ends of April and May (UTC): the local day decides the month.
    for moment in (
        datetime(2026, 4, 30, 23, 30),
        datetime(2026, 5, 31, 22),
        datetime(2026, 6, 1, 3),
    ):
        meeting("month end", moment.date(), held_at=moment)
    meeting("month end", date(2026, 6, 1), held_at=datetime(2026, 5, 29, 1))
    meeting("unknown moment", date(2026, 4, 29))  # held, no moment: its planned day counts
    meeting("unknown moment", date(2026, 5, 31))
    meeting("unknown moment", date(2026, 6, 1))
    add_meeting(store, "no-such-manager", date(2026, 5, 5), status=HELD)
    return m, terry.id, uma.id


@pytest.mark.parametrize(
    "zone", ["UTC", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Beirut"]
)
def test_schedule_matches_the_object_by_object_reference(store, awkward, zone, monkeypatch):
    _m, terry, uma = awkward
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        for month in [clock.month_start(MONTH, k) for k in range(-5, 3)]:
            for rep in (None, terry, uma):
                for former in (False, True):
                    got = schedule(store, month, rep, include_former=former)
                    want = reference_schedule(store, month, rep, include_former=former)
                    assert got == want, (month, rep, former)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_awkward_rows_read_as_expected(store, awkward):
    m, terry, _uma = awkward
    rows = {r.manager_id: r for r in schedule(store, MONTH, include_former=True)}
    monthly = rows[m["monthly"]]
    assert (monthly.status, monthly.last_met, monthly.next_meeting) == (
        DUE,
        date(2026, 4, 14),
        date(2026, 5, 12),
    )
    with store.session() as session:
        first = session.scalar(
            select(Meeting.id)
            .where(Meeting.manager_id == m["monthly"], Meeting.planned_for == date(2026, 5, 12))
            .order_by(literal_column("meeting.rowid"))
        )
    assert monthly.next_meeting_id == first
    quarterly = rows[m["quarterly"]]
    assert (quarterly.cadence, quarterly.status, quarterly.reschedules) == ("quarterly", DUE, 2)
    assert quarterly.reevaluate
    assert rows[m["never met"]].status == NEVER_MET
    assert rows[m["cancelled only"]].status == NEVER_MET
    assert rows[m["former"]].status == LEFT
    assert m["removed"] not in rows
    assert rows[m["unknown moment"]].last_met == date(2026, 5, 31)
    names = [r.name for r in schedule(store, MONTH)]
    assert names.index("Sam Twin") + 1 == names.index("sam twin")  # as stored
    assert {r.rep for r in schedule(store, MONTH, terry)} == {"Terry Lane"}


# ----- open signals -----------------------------------------------------------------------


def reference_signal_lines(store, today: date):
    groups: dict[str, list] = {}
    for row in list_signals(store):
        groups.setdefault(row.department, []).append(row)
    lines = []
    for department, rows in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.kind] = counts.get(row.kind, 0) + 1
        kinds = ", ".join(
            f"{KIND_LABELS[k].lower()} ×{n}" if n > 1 else KIND_LABELS[k].lower()
            for k, n in sorted(counts.items(), key=lambda c: -c[1])
        )
        oldest = (today - min(r.opened_at for r in rows).date()).days
        high = sum(r.severity >= 3 for r in rows)
        urgent = f" · {high} high" if high else ""
        text = f"{department or 'No department'}: {kinds} (oldest {oldest} days{urgent})"
        lines.append((text, "Enter opens these signals", department))
    return lines, sum(len(rows) for rows in groups.values())


def _signal(store, manager_id, kind, severity=2, status="open", opened=(2026, 4, 1), **extra):
    with store.transaction() as session:
        session.add(
            Signal(
                manager_id=manager_id,
                kind=kind,
                severity=severity,
                status=status,
                opened_at=datetime(*opened, 9),
                **extra,
            )
        )


def test_open_signal_counts_match_the_listed_signals(store):
    from partnerdesk.ui.views.today_insights import open_signal_groups, signal_lines

    eng = add_manager(store, "Bo Chen", "Engineering").id
    eng2 = add_manager(store, "Cy Diaz", "Engineering").id
    cs = add_manager(store, "Ana Ruiz", "Customer Success").id
    nodept = add_manager(store, "No Dept", "").id
    gone = add_manager(store, "Gone Away", "Sales", deleted=True).id
    _signal(store, eng, "flight_risk", 3, opened=(2026, 3, 2))
    _signal(store, eng2, "flight_risk", 1, opened=(2026, 1, 31))
    _signal(store, eng, "training", 3)
    _signal(store, eng, "training", 2)
    _signal(store, eng, "performance", 3, status="resolved", opened=(2025, 1, 1))
    _signal(store, eng, "headcount", 3, deleted=True, opened=(2025, 1, 1))
    _signal(store, cs, "training", 2)
    _signal(store, cs, "pain_point", 2)
    _signal(store, cs, "other", 3)
    _signal(store, nodept, "other", 2)
    _signal(store, None, "flight_risk", 2)  # anonymous, no manager
    _signal(store, "no-such-manager", "headcount", 3)
    _signal(store, gone, "pain_point", 2)  # a removed manager's signal still counts
    today = date(2026, 5, 13)
    groups, total = open_signal_groups(count_open_signals(store))
    got = (signal_lines(groups, today), total)
    assert got == reference_signal_lines(store, today)
    assert got[1] == 11
    assert (
        got[0][0][0] == "Engineering: flight risk ×2, training need ×2 (oldest 102 days · 2 high)"
    )


# ----- recurring themes -------------------------------------------------------------------


def reference_themes(store, period, min_managers=3, department=None):
    start, end = period.bounds()
    found = []
    with store.session() as session:
        for model, when in ((Note, Note.created_at), (Signal, Signal.opened_at)):
            stmt = (
                select(model.tags, model.manager_id, Manager.department)
                .join(Manager, Manager.id == model.manager_id)
                .where(
                    model.deleted.is_(False),
                    Manager.deleted.is_(False),
                    model.tags != "",
                    when >= start,
                    when < end,
                )
            )
            for tags, manager_id, dept in session.execute(stmt):
                found.extend((dept or "", manager_id, tag) for tag in split_tags(tags))
    managers: dict = {}
    mentions: dict = {}
    for dept, manager_id, tag in found:
        if department is not None and dept != department:
            continue
        managers.setdefault((dept, tag), set()).add(manager_id)
        mentions[(dept, tag)] = mentions.get((dept, tag), 0) + 1
    return found, [
        (dept, tag, tuple(sorted(ids)), mentions[(dept, tag)])
        for (dept, tag), ids in sorted(
            managers.items(),
            key=lambda kv: (-len(kv[1]), -mentions[kv[0]], kv[0][0], kv[0][1]),
        )
        if len(ids) >= max(1, min_managers)
    ]


def test_recurring_themes_match_the_record_by_record_reference(store):
    period = Period.quarter_of(date(2026, 5, 13))
    people = [add_manager(store, f"CS {i}", "Customer Success") for i in range(4)]
    people += [add_manager(store, f"Eng {i}", "Engineering") for i in range(3)]
    people.append(add_manager(store, "Blank", ""))
    gone = add_manager(store, "Gone", "Customer Success", deleted=True)
    stored = ["#Burnout, hiring", "burnout hiring", "#burnout #burnout", "hiring,,#onboarding"]
    with store.transaction() as session:
        for i, manager in enumerate([*people, gone]):
            for j, tags in enumerate(stored[: 1 + i % 4]):
                at = datetime(2026, 4 + j % 3, 1 + i, 10)
                session.add(Note(manager_id=manager.id, tags=tags, created_at=at))
                session.add(Signal(manager_id=manager.id, tags=tags, opened_at=at, kind="other"))
        session.add(Note(manager_id=people[0].id, tags="burnout", deleted=True))
        session.add(Note(manager_id=people[1].id, tags="burnout", created_at=datetime(2026, 3, 31)))
        session.add(Note(manager_id=None, tags="burnout", created_at=datetime(2026, 5, 1)))
    for threshold in (1, 2, 3, 4, 5):
        for department in (None, "Customer Success", "Engineering", ""):
            found, want = reference_themes(store, period, threshold, department)
            got = recurring_themes(store, period, threshold, department)
            assert [(t.department, t.tag, t.manager_ids, t.mentions) for t in got] == want
    assert sorted(tag_mentions(store, period)) == sorted(found)
