"""Days read the same everywhere: no leading zero, and a stored moment on the rep's own
calendar (the day it was where the rep is, not in UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from partnerdesk.core import clock, daytext


@pytest.fixture
def auckland():
    clock.set_zone(ZoneInfo("Pacific/Auckland"))
    yield
    clock.set_zone(None)


def test_a_day_has_no_leading_zero():
    day = date(2026, 12, 4)
    assert daytext.day(day) == "4 Dec 2026"
    assert daytext.day(day, year=False) == "4 Dec"
    assert daytext.weekday(day) == "Fri 4 Dec 2026"
    assert daytext.weekday(day, year=False) == "Fri 4 Dec"
    assert daytext.long_day(day) == "4 December 2026"
    assert daytext.long_weekday(day) == "Friday 4 December 2026"
    assert daytext.day(date(2026, 10, 31)) == "31 Oct 2026"


def test_a_stored_moment_shows_on_the_reps_calendar(auckland):
    stored = datetime(2026, 12, 3, 20, 30)  # naive UTC, as the store keeps it
    assert daytext.day(stored) == "4 Dec 2026"  # 09:30 the next morning in Auckland
    assert daytext.weekday(stored) == "Fri 4 Dec 2026"
    assert daytext.moment(stored) == "4 Dec 2026 09:30"
    assert daytext.moment(stored.replace(tzinfo=UTC)) == "4 Dec 2026 09:30"
