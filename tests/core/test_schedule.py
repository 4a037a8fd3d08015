"""Meetings over time: statuses by month, plan/hold/reschedule/cancel, the flag, the .ics."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from partnerdesk.core import clock
from partnerdesk.core.assign import reassign
from partnerdesk.core.cadence import set_cadence_preference
from partnerdesk.core.meetings import MeetingError, MeetingService
from partnerdesk.core.reps import RepError
from partnerdesk.core.schedule import (
    DUE,
    MET,
    NEVER_MET,
    NOT_DUE,
    OVERDUE,
    export_ics,
    month_from,
    rep_schedule,
    schedule,
)
from partnerdesk.core.store.models import Meeting
from tests.core.roster.org import add_team, load_northwind

AISHA = "aisha.bello@northwind.example"  # team of 3: monthly
PRIYA = "priya.nair@northwind.example"  # team of 1: quarterly


@pytest.fixture
def org(store):
    ids = load_northwind(store)
    team = add_team(store)
    for manager_id in ids.values():
        reassign(store, manager_id, team["terry"])
    return ids, team


def held(store, manager_id, day: date) -> str:
    meeting = MeetingService(store).plan(manager_id, day)
    MeetingService(store).hold(meeting, datetime(day.year, day.month, day.day, 10))
    return meeting


def status(store, email, month) -> str:
    return next(r for r in schedule(store, month) if r.email == email).status


def test_month_helpers():
    assert month_from("2026-05") == date(2026, 5, 1)
    assert clock.month_start(date(2026, 11, 1), 3) == date(2027, 2, 1)
    with pytest.raises(RepError, match="YYYY-MM"):
        month_from("May 2026")


def test_monthly_statuses(store, org):
    ids, _team = org
    assert status(store, AISHA, "2026-03") == NEVER_MET
    held(store, ids[AISHA], date(2026, 3, 12))
    assert status(store, AISHA, "2026-03") == MET
    assert status(store, AISHA, "2026-04") == DUE
    assert status(store, AISHA, "2026-05") == OVERDUE


def test_quarterly_statuses_for_a_small_team(store, org):
    ids, _team = org
    held(store, ids[PRIYA], date(2026, 1, 20))
    row = next(r for r in schedule(store, "2026-02") if r.email == PRIYA)
    assert (row.cadence, row.cadence_source, row.status) == ("quarterly", "small team", NOT_DUE)
    assert status(store, PRIYA, "2026-04") == DUE
    assert status(store, PRIYA, "2026-05") == OVERDUE


def test_preference_overrides_the_small_team_rule(store, org):
    ids, _team = org
    set_cadence_preference(store, ids[PRIYA], "monthly")
    held(store, ids[PRIYA], date(2026, 1, 20))
    assert status(store, PRIYA, "2026-02") == DUE


def test_last_and_next_meeting(store, org):
    ids, team = org
    held(store, ids[AISHA], date(2026, 3, 12))
    upcoming = MeetingService(store).plan(ids[AISHA], date(2026, 4, 9))
    row = next(r for r in schedule(store, "2026-04") if r.email == AISHA)
    assert (row.last_met, row.next_meeting, row.next_meeting_id) == (
        date(2026, 3, 12),
        date(2026, 4, 9),
        upcoming,
    )
    assert row.rep == "Terry Lane" and row.rep_id == team["terry"]
    with store.session() as session:
        assert session.get(Meeting, upcoming).rep_id == team["terry"]


def test_unassigned_managers_say_so(store):
    load_northwind(store)
    assert {r.rep for r in schedule(store, "2026-04")} == {"unassigned"}


def test_reschedule_keeps_the_old_meeting_and_links_the_new(store, org):
    ids, _team = org
    first = MeetingService(store).plan(ids[AISHA], date(2026, 4, 9))
    second = MeetingService(store).reschedule(first, date(2026, 4, 16), "manager on leave")
    with store.session() as session:
        old, new = session.get(Meeting, first), session.get(Meeting, second)
        assert (old.status, old.rescheduled_to_id, old.reason) == (
            "rescheduled",
            second,
            "manager on leave",
        )
        assert (new.status, new.planned_for) == ("planned", date(2026, 4, 16))
    row = next(r for r in schedule(store, "2026-04") if r.email == AISHA)
    assert row.reschedules == 1 and not row.reevaluate
    assert row.next_meeting == date(2026, 4, 16)


def test_two_reschedules_in_a_quarter_raise_the_flag(store, org):
    ids, team = org
    first = MeetingService(store).plan(ids[AISHA], date(2026, 4, 9))
    second = MeetingService(store).reschedule(first, date(2026, 4, 16))
    MeetingService(store).reschedule(second, date(2026, 5, 7))
    row = next(r for r in schedule(store, "2026-05") if r.email == AISHA)
    assert row.reschedules == 2 and row.reevaluate
    assert [r.email for r in rep_schedule(store, team["terry"], "2026-05").reevaluate] == [AISHA]
    # the next quarter starts clean
    assert not next(r for r in schedule(store, "2026-07") if r.email == AISHA).reevaluate


def test_reschedules_in_different_quarters_do_not_flag(store, org):
    ids, _team = org
    first = MeetingService(store).plan(ids[AISHA], date(2026, 3, 30))
    second = MeetingService(store).reschedule(first, date(2026, 4, 2))
    MeetingService(store).reschedule(second, date(2026, 4, 20))
    row = next(r for r in schedule(store, "2026-04") if r.email == AISHA)
    assert row.reschedules == 1 and not row.reevaluate


def test_cancel_and_state_rules(store, org):
    ids, _team = org
    meeting = MeetingService(store).plan(ids[AISHA], date(2026, 4, 9))
    MeetingService(store).cancel(meeting, "reorg")
    with store.session() as session:
        assert session.get(Meeting, meeting).status == "cancelled"
    with pytest.raises(MeetingError, match="cancelled, so it cannot be marked as held"):
        MeetingService(store).hold(meeting)
    with pytest.raises(MeetingError, match="cancelled, so it cannot be rescheduled"):
        MeetingService(store).reschedule(meeting, date(2026, 4, 10))
    with pytest.raises(MeetingError, match="no longer exists"):
        MeetingService(store).cancel("nope")


def test_rep_schedule_buckets(store, org):
    ids, team = org
    held(store, ids[AISHA], date(2026, 3, 2))  # monthly -> due in April
    held(store, ids["tom.becker@northwind.example"], date(2026, 1, 5))  # quarterly, due April
    held(store, ids["maya.chen@northwind.example"], date(2026, 1, 5))  # monthly -> overdue
    mine = rep_schedule(store, team["terry"], "2026-04")
    assert {r.email for r in mine.due} == {AISHA, "tom.becker@northwind.example"}
    assert [r.email for r in mine.overdue] == ["maya.chen@northwind.example"]
    assert len(mine.never_met) == 4
    assert rep_schedule(store, team["rick"], "2026-04").due == []


def test_ics_export_parses_back(store, org, tmp_path):
    ids, team = org
    start = month_from()
    first = MeetingService(store).plan(ids[AISHA], clock.month_start(start, 1))
    MeetingService(store).plan(ids[PRIYA], clock.month_start(start, 2).replace(day=15))
    cancelled = MeetingService(store).plan(ids[PRIYA], clock.month_start(start, 1))
    MeetingService(store).cancel(cancelled)
    path = tmp_path / "meetings.ics"
    assert export_ics(store, path) == 2
    calendar = Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [
        "People Partner 1:1 with Aisha Bello",
        "People Partner 1:1 with Priya Nair",
    ]
    assert events[0].decoded("dtstart") == clock.month_start(start, 1)
    assert str(events[0]["uid"]) == f"{first}@partnerdesk"
    assert "aisha.bello@northwind.example" in str(events[0]["description"])
    assert export_ics(store, tmp_path / "rick.ics", team["rick"]) == 0


def test_ics_to_an_unwritable_place_is_a_clear_error(store, org, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(RepError, match="Cannot write"):
        export_ics(store, blocker / "sub" / "x.ics")


def test_former_managers_are_kept_with_their_history(store, org, tmp_path):
    from partnerdesk.core.roster import import_roster
    from tests.core.roster.org import DATA

    ids, _team = org
    held(store, ids[PRIYA], date(2026, 1, 20))
    import_roster(store, DATA / "employees_v2.csv")  # Priya is not in it
    assert PRIYA not in {r.email for r in schedule(store, "2026-02")}
    former = next(r for r in schedule(store, "2026-02", include_former=True) if r.email == PRIYA)
    assert former.status == "left" and former.last_met == date(2026, 1, 20)
    assert former.rep == "Terry Lane"


def test_holding_a_meeting_early_moves_it_to_the_day_it_was_held(store, org):
    ids, _team = org
    today = clock.today()
    early = MeetingService(store).plan(ids[AISHA], today + timedelta(days=1))
    late = MeetingService(store).plan(ids[PRIYA], today - timedelta(days=3))
    MeetingService(store).hold(early)
    MeetingService(store).hold(late)
    with store.session() as session:
        early_row, late_row = session.get(Meeting, early), session.get(Meeting, late)
        assert early_row.status == "held" and early_row.held_at is not None
        assert early_row.planned_for == today  # not the planned day still to come
        assert late_row.planned_for == today - timedelta(days=3)  # held late: date kept


def test_a_meeting_counts_on_the_local_day_it_was_held(store, org, monkeypatch):
    import time

    ids, _team = org
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        meeting = MeetingService(store).plan(ids[AISHA], date(2026, 10, 30))
        # 22:00 in New York on 31 October is 02:00 UTC on 1 November.
        MeetingService(store).hold(meeting, datetime(2026, 11, 1, 2, 0))
        assert status(store, AISHA, "2026-10") == MET
        assert status(store, AISHA, "2026-11") != MET
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
