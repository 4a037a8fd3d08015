"""A 100,000-employee XLSX export (Workday-shaped) for the roster import bench row.

Written once with openpyxl's write-only mode and cached beside the bench store
(``$TMPDIR/partnerdesk-bench/roster-<size>-v<version>.xlsx``): writing it takes longer
than importing it. The org is a tree with six reports per manager, 3% leavers, 2% on
leave, US dates, names in parts with some preferred first names.
"""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

VERSION = 1
SIZE = 100_000
SPAN = 6
HEADERS = [
    "Employee ID", "Legal Name - First Name", "Legal Name - Last Name",
    "Preferred Name - First Name", "Email - Primary Work", "Business Title",
    "Supervisory Organization", "Location", "Manager - Employee ID", "Worker Status",
    "Hire Date", "Termination Date",
]  # fmt: skip
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana", "Ivo", "Jia", "Kai"]
LAST = ["Alder", "Brook", "Cruz", "Dahl", "Eng", "Frost", "Gill", "Hale", "Ito", "Jain"]
DEPARTMENTS = ["Sales", "Engineering", "Customer Success", "Marketing", "Finance", "People"]
TITLES = ["Engineer", "Analyst", "Manager", "Senior Manager", "Director", "Specialist"]


def rows(size: int = SIZE, seed: int = 11) -> list[list[object]]:
    """The export's data rows; leavers are leaves of the tree (nobody reports to them)."""
    rng = random.Random(seed)
    start = date(2010, 1, 4)
    out = []
    managers = (size - 2) // SPAN + 1
    for index in range(size):
        hired = start + timedelta(days=rng.randrange(5000))
        roll = rng.random()
        leaf = index > managers
        status = "Terminated" if leaf and roll < 0.03 else "On Leave" if roll > 0.98 else "Active"
        left = hired + timedelta(days=400) if status == "Terminated" else None
        out.append([
            f"W{index:06d}", rng.choice(FIRST), f"{rng.choice(LAST)}{index}",
            rng.choice(FIRST) if roll < 0.1 else "", f"w{index}@huge.example",
            "Chief Executive Officer" if index == 0 else rng.choice(TITLES),
            rng.choice(DEPARTMENTS), "London, UK",
            "" if index == 0 else f"W{(index - 1) // SPAN:06d}", status,
            f"{hired:%m/%d/%Y}", f"{left:%m/%d/%Y}" if left else "",
        ])  # fmt: skip
    return out


def roster_xlsx(size: int = SIZE) -> Path:
    """The cached workbook's path, written on first use."""
    from openpyxl import Workbook

    folder = Path(tempfile.gettempdir()) / "partnerdesk-bench"
    path = folder / f"roster-{size}-v{VERSION}.xlsx"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Workers")
    sheet.append(HEADERS)
    for row in rows(size):
        sheet.append(row)
    partial = path.with_suffix(".part")
    book.save(partial)
    partial.replace(path)
    return path
