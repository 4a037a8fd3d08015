"""A large, realistic store for the benchmarks, built fast and cached per size.

The company (reps, a manager hierarchy, the employees behind it) is drawn from a seeded
random generator, then written in bulk with SQLAlchemy Core ``insert()`` in one
transaction: reps, managers with their employee rows, published monthly agendas,
24 months of meetings, notes of realistic length (mixed kinds, visibilities and
tags), follow-ups, signals with their updates. The same company is written as a
10,000-employee HRIS CSV for the roster import benchmark.

Run ``python -m tests.bench.generate [--quick] [--scale N]`` to build (or reuse) the cached store.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from partnerdesk.core.profile import Identity, open_store, unlock_key
from partnerdesk.core.store import migrate
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import (
    SIGNAL_KINDS,
    Agenda,
    AgendaItem,
    Employee,
    FollowUp,
    LocalSetting,
    Manager,
    Meeting,
    Note,
    Rep,
    Signal,
    SignalUpdate,
)
from partnerdesk.paths import ProfilePaths
from tests.bench.text import CITIES, Words

#: Bump when the generated data changes shape, so stale caches are rebuilt.
GENERATOR_VERSION = 1
PASSPHRASE = "bench passphrase"
SEED = 20261122
CACHE_ROOT = Path(tempfile.gettempdir()) / "partnerdesk-bench"
#: The page cache (KiB) of the connection that loads the generated rows.
LOAD_CACHE_KIB = 1_000_000
DEPARTMENTS = (
    "Engineering",
    "Sales",
    "Customer Success",
    "Product",
    "Marketing",
    "Finance",
    "Operations",
    "People",
    "Legal",
    "Data",
)
COUNTRIES = {
    "London": "United Kingdom",
    "Berlin": "Germany",
    "Singapore": "Singapore",
    "Sydney": "Australia",
    "Boston": "United States",
    "Denver": "United States",
    "Dublin": "Ireland",
    "Bangalore": "India",
    "Seattle": "United States",
    "Austin": "United States",
}
REGIONS = {
    "United Kingdom": "EMEA",
    "Germany": "EMEA",
    "Ireland": "EMEA",
    "Singapore": "APAC",
    "Australia": "APAC",
    "India": "APAC",
    "United States": "Americas",
}
AGENDA_SECTIONS = ("Business", "People", "Company news")
EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Size:
    """How big a generated store is."""

    name: str
    reps: int
    managers: int
    months: int
    notes: int
    followups: int
    signals: int
    employees: int

    def scaled(self, factor: int) -> Size:
        """This company ``factor`` times over (same 24 months of history; one rep per
        ~50 managers, as at 1x); ``factor`` 1 is this size itself (and its cache)."""
        if factor < 1:
            raise ValueError("the scale is a whole number, 1 or more")
        if factor == 1:
            return self
        return Size(
            f"{self.name}-x{factor}",
            self.reps * factor,
            self.managers * factor,
            self.months,
            self.notes * factor,
            self.followups * factor,
            self.signals * factor,
            self.employees * factor,
        )


FULL = Size("full", 8, 400, 24, 60_000, 25_000, 3_000, 10_000)
QUICK = Size("quick", 8, 40, 24, 6_000, 2_500, 300, 1_000)
TINY = Size("tiny", 2, 10, 3, 120, 50, 8, 60)


@dataclass
class Person:
    """One employee of the generated company."""

    employee_id: str
    name: str
    email: str
    title: str
    department: str
    city: str
    manager_email: str = ""
    reports: int = 0


@dataclass
class Company:
    """The generated organisation: its managers (as Person) and everyone else."""

    managers: list[Person] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


def _month_start(today: date, back: int) -> date:
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _stamp(at: datetime, counter: int, device: str) -> str:
    millis = int((at - EPOCH).total_seconds() * 1000)
    return f"{millis:013d}-{counter % 0x10000:04x}-{device}"


def build_company(size: Size, rng: random.Random) -> Company:
    """A CEO, one VP per department, directors, line managers and their teams."""
    words = Words(rng)
    company = Company()
    serial = iter(range(1, 10**7))
    used: set[str] = set()

    def person(title: str, department: str, boss: Person | None) -> Person:
        name = words.name()
        base = name.lower().replace(" ", ".").replace("ü", "u")
        email = f"{base}@example.com"
        while email in used:
            email = f"{base}{len(used)}@example.com"
        used.add(email)
        city = rng.choice(CITIES)
        p = Person(f"E{next(serial):06d}", name, email, title, department, city)
        if boss is not None:
            p.manager_email = boss.email
            boss.reports += 1
        company.people.append(p)
        return p

    departments = DEPARTMENTS[: max(1, min(len(DEPARTMENTS), size.managers // 40))]
    ceo = person("Chief Executive Officer", "Executive", None)
    vps = [person(f"VP {d}", d, ceo) for d in departments]
    directors = [
        person(
            f"Director, {vps[i % len(vps)].department}",
            vps[i % len(vps)].department,
            vps[i % len(vps)],
        )
        for i in range(max(len(vps), size.managers // 10))
    ]
    line_count = max(1, size.managers - 1 - len(vps) - len(directors))
    lines = []
    for i in range(line_count):
        boss = directors[i % len(directors)]
        lines.append(person("Engineering Manager" if i % 3 else "Team Lead", boss.department, boss))
    company.managers = [ceo, *vps, *directors, *lines]
    # Everyone else reports to a line manager; a few teams stay tiny (quarterly cadence).
    weights = [rng.choice((1, 2, 8, 12, 20, 30, 40)) for _ in lines]
    remaining = size.employees - len(company.people)
    for boss in rng.choices(lines, weights=weights, k=max(0, remaining)):
        person(
            rng.choice(("Engineer", "Analyst", "Specialist", "Designer", "Associate")),
            boss.department,
            boss,
        )
    return company


class _Builder:
    """Turns a company into rows for every table, then bulk-inserts them."""

    def __init__(self, size: Size, company: Company, today: date, rng: random.Random) -> None:
        self.size = size
        self.company = company
        self.today = today
        self.rng = rng
        self.words = Words(rng)
        self.rows: dict[type, list[dict[str, Any]]] = {}
        self.counter = 0

    def add(self, model: type, **values: Any) -> dict[str, Any]:
        values.setdefault("id", str(uuid.uuid4()))
        values.setdefault("deleted", False)
        at = values.pop("_at", None) or datetime(self.today.year, self.today.month, 1)
        self.counter += 1
        values["device_id"] = self.devices[values.pop("_rep", 0) % len(self.devices)]
        values["updated_hlc"] = _stamp(at, self.counter, values["device_id"])
        self.rows.setdefault(model, []).append(values)
        return values

    def build(self) -> None:
        self.devices = [uuid.uuid4().hex[:16] for _ in range(self.size.reps)]
        self._reps()
        self._managers()
        self._agendas()
        self._meetings()
        self._notes()
        self._followups()
        self._signals()

    def _reps(self) -> None:
        self.reps = [
            self.add(
                Rep,
                name=self.words.name(),
                email=f"rep{i}@example.com",
                region=("EMEA", "APAC", "Americas")[i % 3],
                is_lead=i == 0,
                capacity=0.5 if i == 0 else 1.0,
                _rep=i,
            )
            for i in range(self.size.reps)
        ]
        self.rep_index = {r["id"]: i for i, r in enumerate(self.reps)}

    def _managers(self) -> None:
        by_email: dict[str, dict[str, Any]] = {}
        departments = sorted({p.department for p in self.company.managers})
        # Rep 0 (the lead) has the executives; each department has its share of the
        # others (one rep each at 1x), and its managers are dealt round them.
        others = max(1, self.size.reps - 1)
        share = max(1, others // len(departments))
        reps_of = {
            d: [1 + (i * share + j) % others for j in range(share)]
            for i, d in enumerate(departments)
        }
        reps_of["Executive"] = [0]
        dealt = dict.fromkeys(reps_of, 0)
        for p in self.company.managers:
            country = COUNTRIES[p.city]
            self.add(
                Employee,
                employee_id=p.employee_id,
                name=p.name,
                email=p.email,
                title=p.title,
                department=p.department,
                location=p.city,
                region=REGIONS[country],
                manager_email=p.manager_email,
                active=True,
            )
            pool = reps_of[p.department]
            rep = pool[dealt[p.department] % len(pool)] % self.size.reps
            dealt[p.department] += 1
            by_email[p.email] = self.add(
                Manager,
                employee_id=p.employee_id,
                name=p.name,
                email=p.email,
                title=p.title,
                tier="Executive" if p.title.startswith(("VP", "Chief")) else "Manager",
                department=p.department,
                location=p.city,
                region=REGIONS[country],
                team_size=p.reports,
                reports_to_id=None,
                executive_id=None,
                rep_id=self.reps[rep]["id"],
                cadence_pref="quarterly" if self.rng.random() < 0.03 else None,
                active=True,
                _rep=rep,
            )
        vp_of = {
            p.department: by_email[p.email]["id"]
            for p in self.company.managers[1:]
            if p.title.startswith("VP")
        }
        for p in self.company.managers:
            row = by_email[p.email]
            boss = by_email.get(p.manager_email)
            row["reports_to_id"] = boss["id"] if boss else None
            row["executive_id"] = vp_of.get(p.department) if row["tier"] != "Executive" else None
        self.managers = list(by_email.values())

    def _agendas(self) -> None:
        self.agenda_items: dict[date, list[str]] = {}
        self.agenda_of: dict[date, str] = {}
        lead = self.reps[0]
        for back in range(self.size.months):
            month = _month_start(self.today, back)
            published = datetime(month.year, month.month, 1, 9)
            agenda = self.add(
                Agenda,
                month=f"{month:%Y-%m}",
                title=f"{month:%B %Y} agenda",
                status="published",
                published_at=published,
                author_rep_id=lead["id"],
                section_minutes={s: 10 for s in AGENDA_SECTIONS},
                _at=published,
            )
            self.agenda_of[month] = agenda["id"]
            self.agenda_items[month] = [
                self.add(
                    AgendaItem,
                    agenda_id=agenda["id"],
                    section=AGENDA_SECTIONS[pos % len(AGENDA_SECTIONS)],
                    position=pos,
                    text=self.words._fill("How is the team feeling about {topic} after {project}?"),
                    item_date=None,
                    audience_kind="all",
                    audience_value="",
                    prompts=["What would make it easier?", "Who is most affected?"],
                    _at=published,
                )["id"]
                for pos in range(6)
            ]

    def _meetings(self) -> None:
        self.held: list[dict[str, Any]] = []
        rng = self.rng
        for m in self.managers:
            quarterly = m["cadence_pref"] == "quarterly" or 0 < m["team_size"] <= 2
            rep = self._rep_index(m["rep_id"])
            day = rng.randint(2, 26)
            for back in range(self.size.months):
                month = _month_start(self.today, back)
                if quarterly and month.month % 3 != 1:
                    continue
                planned = month.replace(day=day)
                if planned.weekday() >= 5:
                    planned -= timedelta(days=planned.weekday() - 4)
                base = {
                    "manager_id": m["id"],
                    "rep_id": m["rep_id"],
                    "agenda_id": self.agenda_of[month],
                    "reason": "",
                    "rescheduled_to_id": None,
                    "started_at": None,
                    "held_at": None,
                    "finalized_at": None,
                    "_rep": rep,
                }
                if planned >= self.today:
                    self.add(Meeting, planned_for=planned, status="planned", **base)
                    continue
                roll = rng.random()
                if roll < 0.04:
                    self.add(Meeting, planned_for=planned, status="cancelled", **base)
                    continue
                if roll < 0.12 and planned + timedelta(days=7) < self.today:
                    later = planned + timedelta(days=7)
                    held = self._held(later, base)
                    self.add(
                        Meeting,
                        planned_for=planned,
                        status="rescheduled",
                        **{**base, "rescheduled_to_id": held["id"], "reason": "Manager travelling"},
                    )
                    continue
                self._held(planned, base)

    def _held(self, day: date, base: dict[str, Any]) -> dict[str, Any]:
        at = datetime(
            day.year, day.month, day.day, self.rng.randint(8, 17), self.rng.choice((0, 30))
        )
        meeting = self.add(
            Meeting,
            planned_for=day,
            status="held",
            **{**base, "started_at": at, "held_at": at, "finalized_at": at + timedelta(hours=1)},
            _at=at + timedelta(hours=1),
        )
        meeting["_month"] = day.replace(day=1)
        self.held.append(meeting)
        return meeting

    def _rep_index(self, rep_id: str) -> int:
        return self.rep_index[rep_id]

    def _notes(self) -> None:
        rng = self.rng
        for _ in range(self.size.notes):
            meeting = rng.choice(self.held)
            roll = rng.random()
            kind = (
                "answer"
                if roll < 0.5
                else "free"
                if roll < 0.85
                else "parking"
                if roll < 0.96
                else "addendum"
            )
            item = rng.choice(self.agenda_items[meeting["_month"]]) if kind == "answer" else None
            tags = self.words.tags()
            vis = rng.random()
            at = meeting["held_at"] + timedelta(minutes=rng.randint(0, 55))
            if kind == "addendum":
                at += timedelta(days=rng.randint(1, 10))
            self.add(
                Note,
                meeting_id=meeting["id"],
                manager_id=meeting["manager_id"],
                agenda_item_id=item,
                kind=kind,
                body=self.words.note(tags),
                visibility="team" if vis < 0.7 else "private" if vis < 0.9 else "exec",
                tags=" ".join(tags),
                position=rng.randint(0, 12),
                created_at=at,
                author_rep_id=meeting["rep_id"],
                conflict_body=None,
                _rep=self._rep_index(meeting["rep_id"]),
                _at=at,
            )

    def _followups(self) -> None:
        rng = self.rng
        recent = datetime.combine(self.today - timedelta(days=90), datetime.min.time())
        for _ in range(self.size.followups):
            meeting = rng.choice(self.held)
            at = meeting["held_at"]
            roll = rng.random()
            status = (
                "open"
                if roll < (0.5 if at > recent else 0.05)
                else "done"
                if roll < 0.9
                else "dropped"
            )
            closed = None if status == "open" else at + timedelta(days=rng.randint(3, 60))
            owner = rng.choice(("me", "me", "manager", "named"))
            self.add(
                FollowUp,
                manager_id=meeting["manager_id"],
                meeting_id=meeting["id"],
                note_id=None,
                rep_id=meeting["rep_id"],
                text=self.words.task(),
                owner_kind=owner,
                owner_name=self.words.name() if owner == "named" else "",
                due_date=at.date() + timedelta(days=rng.randint(7, 45)),
                status=status,
                created_at=at,
                closed_at=closed,
                closed_meeting_id=None,
                _rep=self._rep_index(meeting["rep_id"]),
                _at=closed or at,
            )

    def _signals(self) -> None:
        rng = self.rng
        for _ in range(self.size.signals):
            meeting = rng.choice(self.held)
            at = meeting["held_at"]
            resolved = rng.random() < 0.7
            end = at + timedelta(days=rng.randint(20, 150))
            resolved_at = end if resolved and end.date() < self.today else None
            signal = self.add(
                Signal,
                manager_id=meeting["manager_id"],
                meeting_id=meeting["id"],
                rep_id=meeting["rep_id"],
                kind=rng.choice(SIGNAL_KINDS),
                severity=rng.randint(1, 3),
                person=self.words.name() if rng.random() < 0.6 else "",
                summary=self.words.signal(),
                tags=" ".join(self.words.tags()),
                status="resolved" if resolved_at else "open",
                opened_at=at,
                resolved_at=resolved_at,
                checklist={},
                review_date=(at + timedelta(days=30)).date(),
                _rep=self._rep_index(meeting["rep_id"]),
                _at=resolved_at or at,
            )
            for step in range(rng.randint(0, 3)):
                when = at + timedelta(days=30 * (step + 1))
                if when.date() >= self.today:
                    break
                self.add(
                    SignalUpdate,
                    signal_id=signal["id"],
                    meeting_id=None,
                    at=when,
                    text=self.words.signal(),
                    status="open",
                    _at=when,
                )
            if resolved_at:
                self.add(
                    SignalUpdate,
                    signal_id=signal["id"],
                    meeting_id=None,
                    at=resolved_at,
                    text="Resolved: " + self.words.signal(),
                    status="resolved",
                    _at=resolved_at,
                )

    def insert(self, store: Store) -> None:
        """Write every row in one transaction (the search triggers index them as they land).

        The loading connection gets a page cache of up to 1 GB (the store is closed after
        the build): at 10x the note indexes and the search index outgrow the app's 32 MB,
        and each evicted page would be encrypted out to the WAL and decrypted back in.
        """
        with store.engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
            for model, rows in self.rows.items():
                clean = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
                for start in range(0, len(clean), 5000):
                    conn.execute(insert(model.__table__), clean[start : start + 5000])
            me = self.reps[1 % len(self.reps)]["id"]
            conn.execute(insert(LocalSetting.__table__), [{"key": "me_rep_id", "value": me}])


def generate_store(
    store: Store,
    size: Size,
    *,
    seed: int = SEED,
    today: date | None = None,
    progress: bool = False,
) -> Company:
    """Fill an empty, migrated store with a company of ``size``; returns the company."""
    rng = random.Random(seed)
    began = time.perf_counter()
    company = build_company(size, rng)
    builder = _Builder(size, company, today or date.today(), rng)
    builder.build()
    drawn = time.perf_counter()
    builder.insert(store)
    if progress:
        print(
            f"{size.name}: rows drawn in {drawn - began:.1f} s, "
            f"inserted in {time.perf_counter() - drawn:.1f} s (load {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    return company


def write_hris_csv(path: Path, company: Company) -> None:
    """The company as an HRIS export (one row per employee, managers included)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(
            [
                "Employee ID",
                "Full Name",
                "Work Email",
                "Job Title",
                "Department",
                "Location",
                "Country",
                "Manager Email",
            ]
        )
        for p in company.people:
            out.writerow(
                [
                    p.employee_id,
                    p.name,
                    p.email,
                    p.title,
                    p.department,
                    p.city,
                    COUNTRIES[p.city],
                    p.manager_email,
                ]
            )


