"""Which column of a roster file holds which field: header synonyms and explicit maps.

Every HRIS names its columns differently ("Work Email", "E-mail", "Reports To",
"Supervisor", "Job Title", "Division" ...). A header is recognised when its normalised
form equals one of a field's synonyms; the earlier a synonym is listed, the better the
match, so "Work Email" beats "Email" when a file has both. An explicit map
(``"Reports to (Email)=manager_email"``) always wins, and ``COLUMN=ignore`` drops a
column that would otherwise be recognised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from partnerdesk.core.roster.csvfile import Table
from partnerdesk.core.roster.errors import RosterError

IGNORE = "ignore"

#: Canonical fields, each with the header synonyms that name it, best match first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee id",
        "employee number",
        "employee no",
        "employee #",
        "employee code",
        "emp id",
        "emp no",
        "worker id",
        "person id",
        "personnel number",
        "staff id",
        "staff number",
        "badge id",
        "id",
    ),
    "name": (
        "name",
        "full name",
        "employee name",
        "display name",
        "preferred name",
        "legal name",
        "worker name",
        "worker",
        "employee",
        "person",
    ),
    "first_name": ("first name", "preferred first name", "given name", "firstname", "forename"),
    "last_name": ("last name", "surname", "family name", "lastname"),
    "email": (
        "work email",
        "work email address",
        "business email",
        "company email",
        "email",
        "email address",
        "e mail",
        "primary work email",
        "email primary work",
        "mail",
    ),
    "title": (
        "job title",
        "title",
        "business title",
        "position",
        "position title",
        "job",
        "job name",
        "job profile",
        "role",
    ),
    "department": (
        "department",
        "department name",
        "dept",
        "division",
        "business unit",
        "function",
        "org unit",
        "organization",
        "organisation",
        "team",
    ),
    "location": ("location", "work location", "office", "office location", "site", "city"),
    "country": ("country", "work country", "country code", "country region"),
    "region": ("region", "geo", "geography", "zone", "area"),
    "manager_email": (
        "manager email",
        "reports to email",
        "reports to email address",
        "manager work email",
        "supervisor email",
        "line manager email",
        "direct manager email",
        "manager email address",
        "supervisor work email",
    ),
    "manager_id": (
        "manager id",
        "manager employee id",
        "reports to id",
        "reports to employee id",
        "supervisor id",
        "supervisor employee id",
        "manager employee number",
        "line manager id",
        "manager number",
    ),
    "manager": (
        "reports to",
        "manager",
        "supervisor",
        "line manager",
        "direct manager",
        "manager name",
        "reports to name",
        "supervisor name",
        "line manager name",
    ),
    "team_size": (
        "team size",
        "direct reports",
        "number of direct reports",
        "direct report count",
        "# direct reports",
        "# of direct reports",
        "no of direct reports",
        "span of control",
        "headcount",
        "reports count",
    ),
}

#: What each field means, for error messages and the import dialog.
FIELD_LABELS: dict[str, str] = {
    "employee_id": "Employee ID",
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Work email",
    "title": "Job title",
    "department": "Department",
    "location": "Location",
    "country": "Country",
    "region": "Region",
    "manager_email": "Manager's email",
    "manager_id": "Manager's employee ID",
    "manager": "Reports to (email, ID or name)",
    "team_size": "Team size (managers list)",
}

FIELDS = tuple(SYNONYMS)
MANAGER_FIELDS = ("manager_email", "manager_id", "manager")


def normalise_header(header: str) -> str:
    """Lower case, punctuation to spaces (keeping ``#``), single spaces."""
    cleaned = re.sub(r"[^0-9a-z#]+", " ", header.lower())
    return " ".join(cleaned.split())


_RANKED = {
    normalise_header(synonym): (field, rank)
    for field, synonyms in SYNONYMS.items()
    for rank, synonym in enumerate(synonyms)
}


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """Turn ``["Source header=field", ...]`` (the ``--map`` option) into a dict."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        source, sep, target = pair.rpartition("=")
        if not sep or not source.strip():
            raise RosterError(
                f"--map {pair!r} is not COLUMN=FIELD; write e.g. "
                '--map "Reports to (Email)=manager_email".'
            )
        mapping[source.strip()] = target.strip() or IGNORE
    return mapping


def resolve_columns(headers: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, int]:
    """Map each recognised field to its column index (explicit ``mapping`` first)."""
    by_norm = {}
    for index, header in enumerate(headers):
        by_norm.setdefault(normalise_header(header), index)
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for source, target in (mapping or {}).items():
        index = by_norm.get(normalise_header(source))
        if index is None:
            raise RosterError(
                f"The file has no column {source!r} (its columns are: "
                f"{', '.join(h for h in headers if h)}). Check the --map spelling."
            )
        field = target.strip().lower()
        taken.add(index)
        if field == IGNORE:
            continue
        if field not in SYNONYMS:
            raise RosterError(
                f"--map {source}={target}: {target!r} is not a field. Use one of: "
                f"{', '.join(FIELDS)}, or 'ignore'."
            )
        columns[field] = index
    best: dict[str, tuple[int, int]] = {}
    for norm, index in by_norm.items():
        if index in taken or norm not in _RANKED:
            continue
        field, rank = _RANKED[norm]
        if field in columns:
            continue
        if field not in best or rank < best[field][0]:
            best[field] = (rank, index)
    columns.update({field: index for field, (_rank, index) in best.items()})
    return columns


def locate_header(table: Table, look_ahead: int = 5) -> Table:
    """Skip title lines above the real header (some HRIS reports start with one).

    When the first row names no email column but one of the next few rows does, that
    row becomes the header and the rows above it are dropped.
    """
    if "email" in resolve_columns(table.headers):
        return table
    for index, (_line, cells) in enumerate(table.rows[:look_ahead]):
        found = resolve_columns(cells)
        if "email" in found and len(found) >= 2:
            rows = table.rows[index + 1 :]
            return Table(cells, rows, table.encoding, table.delimiter, table.last_lines)
    return table


def describe_columns(headers: list[str], columns: Mapping[str, int]) -> dict[str, str]:
    """The header each field was read from, for reports: ``{"email": "Work Email", ...}``."""
    return {field: headers[index] for field, index in sorted(columns.items(), key=lambda i: i[1])}
