"""Which column of a roster file holds which field: header synonyms, explicit maps, header rows.

Every HRIS names its columns differently ("Work Contact: Work Email", "Email - Primary
Work", "E-Mail", "Vorgesetzte:r" ...). A header is recognised when its comparable form
(see :func:`~partnerdesk.core.roster.vocabulary.header_key`) is one of a field's
synonyms in ``resources/roster/vocabularies.toml``; the earlier a synonym is listed, the
better the match. An explicit map (``"Reports to (Email)=manager_email"``) always wins,
and ``COLUMN=ignore`` drops a column that would otherwise be recognised.

Real exports also put title lines above the header and, in SAP SuccessFactors' user
file, a second header row of labels under the row of keys: :func:`locate_header` finds
the real header and drops both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from partnerdesk.core.roster.csvfile import Table
from partnerdesk.core.roster.errors import RosterError
from partnerdesk.core.roster.vocabulary import header_key, vocabulary

IGNORE = "ignore"

#: What each field means, for error messages and the import dialog (in this order).
FIELD_LABELS: dict[str, str] = {
    "employee_id": "Employee ID",
    "position_id": "Position ID",
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "name_prefix": "Surname prefix (van, de)",
    "middle_name": "Middle name",
    "preferred_name": "Preferred first name",
    "email": "Work email",
    "title": "Job title",
    "department": "Department",
    "location": "Location",
    "country": "Country",
    "region": "Region",
    "manager_email": "Manager's email",
    "manager_id": "Manager's employee ID",
    "manager_position": "Manager's position ID",
    "manager": "Reports to (email, ID or name)",
    "team_size": "Team size (managers list)",
    "status": "Employment status",
    "hire_date": "Hire date",
    "termination_date": "Termination date",
    "trial_end_date": "Probation end date",
}

FIELDS = tuple(FIELD_LABELS)
#: A second employment status column (BambooHR: "status" beside "employmentStatus").
SECOND_STATUS = "status_2"
#: Manager reference columns, the most precise first.
MANAGER_FIELDS = ("manager_id", "manager_email", "manager_position", "manager")
DATE_FIELDS = ("hire_date", "termination_date", "trial_end_date")
#: How many rows at the top may be titles above the real header.
LOOK_AHEAD = 15
#: The widest header a roster can have (a full Workday report has a few hundred columns).
MAX_COLUMNS = 1000


class ColumnsError(RosterError):
    """The columns cannot be read as a roster: a field is missing (a mapping fixes it)."""


class DoubledColumnError(RosterError):
    """A used header appears twice: only renaming one in the file tells them apart."""


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


def recognised(headers: list[str], *, vendor_first: bool = False) -> dict[str, int]:
    """Each field the headers name, at its best-ranked column (no explicit map).

    With ``vendor_first``, the headers of the vendor the file looks like win over the
    generic ranking (SAP's ``USERID`` is the id its ``MANAGER`` column refers to, even
    though ``EMPID`` is a better generic match).
    """
    vocab = vocabulary()
    vendor = vocab.vendor_of(headers) if vendor_first else None
    best: dict[str, tuple[int, int]] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        if vendor is not None and key in vendor.columns:
            best[vendor.columns[key]] = (-1, index)
            continue
        found = vocab.field_of(header)
        if found is None:
            continue
        field, rank = found
        if field not in best or rank < best[field][0]:
            best[field] = (rank, index)
    return {field: index for field, (_rank, index) in best.items()}


def resolve_columns(headers: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, int]:
    """Map each recognised field to its column index (explicit ``mapping`` first)."""
    by_key: dict[str, int] = {}
    for index, header in enumerate(headers):
        by_key.setdefault(header_key(header), index)
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for source, target in (mapping or {}).items():
        index = by_key.get(header_key(source))
        if index is None:
            raise RosterError(
                f"The file has no column {source!r} (its columns are: "
                f"{', '.join(h for h in headers if h)}). Check the --map spelling."
            )
        field = target.strip().lower()
        taken.add(index)
        if field == IGNORE:
            continue
        if field not in FIELD_LABELS:
            raise RosterError(
                f"--map {source}={target}: {target!r} is not a field. Use one of: "
                f"{', '.join(FIELDS)}, or 'ignore'."
            )
        if field == "status" and "status" in columns and columns["status"] != index:
            field = SECOND_STATUS  # two status columns: both are read
        columns[field] = index
    auto = recognised(
        [h if i not in taken else "" for i, h in enumerate(headers)], vendor_first=True
    )
    for field, index in auto.items():
        columns.setdefault(field, index)
    if own := _managers_own_columns(headers, columns, taken):
        # A managers list names its people "Manager Name", "Manager Email": read those as the
        # row's own name and email, and the manager from what is left ("Reports To").
        columns = {f: i for f, i in columns.items() if i in taken}
        rest = [
            h if i not in taken and i not in own.values() else "" for i, h in enumerate(headers)
        ]
        for field, index in {**recognised(rest, vendor_first=True), **own}.items():
            columns.setdefault(field, index)
    if "status" in columns and SECOND_STATUS not in columns:
        vocab, used = vocabulary(), taken | set(columns.values())
        columns.update(
            (SECOND_STATUS, index)
            for index, header in enumerate(headers)
            if index not in used and (vocab.field_of(header) or ("",))[0] == "status"
        )  # the last such column, if any (a third status column is rare)
    _refuse_doubled(headers, columns)
    return columns


def _managers_own_columns(
    headers: list[str], columns: Mapping[str, int], taken: set[int]
) -> dict[str, int]:
    """In a managers list without name or email columns, its "Manager ..." columns.

    Only as a pair: beside a row's own name columns, "Manager Email" may as well be each
    row's boss, and reading it as the row's own would give every manager a wrong address
    (the mapping step asks instead)."""
    names = {"name", "first_name", "last_name", "preferred_name"}
    if "team_size" not in columns or names & set(columns):
        return {}
    vocab, own = vocabulary(), {}
    for index, header in enumerate(headers):
        found = vocab.field_of(header)
        if index in taken or found is None or not header_key(header).startswith("manager"):
            continue
        if found[0] == "manager_email" and "email" not in columns:
            own.setdefault("email", index)
        elif found[0] == "manager":
            own.setdefault("name", index)
    return own


def _refuse_doubled(headers: list[str], columns: Mapping[str, int]) -> None:
    """A used column whose header appears twice: which of the two is meant is unknowable."""
    for field, index in columns.items():
        key = header_key(headers[index])
        twins = [i for i, h in enumerate(headers) if header_key(h) == key]
        if len(twins) > 1:
            places = " and ".join(column_letter(i) for i in twins)
            raise DoubledColumnError(
                f"The file has two columns named {headers[index]!r} (columns {places}), "
                f"so it is unclear which holds the {FIELD_LABELS.get(field, 'status').lower()}. "
                "Rename "
                "one of them in the file and import again."
            )


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column index: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _score(cells: list[str]) -> int:
    """How header-like a row is: the number of distinct fields its cells name."""
    return len(recognised(cells))


def locate_header(table: Table) -> Table:
    """The table with its real header: title rows above it and a label row under it dropped.

    The header is the first of the top rows that names the most fields (at least two);
    a footer under the table (rows of one cell: totals, "generated by") is dropped too,
    and a column without a header is called by its letter ("Column C").
    When the row under it names about as many fields again (SAP SuccessFactors: keys,
    then labels), it is a second header row: each column keeps whichever of its two
    names is recognised (the key first), and the label row is not read as a person.
    """
    candidates = [table.headers, *(cells for _line, cells in table.rows[:LOOK_AHEAD])]
    scores = [_score(cells) for cells in candidates]
    best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
    if scores[best] < 2:
        best = 0
    headers, rows = candidates[best], table.rows[best:]
    if rows and scores[best] >= 2 and best + 1 < len(candidates):
        labels = rows[0][1]
        label_score = scores[best + 1]
        if label_score >= 2 and label_score * 2 >= scores[best] and not _has_email_value(labels):
            headers = _merge_header_rows(headers, labels)
            rows = rows[1:]
    width = max((i + 1 for i, h in enumerate(headers) if h), default=0)
    if width > MAX_COLUMNS:
        raise RosterError(
            f"The header row has {width:,} columns: no HRIS export is that wide. Check that "
            "this is the roster export (a CSV split at the right separator), or export it "
            "again as XLSX."
        )
    headers = headers[:width]  # empty header cells after the last header are no columns
    if not all(headers):  # a column without a header is named, so it can be mapped
        headers = [h or f"Column {column_letter(i)}" for i, h in enumerate(headers)]
    below = _footer_length(rows)
    if below:
        rows = rows[:-below]
    if not rows:
        _refuse_no_people(table)
    if best == 0 and len(rows) == len(table.rows) and headers == table.headers:
        return table
    return Table(
        list(headers), list(rows), table.encoding, table.delimiter, table.last_lines,
        table.source, table.sheet, table.sheets, below,
    )  # fmt: skip


def _footer_length(rows: list[tuple[int, list[str]]]) -> int:
    """How many rows at the end are a report's footer: one cell each, no email in it
    ("Total employees: 412", "Generated 1 Dec 2026 by jdoe", "Confidential")."""
    count = 0
    for _line, cells in reversed(rows):
        filled = [cell for cell in cells if cell]
        if len(filled) != 1 or "@" in filled[0]:
            break
        count += 1
    return count


def _refuse_no_people(table: Table) -> None:
    """A header with nobody under it: importing it would make every manager leave."""
    where = f"The sheet {table.sheet!r}" if table.sheet else "The file"
    other = " (or choose another sheet)" if len(table.sheets) > 1 else ""
    raise RosterError(
        f"{where} has a header row but nobody under it. Export the roster again with the "
        f"people in it{other}."
    )


def _has_email_value(cells: list[str]) -> bool:
    return any("@" in cell for cell in cells)


def _merge_header_rows(keys: list[str], labels: list[str]) -> list[str]:
    vocab = vocabulary()
    merged = []
    for index in range(max(len(keys), len(labels))):
        key = keys[index] if index < len(keys) else ""
        label = labels[index] if index < len(labels) else ""
        if vocab.field_of(key) is None and label and vocab.field_of(label) is not None:
            merged.append(label)
        else:
            merged.append(key or label)
    return merged


def describe_columns(headers: list[str], columns: Mapping[str, int]) -> dict[str, str]:
    """The header each field was read from, for reports: ``{"email": "Work Email", ...}``."""
    return {field: headers[index] for field, index in sorted(columns.items(), key=lambda i: i[1])}