def row_counts(store: Store) -> dict[str, int]:
    """Rows per table of the generated data."""
    models = (
        Rep,
        Employee,
        Manager,
        Agenda,
        AgendaItem,
        Meeting,
        Note,
        FollowUp,
        Signal,
        SignalUpdate,
    )
    with store.session() as session:
        return {
            m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in models
        }


@dataclass(frozen=True)
class BenchData:
    """A generated profile on disk: where it is, how to open it, what it holds."""

    root: Path
    csv: Path
    passphrase: str
    counts: dict[str, int]

    @property
    def paths(self) -> ProfilePaths:
        return ProfilePaths(self.root / "profile")


def build(target: Path, size: Size, *, today: date | None = None) -> BenchData:
    """Generate a profile (passphrase-protected) and its HRIS CSV in ``target``."""
    paths = ProfilePaths(target / "profile")
    key = unlock_key(paths, PASSPHRASE)
    store = open_store(paths, key, new=True)
    try:
        company = generate_store(store, size, today=today, progress=True)
        counts = row_counts(store)
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    Identity.load_or_create(paths)
    write_hris_csv(target / "hris.csv", company)
    (target / "counts.json").write_text(json.dumps(counts, indent=2), "utf-8")
    return BenchData(target, target / "hris.csv", PASSPHRASE, counts)


