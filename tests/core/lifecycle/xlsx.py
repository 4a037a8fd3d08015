# ruff: noqa: E501 - the package parts are long XML lines by nature
"""Write a minimal XLSX workbook (one sheet, inline strings and numbers) for import tests."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Results" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def _cell(value: object) -> str:
    if isinstance(value, int | float):
        return f"<c><v>{value}</v></c>"
    return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    """``rows`` (the first is the header) as a one-sheet workbook at ``path``."""
    body = "".join("<row>" + "".join(_cell(v) for v in row) + "</row>" for row in rows)
    return write_sheet_data(path, body)


def write_sheet_data(path: Path, body: str, root: str = "worksheet") -> Path:
    """A one-sheet workbook at ``path`` whose ``<sheetData>`` holds ``body`` as it is
    (cells placed or not), under a ``root`` element ("x:worksheet" to use a prefix)."""
    prefix = root.partition(":")[0] if ":" in root else ""
    space = f"xmlns:{prefix}" if prefix else "xmlns"
    data = f"{prefix}:sheetData" if prefix else "sheetData"
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<{root} {space}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<{data}>{body}</{data}></{root}>"
    )
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def stray_cell_workbook(path: Path, rows: list[list[object]], dimension: bytes | None) -> Path:
    """``rows`` and one stray cell at row 1,000,000, column 16,000, as Excel saves it; the
    sheet's dimension element replaced by ``dimension`` unless None (b"": none at all)."""
    import re

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.active.cell(row=1_000_000, column=16_000, value="x")
    made = path.with_suffix(".made.xlsx")
    book.save(made)
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if dimension is not None and info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", dimension, data)
            out.writestr(info.filename, data)
    made.unlink()
    return path
