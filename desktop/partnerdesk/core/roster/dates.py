"""Dates as HRIS exports write them: ISO, US, European, month names and Excel serials.

``2024-03-01``, ``03/01/2024``, ``01.03.2024``, ``1-Mar-2024``, ``March 1, 2024`` and
``45352`` (Excel's day count) all read as 1 March 2024. Whether ``03/01/2024`` is day or
month first is decided once per file from its values: a ``23/04/2024`` somewhere can
only be day first, a ``04/23/2024`` only month first; when no value decides, dots mean
day first (German style) and slashes month first (US style), and the dry run says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from partnerdesk.core.roster.vocabulary import header_key

DAY_FIRST, MONTH_FIRST = "day/month/year", "month/day/year"
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_NUMERIC = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})[-/.](\d{4}|\d{2})(?:[T ,].*)?$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_WORDY = re.compile(r"^(\d{1,2})?[\s.-]*([^\W\d_]+)\.?[\s.,-]*(\d{1,2})?[\s,.-]*(\d{4})$")
_EXCEL_EPOCH = date(1899, 12, 30)
#: Month names and abbreviations (English, German, French, Spanish, Dutch), by key.
MONTHS = {
    key: number
    for number, names in enumerate(
        [
            "jan january janv janvier januar jänner ene enero januari",
            "feb february fev fevr fevrier februar febrero februari",
            "mar march mär märz mars marzo maart mrt",
            "apr april avr avril abr abril",
            "may mai mayo mei",
            "jun june juin juni junio",
            "jul july juil juillet juli julio",
            "aug august aout ago agosto augustus",
            "sep sept september septembre septiembre",
            "oct october okt oktober octobre octubre",
            "nov november novembre noviembre",
            "dec december dez dezember decembre dic diciembre",
        ],
        start=1,
    )
    for key in (header_key(n) for n in names.split())
}


def _year(text: str) -> int:
    year = int(text)
    return year + (2000 if year < 70 else 1900) if len(text) == 2 else year


def decide_order(values: Iterable[str], language: str = "") -> tuple[str, str]:
    """The day/month order of a file's numeric dates and why: ``(order, reason)``.

    ``reason`` is "" when the file has no date that could be read either way. When no
    value decides, a file whose headers are in ``language`` (German, French, Spanish,
    Dutch: countries that never write the month first) is read day first.
    """
    day_first = month_first = ambiguous = 0
    dots = slashes = 0
    example = ""
    for value in values:
        found = _NUMERIC.match(value)
        if not found:
            continue
        first, second = int(found.group(1)), int(found.group(3))
        if found.group(2) == ".":
            dots += 1
        else:
            slashes += 1
        if first > 12 >= second:
            day_first += 1
            example = example or value
        elif second > 12 >= first:
            month_first += 1
            example = example or value
        elif first != second:
            ambiguous += 1
    if day_first and month_first:
        return DAY_FIRST if day_first >= month_first else MONTH_FIRST, (
            f"the dates mix day-first and month-first forms ({day_first} vs {month_first}); "
            "read as the majority, "
            + (DAY_FIRST if day_first >= month_first else MONTH_FIRST)
            + ". Check the file's date format"
        )
    if day_first:
        return DAY_FIRST, f"dates read as {DAY_FIRST} ({example} can only be day first)"
    if month_first:
        return MONTH_FIRST, f"dates read as {MONTH_FIRST} ({example} can only be month first)"
    if not ambiguous:
        return DAY_FIRST if dots >= slashes or language else MONTH_FIRST, ""
    order = DAY_FIRST if dots > slashes or language else MONTH_FIRST
    if dots > slashes:
        style = "dots, European style"
    else:
        style = f"{language} headers" if language else "slashes, US style"
    return order, (
        f"dates read as {order}: no date in the file decides it ({style}); if that is "
        "wrong, export the dates as YYYY-MM-DD"
    )


def parse_date(value: str, order: str = MONTH_FIRST) -> date:
    """The date a cell holds; ValueError when it is no date."""
    if found := _ISO.match(value):
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if found := _NUMERIC.match(value):
        first, second = int(found.group(1)), int(found.group(3))
        day, month = (first, second) if order == DAY_FIRST else (second, first)
        return date(_year(found.group(4)), month, day)
    if _SERIAL.match(value):
        days = int(float(value))
        if 1 <= days <= 2958465:
            return _EXCEL_EPOCH + timedelta(days=days)
    if found := _WORDY.match(value.strip()):
        month = MONTHS.get(header_key(found.group(2)))
        day = found.group(1) or found.group(3)
        if month and day:
            return date(int(found.group(4)), month, int(day))
    raise ValueError(f"{value!r} is not a date")


class DateReader:
    """Reads the date cells of one file in the order decided for it, remembering each text."""

    def __init__(self, order: str) -> None:
        self.order = order
        self._seen: dict[str, date] = {}

    def read(self, value: str) -> date | None:
        """The date of a cell (None when empty); ValueError when it is no date."""
        if not value:
            return None
        found = self._seen.get(value)
        if found is None:
            found = self._seen[value] = parse_date(value, self.order)
        return found