def cached(size: Size) -> BenchData:
    """The generated data for ``size``, built once per generator version and schema head.

    A new schema head first tries a migrated copy of the same company cached at an older
    head (the 10x store takes minutes to generate, a migration seconds). A cache whose
    schema lacks a table or column of the models is never used: one built on a branch
    whose revisions were renumbered on merge carries main's head number, not its tables.
    """
    folder = CACHE_ROOT / f"{size.name}-g{GENERATOR_VERSION}-s{migrate.head_revision()}"
    done = folder / "counts.json"
    if done.exists():
        missing = schema_gaps(ProfilePaths(folder / "profile"))
        if not missing:
            counts = json.loads(done.read_text("utf-8"))
            return BenchData(folder, folder / "hris.csv", PASSPHRASE, counts)
        print(f"{folder.name} lacks {', '.join(missing[:5])}: generating it afresh", flush=True)
    CACHE_ROOT.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"{size.name}-", dir=CACHE_ROOT))
    if not _migrated_copy(size, scratch):
        shutil.rmtree(scratch)
        scratch.mkdir()
        build(scratch, size)
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(scratch, folder)
    return cached(size)


def _migrated_copy(size: Size, target: Path) -> bool:
    """Copy the newest older-schema cache of ``size`` into ``target`` and migrate it to head.

    False (nothing usable) when there is none, or when the migrated schema lacks a table
    or column of the models.
    """
    known = migrate.known_revisions()
    older = sorted(
        (
            folder
            for folder in CACHE_ROOT.glob(f"{size.name}-g{GENERATOR_VERSION}-s*")
            if (folder / "counts.json").exists()
            and folder.name.rpartition("-s")[2] in known
            and folder.name.rpartition("-s")[2] != migrate.head_revision()
        ),
        key=lambda folder: folder.name.rpartition("-s")[2],
    )
    if not older:
        return False
    source = older[-1]
    print(f"migrating a copy of {source.name} to schema {migrate.head_revision()}", flush=True)
    shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("plain.db"))
    paths = ProfilePaths(target / "profile")
    # In place (no backup, no VACUUM INTO copy): the pages stay as generated, so rows
    # measured on the older cache and on this one compare.
    migrate._upgrade_file(paths.database, unlock_key(paths, PASSPHRASE, create=False))
    missing = schema_gaps(paths)
    if missing:
        print(f"not used ({', '.join(missing[:5])} missing): generating afresh", flush=True)
        return False
    return True


