"""Read a spreadsheet (XLSX, XLS, ODS) into the same header-and-rows table as a CSV file.

``python-calamine`` reads all three formats. The first visible worksheet that names roster
columns is read unless another is chosen (a report's cover sheet is passed over); cells
become text the way a person sees them (``42`` not ``42.0``, dates as ISO ``2024-03-01``),
and each row keeps its spreadsheet row number so problems point at the row the rep sees
in Excel.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

from partnerdesk.core.roster.csvfile import Table
from partnerdesk.core.roster.errors import RosterError

#: What the first bytes of a workbook say it is.
KINDS = {b"PK\x03\x04": "XLSX", b"\xd0\xcf\x11\xe0": "XLS"}
#: The most cells a sheet's used range may span: the reader allocates the whole rectangle
#: at once (about 32 bytes a cell), so one stray cell at XFD1048576 of a small export
#: would ask for 500 GB and abort the process. 100,000 people x 200 columns fit.
MAX_CELLS = 20_000_000
_A1 = re.compile(r"([A-Z]{1,3})(\d{1,7})")
#: The most a zip workbook (XLSX, ODS) may unpack to: 20 million cells of sheet XML fit.
MAX_UNPACKED = 2_000_000_000
_WIDE_REF = re.compile(rb'<c r="([A-Z]{2,3})\d')  # a cell beyond column Z
_ROW_REF = re.compile(rb'<row r="(\d+)"')
#: What the quick count reads past: a cell or row whose place is not its first attribute
#: (or is missing), and elements of the sheet's namespace written with a prefix.
_UNUSUAL = (
    re.compile(rb'<c(?! r=")[\s/>]'),
    re.compile(rb'<row(?! r=")[\s/>]'),
    re.compile(
        rb'xmlns:[\w.-]+="(?:http://schemas\.openxmlformats\.org/spreadsheetml/2006'
        rb'/main|http://purl\.oclc\.org/ooxml/spreadsheetml/main)"'
    ),
)
_CHUNK = 1 << 22
#: A sheet's XML up to this size is kept while it is checked, not inflated twice.
_KEEP_BYTES = 256 << 20
_PARTS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def workbook_kind(data: bytes) -> str | None:
    """``"XLSX"`` (also ODS: both are zip files), ``"XLS"``, or None for anything else."""
    return KINDS.get(data[:4])


def _text(value: object) -> str:
    """A cell as the text a person reads in the spreadsheet."""
    if type(value) is str:
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value).strip()


def _visible_sheets(book: python_calamine.CalamineWorkbook) -> list[str]:
    names = [
        meta.name
        for meta in book.sheets_metadata
        if meta.visible == python_calamine.SheetVisibleEnum.Visible
        and meta.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]
    return names or list(book.sheet_names)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_part(book: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding an XLSX sheet's cells, found through the workbook's links."""
    try:
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        links = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    targets = {link.get("Id"): link.get("Target", "") for link in links}
    for element in workbook.iter():
        if element.tag.endswith("}sheet") and element.get("name") == sheet:
            target = targets.get(element.get(_PARTS), "")
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return None


