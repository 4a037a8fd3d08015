"""From a roster file's rows to checked people and the managers derived from them.

Two shapes of file are understood: an employee export (everyone, with whom they report
to; managers are the people someone reports to) and a managers list (one row per
manager, with a team size). Every row that cannot be used becomes a :class:`Problem`
with its line number and a reason a person can act on.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from partnerdesk.core.roster.columns import FIELDS, MANAGER_FIELDS, describe_columns
from partnerdesk.core.roster.csvfile import Table
from partnerdesk.core.roster.errors import RosterError
from partnerdesk.core.roster.rules import RegionRules, TierRules

EMPLOYEES = "employees"
MANAGERS = "managers"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Problem:
    """One unusable row: where it is in the file and why."""

    line: int
    reason: str
    who: str = ""

    def __str__(self) -> str:
        who = f" ({self.who})" if self.who else ""
        return f"line {self.line}{who}: {self.reason}"


@dataclass
class Person:
    """One checked row of the file."""

    line: int
    employee_id: str
    name: str
    email: str
    title: str
    department: str
    location: str
    region: str
    manager_ref: str
    team_size: int | None = None
    manager_email: str = ""


@dataclass
class DerivedManager:
    """A manager as the file describes them, before it is matched to the store."""

    person: Person
    tier: str
    team_size: int
    reports_to: str | None
    executive: str


@dataclass
class Roster:
    """Everything read from a file: its shape, usable people, derived managers, problems."""

    shape: str
    columns: dict[str, str]
    rows: int
    people: list[Person] = field(default_factory=list)
    managers: list[DerivedManager] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def bad_lines(self) -> set[int]:
        return {p.line for p in self.problems}


def detect_shape(columns: dict[str, int]) -> str:
    """EMPLOYEES or MANAGERS from the recognised columns; RosterError when unclear."""
    missing = [f for f in ("email",) if f not in columns]
    if "name" not in columns and not {"first_name", "last_name"} & set(columns):
        missing.append("name")
    if missing:
        raise RosterError(
            "The file has no column for "
            + " or ".join(missing)
            + '. Rename the column, or map it with --map "Column header=email" '
            "(in the app: the column-mapping step)."
        )
    if "team_size" in columns:
        return MANAGERS
    if any(f in columns for f in MANAGER_FIELDS):
        return EMPLOYEES
    raise RosterError(
        "Cannot tell what this file is: an employee export needs a 'Reports To' (manager) "
        "column, a managers list needs a 'Team Size' column. Add one, or map an existing "
        'column with --map "Supervisor Email=manager_email".'
    )


def _name_key(name: str) -> str:
    """A comparable form of a name; "Doe, Jane" and "jane doe" give the same key."""
    last, comma, first = name.partition(",")
    if comma:
        name = f"{first} {last}"
    return " ".join(name.lower().split())


def _name_from_email(email: str) -> str:
    local = email.partition("@")[0]
    return " ".join(part.capitalize() for part in re.split(r"[._-]+", local) if part)


def read_people(table: Table, columns: dict[str, int], regions: RegionRules) -> Roster:
    """Turn rows into people, recording missing/invalid emails and duplicates as problems."""
    shape = detect_shape(columns)
    roster = Roster(shape, describe_columns(table.headers, columns), len(table.rows))
    width = len(table.headers)
    missing = width  # rows are padded with one empty cell that absent fields point at
    at = {field: columns.get(field, missing) for field in FIELDS}
    manager_at = [at[f] for f in MANAGER_FIELDS]
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for line, cells in table.rows:
        if broken := table.broken_row(line, cells):
            roster.problems.append(Problem(line, broken, cells[min(at["email"], len(cells) - 1)]))
            continue
        cells = cells[:width]
        cells += [""] * (width + 1 - len(cells))
        email = cells[at["email"]].lower()
        name = cells[at["name"]]
        if not name:
            name = " ".join(p for p in (cells[at["first_name"]], cells[at["last_name"]]) if p)
        who = name or email
        if not email:
            roster.problems.append(Problem(line, "missing email", who))
            continue
        if not _EMAIL.match(email):
            roster.problems.append(Problem(line, f"{email!r} is not an email address", who))
            continue
        employee_id = cells[at["employee_id"]]
        if employee_id and employee_id in seen_ids:
            roster.problems.append(
                Problem(
                    line, f"duplicate id {employee_id} (first on line {seen_ids[employee_id]})", who
                )
            )
            continue
        if email in seen_emails:
            roster.problems.append(
                Problem(line, f"duplicate email (first on line {seen_emails[email]})", who)
            )
            continue
        team_size = None
        if shape == MANAGERS:
            raw = cells[at["team_size"]].replace(",", "").strip() or "0"
            try:
                team_size = int(float(raw))
            except ValueError:
                roster.problems.append(Problem(line, f"team size {raw!r} is not a number", who))
                continue
            if team_size < 0:
                roster.problems.append(Problem(line, f"team size {team_size} is negative", who))
                continue
        if employee_id:
            seen_ids[employee_id] = line
        seen_emails[email] = line
        location, country = cells[at["location"]], cells[at["country"]]
        region = cells[at["region"]] or regions.region_for(country, location)
        manager_ref = next((cells[i] for i in manager_at if cells[i]), "")
        roster.people.append(
            Person(
                line=line,
                employee_id=employee_id,
                name=name or _name_from_email(email),
                email=email,
                title=cells[at["title"]],
                department=cells[at["department"]],
                location=location or country,
                region=region,
                manager_ref=manager_ref,
                team_size=team_size,
            )
        )
    return roster


def _unique_names(people: list[Person]) -> dict[str, Person]:
    """Name key -> person, for names that only one person has."""
    counts = Counter(_name_key(p.name) for p in people)
    return {_name_key(p.name): p for p in people if counts[_name_key(p.name)] == 1}


def link_managers(roster: Roster) -> dict[str, str]:
    """Resolve each person's manager reference to an email; unknown ones become problems."""
    by_email = {p.email: p for p in roster.people}
    by_id = {p.employee_id: p for p in roster.people if p.employee_id}
    by_name: dict[str, Person] | None = None
    links: dict[str, str] = {}
    kept: list[Person] = []
    for person in roster.people:
        ref = person.manager_ref
        if not ref:
            kept.append(person)
            continue
        target = by_email.get(ref.lower()) or by_id.get(ref)
        if target is None:
            if by_name is None:
                by_name = _unique_names(roster.people)
            target = by_name.get(_name_key(ref))
        if target is None:
            roster.problems.append(
                Problem(
                    person.line, f"manager not found: nobody in the file is {ref!r}", person.name
                )
            )
            continue
        links[person.email] = target.email
        kept.append(person)
    roster.people = kept
    return links


