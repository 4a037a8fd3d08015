"""Read an HRIS export (CSV whatever its encoding and delimiter, or a workbook) as a table.

HRIS tools and Excel produce UTF-8 with or without a byte-order mark, UTF-16 ("Unicode
text"), Windows-1252, comma-, semicolon- or tab-separated values, CRLF line ends,
quoted fields holding commas and newlines, blank lines and stray spaces. This module
turns any of them into a header and rows that remember their line number in the file.
XLSX, XLS and ODS workbooks go to :mod:`partnerdesk.core.roster.sheets`; a PDF or any
other binary file is refused in one line.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from partnerdesk.core.files import InputFileError, read_bounded
from partnerdesk.core.roster.errors import RosterError

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
MAX_FILE_BYTES = 200 * 1024 * 1024
_SEP_HINT = re.compile(r"^sep=(.)$", re.IGNORECASE)


@dataclass
class Table:
    """A decoded file: its header, its data rows with line numbers, and how it was read."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str = "UTF-8"
    delimiter: str = ","
    last_lines: dict[int, int] = field(default_factory=dict)  # rows spanning several lines
    source: str = ""  # how a workbook was read ("XLSX workbook, sheet 'People'"); "" for CSV
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)  # every visible sheet of a workbook
    footer: int = 0  # rows under the table dropped as a report footer (totals, notes)

    @property
    def read_as(self) -> str:
        """How the file was read: ``"UTF-8, comma separated"`` or the workbook's sheet."""
        return self.source or f"{self.encoding}, {self.delimiter_name} separated"

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))

    def broken_row(self, line: int, cells: list[str]) -> str | None:
        """Why the row at ``line`` cannot be trusted as one record, or None when it can.

        A quote left open swallows the following lines into one field: a field holding
        line breaks whose later lines carry several delimiters is taken for that. A row
        with more filled cells than the header has columns is reported too.
        """
        if line in self.last_lines:  # only a row spanning several lines can hide an open quote
            needed = max(2, (len(self.headers) - 1) // 2)
            for cell in cells:
                later = cell.split("\n")[1:]
                if any(part.count(self.delimiter) >= needed for part in later):
                    last = self.last_lines[line]
                    return (
                        f"unterminated quote: lines {line}–{last} run together into one row; "
                        'close the quote (") in the file and import again'
                    )
        used = len(cells)
        while used and not cells[used - 1]:
            used -= 1
        if used > len(self.headers):
            return f"row has {used} columns, the header has {len(self.headers)}"
        return None


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was written in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    head = data[:400]
    if head.count(b"\x00") * 4 >= len(head) > 0:
        odd_zeros = head[1::2].count(b"\x00")
        even_zeros = head[0::2].count(b"\x00")
        codec = "utf-16-le" if odd_zeros >= even_zeros else "utf-16-be"
        return data.decode(codec, errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter used on the header line (the first non-blank line), comma by default.

    Excel's ``sep=;`` hint line, when present, decides.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    hint = _SEP_HINT.match(first.strip())
    if hint:
        return hint.group(1)
    counts = {d: _count_outside_quotes(first, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def parse_text(text: str, encoding: str = "UTF-8") -> Table:
    """Split decoded CSV text into a header and numbered, trimmed, non-blank rows."""
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    last_lines: dict[int, int] = {}
    line = 1
    try:
        for record in reader:
            start, line = line, reader.line_num + 1
            cells = [cell.strip() for cell in record]
            if not any(cells):
                continue
            if headers is None and not rows and _SEP_HINT.match(",".join(cells)):
                continue
            if headers is None:
                headers = cells
            else:
                rows.append((start, cells))
                if reader.line_num > start:
                    last_lines[start] = reader.line_num
    except csv.Error as exc:
        raise RosterError(
            f"Line {line} of the file cannot be read as CSV ({exc}). Open the file in a "
            "spreadsheet, save it again as CSV and retry."
        ) from None
    if headers is None:
        raise RosterError("The file is empty: it has no header row and no people.")
    return Table(headers, rows, encoding, delimiter, last_lines)


def _markup_kind(text: str) -> str | None:
    """What a text file in markup is: a web page or an Excel 2003 XML spreadsheet."""
    head = text[:4096].lstrip().lower()
    if head.startswith("<?xml") and "urn:schemas-microsoft-com:office:spreadsheet" in head:
        return "an Excel 2003 XML spreadsheet"
    if head.startswith(("<html", "<!doctype html")) or (head.startswith("<") and "<table" in head):
        return "a web page (HTML table)"
    return None


def not_a_table(name: str, what: str) -> RosterError:
    """The one-line refusal of a file that is neither CSV nor a workbook."""
    return RosterError(
        f"{name}: this is not a CSV or Excel file ({what}). Export the roster from your "
        "HRIS as CSV or Excel (XLSX) and import that file."
    )


def looks_binary(data: bytes, text: str, encoding: str) -> bool:
    """True when bytes are no text: NUL bytes (outside UTF-16) or many control characters."""
    if encoding != "UTF-16" and b"\x00" in data[:8192]:
        return True
    head = text[:8192]
    odd = sum(1 for c in head if (c < " " and c not in "\t\r\n\f") or c == "\ufffd")
    return odd * 20 > len(head)


#: The last table read, by the hash of its bytes and the sheet: a dry run and the import
#: that follows it (the app's review step, then Import) parse the file once.
_last_read: tuple[tuple[bytes, str | None], Table] | None = None


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """Read a CSV file or a workbook's sheet (the first by default) as a table.

    A missing, unreadable, huge or binary file raises RosterError with one clear line.
    The same bytes read again give the same table without parsing them again.
    """
    global _last_read
    path = Path(path)
    try:
        data = read_bounded(path, MAX_FILE_BYTES, "roster export")
    except InputFileError as exc:
        raise RosterError(str(exc)) from None
    key = (hashlib.blake2b(data, digest_size=20).digest(), sheet)
    if _last_read is not None and _last_read[0] == key:
        return _last_read[1]
    table = _parse(path, data, sheet)
    _last_read = (key, table)
    return table


def forget_last_table() -> None:
    """Drop the remembered table (a 100,000-row export holds a lot of memory)."""
    global _last_read
    _last_read = None


def _parse(path: Path, data: bytes, sheet: str | None) -> Table:
    from partnerdesk.core.roster.sheets import read_workbook, workbook_kind

    if workbook_kind(data):
        return read_workbook(path, data, sheet)
    if data.startswith(b"%PDF"):
        raise not_a_table(path.name, "it is a PDF document")
    text, encoding = decode(data)
    if looks_binary(data, text, encoding):
        raise not_a_table(path.name, "it holds binary data, not text")
    if markup := _markup_kind(text):
        raise RosterError(
            f"{path.name} is {markup}, not a CSV file or an Excel workbook (some HRIS 'Export "
            "to Excel' buttons make these). Open it in Excel, save it as Excel Workbook "
            "(XLSX), and import that file."
        )
    if sheet is not None:
        raise RosterError(
            f"{path.name} is a CSV file: it has no sheets. Leave out the sheet ({sheet!r})."
        )
    return parse_text(text, encoding)