def _pieces(book: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """A sheet's XML, streamed in pieces of ~4 MB that end between two tags."""
    rest = b""
    with book.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            chunk = rest + chunk
            cut = chunk.rfind(b">") + 1
            rest = chunk[cut:]
            yield chunk[:cut]
    yield rest


def _quick_extent(book: zipfile.ZipFile, part: str) -> tuple[int, int] | None:
    """(rows, columns) a sheet's cells span when every cell and row gives its place first
    (``<c r="B7"``, as Excel, HRIS exports and openpyxl write); None for any other sheet.

    A cell's row can be past its ``<row>``'s, so the furthest row is the larger of the
    rows' and of the cells written with as many digits or more. 100,000 rows of A..L
    (65 MB of XML): ~0.35 s, half of it inflating."""
    rows = columns = 0
    kept: list[bytes] | None = [] if book.getinfo(part).file_size <= _KEEP_BYTES else None
    for piece in _pieces(book, part):
        if any(unusual.search(piece) for unusual in _UNUSUAL):
            return None
        for letters in _WIDE_REF.findall(piece):
            columns = max(columns, _column_number(letters))
        rows = max(rows, max(map(int, _ROW_REF.findall(piece)), default=0))
        if kept is not None:
            kept.append(piece)
    far = re.compile(rb'<c r="[A-Z]{1,3}(\d{%d,})' % len(str(rows)))
    for piece in _pieces(book, part) if kept is None else kept:  # a big sheet: inflated again
        rows = max(rows, max(map(int, far.findall(piece)), default=0))
    return rows, max(columns, 26)


def _exact_extent(book: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(rows, columns) a sheet's cells span, placed as the reader places them: a cell's or
    row's ``r`` when it has one, else one past the one before (any prefix, any order)."""
    from xml.parsers import expat

    place = {"row": 0, "column": 0, "rows": 0, "columns": 0}

    def start(name: str, attributes: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "row":
            given = attributes.get("r", "")
            place["row"] = int(given) if given.isdigit() else place["row"] + 1
            place["column"] = 0
        elif tag == "c":
            found = _A1.fullmatch(attributes.get("r", ""))
            if found:
                place["column"] = _column_number(found.group(1).encode())
                place["rows"] = max(place["rows"], int(found.group(2)))
            else:
                place["column"] += 1
            place["columns"] = max(place["columns"], place["column"])
        place["rows"] = max(place["rows"], place["row"])

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    for piece in _pieces(book, part):
        parser.Parse(piece, False)
    parser.Parse(b"", True)
    return place["rows"], place["columns"]


def _xlsx_extent(data: bytes, sheet: str) -> tuple[int, int] | None:
    """(rows, columns) an XLSX sheet's cells span, from the cells' own places: a sheet's
    ``<dimension>`` is not trusted (a crafted file can claim A1:C3 and hold XFD1000000).
    None when the sheet cannot be found or read: it is then refused, not read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            part = _sheet_part(book, sheet)
            if part is None or part not in book.NameToInfo:
                return None
            return _quick_extent(book, part) or _exact_extent(book, part)
    except Exception:  # damaged, an unknown compression, not XML: the reader is not asked
        return None


def _unpacked_size(data: bytes) -> int:
    """What a zip workbook's parts say they unpack to (0 for anything else)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return sum(info.file_size for info in book.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0


def sprawl(path: Path, data: bytes, sheet: str) -> str | None:
    """Why an XLSX sheet cannot be read, when its cells span too large a rectangle for the
    reader (a stray far cell), else None. Ask before reading any workbook's sheet."""
    if workbook_kind(data) != "XLSX":
        return None
    unpacked = _unpacked_size(data)  # a zip bomb: readers stop at the sizes the parts declare
    if unpacked > MAX_UNPACKED:
        return (
            f"{path.name} unpacks to {unpacked / 1e9:,.1f} GB, more than any roster or survey "
            f"export holds ({MAX_UNPACKED / 1e9:,.0f} GB at most). Export the file again, or "
            "as CSV, and import that."
        )
    if b"opendocument" in data[:200]:
        return None
    extent = _xlsx_extent(data, sheet)
    if extent is None:
        return (
            f"The sheet {sheet!r} of {path.name} cannot be checked before it is read (the "
            "workbook is damaged, or not saved the way Excel saves workbooks). Open it in "
            "Excel, save it again as Excel Workbook (XLSX), and import that."
        )
    rows, columns = extent
    if rows * columns <= MAX_CELLS:
        return None
    return (
        f"The sheet {sheet!r} of {path.name} spans {rows:,} rows by {columns:,} columns "
        "(something is typed far below or to the right of the table). Delete those "
        "cells, or copy the table to a new workbook, and import that."
    )


def _names_fields(values: list[list[object]]) -> bool:
    """True when one of the sheet's top rows names at least two roster fields."""
    from partnerdesk.core.roster.columns import LOOK_AHEAD, recognised

    rows = (row for row in values if any(_text(v) for v in row))
    return any(
        len(recognised([_text(v) for v in row])) >= 2
        for _index, row in zip(range(LOOK_AHEAD + 1), rows, strict=False)
    )


def _roster_sheet(
    path: Path, data: bytes, book: python_calamine.CalamineWorkbook, names: list[str]
) -> tuple[str, list[list[object]]]:
    """The first of ``names`` whose top rows name roster columns, with its cells.

    A report's cover sheet ("Export of 1 Dec 2026") before the people is passed over;
    when no sheet looks like a roster, the first is read (and its error shown).
    """
    first: tuple[str, list[list[object]]] | None = None
    for name in names:
        if problem := sprawl(path, data, name):
            raise RosterError(problem)
        values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if len(names) == 1 or _names_fields(values):
            return name, values
        first = first or (name, values)
    assert first is not None
    return first


def read_workbook(path: Path, data: bytes, sheet: str | None = None) -> Table:
    """The chosen sheet of a workbook as a :class:`Table`; by default the first visible
    sheet that holds a roster (a cover sheet before it is passed over), else the first."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise RosterError(
            f"{path.name} is password-protected. Save a copy without a password and import that."
        ) from None
    except Exception:  # calamine raises several unrelated types for a file it cannot parse
        raise RosterError(
            f"{path.name}: this is not a CSV or Excel file (it is a zip or Office file that is "
            "not a readable workbook). Export the roster from your HRIS as CSV or Excel "
            "(XLSX) and import that file."
        ) from None
    sheets = _visible_sheets(book)
    if not sheets:
        raise RosterError(f"{path.name} has no worksheets. Export the roster again.")
    if sheet is not None and sheet not in sheets:
        raise RosterError(
            f"{path.name} has no sheet {sheet!r} (its sheets are: {', '.join(sheets)})."
        )
    name, values = _roster_sheet(path, data, book, [sheet] if sheet is not None else sheets)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    strip = str.strip
    for number, raw in enumerate(values, start=1):
        try:  # a row of text cells, stripped in one C loop (100,000 rows: ~0.06 s, not ~0.1 s)
            cells = list(map(strip, raw))
        except TypeError:  # a number, date or boolean among them: each cell as a person reads it
            cells = [v.strip() if type(v) is str else _text(v) for v in raw]
        if not any(cells):
            continue
        if headers is None:
            headers = cells
        else:
            rows.append((number, cells))
    if headers is None:
        raise RosterError(
            f"The sheet {name!r} of {path.name} is empty: it has no header row and no people. "
            + ("Choose another sheet." if len(sheets) > 1 else "Export the roster again.")
        )
    kind = "ODS" if b"opendocument" in data[:200] else workbook_kind(data) or "Excel"
    source = f"{kind} workbook, sheet {name!r}"
    return Table(headers, rows, source=source, sheet=name, sheets=sheets)
