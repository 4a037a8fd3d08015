"""Roster import: read an HRIS CSV export, derive the managers, and update the store.

The public entry points::

    report = import_roster(store, "people.csv", dry_run=True)   # -> ImportReport
    report = import_roster(store, "people.csv", mapping={"Boss": "manager_email"})
    print(format_report(report))
"""

from partnerdesk.core.roster.columns import FIELD_LABELS, FIELDS, parse_mapping, resolve_columns
from partnerdesk.core.roster.csvfile import Table, read_table
from partnerdesk.core.roster.errors import RosterError
from partnerdesk.core.roster.importer import import_roster, read_roster
from partnerdesk.core.roster.people import EMPLOYEES, MANAGERS, Problem, detect_shape
from partnerdesk.core.roster.report import Change, Counts, ImportReport, format_report
from partnerdesk.core.roster.rules import RegionRules, TierRules

__all__ = [
    "EMPLOYEES",
    "FIELDS",
    "FIELD_LABELS",
    "MANAGERS",
    "Change",
    "Counts",
    "ImportReport",
    "Problem",
    "RegionRules",
    "RosterError",
    "Table",
    "TierRules",
    "detect_shape",
    "format_report",
    "import_roster",
    "parse_mapping",
    "read_roster",
    "read_table",
    "resolve_columns",
]