def break_cycles(roster: Roster, links: dict[str, str]) -> None:
    """Record every person inside a reporting cycle as a problem and unlink them."""
    names = {p.email: p for p in roster.people}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    in_cycle: set[str] = set()
    for start in names:
        path: list[str] = []
        node: str | None = start
        while node is not None and state.get(node, 0) == 0:
            state[node] = 1
            path.append(node)
            node = links.get(node)
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            for index, email in enumerate(cycle):
                loop = [*cycle[index:], *cycle[:index], email]
                chain = " -> ".join(names[e].name for e in loop)
                in_cycle.add(email)
                person = names[email]
                roster.problems.append(
                    Problem(person.line, f"reporting cycle: {chain}", person.name)
                )
        for email in path:
            state[email] = 2
    if in_cycle:
        roster.people = [p for p in roster.people if p.email not in in_cycle]
        for email in in_cycle:
            links.pop(email, None)


def derive_managers(roster: Roster, links: dict[str, str], tiers: TierRules) -> None:
    """Fill ``roster.managers``: who manages, their team size, manager and executive."""
    people = {p.email: p for p in roster.people}
    for email in [e for e, boss in links.items() if e not in people or boss not in people]:
        links.pop(email)
        if email in people:
            roster.warnings.append(
                f"line {people[email].line} ({people[email].name}): their manager's row "
                "cannot be used, so they are imported without a manager"
            )
    for person in roster.people:
        person.manager_email = links.get(person.email, "")
    tier_of = _TierCache(people, tiers)
    if roster.shape == EMPLOYEES:
        team = Counter(links.values())
        chosen = [p for p in roster.people if team[p.email]]
        sizes = {p.email: team[p.email] for p in chosen}
    else:
        chosen = list(roster.people)
        sizes = {p.email: p.team_size or 0 for p in chosen}
    for person in chosen:
        roster.managers.append(
            DerivedManager(
                person=person,
                tier=tier_of.get(person.email),
                team_size=sizes[person.email],
                reports_to=links.get(person.email),
                executive=_executive(person.email, links, tier_of, tiers.top),
            )
        )


class _TierCache:
    """Tiers from titles, worked out only for the people whose tier is asked for."""

    def __init__(self, people: dict[str, Person], tiers: TierRules):
        self.people, self.tiers, self.known = people, tiers, {}

    def get(self, email: str) -> str:
        if email not in self.known:
            self.known[email] = self.tiers.tier_for(self.people[email].title)
        return self.known[email]


def _executive(email: str, links: dict[str, str], tier_of: _TierCache, top: str) -> str:
    """Walk up the chain; the executive reports to the top-tier head (or is the top)."""
    chain = [email]
    while chain[-1] in links:
        chain.append(links[chain[-1]])
    if len(chain) > 1 and tier_of.get(chain[-1]) == top:
        return chain[-2]
    return chain[-1]


def build_roster(
    table: Table, columns: dict[str, int], tiers: TierRules, regions: RegionRules
) -> Roster:
    """Read, link, check and derive in one go."""
    roster = read_people(table, columns, regions)
    links = link_managers(roster)
    break_cycles(roster, links)
    roster.problems.sort(key=lambda p: p.line)
    derive_managers(roster, links, tiers)
    return roster
