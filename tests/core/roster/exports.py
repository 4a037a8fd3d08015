"""A synthetic export per HRIS vendor, in the shape its documentation gives (CSV, XLSX, XLS).

One small org (Northwind Traders) is written the way Workday, ADP Workforce Now, SAP
SuccessFactors, BambooHR, HiBob, Personio, Rippling, Gusto, Deel and UKG export it,
plus French, Spanish and Dutch generic exports: their headers, name parts, manager
references (id, position, email or name), status words and date forms. The org has
leavers (a departed manager among them) and a person on leave, so every export must
give the same five active managers with the same team sizes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DOMAIN = "northwind.example"


@dataclass(frozen=True)
class Person:
    """One person of the org, in canonical form."""

    id: str
    first: str
    last: str
    title: str
    department: str
    boss: str | None
    status: str = "active"  # active | leave | terminated
    hired: date = date(2019, 4, 23)
    left: date | None = None
    preferred: str = ""
    middle: str = ""
    position: str = ""

    @property
    def email(self) -> str:
        return f"{self.first.lower()}.{self.last.lower()}@{DOMAIN}"

    @property
    def user(self) -> str:
        return (self.first[0] + self.last).lower()

    def full(self, preferred: bool = True) -> str:
        return f"{(self.preferred if preferred else '') or self.first} {self.last}"


ORG = [
    Person("E100", "Maya", "Chen", "Chief Executive Officer", "Executive", None,
           hired=date(2015, 3, 2)),
    Person("E101", "Omar", "Haddad", "VP Sales", "Sales", "E100"),
    Person("E102", "Lucia", "Fernandez", "Vice President, Engineering", "Engineering",
           "E100", preferred="Lucy"),
    Person("E103", "Gabriel", "Jones", "Director of Sales", "Sales", "E101", middle="Alan"),
    Person("E104", "Grace", "Kim", "Account Executive", "Sales", "E103", status="leave"),
    Person("E105", "Jonas", "Weber", "Account Executive", "Sales", "E103"),
    Person("E106", "Aisha", "Bello", "Engineering Manager", "Engineering", "E102",
           hired=date(2020, 11, 30)),
    Person("E107", "Liam", "Obrien", "Software Engineer", "Engineering", "E106"),
    Person("E108", "Sofia", "Rossi", "Software Engineer", "Engineering", "E106",
           status="terminated", left=date(2025, 1, 31)),
    Person("E109", "Kenji", "Sato", "Software Engineer", "Engineering", "E106"),
    Person("E110", "Peter", "Olsen", "Director of Finance", "Finance", "E100",
           status="terminated", left=date(2024, 12, 13)),
    Person("E111", "Tara", "Quinn", "Analyst", "Finance", "E110", status="terminated",
           left=date(2024, 12, 20)),
    Person("E112", "Noor", "Rahman", "Executive Assistant", "Executive", "E100",
           hired=date(2026, 9, 14)),
    Person("E113", "Chloe", "Martin", "Sales Operations Lead", "Sales", "E101"),
]  # fmt: skip
BY_ID = {p.id: p for p in ORG}
for _index, _person in enumerate(ORG):
    object.__setattr__(_person, "position", f"POS{_index + 1:03d}")

#: The active managers every export must give: email -> team size (leavers not counted).
TEAMS = {
    "maya.chen@northwind.example": 3,
    "omar.haddad@northwind.example": 2,
    "lucia.fernandez@northwind.example": 1,
    "gabriel.jones@northwind.example": 2,
    "aisha.bello@northwind.example": 2,
}
TRIAL_END = date(2027, 3, 14)  # Noor's probation end, in the exports that carry one


def boss(person: Person) -> Person | None:
    return BY_ID[person.boss] if person.boss else None


def us(day: date | None) -> str:
    return f"{day.month:02d}/{day.day:02d}/{day.year}" if day else ""


def eu(day: date | None, sep: str = "/") -> str:
    return f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}" if day else ""


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


Column = tuple[str, Callable[[Person], object]]


@dataclass(frozen=True)
class Vendor:
    """How one HRIS writes the org: columns, extra header rows, status words."""

    key: str
    name: str  # what the dry run must say the file looks like ("" for generic exports)
    columns: list[Column]
    preferred: bool  # display names use the preferred first name
    labels: list[str] | None = None  # a second header row (SAP SuccessFactors)
    language: str = ""
    has_leave: bool = True  # the status column can say "on leave" (SAP's cannot)

    def rows(self) -> list[list[object]]:
        return [[get(p) for _h, get in self.columns] for p in ORG]

    def headers(self) -> list[str]:
        return [h for h, _get in self.columns]

    def expected_names(self) -> dict[str, str]:
        return {p.email: p.full(self.preferred) for p in ORG if p.email in TEAMS}


def word(mapping: dict[str, str]) -> Callable[[Person], str]:
    return lambda p: mapping[p.status]


def boss_of(get: Callable[[Person], str], none: str = "") -> Callable[[Person], str]:
    return lambda p: get(boss(p)) if boss(p) else none


VENDORS = [
    Vendor("workday", "Workday", [
        ("Employee ID", lambda p: p.id),
        ("Worker", lambda p: p.full()),
        ("Legal Name - First Name", lambda p: p.first),
        ("Legal Name - Last Name", lambda p: p.last),
        ("Preferred Name - First Name", lambda p: p.preferred),
        ("Email - Primary Work", lambda p: p.email),
        ("Business Title", lambda p: p.title),
        ("Supervisory Organization", lambda p: p.department),
        ("Manager", boss_of(lambda b: b.full())),
        ("Manager - Employee ID", boss_of(lambda b: b.id)),
        ("Worker Status", word({"active": "Active", "leave": "On Leave",
                                "terminated": "Terminated"})),
        ("Hire Date", lambda p: us(p.hired)),
        ("Termination Date", lambda p: us(p.left)),
    ], preferred=True),
    Vendor("adp", "ADP Workforce Now", [
        ("Associate ID", lambda p: p.id),
        ("File Number", lambda p: p.id[1:]),
        ("Position ID", lambda p: p.position),
        ("Payroll Name", lambda p: f"{p.last}, {p.first}"),
        ("Legal First Name", lambda p: p.first),
        ("Legal Last Name", lambda p: p.last),
        ("Preferred Name", lambda p: p.preferred),
        ("Work Contact: Work Email", lambda p: p.email),
        ("Job Title Description", lambda p: p.title),
        ("Home Department Description", lambda p: p.department),
        ("Reports To Associate ID", lambda p: ""),
        ("Reports To Position ID", boss_of(lambda b: b.position)),
        ("Reports To Name", boss_of(lambda b: f"{b.last}, {b.first}")),
        ("Position Status", word({"active": "Active", "leave": "Leave",
                                  "terminated": "Terminated"})),
        ("Hire Date", lambda p: us(p.hired)),
        ("Termination Date", lambda p: us(p.left)),
    ], preferred=True),
    Vendor("successfactors", "SAP SuccessFactors", [
        ("STATUS", lambda p: "inactive" if p.status == "terminated" else "active"),
        ("USERID", lambda p: p.user),
        ("USERNAME", lambda p: p.user),
        ("FIRSTNAME", lambda p: p.first),
        ("LASTNAME", lambda p: p.last),
        ("MI", lambda p: p.middle[:1]),
        ("EMAIL", lambda p: p.email),
        ("MANAGER", boss_of(lambda b: b.user, "NO_MANAGER")),
        ("HR", lambda p: "NO_HR"),
        ("DEPARTMENT", lambda p: p.department),
        ("TITLE", lambda p: p.title),
        ("HIREDATE", lambda p: us(p.hired)),
        ("EMPID", lambda p: p.id),
    ], preferred=False, labels=[
        "Status", "User ID", "Username", "First Name", "Last Name", "Middle Name",
        "Email", "Manager", "Human Resource", "Department", "Title", "Hire Date",
        "Employee Id",
    ], has_leave=False),
    Vendor("bamboohr", "BambooHR", [
        ("employeeNumber", lambda p: p.id),
        ("firstName", lambda p: p.first),
        ("lastName", lambda p: p.last),
        ("preferredName", lambda p: p.preferred),
        ("workEmail", lambda p: p.email),
        ("jobTitle", lambda p: p.title),
        ("department", lambda p: p.department),
        ("supervisorEId", boss_of(lambda b: b.id)),
        ("status", lambda p: "Inactive" if p.status == "terminated" else "Active"),
        ("employmentStatus", word({"active": "Full-Time", "leave": "Leave of Absence",
                                   "terminated": "Terminated"})),
        ("hireDate", lambda p: iso(p.hired)),
        ("terminationDate", lambda p: iso(p.left)),
    ], preferred=True),
    Vendor("hibob", "HiBob", [
        ("Employee ID", lambda p: p.id),
        ("Display name", lambda p: p.full()),
        ("Legal first name", lambda p: p.first),
        ("Legal last name", lambda p: p.last),
        ("Email", lambda p: p.email),
        ("Job title", lambda p: p.title),
        ("Department", lambda p: p.department),
        ("Site", lambda p: "London"),
        ("Reports to", boss_of(lambda b: b.full())),
        ("Lifecycle status", word({"active": "Employed", "leave": "Garden leave",
                                   "terminated": "Terminated"})),
        ("Start date", lambda p: eu(p.hired)),
        ("Termination date", lambda p: eu(p.left)),
    ], preferred=True),
    Vendor("personio", "Personio", [
        ("ID", lambda p: p.id),
        ("Vorname", lambda p: p.first),
        ("Nachname", lambda p: p.last),
        ("E-Mail", lambda p: p.email),
        ("Position", lambda p: p.title),
        ("Abteilung", lambda p: p.department),
        ("Standort", lambda p: "Berlin"),
        ("Vorgesetzte:r", boss_of(lambda b: f"{b.first} {b.middle} {b.last}".replace("  ", " "))),
        ("Status", word({"active": "Aktiv", "leave": "Beurlaubt", "terminated": "Inaktiv"})),
        ("Eintrittsdatum", lambda p: eu(p.hired, ".")),
        ("Austrittsdatum", lambda p: eu(p.left, ".")),
        ("Probezeitende", lambda p: eu(TRIAL_END, ".") if p.id == "E112" else ""),
    ], preferred=False, language="German"),
    Vendor("rippling", "Rippling", [
        ("Legal first name", lambda p: p.first),
        ("Legal last name", lambda p: p.last),
        ("Preferred first name", lambda p: p.preferred),
        ("Work email", lambda p: p.email),
        ("Title", lambda p: p.title),
        ("Department", lambda p: p.department),
        ("Manager", boss_of(lambda b: b.full())),
        ("Manager email", boss_of(lambda b: b.email)),
        ("Role state", word({"active": "ACTIVE", "leave": "ON LEAVE",
                             "terminated": "TERMINATED"})),
        ("Start date", lambda p: us(p.hired)),
        ("End date", lambda p: us(p.left)),
    ], preferred=True),
    Vendor("gusto", "Gusto", [
        ("Last name", lambda p: p.last),
        ("First name", lambda p: p.first),
        ("Middle initial", lambda p: p.middle[:1]),
        ("Preferred first name", lambda p: p.preferred),
        ("Work email", lambda p: p.email),
        ("Job title", lambda p: p.title),
        ("Department", lambda p: p.department),
        ("Manager", boss_of(lambda b: f"{b.last}, {b.first} {b.middle[:1]}".strip())),
        ("Employment status", word({"active": "Active", "leave": "On leave",
                                    "terminated": "Dismissed"})),
        ("Start date", lambda p: us(p.hired)),
        ("Dismissal date", lambda p: us(p.left)),
    ], preferred=True),
    Vendor("deel", "Deel", [
        ("Worker ID", lambda p: p.id),
        ("First name", lambda p: p.first),
        ("Last name", lambda p: p.last),
        ("Work email", lambda p: p.email),
        ("Job title", lambda p: p.title),
        ("Department", lambda p: p.department),
        ("Worker type", lambda p: "Employee"),
        ("Direct manager", boss_of(lambda b: f"{b.first} {b.last}")),
        ("Direct manager email", boss_of(lambda b: b.email)),
        ("Hiring status", word({"active": "active", "leave": "on leave",
                                "terminated": "offboarded"})),
        ("Contract start date", lambda p: iso(p.hired)),
        ("Contract end date", lambda p: iso(p.left)),
    ], preferred=False),
    Vendor("ukg", "UKG Pro", [
        ("Employee Number", lambda p: p.id),
        ("First Name", lambda p: p.first),
        ("Last Name", lambda p: p.last),
        ("Email Address", lambda p: p.email),
        ("Job Title", lambda p: p.title),
        ("Org Level 1", lambda p: p.department),
        ("Supervisor Name", boss_of(lambda b: f"{b.last}, {b.first}")),
        ("Supervisor Employee Number", boss_of(lambda b: b.id)),
        ("Employee Status", word({"active": "A", "leave": "L", "terminated": "T"})),
        ("Original Hire Date", lambda p: us(p.hired)),
        ("Termination Date", lambda p: us(p.left)),
    ], preferred=False),
    Vendor("french", "", [
        ("Matricule", lambda p: p.id),
        ("Prénom", lambda p: p.first),
        ("Nom", lambda p: p.last),
        ("E-mail professionnel", lambda p: p.email),
        ("Intitulé du poste", lambda p: p.title),
        ("Service", lambda p: p.department),
        ("Responsable", boss_of(lambda b: f"{b.first.upper()} {b.last.upper()}")),
        ("Statut", word({"active": "Actif", "leave": "En congé", "terminated": "Sorti"})),
        ("Date d'entrée", lambda p: eu(p.hired)),
        ("Date de sortie", lambda p: eu(p.left)),
    ], preferred=False, language="French"),
    Vendor("spanish", "", [
        ("Número de empleado", lambda p: p.id),
        ("Nombre", lambda p: p.first),
        ("Apellidos", lambda p: p.last),
        ("Correo electrónico", lambda p: p.email),
        ("Puesto", lambda p: p.title),
        ("Departamento", lambda p: p.department),
        ("Responsable", boss_of(lambda b: b.email)),
        ("Estado", word({"active": "Activo", "leave": "Excedencia", "terminated": "Baja"})),
        ("Fecha de alta", lambda p: eu(p.hired)),
        ("Fecha de baja", lambda p: eu(p.left)),
    ], preferred=False, language="Spanish"),
    Vendor("dutch", "", [
        ("Personeelsnummer", lambda p: p.id),
        ("Voornaam", lambda p: p.first),
        ("Roepnaam", lambda p: p.preferred),
        ("Achternaam", lambda p: p.last),
        ("E-mailadres", lambda p: p.email),
        ("Functie", lambda p: p.title),
        ("Afdeling", lambda p: p.department),
        ("Leidinggevende", boss_of(lambda b: b.id)),
        ("Status", word({"active": "Actief", "leave": "Met verlof",
                         "terminated": "Uit dienst"})),
        ("Datum in dienst", lambda p: eu(p.hired, "-")),
        ("Datum uit dienst", lambda p: eu(p.left, "-")),
    ], preferred=True, language="Dutch"),
]  # fmt: skip
BY_KEY = {v.key: v for v in VENDORS}


def write_csv(vendor: Vendor, path: Path, order: list[int] | None = None) -> Path:
    """The vendor's export as CSV (UTF-8 with BOM, as Excel and most HRIS write it)."""
    rows = vendor.rows()
    rows = [rows[i] for i in order] if order is not None else rows
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(vendor.headers())
    if vendor.labels:
        writer.writerow(vendor.labels)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    return path


