"""From a roster file's rows to checked people and the managers derived from them.

Two shapes of file are understood: an employee export (everyone, with whom they report
to; managers are the people someone reports to) and a managers list (one row per
manager, with a team size). Every row that cannot be used becomes a :class:`Problem`
with its line number and a reason a person can act on.

Employment status decides who is staff: people on leave are, leavers (status
terminated, or a termination date in the past) are not: they are kept with their
dates but never become managers nor count in a team.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from partnerdesk.core import clock
from partnerdesk.core.roster.columns import (
    DATE_FIELDS,
    FIELDS,
    MANAGER_FIELDS,
    SECOND_STATUS,
    ColumnsError,
    describe_columns,
)
from partnerdesk.core.roster.csvfile import Table
from partnerdesk.core.roster.dates import DateReader, decide_order
from partnerdesk.core.roster.names import NameIndex
from partnerdesk.core.roster.rules import RegionRules, TierRules
from partnerdesk.core.roster.vocabulary import ACTIVE, LEAVE, TERMINATED, vocabulary
from partnerdesk.core.words import plural

EMPLOYEES = "employees"
MANAGERS = "managers"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: A person written with their id, as Workday shows workers: "Maya Chen (E100)".
_NAME_AND_ID = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
#: How many examples a summarised warning names.
EXAMPLES = 3


@dataclass(frozen=True)
class Problem:
    """One unusable row: where it is in the file and why."""

    line: int
    reason: str
    who: str = ""

    def __str__(self) -> str:
        who = f" ({self.who})" if self.who else ""
        return f"line {self.line}{who}: {self.reason}"


@dataclass(slots=True)
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
    #: The raw manager references, until :func:`link_managers` resolves them (then empty).
    manager_refs: Sequence[tuple[str, str]] = ()
    team_size: int | None = None
    manager_email: str = ""
    position_id: str = ""
    legal_name: str = ""
    status: str = ACTIVE
    hire_date: date | None = None
    termination_date: date | None = None
    trial_end_date: date | None = None

    @property
    def staff(self) -> bool:
        """True unless the person has left (people on leave are staff)."""
        return self.status != TERMINATED


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
    notes: list[str] = field(default_factory=list)  # how the file was understood

    @property
    def bad_lines(self) -> set[int]:
        return {p.line for p in self.problems}

    def statuses(self) -> Counter[str]:
        """How many people have each employment status (active, leave, terminated)."""
        return Counter(p.status for p in self.people)


def has_name(columns: dict[str, int]) -> bool:
    """True when the columns give a name (full, or first/last/preferred parts)."""
    return bool({"name", "first_name", "last_name", "preferred_name"} & set(columns))


def detect_shape(columns: dict[str, int]) -> str:
    """EMPLOYEES or MANAGERS from the recognised columns; ColumnsError when unclear.

    The messages name the missing field; how to map a column is the caller's to say
    (``--map`` on the command line, the "Read as" choice in the app).
    """
    missing = ["email"] if "email" not in columns else []
    if not has_name(columns):
        missing.append("name")
    if missing:
        raise ColumnsError(
            "The file has no column for "
            + " or ".join(missing)
            + ". Tell Partner Desk which column holds it."
        )
    if "team_size" in columns:
        return MANAGERS
    if any(f in columns for f in MANAGER_FIELDS):
        return EMPLOYEES
    raise ColumnsError(
        "Cannot tell what this file is: an employee export needs a 'Reports To' (manager) "
        "column, a managers list needs a 'Team Size' column. Tell Partner Desk which "
        "column holds the manager."
    )


def _name_from_email(email: str) -> str:
    local = email.partition("@")[0]
    return " ".join(part.capitalize() for part in re.split(r"[._-]+", local) if part)


def _compose_name(
    first: str, last: str, preferred: str, full: str, from_parts: bool
) -> tuple[str, str]:
    """(display name, legal name) of a row.

    ``from_parts`` (the file has a preferred-name column, or no full-name column): the
    preferred first name when present, else the first name, then the last name.
    Otherwise the full-name column, turned round when written "Last, First" (and then
    with the preferred first name, when the file has one but no last-name column).
    """
    legal = f"{first} {last}" if first and last else first or last
    if from_parts and last and (first or preferred):
        return " ".join((preferred or first, last)), legal
    surname, comma, given = full.partition(",")
    if comma and given.strip() and "," not in given:
        if from_parts and preferred and not last:  # "Jones, Gabriel" known as Gabe
            return f"{preferred} {surname.strip()}", legal or f"{given.strip()} {surname.strip()}"
        full = f"{given.strip()} {surname.strip()}"
    return full or legal or preferred, legal


class _Statuses:
    """Employment status of each row: the status cell, and a past termination date."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.unknown: Counter[str] = Counter()
        self.known: dict[str, str | None] = {}
        self.by_words: dict[str, str] = {}  # values read by their first words, to state
        self.vocab = vocabulary()

    def of(self, raw: str, ended: date | None) -> str:
        if raw in self.known:
            status = self.known[raw]
        else:
            status = self.known[raw] = self._read(raw) if raw else None
        if raw and status is None:
            self.unknown[raw] += 1
        if status is None:
            status = ACTIVE
        if ended is not None and ended < self.today:  # on leave too: they have left since
            return TERMINATED
        return status

    def _read(self, raw: str) -> str | None:
        status = self.vocab.status_of(raw)
        if status is None and (status := self.vocab.status_by_words(raw)) is not None:
            self.by_words[raw] = status
        return status

    def note(self) -> str | None:
        """How statuses were read from their first words ("Terminated - Voluntary")."""
        if not self.by_words:
            return None
        names = {ACTIVE: "active", LEAVE: "on leave", TERMINATED: "left"}
        read = [f"{raw!r} as {names[s]}" for raw, s in list(self.by_words.items())[:EXAMPLES]]
        more = len(self.by_words) - EXAMPLES
        return (
            "Employment status read by its first words: "
            + ", ".join(read)
            + (f" and {more} more." if more > 0 else ".")
        )

    def warning(self) -> str | None:
        if not self.unknown:
            return None
        values = ", ".join(f"{v!r} ({n})" for v, n in self.unknown.most_common(EXAMPLES))
        return (
            f"employment status {values} is not known as active, on leave or left: "
            "those people are counted as staff"
        )


