"""Reading real-world CSV files: encodings, delimiters, line ends, quoting, blank lines."""

from __future__ import annotations

import codecs

import pytest

from partnerdesk.core.roster.csvfile import decode, parse_text, read_table, sniff_delimiter
from partnerdesk.core.roster.errors import RosterError
from tests.core.roster.org import DATA


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("employees_plain.csv", "UTF-8", "comma"),
        ("employees_bom_semicolon_crlf.csv", "UTF-8 with BOM", "semicolon"),
        ("employees_utf16_excel.csv", "UTF-16", "tab"),
        ("employees_cp1252.csv", "Windows-1252", "comma"),
        ("employees_quirks.csv", "UTF-8", "comma"),
    ],
)
def test_fixture_files_decode_to_the_same_people(name, encoding, delimiter):
    table = read_table(DATA / name)
    assert table.encoding == encoding
    assert table.delimiter_name == delimiter
    assert len(table.rows) == 15
    names = {" ".join(c for c in row[1:3] if "@" not in c) for _line, row in table.rows}
    assert any("Müller" in n for n in names)
    assert any("Fernández" in n for n in names)


def test_bom_is_not_part_of_the_first_header():
    table = read_table(DATA / "employees_bom_semicolon_crlf.csv")
    assert table.headers[0] == "ID"


def test_utf16_without_bom_is_recognised():
    data = "Email,Reports To\r\na@x.io,\r\n".encode("utf-16-le")
    text, encoding = decode(data)
    assert encoding == "UTF-16"
    assert text.startswith("Email,Reports To")


def test_utf8_bom_is_stripped():
    text, encoding = decode(codecs.BOM_UTF8 + b"Email\n")
    assert (text, encoding) == ("Email\n", "UTF-8 with BOM")


def test_line_numbers_count_blank_lines_and_multiline_fields():
    table = read_table(DATA / "employees_quirks.csv")
    lines = {row[0]: line for line, row in table.rows}
    assert lines["E001"] == 2
    assert lines["E002"] == 4  # after one blank line
    assert lines["E003"] == 6  # E002's note spans lines 4-5
    assert lines["E012"] == 19  # after two blank lines and a second multi-line note
    note = next(row[8] for _line, row in table.rows if row[0] == "E002")
    assert note == 'Joined in 2019;\nmoved from Dubai, "loves" travel'


def test_cells_and_headers_are_trimmed():
    table = read_table(DATA / "employees_quirks.csv")
    assert table.headers[0] == "Employee #"
    assert table.headers[3] == "Email"
    row = next(row for _line, row in table.rows if row[0] == "E015")
    assert row[3] == "chloe.martin@northwind.example"


def test_rows_of_empty_cells_are_skipped():
    table = parse_text("Email,Name\n,,\n  ,  \na@x.io,A\n")
    assert [line for line, _row in table.rows] == [4]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("a,b;c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ('"x;y",b,c', ","), ("single", ",")],
)
def test_delimiter_is_sniffed_from_the_header_outside_quotes(header, expected):
    assert sniff_delimiter(header + "\n1,2\n") == expected


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"\n\n")
    with pytest.raises(RosterError, match="empty"):
        read_table(path)


def test_missing_file_says_so(tmp_path):
    with pytest.raises(RosterError, match="no file"):
        read_table(tmp_path / "nope.csv")


def test_folder_is_refused(tmp_path):
    with pytest.raises(RosterError, match="folder"):
        read_table(tmp_path)


def test_a_broken_workbook_is_not_a_csv_or_excel_file(tmp_path):
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00rest-of-zip")
    with pytest.raises(RosterError, match="this is not a CSV or Excel file"):
        read_table(path)


def test_a_sheet_asked_of_a_csv_file_is_refused_not_ignored(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Email,Manager\nAnn,ann@x.example,\n", encoding="utf-8")
    with pytest.raises(RosterError, match=r"^people\.csv is a CSV file: it has no sheets"):
        read_table(path, "People")
