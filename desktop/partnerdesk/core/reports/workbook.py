"""The summary as an Excel workbook for analysts: one sheet per table, typed cells.

Written with XlsxWriter (already installed with python-pptx, which uses it for the deck's
chart data; it only writes, which is all this needs). Dates are dates, counts are numbers,
shares are numbers shown as percentages; each sheet has a frozen header row, a filter
and column widths that fit. Text goes through the CSV export's ``neutralise``, so no
cell is ever a formula. The detail sheets are the CSV export's tables; a new sheet (cases,
lifecycle) is one more function in ``SHEETS``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.reports.csv_export import neutralise, tables
from partnerdesk.core.reports.model import CadenceRow, Summary, kind_label

MAX_WIDTH, MIN_WIDTH = 60, 6
MAX_CELL = 32767  # Excel's limit on the characters of one cell
FILTER_BUTTON = 3  # the header's filter arrow takes about three characters
LONG_HEADERS = ("Quote", "Summary", "Text", "Agenda item")


class Percent(float):
    """A share between 0 and 1, shown as a percentage."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name, header row and rows of typed values."""

    name: str
    headers: Sequence[str]
    rows: list[Sequence[object]]


def render_workbook(summary: Summary) -> bytes:
    """The workbook as ``.xlsx`` bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties(
        {
            "title": f"{summary.title} · {summary.scope_label}",
            "author": "Partner Desk",
            "created": summary.generated_at,
        }
    )
    formats = _Formats(book)
    for make in SHEETS:
        sheet = make(summary)
        if sheet is not None:
            _write(book.add_worksheet(sheet.name), sheet, formats)
    book.close()
    return buffer.getvalue()


def write_workbook(summary: Summary, path: Path) -> None:
    atomic_write_bytes(path, render_workbook(summary))


# ----- sheets ----------------------------------------------------------------------------


def overview(summary: Summary) -> Sheet:
    h = summary.headline
    rows: list[Sequence[object]] = [
        ("Period", summary.period.label, summary.period.span),
        ("Scope", summary.scope_label, ""),
        ("Figures as of", summary.as_of, "counts at the end of the period, or today if earlier"),
        ("Generated", summary.generated_at, "UTC"),
        ("Cadence adherence", _share(h.meetings_met, h.meetings_due), "held of due, per manager"),
        ("Managers", h.managers, "active, in scope"),
        ("Managers met", h.managers_met, "at least once in the period"),
        ("Managers never met", h.never_met, "no meeting ever held"),
        ("Meetings due", h.meetings_due, ""),
        ("Meetings held", h.meetings_held, ""),
        ("Meetings held (counted)", h.meetings_met, "at most the meetings due per manager"),
        ("Meetings rescheduled", h.rescheduled, ""),
        ("Signals opened", h.signals_opened, ""),
        ("Signals resolved", h.signals_resolved, ""),
        ("Signals open at period end", h.signals_open, ""),
        ("Follow-ups opened", h.followups_opened, ""),
        ("Follow-ups done", h.followups_done, ""),
        ("Follow-ups overdue", h.followups_overdue, "open at the end of the period"),
        ("Recurring themes", h.recurring_themes, f"raised by ≥{summary.theme_threshold} managers"),
        ("Exec notes quoted", h.exec_quotes, "notes their authors marked for leadership"),
    ]
    return Sheet("Summary", ("Measure", "Value", "Note"), rows)


def _cadence_groups(name: str, first: str, groups: list[CadenceRow]) -> Sheet:
    headers = (first, "Managers", "Due", "Held", "Held (counted)", "Adherence")
    headers += ("Rescheduled", "Cancelled", "Never met")
    rows = [
        (
            r.label,
            r.managers,
            r.due,
            r.held,
            r.met,
            _share(r.met, r.due),
            r.rescheduled,
            r.cancelled,
            r.never_met,
        )
        for r in groups
    ]
    return Sheet(name, headers, rows)


def cadence_by_department(summary: Summary) -> Sheet:
    return _cadence_groups("Cadence by department", "Department", summary.cadence_by_department)


def cadence_by_rep(summary: Summary) -> Sheet:
    return _cadence_groups("Cadence by rep", "Rep", summary.cadence_by_rep)


def _detail(name: str, table: str) -> Callable[[Summary], Sheet]:
    """A sheet made of one of the CSV export's tables."""

    def make(summary: Summary) -> Sheet:
        headers, rows = tables(summary)[table]
        return Sheet(name, headers, rows)

    make.__name__ = f"{table}_sheet"
    return make