def _strongest(status: str, others: list[str]) -> str:
    """Left beats on leave beats active, whichever column says it."""
    for strong in (TERMINATED, LEAVE):
        if status == strong or strong in others:
            return strong
    return status


def _date_reader(
    table: Table, at: dict[str, int], columns: dict[str, int]
) -> tuple[DateReader, str]:
    """One day/month order for all the file's date columns, and the reason to state."""
    used = [at[f] for f in DATE_FIELDS if f in columns]
    values = sorted({cells[i] for _line, cells in table.rows for i in used if i < len(cells)})
    language = vocabulary().language_of(table.headers) or ""
    order, reason = decide_order(values, language)  # each distinct date once: they repeat
    return DateReader(order), reason


def read_people(table: Table, columns: dict[str, int], regions: RegionRules) -> Roster:
    """Turn rows into people, recording missing/invalid emails and duplicates as problems.

    Leavers without a usable email are skipped quietly (they are not staff anyway); a
    leaver sharing an id or email with a current row (a rehire) gives way to it.
    """
    shape = detect_shape(columns)
    roster = Roster(shape, describe_columns(table.headers, columns), len(table.rows))
    width = len(table.headers)
    missing = width  # rows are padded with one empty cell that absent fields point at
    padding = [""]
    at = {field: columns.get(field, missing) for field in FIELDS}
    name_cells = itemgetter(*(at[f] for f in ("first_name", "last_name", "preferred_name", "name")))
    # The columns of the loop below as locals: it runs once per person (hot path).
    email_at, status_at, id_at, title_at = at["email"], at["status"], at["employee_id"], at["title"]
    department_at, location_at, country_at = at["department"], at["location"], at["country"]
    region_at, position_at, prefix_at = at["region"], at["position_id"], at["name_prefix"]
    region_of: dict[tuple[str, str], str] = {}
    manager_at = [(f, at[f]) for f in MANAGER_FIELDS if f in columns]
    dates, order_note = _date_reader(table, at, columns)
    if order_note:
        roster.notes.append(order_note[0].upper() + order_note[1:] + ".")
    if table.footer:
        roster.notes.append(
            f"{plural(table.footer, 'line')} under the table (totals, report notes) "
            f"{'was' if table.footer == 1 else 'were'} not read as people."
        )
    statuses = _Statuses(clock.today())
    # BambooHR: "status" (Active / Inactive) beside "employmentStatus" (Full-Time, Leave of
    # Absence...): whom either column says has left has left.
    more_statuses = [columns[SECOND_STATUS]] if SECOND_STATUS in columns else []
    status_of, read_date, is_email = statuses.of, dates.read, _EMAIL.match
    date_at = [(DATE_FIELDS.index(kind), at[kind]) for kind in DATE_FIELDS if kind in columns]
    from_parts = "preferred_name" in columns or "name" not in columns
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    bad_dates: list[str] = []
    quiet_leavers = 0
    spanning = table.last_lines
    people = roster.people
    for line, cells in table.rows:
        maybe_broken = len(cells) > width or line in spanning  # what broken_row looks for
        if maybe_broken and (broken := table.broken_row(line, cells)):
            roster.problems.append(Problem(line, broken, cells[min(email_at, len(cells) - 1)]))
            continue
        if len(cells) == width:
            cells = cells + padding
        else:
            cells = cells[:width]
            cells += [""] * (width + 1 - len(cells))
        email = cells[email_at].lower()
        first, last, preferred, full = name_cells(cells)
        particle = cells[prefix_at]  # Dutch "van den" + "Berg": the surname is "van den Berg"
        if particle and not last.lower().startswith(f"{particle.lower()} "):
            last = f"{particle} {last}"  # (unless the surname column already has it)
        name, legal = _compose_name(first, last, preferred, full, from_parts)
        who = name or email
        found_dates: list[date | None] = [None, None, None]  # in DATE_FIELDS order
        for kind, index in date_at:
            try:
                found_dates[kind] = read_date(cells[index])
            except ValueError:
                bad_dates.append(f"line {line} ({who}): {cells[index]!r}")
        hired, ended, trial_end = found_dates
        # A termination before the (re)hire date ended an earlier stint: it is no leaving.
        left = None if hired is not None and ended is not None and hired > ended else ended
        status = status_of(cells[status_at], left)
        if more_statuses and status != TERMINATED:
            status = _strongest(status, [status_of(cells[i], left) for i in more_statuses])
        if not email or not is_email(email):
            if status == TERMINATED:
                quiet_leavers += 1
            elif not email:
                roster.problems.append(Problem(line, "missing email", who))
            else:
                roster.problems.append(Problem(line, f"{email!r} is not an email address", who))
            continue
        employee_id = cells[id_at]
        earlier = seen_ids.get(employee_id) if employee_id else None
        earlier = earlier if earlier is not None else seen_emails.get(email)
        if earlier is not None:
            first = people[earlier]
            if status == TERMINATED:
                quiet_leavers += 1
                continue
            if first.staff:
                what = (
                    f"duplicate id {employee_id}"
                    if employee_id and employee_id == first.employee_id
                    else "duplicate email"
                )
                roster.problems.append(Problem(line, f"{what} (first on line {first.line})", who))
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
        if name.endswith(")") and employee_id and name.endswith(f"({employee_id})"):
            name = name[: -len(employee_id) - 2].rstrip()  # "Maya Chen (E100)": Workday
        location, country = cells[location_at], cells[country_at]
        region = region_of.get((country, location))
        if region is None:
            region = region_of[country, location] = regions.region_for(country, location)
        person = Person(
            line,
            employee_id,
            name or _name_from_email(email),
            email,
            cells[title_at],
            cells[department_at],
            location or country,
            cells[region_at] or region,
            [(f, cells[i]) for f, i in manager_at if cells[i]],
            team_size,
            "",  # manager_email: set once the links are resolved
            cells[position_at],
            legal,
            status,
            hired,
            ended,
            trial_end,
        )
        if earlier is not None:  # a current row replaces the leaver row of the same person
            people[earlier] = person
            quiet_leavers += 1
        else:
            people.append(person)
        index = earlier if earlier is not None else len(people) - 1
        if employee_id:
            seen_ids[employee_id] = index
        seen_emails[email] = index
    if note := statuses.note():
        roster.notes.append(note)
    if warning := statuses.warning():
        roster.warnings.append(warning)
    if bad_dates:
        roster.warnings.append(
            f"{len(bad_dates)} date(s) could not be read and were left empty: "
            + "; ".join(bad_dates[:EXAMPLES])
        )
    if quiet_leavers:
        roster.notes.append(
            f"{quiet_leavers} older or email-less leaver row(s) were set aside (not staff)."
        )
    return roster