def write_xlsx(
    vendor: Vendor,
    path: Path,
    order: list[int] | None = None,
    *,
    title: str = "",
    extra_sheets: tuple[str, ...] = (),
) -> Path:
    """The vendor's export as an XLSX workbook; dates written as real date cells.

    ``title`` adds a merged title row and a blank row above the header (report exports);
    ``extra_sheets`` adds empty sheets after the first.
    """
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Export"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(vendor.columns))
        sheet.append([])
    sheet.append(vendor.headers())
    if vendor.labels:
        sheet.append(vendor.labels)
    rows = vendor.rows()
    for row in [rows[i] for i in order] if order is not None else rows:
        sheet.append([_cell(value) for value in row])
    for name in extra_sheets:
        book.create_sheet(name)
    book.save(path)
    return path


def write_xls(vendor: Vendor, path: Path) -> Path:
    """The vendor's export as an old Excel (XLS, BIFF8) workbook, dates as real date cells."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Export")
    day = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    rows = [vendor.headers(), *([vendor.labels] if vendor.labels else []), *vendor.rows()]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            value = _cell(value)
            if isinstance(value, date):
                sheet.write(r, c, value, day)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def _cell(value: object) -> object:
    """Dates as real date cells (the common XLSX case), everything else as text."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return date.fromisoformat(value)
    return value


def write_export(vendor: Vendor, folder: Path, kind: str, order: list[int] | None = None) -> Path:
    """The vendor's export as ``kind`` ("csv" or "xlsx") in ``folder``."""
    path = folder / f"{vendor.key}.{kind}"
    return write_csv(vendor, path, order) if kind == "csv" else write_xlsx(vendor, path, order)


def write_ods(vendor: Vendor, path: Path) -> Path:
    """The vendor's export as an OpenDocument spreadsheet (the minimal valid package)."""
    import zipfile
    from xml.sax.saxutils import escape

    def row(values: list[object]) -> str:
        cells = "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p>'
            "</table:table-cell>"
            for v in values
        )
        return f"<table:table-row>{cells}</table:table-row>"

    body = "".join(row(r) for r in [vendor.headers(), *vendor.rows()])
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="People">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        package.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path
