"""How a day reads to a rep, everywhere: "4 Dec 2026", "Fri 4 Dec 2026", "4 December 2026".

A day never carries a leading zero ("04 Dec" reads as a code, and beside "1 October"
in the same report as a mistake). A datetime (naive UTC as stored, or aware) is shown
on the user's calendar, so a rep in Auckland sees the day it was there.
"""

from __future__ import annotations

from datetime import date, datetime

from partnerdesk.core import clock


def _local(value: date) -> date:
    return clock.to_local(value) if isinstance(value, datetime) else value


def day(value: date, year: bool = True) -> str:
    """ "4 Dec 2026" (or "4 Dec" without the year)."""
    value = _local(value)
    return f"{value.day} {value:%b %Y}" if year else f"{value.day} {value:%b}"


def weekday(value: date, year: bool = True) -> str:
    """ "Fri 4 Dec 2026" (or "Fri 4 Dec")."""
    return f"{_local(value):%a} {day(value, year)}"


def long_day(value: date) -> str:
    """ "4 December 2026"."""
    value = _local(value)
    return f"{value.day} {value:%B %Y}"


def long_weekday(value: date) -> str:
    """ "Friday 4 December 2026"."""
    return f"{_local(value):%A} {long_day(value)}"


def moment(value: datetime) -> str:
    """ "4 Dec 2026 15:51", on the user's clock."""
    return f"{day(value)} {clock.to_local(value):%H:%M}"