def _describe(person: Person) -> str:
    return f"{person.name} <{person.email}> (line {person.line})"


class _Links:
    """Where a manager reference can point: email, employee id, position id, name."""

    def __init__(self, people: list[Person]) -> None:
        self.by_email = {p.email: p for p in people}
        self.by_id = {p.employee_id: p for p in people if p.employee_id}
        self.by_position = {p.position_id: p for p in people if p.position_id}
        self.people = people
        self._names: NameIndex[Person] | None = None

    def names(self) -> NameIndex[Person]:
        if self._names is None:
            self._names = NameIndex()
            for person in self.people:
                self._names.add(person, person.name, person.legal_name or person.name)
        return self._names

    def find(self, field: str, ref: str) -> list[Person]:
        """Who a reference in a ``field`` column can mean: one, several or nobody.

        "Maya Chen (E100)" is looked for as written, then by the id in brackets, then
        by the name before them.
        """
        found = self._find(field, ref)
        if not found and field == "manager" and (parts := _NAME_AND_ID.match(ref)):
            name, key = parts.groups()
            found = self._find(field, key) or self._find(field, name)
        return found

    def _find(self, field: str, ref: str) -> list[Person]:
        if field in ("manager_email", "manager") and (found := self.by_email.get(ref.lower())):
            return [found]
        if field in ("manager_id", "manager") and (found := self.by_id.get(ref)):
            return [found]
        if field in ("manager_position", "manager") and (found := self.by_position.get(ref)):
            return [found]
        if field == "manager" and "@" not in ref:
            found = self.names().find(ref)
            staff = [p for p in found if p.staff]
            # A leaver who shares the name (the John Smith who left) does not make it
            # ambiguous: a current employee reports to a current employee.
            return staff if len(staff) == 1 else found
        return []