def signal_groups(summary: Summary) -> Sheet:
    headers = ("Department", "Kind", "Opened", "Resolved", "Open at period end")
    headers += ("Median age of open (days)", "Oldest open (days)")
    rows = [
        (
            g.department,
            kind_label(g.kind),
            g.opened,
            g.resolved,
            g.open,
            g.median_open_days,
            g.oldest_open_days,
        )
        for g in summary.signal_groups
    ]
    return Sheet("Signals by department", headers, rows)


def followup_groups(summary: Summary) -> Sheet:
    headers = ("Department", "Opened", "Done", "Open at period end", "Overdue")
    rows = [(g.department, g.opened, g.done, g.open, g.overdue) for g in summary.followup_groups]
    return Sheet("Follow-ups by department", headers, rows)


def agenda_answers(summary: Summary) -> Sheet:
    headers = ("Section", "Agenda item", "Managers answered", "Notes for leadership")
    rows = [(r.section, r.item, r.managers_answered, len(r.quotes)) for r in summary.agenda]
    return Sheet("Agenda answers", headers, rows)


#: The workbook's sheets, in order; each returns a Sheet (or None to leave it out).
SHEETS: tuple[Callable[[Summary], Sheet | None], ...] = (
    overview,
    cadence_by_department,
    cadence_by_rep,
    _detail("Cadence by manager", "cadence"),
    signal_groups,
    _detail("Signals", "signals"),
    followup_groups,
    _detail("Follow-ups", "followups"),
    _detail("Themes", "themes"),
    agenda_answers,
    _detail("Exec quotes", "quotes"),
)


# ----- cells -----------------------------------------------------------------------------


class _Formats:
    """The workbook's cell formats, made once."""

    def __init__(self, book) -> None:
        self.header = book.add_format(
            {"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "valign": "top"}
        )
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self.percent = book.add_format({"num_format": "0%"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})


def _write(ws, sheet: Sheet, formats: _Formats) -> None:
    widths = [len(h) + FILTER_BUTTON for h in sheet.headers]
    long = {i for i, h in enumerate(sheet.headers) if h in LONG_HEADERS}
    for col, header in enumerate(sheet.headers):
        ws.write_string(0, col, str(neutralise(header)), formats.header)
    for r, row in enumerate(sheet.rows, start=1):
        for col, value in enumerate(row):
            shown = _cell(ws, r, col, value, formats, col in long)
            widths[col] = max(widths[col], shown)
    for col, width in enumerate(widths):
        ws.set_column(col, col, max(MIN_WIDTH, min(width + 1, MAX_WIDTH)))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(sheet.rows), 1), len(sheet.headers) - 1)


def _cell(ws, row: int, col: int, value: object, formats: _Formats, wrap: bool) -> int:
    """Write one typed cell; returns about how many characters wide it shows."""
    if isinstance(value, datetime):
        ws.write_datetime(row, col, value, formats.moment)
        return 16
    if isinstance(value, date):
        ws.write_datetime(row, col, value, formats.date)
        return 10
    if isinstance(value, Percent):
        ws.write_number(row, col, value, formats.percent)
        return 5
    if isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(row, col, value)
        return len(f"{value:g}")
    text = str(neutralise(value))[:MAX_CELL]
    if not text:
        ws.write_blank(row, col, None)
        return 0
    ws.write_string(row, col, text, formats.wrap if wrap else None)
    return max(len(part) for part in text.splitlines() or [""])


def _share(part: int, whole: int) -> Percent | None:
    """``part`` of ``whole`` as a Percent, or None (an empty cell) when nothing was due."""
    return Percent(part / whole) if whole else None
