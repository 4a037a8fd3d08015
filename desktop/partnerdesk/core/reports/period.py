"""Reporting periods: a calendar month (``2026-05``) or a quarter (``2026-Q2``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from partnerdesk.core.clock import MONTH_NAMES, day_start_utc, month_start, quarter_start
from partnerdesk.core.store.engine import StoreError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")


@dataclass(frozen=True)
class Period:
    """A half-open range of whole months: ``start`` (first day) to ``end`` (first day after)."""

    kind: str  # "month" or "quarter"
    start: date
    end: date

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``YYYY-MM`` or ``YYYY-Qn``; anything else raises a StoreError saying what to do."""
        value = (text or "").strip()
        if match := _MONTH.match(value):
            year, month = int(match[1]), int(match[2])
            if 1 <= month <= 12:
                return cls.month(year, month)
        if match := _QUARTER.match(value):
            return cls.quarter(int(match[1]), int(match[2]))
        raise StoreError(
            f"'{text}' is not a period: give a month like 2026-05 or a quarter like 2026-Q2."
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = date(year, month, 1)
        return cls("month", start, month_start(start, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        start = date(year, 3 * (quarter - 1) + 1, 1)
        return cls("quarter", start, month_start(start, 3))

    @classmethod
    def containing(cls, day: date, kind: str = "month") -> Period:
        """The month or quarter that contains ``day``."""
        if kind == "quarter":
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        return cls.month(day.year, day.month)

    @property
    def code(self) -> str:
        """The period as typed on the command line (``2026-05`` / ``2026-Q2``)."""
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def label(self) -> str:
        """A human label: ``May 2026`` or ``Q2 2026``."""
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"

    @property
    def span(self) -> str:
        """The days covered: ``1 April – 30 June 2026``."""
        last = self.end - timedelta(days=1)
        first = f"{self.start.day} {MONTH_NAMES[self.start.month - 1]}"
        return f"{first} – {last.day} {MONTH_NAMES[last.month - 1]} {last.year}"

    @property
    def months(self) -> int:
        """How many calendar months the period spans."""
        return 3 if self.kind == "quarter" else 1

    @property
    def start_dt(self) -> datetime:
        """When the period begins on the user's calendar, as a stored (naive UTC) instant."""
        return day_start_utc(self.start)

    @property
    def end_dt(self) -> datetime:
        """When the period ends (exclusive), as a stored (naive UTC) instant."""
        return day_start_utc(self.end)

    def quarter_start(self) -> date:
        """The first day of the quarter this period lies in."""
        return quarter_start(self.start)

    def ends_quarter(self) -> bool:
        """True when the period's last month is the last month of a quarter."""
        return self.end.month in (1, 4, 7, 10)

    def previous(self) -> Period:
        return type(self)(self.kind, month_start(self.start, -self.months), self.start)