def link_managers(roster: Roster) -> dict[str, str]:
    """Resolve each person's manager reference to an email; unknown ones become problems.

    A reference to oneself means no manager. A name that fits several people is a
    problem naming the candidates. Leavers are not linked; staff whose manager has left
    are imported without a manager (a warning says so).
    """
    finder = _Links(roster.people)
    no_manager = vocabulary().means_no_manager
    links: dict[str, str] = {}
    kept: list[Person] = []
    gone: list[str] = []
    for person in roster.people:
        if not person.manager_refs or not person.staff:
            kept.append(person)
            continue
        target, ambiguous = None, []
        for column, ref in person.manager_refs:
            found = finder.find(column, ref)
            if len(found) == 1:
                target = found[0]
                break
            if len(found) > 1 and not ambiguous:
                ambiguous = [(ref, found)]
        if target is None and all(no_manager(ref) for _f, ref in person.manager_refs):
            kept.append(person)  # "NO_MANAGER", "none"...: reports to nobody
            continue
        if target is None:
            if ambiguous:
                ref, found = ambiguous[0]
                reason = (
                    f"manager {ref!r} is ambiguous: it could be "
                    + " or ".join(_describe(p) for p in found)
                    + "; give the manager's email or id instead"
                )
            else:
                ref = person.manager_refs[0][1]
                reason = f"manager not found: nobody in the file is {ref!r}"
            roster.problems.append(Problem(person.line, reason, person.name))
            continue
        kept.append(person)
        if target is person:
            continue
        if not target.staff:
            gone.append(f"line {person.line} ({person.name}): manager {target.name}")
            continue
        links[person.email] = target.email
    for person in kept:
        # Resolved into ``links``: a dry run's roster, kept for the import that follows,
        # then holds 200,000 fewer lists and tuples for the cycle collector to walk
        # (100,000 people: ~0.1 s less for the collection that ends the dry run).
        person.manager_refs = ()
    roster.people = kept
    if gone:
        roster.warnings.append(
            f"{len(gone)} people report to someone who has left and are imported without a "
            "manager: " + "; ".join(gone[:EXAMPLES])
        )
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
        team = Counter(links.values())  # links join staff only: leavers are never counted
        chosen = [p for p in roster.people if p.email in team]  # (no __missing__ call each)
        sizes = {p.email: team[p.email] for p in chosen}
    else:
        chosen = [p for p in roster.people if p.staff]
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
