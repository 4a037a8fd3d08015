"""The Excel workbook: read back with openpyxl, cell types, layout, privacy and formula safety."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from partnerdesk.core.reports.csv_export import neutralise, tables
from partnerdesk.core.reports.export import write_summary
from partnerdesk.core.reports.period import Period
from partnerdesk.core.reports.summary import build_summary
from partnerdesk.core.reports.workbook import render_workbook
from tests import reports_data as data

SECRETS = (data.PRIVATE_MARKER, data.TEAM_MARKER, "secret-theme")
SHEETS = [
    "Summary",
    "Cadence by department",
    "Cadence by rep",
    "Cadence by manager",
    "Signals by department",
    "Signals",
    "Follow-ups by department",
    "Follow-ups",
    "Themes",
    "Agenda answers",
    "Exec quotes",
]


@pytest.fixture
def built(store):
    with store.transaction() as session:
        data.build(session)
    return lambda **kw: build_summary(store, Period.parse(data.PERIOD), today=data.TODAY, **kw)


def _book(summary):
    return load_workbook(io.BytesIO(render_workbook(summary)))


def _rows(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=2, values_only=True))


def _shown(value) -> int:
    """About how many characters a cell shows (dates as yyyy-mm-dd [hh:mm], shares as 64%)."""
    if isinstance(value, datetime):
        return 10 if value == datetime(value.year, value.month, value.day) else 16
    if isinstance(value, float):
        return 4
    return len(str(value)) if value is not None else 0


def _parts(package: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_one_sheet_per_table_with_frozen_headers_filters_and_widths(built):
    book = _book(built())
    assert book.sheetnames == SHEETS
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        header = [cell.value for cell in ws[1]]
        assert all(header), ws.title
        assert ws[1][0].font.bold
        for index, name in enumerate(header, start=1):
            letter = ws.cell(1, index).column_letter
            width = ws.column_dimensions[letter].width
            longest = max(_shown(v) for v in [name, *(r[index - 1] for r in _rows(ws))])
            assert width >= min(longest, 60) - 1, (ws.title, name, width, longest)
            assert width <= 62, (ws.title, name)


def test_cells_are_typed(built):
    summary = built()
    book = _book(summary)
    managers = book["Cadence by manager"]
    header = [c.value for c in managers[1]]
    last_held = header.index("Last held") + 1
    due = header.index("Due") + 1
    held_dates = [
        managers.cell(r, last_held).value
        for r in range(2, managers.max_row + 1)
        if managers.cell(r, last_held).value
    ]
    assert held_dates and all(isinstance(v, datetime) for v in held_dates)
    assert managers.cell(2, last_held).number_format == "yyyy-mm-dd"
    assert all(isinstance(managers.cell(r, due).value, int) for r in range(2, managers.max_row + 1))

    departments = book["Cadence by department"]
    header = [c.value for c in departments[1]]
    col = header.index("Adherence") + 1
    for r, row in enumerate(summary.cadence_by_department, start=2):
        cell = departments.cell(r, col)
        assert cell.number_format == "0%"
        assert cell.value == pytest.approx(row.met / row.due)
        assert departments.cell(r, header.index("Due") + 1).value == row.due

    overview = {row[0]: row[1] for row in _rows(book["Summary"])}
    h = summary.headline
    assert overview["Cadence adherence"] == pytest.approx(h.meetings_met / h.meetings_due)
    assert overview["Signals open at period end"] == h.signals_open
    assert overview["Figures as of"] == datetime(2026, 6, 30)
    assert overview["Period"] == "Q2 2026"

    signals = book["Signals"]
    header = [c.value for c in signals[1]]
    assert isinstance(signals.cell(2, header.index("Opened") + 1).value, datetime)
    assert isinstance(signals.cell(2, header.index("Age (days)") + 1).value, int)
    assert len(_rows(signals)) == len(summary.signals)


def test_the_detail_sheets_are_the_csv_tables(built):
    summary = built(name_individuals=True)
    book = _book(summary)
    for sheet, table in (("Signals", "signals"), ("Themes", "themes"), ("Exec quotes", "quotes")):
        headers, rows = tables(summary)[table]
        assert [c.value for c in book[sheet][1]] == list(headers)
        assert len(_rows(book[sheet])) == len(rows)


def test_formulas_are_neutralised_as_in_the_csv(built):
    summary = built(name_individuals=True)
    book = _book(summary)
    quotes = [row[-1] for row in _rows(book["Exec quotes"])]
    assert neutralise(data.HYPERLINK) in quotes
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert "<f>" not in _parts(render_workbook(summary))


def test_no_private_or_team_text_in_any_part_of_the_workbook(built):
    text = _parts(render_workbook(built()))
    for secret in SECRETS:
        assert secret not in text
    assert data.PERSON_MARKER not in text
    assert f"{data.EXEC_MARKER}00" in text
    named = _parts(render_workbook(built(name_individuals=True)))
    assert data.PERSON_MARKER in named
    for secret in SECRETS:
        assert secret not in named


def test_an_empty_summary_still_opens(store, tmp_path):
    summary = build_summary(store, Period.parse(data.PERIOD), today=data.TODAY)
    [path] = write_summary(summary, "xlsx", tmp_path)
    assert path.name == "partnerdesk-summary-2026-Q2.xlsx"
    book = load_workbook(path)
    assert book.sheetnames == SHEETS
    assert _rows(book["Signals"]) == []
    overview = {row[0]: row[1] for row in _rows(book["Summary"])}
    assert overview["Cadence adherence"] is None  # nothing was due: an empty cell, not 0%
