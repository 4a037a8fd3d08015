"""What an import found and did: counts, changes, problems; and its plain-text rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from partnerdesk.core import daytext
from partnerdesk.core.roster.columns import SECOND_STATUS
from partnerdesk.core.roster.people import EMPLOYEES, Problem
from partnerdesk.core.words import plural

#: How changed fields are named to a person reading the report.
FIELD_NAMES = {
    "employee_id": "employee id",
    "name": "name",
    "email": "email",
    "title": "title",
    "tier": "tier",
    "department": "department",
    "location": "location",
    "region": "region",
    "team_size": "team size",
    "reports_to_id": "reports to",
    "executive_id": "executive",
    "manager_email": "manager",
    "active": "back on the roster",
    "status": "employment status",
    "hire_date": "hire date",
    "termination_date": "termination date",
    "trial_end_date": "probation end",
}


@dataclass(frozen=True)
class Change:
    """One manager the import adds, changes, leaves as is, or marks inactive."""

    name: str
    email: str
    fields: tuple[str, ...] = ()

    def describe(self) -> str:
        what = ", ".join(FIELD_NAMES.get(f, f) for f in self.fields)
        return f"{self.name} <{self.email}>" + (f": {what}" if what else "")


@dataclass(frozen=True)
class Counts:
    """New / changed / unchanged / leaving numbers for one kind of record."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    leaving: int = 0

    def describe(self) -> str:
        return (
            f"{self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.leaving} leaving"
        )


@dataclass
class ImportReport:
    """The dry-run (or applied) result of importing one roster file."""

    path: str
    shape: str
    encoding: str
    delimiter: str
    rows: int
    columns: dict[str, str]
    new: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    leaving: list[Change] = field(default_factory=list)
    people: Counts = field(default_factory=Counts)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    skip_bad_rows: bool = False
    applied: bool = False
    mass_leave: str = ""  # why applying was refused: too many managers would leave
    read_as: str = ""  # "UTF-8, comma separated" or "XLSX workbook, sheet 'People'"
    vendor: str = ""  # the HRIS whose export shape the headers match
    language: str = ""  # the headers' language when not English
    notes: list[str] = field(default_factory=list)  # how the file was understood
    headers: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # the explicit mapping used
    remembered: date | None = None  # when the remembered mapping used was confirmed
    staff: int = 0  # people in the file who are staff (on leave included)
    on_leave: int = 0
    leavers: int = 0

    @property
    def looks_like(self) -> str:
        """What the headers look like: "looks like an ADP Workforce Now export (German)"."""
        if not self.vendor:
            return f"{self.language} headers" if self.language else ""
        article = a_or_an(self.vendor)
        tail = f", {self.language} headers" if self.language else ""
        return f"looks like {article} {self.vendor} export{tail}"

    @property
    def refused(self) -> bool:
        """True when applying was refused because too many managers would leave."""
        return bool(self.mass_leave) and not self.dry_run

    @property
    def ok(self) -> bool:
        """True when no row has a problem."""
        return not self.problems

    @property
    def counts(self) -> Counts:
        """Manager counts: new, changed, unchanged, leaving."""
        return Counts(len(self.new), len(self.changed), len(self.unchanged), len(self.leaving))

    @property
    def skipped_lines(self) -> int:
        return len({p.line for p in self.problems}) if self.skip_bad_rows else 0


def format_report(report: ImportReport, *, limit: int = 50) -> str:
    """The report as text for a terminal: header, counts, changes and every problem."""
    shape = "employee export" if report.shape == EMPLOYEES else "managers list"
    read_as = report.read_as or f"{report.encoding}, {report.delimiter} separated"
    lines = [
        f"Roster file: {report.path}",
        f"Read as:     {shape}, {read_as}, {plural(report.rows, 'data row')}",
    ]
    if report.looks_like:
        lines.append(f"Shape:       {report.looks_like}")
    if report.remembered:
        lines.append(f"Mapping:     the one you confirmed on {daytext.day(report.remembered)}")
    columns = (f"{h} -> {'status' if f == SECOND_STATUS else f}" for f, h in report.columns.items())
    lines.append("Columns:     " + ", ".join(columns))
    lines += [f"Note:        {note}" for note in report.notes]
    lines += ["", f"Managers:    {report.counts.describe()}"]
    if report.shape == EMPLOYEES:
        lines.append(f"People:      {report.people.describe()}")
        lines.append(f"Staff:       {staff_line(report)}")
    for title, changes in (
        ("New managers", report.new),
        ("Changed", report.changed),
        ("Leaving (will be marked inactive, history kept)", report.leaving),
    ):
        if changes:
            lines += ["", f"{title}:"]
            lines += [f"  {c.describe()}" for c in changes[:limit]]
            if len(changes) > limit:
                lines.append(f"  ... and {len(changes) - limit} more")
    if report.problems:
        lines += ["", f"Problems ({len(report.problems)}):"]
        lines += [f"  {p}" for p in report.problems]
    if report.warnings:
        lines += ["", "Warnings:"]
        lines += [f"  {w}" for w in report.warnings[:limit]]
        if len(report.warnings) > limit:
            lines.append(f"  ... and {len(report.warnings) - limit} more")
    lines.append("")
    lines.append(_outcome(report))
    return "\n".join(lines)


def a_or_an(name: str) -> str:
    """The article a name is read with: "an ADP", "an SAP", "a UKG", "a Personio"."""
    first = name.split()[0] if name.split() else ""
    if first.isupper() and len(first) > 1:  # an initialism is read letter by letter
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if first[:1].lower() in "aeiou" else "a"


def staff_line(report: ImportReport) -> str:
    """Who in the file is staff: "412 staff (9 on leave), 37 leavers (not staff)"."""
    leave = f" ({report.on_leave} on leave)" if report.on_leave else ""
    gone = f", {plural(report.leavers, 'leaver')} (not staff)" if report.leavers else ""
    return f"{report.staff} staff{leave}{gone}"


def mass_leave_warning(leaving: int, active: int) -> str:
    """Why an import that would make most active managers leave is held back."""
    return (
        f"{leaving} of the {plural(active, 'active manager')} would leave (be marked inactive). "
        "That "
        "usually means the file is incomplete or was misread (see the problem rows), not "
        "that they all left. Check the file."
    )


def _outcome(report: ImportReport) -> str:
    if report.mass_leave:
        prefix = "Dry run: nothing changed." if report.dry_run else "Nothing was imported:"
        return (
            f"{prefix} {report.mass_leave} If they really left, import again with "
            "--allow-mass-leave."
        )
    if report.applied:
        skipped = report.skipped_lines
        tail = f" ({plural(skipped, 'bad row')} skipped)" if skipped else ""
        return f"Applied{tail}."
    if report.dry_run:
        if report.ok:
            return "Dry run: nothing changed. Run again without --dry-run to apply."
        return (
            "Dry run: nothing changed. Fix the problem rows, or apply with --skip-bad-rows "
            "to import everything else."
        )
    return (
        "Nothing was imported because of the problems above. Fix those rows in the file, "
        "or run again with --skip-bad-rows to import everything else."
    )
