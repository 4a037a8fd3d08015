"""Files that are no roster: one clear line, and nothing in the store changes."""

from __future__ import annotations

import pytest

from partnerdesk.core.roster import RosterError, import_roster
from tests.core.roster.exports import BY_KEY, write_export
from tests.core.roster.test_import import snapshot

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(256) * 40


def workbook(tmp_path, rows, name="people.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / name)
    return tmp_path / name


@pytest.fixture
def loaded(store, tmp_path):
    """A store that already holds the Workday org (so 'nothing changed' means something)."""
    import_roster(store, write_export(BY_KEY["workday"], tmp_path, "csv"))
    return snapshot(store)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("roster.csv", PDF, "roster.csv: this is not a CSV or Excel file (it is a PDF document)"),
        ("roster.csv", bytes(range(256)) * 50, "this is not a CSV or Excel file (it holds binary"),
        ("roster.xlsx", b"PK\x03\x04" + b"\x00" * 300, "this is not a CSV or Excel file"),
        ("roster.xls", b"\xd0\xcf\x11\xe0" + b"\x01" * 600, "this is not a CSV or Excel file"),
    ],
)
def test_not_a_spreadsheet_is_refused_in_one_line(store, tmp_path, loaded, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(RosterError) as caught:
        import_roster(store, path, dry_run=False)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert snapshot(store) == loaded


def test_an_empty_sheet(store, tmp_path, loaded):
    path = workbook(tmp_path, [])
    with pytest.raises(RosterError, match=r"The sheet 'Sheet' of people\.xlsx is empty"):
        import_roster(store, path)
    assert snapshot(store) == loaded


def test_duplicate_headers_that_matter(store, tmp_path, loaded):
    path = workbook(tmp_path, [
        ["Name", "Email", "Manager", "Email"],
        ["Ann Boss", "ann@x.example", "", "ann@y.example"],
    ])  # fmt: skip
    with pytest.raises(RosterError, match=r"two columns named 'Email' \(columns B and D\)"):
        import_roster(store, path)
    assert snapshot(store) == loaded


def test_a_merged_title_row_above_the_header_is_skipped(store, tmp_path):
    path = workbook(tmp_path, [
        ["Headcount report — Northwind — December 2026", None, None],
        [None, None, None],
        ["Name", "Work Email", "Reports To"],
        ["Ann Boss", "ann@x.example", ""],
        ["Bob Low", "bob@x.example", "ann@x.example"],
    ])  # fmt: skip
    report = import_roster(store, path)
    assert report.applied and report.counts.new == 1
    assert report.problems == []


@pytest.mark.parametrize(
    "dimension",
    [None, b"", b'<dimension ref="A1"/>', b'<dimension ref="A1:C2"/>'],
    ids=["dimension", "none", "A1-placeholder", "lying"],
)
def test_a_stray_cell_far_from_the_table_is_refused_not_a_crash(store, tmp_path, loaded, dimension):
    """One cell at row 1,000,000, column 16,000 would make the reader ask for 500 GB."""
    from tests.core.lifecycle.xlsx import stray_cell_workbook

    rows = [["Name", "Email", "Manager"], ["Ann Boss", "ann@x.example", ""]]
    path = stray_cell_workbook(tmp_path / "people.xlsx", rows, dimension)
    with pytest.raises(RosterError) as caught:
        import_roster(store, path)
    assert str(caught.value) == (
        "The sheet 'Sheet' of people.xlsx spans 1,000,000 rows by 16,000 columns (something "
        "is typed far below or to the right of the table). Delete those cells, or copy the "
        "table to a new workbook, and import that."
    )
    assert snapshot(store) == loaded


def test_a_header_with_nobody_under_it_is_refused(store, tmp_path, loaded):
    path = tmp_path / "people.csv"
    path.write_text("Name,Email,Manager\n\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        import_roster(store, path, dry_run=True)
    assert str(caught.value) == (
        "The file has a header row but nobody under it. Export the roster again with the "
        "people in it."
    )
    assert snapshot(store) == loaded


def test_a_report_footer_under_the_table_is_not_read_as_people(store, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "Employee Roster,,,\n,,,\nEmployee ID,Name,Work Email,Manager ID\n"
        "1,Ann Boss,ann@x.example,\n2,Bob Low,bob@x.example,1\n3,,,1\n,,,\n"
        "Total Employees: 3,,,\nReport generated 12/01/2026 by jdoe,,,\nConfidential,,,\n",
        encoding="utf-8",
    )
    report = import_roster(store, path, dry_run=True)
    assert [str(p) for p in report.problems] == ["line 6: missing email"]  # inside the table
    assert "3 lines under the table (totals, report notes) were not read as people." in (
        report.notes
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table>'
            "<tr><td>Name</td><td>Email</td><td>Manager</td></tr></table></body></html>",
            "a web page (HTML table)",
        ),
        (
            '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook '
            'xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="People">'
            "</Worksheet></Workbook>",
            "an Excel 2003 XML spreadsheet",
        ),
    ],
    ids=["html", "xml-2003"],
)
def test_an_html_or_xml_export_named_xls_says_to_save_it_as_xlsx(
    store, tmp_path, loaded, text, kind
):
    path = tmp_path / "export.xls"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        import_roster(store, path)
    assert str(caught.value).startswith(f"export.xls is {kind}, not a CSV file or an Excel")
    assert "save it as Excel Workbook (XLSX)" in str(caught.value)
    assert snapshot(store) == loaded


