"""The one clock: the user's calendar decides every day rule, in any zone, at any instant."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerdesk.core import clock
from partnerdesk.core.meetings import MeetingService
from partnerdesk.core.reports.period import Period
from partnerdesk.core.schedule import DUE, MET, NEVER_MET, NOT_DUE, OVERDUE, schedule
from partnerdesk.core.store.models import Meeting
from partnerdesk.core.themes import Period as ThemePeriod
from tests.core.roster.org import northwind_for_terry
from tests.helpers import pin_day

ZONES = [
    "America/Los_Angeles",
    "Pacific/Auckland",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Europe/Berlin",
    "UTC",
]
AISHA = "aisha.bello@northwind.example"  # team of 3: monthly

instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2060, 12, 31), timezones=st.just(UTC)
)


def pin(moment: datetime, zone: str) -> None:
    clock.set_zone(ZoneInfo(zone))
    clock.set_now(moment)


@given(moment=instants, zone=st.sampled_from(ZONES))
def test_today_is_the_local_calendar_day(moment, zone):
    pin(moment, zone)
    local = moment.astimezone(ZoneInfo(zone))
    assert clock.today() == local.date()
    assert clock.local_day(moment.replace(tzinfo=None)) == local.date()  # a stored stamp
    assert clock.utcnow().tzinfo is None
    assert abs(clock.now() - moment) < timedelta(seconds=5)


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_calendar_helpers_have_one_meaning_each(day):
    first = clock.month_start(day)
    assert first == day.replace(day=1)
    assert clock.month_end(day) + timedelta(days=1) == clock.month_start(day, 1)
    assert clock.month_start(day, -1) < first <= day <= clock.month_end(day)
    shifted = clock.add_months(day, 1)
    assert shifted.day == min(day.day, clock.month_end(shifted).day)
    assert clock.month_start(shifted) == clock.month_start(day, 1)
    quarter = clock.quarter_of(day)
    assert clock.quarter_start(day) <= day <= clock.quarter_end(day)
    assert clock.quarter_start(day).month == 3 * quarter - 2
    assert clock.quarter_end(day) + timedelta(days=1) == clock.quarter_start(day, 1)
    assert clock.week_start(day).weekday() == 0 and clock.week_end(day).weekday() == 6
    assert clock.week_start(day) <= day <= clock.week_end(day)
    assert Period.containing(day, "quarter").start == clock.quarter_start(day)
    assert ThemePeriod.quarter_of(day).end == clock.quarter_end(day)


def test_add_months_clamps_to_the_month_end():
    assert clock.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert clock.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert clock.add_months(date(2026, 12, 15), -13) == date(2025, 11, 15)


def test_a_pinned_clock_runs_on_and_is_released():
    pin(datetime(2027, 3, 31, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles")), "UTC")
    first = clock.now()
    assert clock.now() >= first
    assert clock.today() == date(2027, 4, 1)  # in UTC it is already April
    clock.set_zone(ZoneInfo("America/Los_Angeles"))
    assert clock.today() == date(2027, 3, 31)
    clock.set_now(None)
    clock.set_zone(None)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)  # noqa: TID251


@pytest.fixture
def org(store):
    return northwind_for_terry(store)


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Pacific/Auckland"])
def test_a_meeting_planned_at_half_past_eleven_is_dated_that_local_day(store, org, zone):
    clock.set_zone(ZoneInfo(zone))
    pin_day(date(2027, 3, 31), hour=23, minute=30)
    meeting_id = MeetingService(store).open_or_plan(org[AISHA])
    with store.session() as session:
        assert session.get(Meeting, meeting_id).planned_for == date(2027, 3, 31)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    held=instants.filter(lambda m: m.year < 2059),
    later_days=st.integers(min_value=0, max_value=200),
    zone=st.sampled_from(ZONES),
)
def test_due_and_overdue_follow_the_local_calendar(store, org, held, later_days, zone):
    """A monthly manager met at ``held``: the status on a later day, by the local calendar."""
    clock.set_zone(ZoneInfo(zone))
    held_day = held.astimezone(ZoneInfo(zone)).date()
    meeting_id = MeetingService(store).plan(org[AISHA], held_day)
    MeetingService(store).hold(meeting_id, held.replace(tzinfo=None))
    try:
        pin_day(held_day + timedelta(days=later_days), hour=23, minute=30)
        today = clock.today()
        row = next(r for r in schedule(store) if r.email == AISHA)
        assert row.last_met == held_day
        due_month = clock.month_start(held_day, 1)  # monthly: the month after the meeting
        this_month = clock.month_start(today)
        expected = (
            MET
            if held_day >= this_month
            else OVERDUE
            if due_month < this_month
            else DUE
            if due_month == this_month
            else NOT_DUE
        )
        assert row.status == expected
    finally:
        with store.transaction() as session:  # the next example starts from a never-met manager
            session.get(Meeting, meeting_id).deleted = True
        assert next(r for r in schedule(store) if r.email == AISHA).status == NEVER_MET