def schema_gaps(paths: ProfilePaths) -> list[str]:
    """The models' tables and columns (``table.column``) the bench profile's database lacks."""
    from sqlalchemy import inspect

    from partnerdesk.core.store.engine import make_engine
    from partnerdesk.core.store.models import Base

    engine = make_engine(paths.database, unlock_key(paths, PASSPHRASE, create=False), readonly=True)
    try:
        found = inspect(engine)
        tables = set(found.get_table_names())
        gaps = []
        for table in Base.metadata.sorted_tables:
            if table.name not in tables:
                gaps.append(table.name)
                continue
            have = {column["name"] for column in found.get_columns(table.name)}
            gaps += [f"{table.name}.{c.name}" for c in table.columns if c.name not in have]
        return gaps
    finally:
        engine.dispose()


def working_copy(data: BenchData, target: Path) -> BenchData:
    """A copy of the generated data that a benchmark may change."""
    shutil.copytree(data.root, target)
    return BenchData(target, target / "hris.csv", data.passphrase, data.counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the small store")
    parser.add_argument("--scale", type=int, default=1, help="N times the store (default 1)")
    args = parser.parse_args()
    if args.scale < 1:
        parser.error("--scale takes a whole number, 1 or more")
    data = cached((QUICK if args.quick else FULL).scaled(args.scale))
    print(data.root)
    print(json.dumps(data.counts, indent=2))


if __name__ == "__main__":
    main()