def test_a_header_thousands_of_columns_wide_is_refused(store, tmp_path, loaded):
    path = tmp_path / "roster.csv"
    wide = ",".join(f"c{i}" for i in range(5000))
    path.write_text(f"Name,Email,Manager,{wide}\nAnn,ann@x.example,\n", encoding="utf-8")
    with pytest.raises(RosterError, match=r"^The header row has 5,003 columns: no HRIS export"):
        import_roster(store, path, dry_run=True)
    assert snapshot(store) == loaded


def test_a_workbook_that_unpacks_to_more_than_an_export_holds_is_refused(
    store, tmp_path, loaded, monkeypatch
):
    """A zip bomb: a small file whose sheet unpacks to gigabytes is refused unread."""
    import zipfile

    from openpyxl import Workbook

    from partnerdesk.core.roster import sheets

    book = Workbook(write_only=True)
    sheet = book.create_sheet("People")
    for row in [["Name", "Email", "Manager"]] + [["Ann Boss", "ann@x.example", ""]] * 20_000:
        sheet.append(row)
    made = tmp_path / "made.xlsx"
    book.save(made)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(made).infolist())
    assert made.stat().st_size * 10 < unpacked  # it packs small
    monkeypatch.setattr(sheets, "MAX_UNPACKED", unpacked - 1)
    with pytest.raises(RosterError, match=r"made.xlsx unpacks to .* GB, more than any roster"):
        import_roster(store, made)
    assert snapshot(store) == loaded


FAR = 'r="XFD800000"'


@pytest.mark.parametrize(
    ("body", "root"),
    [
        (f'<row r="1"><c t="n" {FAR}><v>1</v></c></row>', "worksheet"),
        ("<row r='1'><c r='XFD800000'><v>1</v></c></row>", "worksheet"),
        ('<row><c r="XFD5"/></row><row><c r="A1048576"/></row>', "worksheet"),
        ('<row r="1"><c r="A1000000"/></row>' + '<row r="2"><c r="XFD2"/></row>', "worksheet"),
        ('<row r="900000"><c r="A900000"/></row><row r="2"><c r="XFD2"/></row>', "worksheet"),
        (f'<x:row r="1"><x:c {FAR}><x:v>1</x:v></x:c></x:row>', "x:worksheet"),
        ('<row r="1048576"/><row>' + "<c/>" * 16_384 + "</row>", "worksheet"),
    ],
    ids=["r-not-first", "single-quotes", "rows-unnumbered", "cell-past-its-row",
         "high-row-first", "prefixed", "cells-unplaced"],
)  # fmt: skip
def test_a_crafted_sheet_cannot_hide_a_far_cell(store, tmp_path, loaded, body, root):
    """Each of these sheets makes the reader ask for gigabytes (it aborts the process):
    the check places cells as the reader does, however the XML is written."""
    from tests.core.lifecycle.xlsx import write_sheet_data

    path = write_sheet_data(tmp_path / "crafted.xlsx", body, root)
    with pytest.raises(RosterError, match=r"spans [\d,]+ rows by [\d,]+ columns"):
        import_roster(store, path)
    assert snapshot(store) == loaded


def test_a_sheet_that_cannot_be_checked_is_refused_with_what_to_do(store, tmp_path, loaded):
    """A sheet whose XML is broken cannot be checked for far cells, so it is not read."""
    from tests.core.lifecycle.xlsx import write_sheet_data

    path = write_sheet_data(tmp_path / "broken.xlsx", '<row><c r="A1"><v>1</v></row>')
    with pytest.raises(RosterError) as caught:
        import_roster(store, path)
    assert str(caught.value) == (
        "The sheet 'Results' of broken.xlsx cannot be checked before it is read (the "
        "workbook is damaged, or not saved the way Excel saves workbooks). Open it in "
        "Excel, save it again as Excel Workbook (XLSX), and import that."
    )
    assert snapshot(store) == loaded
