"""Render a summary's tables as CSV files that open cleanly in Excel.

Files are UTF-8 with a byte-order mark (so Excel detects the encoding) and CRLF line
ends. A text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from partnerdesk.core.cases import kind_label as case_kind_label
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.reports.model import ManagerCadence, Summary, kind_label
from partnerdesk.core.store.engine import StoreError

TABLES = ("cadence", "signals", "followups", "themes", "quotes", "people", "cases", "engagement")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Table = tuple[Sequence[str], list[Sequence[object]]]


def neutralise(value: object) -> object:
    """A cell value that no spreadsheet will evaluate as a formula."""
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One table as Excel-friendly CSV bytes (BOM, CRLF, neutralised cells)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def tables(summary: Summary) -> dict[str, Table]:
    """The summary's detail tables, by file name stem."""
    named = summary.name_individuals
    cadence = (
        [
            "Department",
            "Manager",
            "Email",
            "Rep",
            "Cadence",
            "Due",
            "Held",
            "Rescheduled",
            "Cancelled",
            "Last held",
            "Never met",
        ],
        [_manager_row(m) for m in summary.managers],
    )
    signal_headers = ["Department", "Kind", "Severity", "Status at period end", "Opened"]
    signal_headers += ["Resolved", "Age (days)", "Tags"]
    signal_rows = []
    for s in summary.signals:
        row = [s.department, kind_label(s.kind), s.severity, s.status, s.opened, s.resolved]
        row += [s.age_days, s.tags]
        signal_rows.append(row + ([s.manager, s.person, s.summary] if named else []))
    followup_headers = ["Department", "Manager", "Owner", "Status at period end", "Created"]
    followup_headers += ["Due", "Closed", "Days overdue"]
    followup_rows = []
    for f in summary.followups:
        row = [f.department, f.manager, f.owner, f.status, f.created, f.due, f.closed]
        followup_rows.append([*row, f.overdue_days] + ([f.text] if named else []))
    quotes = [q for rollup in summary.agenda for q in rollup.quotes] + summary.other_quotes
    return {
        "cadence": cadence,
        "signals": (
            signal_headers + (["Manager", "Person", "Summary"] if named else []),
            signal_rows,
        ),
        "followups": (followup_headers + (["Text"] if named else []), followup_rows),
        "themes": (
            ["Department", "Theme", "Managers", "Mentions"],
            [[t.department, f"#{t.tag}", t.managers, t.mentions] for t in summary.themes],
        ),
        "quotes": (
            ["Department", "Agenda item", "Date", *(["Manager"] if named else []), "Quote"],
            [
                [q.department, q.item, q.day, *([q.manager] if named else []), q.text]
                for q in quotes
            ],
        ),
        "people": (
            ["Department", "Joiners", "Leavers"],
            [[m.department, m.joiners, m.leavers] for m in summary.people_moves],
        ),
        "cases": (
            [
                "Kind",
                "Opened",
                "Closed",
                "Open at end",
                "Median age (days)",
                "Oldest (days)",
                "Median days to close",
            ],
            [
                [
                    case_kind_label(g.kind),
                    g.opened,
                    g.closed,
                    g.open,
                    g.median_open_days,
                    g.oldest_open_days,
                    g.median_close_days,
                ]
                for g in summary.case_groups
            ],
        ),
        "engagement": (
            [
                "Department",
                "Period",
                "Result",
                "Previous period",
                "Previous result",
                "Change",
                "Teams",
                "Teams with too few responses",
            ],
            [
                [
                    e.department,
                    e.period,
                    e.score_text,
                    e.previous_period,
                    e.previous_text,
                    e.change_text,
                    e.teams,
                    e.teams_too_few,
                ]
                for e in summary.engagement
            ],
        ),
    }


def _manager_row(m: ManagerCadence) -> list[object]:
    return [
        m.department,
        m.name,
        m.email,
        m.rep,
        m.cadence,
        m.due,
        m.held,
        m.rescheduled,
        m.cancelled,
        m.last_held,
        m.never_met,
    ]


def csv_paths(summary: Summary, target: Path) -> dict[str, Path]:
    """Where each table goes: inside ``target`` when it is a folder, else ``target`` as a prefix."""
    if target.is_dir():
        stem = f"partnerdesk-summary-{summary.period.code}"
        return {name: target / f"{stem}-{name}.csv" for name in TABLES}
    prefix = target.name[:-4] if target.suffix.lower() == ".csv" else target.name
    return {name: target.with_name(f"{prefix}-{name}.csv") for name in TABLES}


def write_csv(summary: Summary, target: Path) -> list[Path]:
    """Write every table next to (or into) ``target``; returns the files written."""
    paths = csv_paths(summary, target)
    folder = next(iter(paths.values())).parent
    if not folder.is_dir():
        raise StoreError(f"The folder {folder} does not exist: create it or pick another.")
    for name, (headers, rows) in tables(summary).items():
        atomic_write_bytes(paths[name], to_csv_bytes(headers, rows))
    return list(paths.values())
