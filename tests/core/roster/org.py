"""The Northwind Labs test org (from data/employees_plain.csv) and a generator of big orgs."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

DATA = Path(__file__).with_name("data")


def _read_plain() -> tuple[list[str], list[list[str]]]:
    with (DATA / "employees_plain.csv").open(encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return header, rows


HEADER, NORTHWIND = _read_plain()

#: What importing Northwind must give: email -> (tier, team size, executive email, region).
NORTHWIND_MANAGERS = {
    "maya.chen@northwind.example": ("Executive", 4, "maya.chen@northwind.example", "North America"),
    "omar.haddad@northwind.example": ("VP", 2, "omar.haddad@northwind.example", "EMEA"),
    "lucia.fernandez@northwind.example": ("VP", 1, "lucia.fernandez@northwind.example", "EMEA"),
    "priya.nair@northwind.example": ("Senior Director", 1, "priya.nair@northwind.example", "APAC"),
    "tom.becker@northwind.example": ("Director", 2, "omar.haddad@northwind.example", "EMEA"),
    "aisha.bello@northwind.example": ("Manager", 3, "lucia.fernandez@northwind.example", "EMEA"),
    "hannah.muller@northwind.example": ("Manager", 1, "priya.nair@northwind.example", "APAC"),
}

FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana", "Ivo", "Jia", "Kai"]
LAST = ["Alder", "Brook", "Cruz", "Dahl", "Eng", "Frost", "Gill", "Hale", "Ito", "Jain"]
DEPARTMENTS = ["Sales", "Engineering", "Customer Success", "Marketing", "Finance", "People"]
LOCATIONS = ["London, UK", "Berlin, Germany", "New York, USA", "Singapore", "São Paulo, Brazil"]
TITLES = ["Engineer", "Analyst", "Manager", "Senior Manager", "Director", "Specialist"]


def to_csv(rows, header=HEADER, delimiter: str = ",", line_end: str = "\n") -> str:
    """CSV text for ``rows``, quoting the fields that need it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def big_org(size: int, seed: int = 7, span: int = 6, prefix: str = "P") -> list[list[str]]:
    """A tree of ``size`` people in HEADER's columns; each manager has ``span`` reports."""
    rng = random.Random(seed)
    rows = []
    for index in range(size):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append(
            [
                f"{prefix}{index:05d}",
                f"{first} {last} {index}",
                f"{first}.{last}.{prefix}{index}@big.example".lower(),
                "Chief Executive Officer" if index == 0 else rng.choice(TITLES),
                rng.choice(DEPARTMENTS),
                rng.choice(LOCATIONS),
                "" if index == 0 else f"{prefix}{(index - 1) // span:05d}",
            ]
        )
    return rows


def load_northwind(store) -> dict[str, str]:
    """Import Northwind into ``store``; returns manager email -> manager id."""
    from sqlalchemy import select

    from partnerdesk.core.roster import import_roster
    from partnerdesk.core.store.models import Manager

    report = import_roster(store, DATA / "employees_plain.csv")
    assert report.applied, report.problems
    with store.session() as session:
        return dict(session.execute(select(Manager.email, Manager.id)).all())


def add_team(store) -> dict[str, str]:
    """The HR team of the seeds: a VP lead, Terry (80%, Europe) and Rick (Asia); name -> id."""
    from partnerdesk.core.reps import add_rep

    vera = add_rep(store, "Vera Lind", "vera@hr.example", is_lead=True, timezone="America/New_York")
    terry = add_rep(store, "Terry Lane", "terry@hr.example", "80%", "Europe/Paris", "EMEA")
    rick = add_rep(store, "Rick Tan", "rick@hr.example", "100%", "Asia/Singapore", "APAC")
    return {"vera": vera.id, "terry": terry.id, "rick": rick.id}


def northwind_for_terry(store) -> dict[str, str]:
    """The Northwind managers (email -> id), all supported by Terry of ``add_team``."""
    from partnerdesk.core.assign import reassign

    ids = load_northwind(store)
    team = add_team(store)
    for manager_id in ids.values():
        reassign(store, manager_id, team["terry"])
    return ids
