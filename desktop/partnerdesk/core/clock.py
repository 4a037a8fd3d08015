"""The one clock: UTC instants for stamps, the user's local day for everything a person sees.

Nothing else in the app reads the wall clock or today's date (ruff's banned-api rule
enforces it). Tests pin the clock with :func:`set_now` (it then runs on from that
instant) and the local zone with :func:`set_zone`; a child process started by a test
reads ``PARTNERDESK_CLOCK`` (an ISO instant with its offset) the same way.

The calendar helpers below have one meaning each:

- ``month_start(day, n)``: the first day of the month ``n`` months after ``day``'s month;
- ``add_months(day, n)``: the same day of the month ``n`` months on, clamped to that
  month's last day (31 Jan + 1 month = 28 or 29 Feb);
- quarters are calendar quarters (Jan-Mar, ...), weeks run Monday to Sunday.

Hybrid logical clock stamps are ``WWWWWWWWWWWWW-CCCC-DEVICE``: wall milliseconds (13
digits), a counter (4 hex digits) and the device id, so plain string comparison orders them.
"""

from __future__ import annotations

import calendar
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

#: English month names (reports and agendas are written in English, whatever the locale).
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: How far ahead of our own wall clock a remote stamp may be before it is held back.
MAX_DRIFT_MS = 24 * 3600 * 1000

#: A pinned start (aware UTC) and the monotonic reading it was pinned at; None = real time.
_pinned: tuple[datetime, float] | None = None
#: The user's zone when a test sets one; None = this computer's zone.
_zone: tzinfo | None = None
#: Whether ``PARTNERDESK_CLOCK`` has been read (once, at the first reading of the clock).
_env_read = False


def set_now(moment: datetime | None) -> None:
    """Pin the clock to ``moment`` (it runs on from there); None returns to the wall clock."""
    global _pinned, _env_read
    _env_read = True
    if moment is None:
        _pinned = None
        return
    if moment.tzinfo is None:
        raise ValueError("set_now needs an aware datetime")
    _pinned = (moment.astimezone(UTC), time.monotonic())


def set_zone(zone: tzinfo | None) -> None:
    """Use ``zone`` as the user's local zone; None returns to this computer's zone."""
    global _zone
    _zone = zone


def _pin_from_env() -> None:
    global _env_read
    _env_read = True
    value = os.environ.get("PARTNERDESK_CLOCK", "").strip()
    if value:
        set_now(datetime.fromisoformat(value.replace("Z", "+00:00")))


def now() -> datetime:
    """The current instant, aware, in UTC."""
    if not _env_read:
        _pin_from_env()
    if _pinned is None:
        return datetime.now(UTC)
    start, at = _pinned
    return start + timedelta(seconds=time.monotonic() - at)


def utcnow() -> datetime:
    """The current instant as a naive UTC datetime (the store's convention for stamps)."""
    return now().replace(tzinfo=None)


def local_now() -> datetime:
    """The current instant in the user's zone."""
    return to_local(now())


def to_local(moment: datetime) -> datetime:
    """A moment (aware, or naive UTC as stored) in the user's zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_zone) if _zone is not None else moment.astimezone()


def today() -> date:
    """The user's local calendar day."""
    return local_now().date()


def local_day(moment: datetime) -> date:
    """The user's calendar day of a moment (aware, or naive UTC as stored)."""
    return to_local(moment).date()


def wall_ms() -> int:
    """Current wall clock in milliseconds since the epoch."""
    return int(now().timestamp() * 1000)


# -- calendar -------------------------------------------------------------------------


def month_start(day: date, months: int = 0) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` on, clamped to that month's last day."""
    first = month_start(day, months)
    return first.replace(day=min(day.day, month_end(first).day))


def quarter_of(day: date) -> int:
    """The calendar quarter (1-4) of ``day``."""
    return (day.month - 1) // 3 + 1


def quarter_start(day: date, quarters: int = 0) -> date:
    """The first day of the quarter ``quarters`` after (or before) ``day``'s quarter."""
    return month_start(date(day.year, 3 * (quarter_of(day) - 1) + 1, 1), 3 * quarters)


def quarter_end(day: date) -> date:
    """The last day of ``day``'s quarter."""
    return quarter_start(day, 1) - timedelta(days=1)


def week_start(day: date) -> date:
    """The Monday starting ``day``'s week."""
    return day - timedelta(days=day.weekday())


def week_end(day: date) -> date:
    """The Sunday ending ``day``'s week."""
    return day + timedelta(days=6 - day.weekday())


# -- hybrid logical clock -------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Stamp:
    """One parsed hybrid-logical-clock stamp."""

    wall: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.wall:013d}-{self.counter:04x}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        wall, counter, device = text.split("-", 2)
        return cls(int(wall), int(counter, 16), device)


class HybridClock:
    """Issues monotonically increasing stamps for one device; thread-safe."""

    def __init__(self, device_id: str, now_ms=wall_ms) -> None:
        self.device_id = device_id
        self._now_ms = now_ms
        self._wall = 0
        self._counter = 0
        self._lock = threading.Lock()

    def tick(self) -> str:
        """A new stamp, later than every stamp this clock has issued or observed."""
        with self._lock:
            now_ms = self._now_ms()
            if now_ms > self._wall:
                self._wall, self._counter = now_ms, 0
            else:
                self._counter += 1
            return str(Stamp(self._wall, self._counter, self.device_id))

    def observe(self, stamp: str) -> bool:
        """Advance past a remote stamp; returns False (and ignores it) when it is too far ahead."""
        remote = Stamp.parse(stamp)
        with self._lock:
            if remote.wall > self._now_ms() + MAX_DRIFT_MS:
                return False
            if (remote.wall, remote.counter) > (self._wall, self._counter):
                self._wall, self._counter = remote.wall, remote.counter
            return True
