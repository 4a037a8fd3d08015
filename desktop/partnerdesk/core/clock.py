"""Hybrid logical clock stamps and UTC time helpers.

A stamp is ``WWWWWWWWWWWWW-CCCC-DEVICE``: wall milliseconds (13 digits), a counter
(4 hex digits) and the device id, so plain string comparison orders stamps.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

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


def utcnow() -> datetime:
    """Current UTC time as a naive datetime (the store's convention)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_day(moment: datetime) -> date:
    """The calendar day, on this computer's clock, of a stored (naive UTC) moment."""
    return moment.replace(tzinfo=UTC).astimezone().date()


def wall_ms() -> int:
    """Current wall clock in milliseconds."""
    return time.time_ns() // 1_000_000


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
            now = self._now_ms()
            if now > self._wall:
                self._wall, self._counter = now, 0
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
