"""A believable demo company, generated deterministically from a seed.

``load_demo`` writes reps, an employee roster with consistent reporting lines, the
60 managers behind it (assigned the blended way: by department, senior tiers to the
HR lead), six months of meetings ending in the current month, notes of every
visibility, follow-ups, signals with timelines, recurring themes, the published
monthly agendas (the seed's May agenda among them) and the contributor lifecycle:
joiners, trials, moves, leave and leavers, cases of every kind, and two quarters of
engagement results (:mod:`partnerdesk.core.demo_lifecycle`). The words come from
``resources/demo/company.toml``; the same seed and day always give the same company.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from partnerdesk.core import clock
from partnerdesk.core.agenda import month_of
from partnerdesk.core.clock import month_end, month_start, quarter_start
from partnerdesk.core.demo_lifecycle import LifecycleDemo
from partnerdesk.core.me import ME_KEY
from partnerdesk.core.notes import join_tags
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.models import (
    SYNCED_MODELS,
    Agenda,
    AgendaItem,
    AssignmentRule,
    Employee,
    FollowUp,
    LocalSetting,
    Manager,
    Meeting,
    Note,
    Rep,
    Signal,
    SignalUpdate,
    new_id,
)
from partnerdesk.paths import resource_path

MONTHS = 6
SENIOR_TIERS = ("VP", "Senior Director")
#: The recurring theme the seed describes: Customer Success managers lacking product knowledge.
SEED_THEME = "product-knowledge"
SEED_THEME_MANAGERS = 4
DEMO_TEAM = "People Partners (demo)"
DEMO_SHARED = "demo-shared"
#: Public on purpose: the demo team guards invented data only.
DEMO_TEAM_PASSPHRASE = "partner desk demo team"


class DemoRefused(StoreError):
    """The profile already holds data, and the demo would mix with it."""


@dataclass
class DemoSummary:
    """How many of each record the demo wrote."""

    counts: dict[str, int] = field(default_factory=dict)
    me_rep_id: str = ""

    def lines(self) -> list[str]:
        return [f"{name}: {count}" for name, count in self.counts.items()]


def _workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _for_department(answers: list[str], department: str) -> list[str]:
    """Answers that fit a manager: "[Sales] ..." answers only for that department."""
    out = []
    for answer in answers:
        if answer.startswith("["):
            tag, _, text = answer[1:].partition("] ")
            if tag == department:
                out.append(text)
        else:
            out.append(answer)
    return out


def _applies(item: AgendaItem, manager: Manager) -> bool:
    """Whether an agenda item's audience includes ``manager``."""
    if item.audience_kind == "department":
        return manager.department == item.audience_value
    if item.audience_kind == "tier":
        return manager.tier == item.audience_value
    return True


def has_data(store: Store) -> bool:
    """True when the profile already holds managers (live ones)."""
    with store.session() as session:
        count = session.scalar(
            select(func.count()).select_from(Manager).where(Manager.deleted.is_(False))
        )
    return bool(count)


def load_content() -> dict[str, Any]:
    """The demo company's words and shape from ``resources/demo/company.toml``."""
    with open(resource_path("demo", "company.toml"), "rb") as fh:
        return tomllib.load(fh)


def load_demo(
    store: Store,
    *,
    today: date | None = None,
    seed: int = 2026,
    force: bool = False,
    team: bool = True,
) -> DemoSummary:
    """Write the demo company into ``store`` in one transaction.

    Refuses when the profile already has managers; with ``force`` the existing records
    are tombstoned first (the caller keeps a backup). With ``team`` the profile also
    joins a demo sync team whose shared folder sits inside the profile.
    """
    if has_data(store) and not force:
        raise DemoRefused(
            "This profile already has managers, so demo data would mix with real data. "
            "Use a new profile folder (--profile DIR), or add --force to replace this "
            "profile's data with the demo (a backup is kept)."
        )
    real_team = _real_team(store)
    if real_team:
        raise DemoRefused(
            f"This profile syncs with the team {real_team!r}: demo data would reach your "
            "team at the next sync. Use a new profile folder (--profile DIR) for the demo."
        )
    builder = _Builder(load_content(), today or clock.today(), random.Random(seed))
    with store.transaction() as session:
        if force:
            for model in SYNCED_MODELS:
                for row in session.scalars(select(model).where(model.deleted.is_(False))):
                    row.deleted = True
        builder.build()
        for rows in builder.rows.values():
            session.add_all(rows)
        session.merge(LocalSetting(key=ME_KEY, value=builder.lead.id))
    if team:
        create_demo_team(store)
    return DemoSummary(
        {name: len(rows) for name, rows in builder.rows.items()}, me_rep_id=builder.lead.id
    )


def _real_team(store: Store) -> str | None:
    """The name of the sync team this profile belongs to, unless it is the demo team."""
    from partnerdesk.core.sync.team import current_team

    team = current_team(store)
    demo_folder = (store.path.parent / DEMO_SHARED).resolve()
    if team is None or Path(team.folder).resolve().is_relative_to(demo_folder):
        return None
    return team.name


def create_demo_team(store: Store) -> None:
    """Join a demo team whose shared folder is ``demo-shared`` in the profile, and sync once.

    Team & Sync then shows a real team, this device and its first bundle; ``partnerdesk
    sync`` works on the demo profile. Nothing leaves the profile folder.
    """
    from partnerdesk.core.sync.runner import sync
    from partnerdesk.core.sync.team import create_team, current_team

    if current_team(store) is None:
        folder = store.path.parent / DEMO_SHARED
        folder.mkdir(exist_ok=True)
        create_team(store, folder, DEMO_TEAM, DEMO_TEAM_PASSPHRASE)
    sync(store)


class _Builder:
    """Builds the demo rows in memory; ``rows`` maps a kind to its new records."""

    def __init__(self, content: dict[str, Any], today: date, rng: random.Random) -> None:
        self.c = content
        self.today = today
        self.rng = rng
        self.domain = content["domain"]
        self.rows: dict[str, list[Any]] = {
            name: []
            for name in (
                "reps",
                "assignment rules",
                "employees",
                "managers",
                "agendas",
                "agenda items",
                "meetings",
                "notes",
                "follow-ups",
                "signals",
                "signal updates",
            )
        }
        self.used_names: set[str] = set()
        self.reps: dict[str, Rep] = {}
        self.lead: Rep
        self.team: dict[str, list[Employee]] = {}
        self.agenda_by_month: dict[str, tuple[Agenda, list[tuple[AgendaItem, list[str]]]]] = {}
        self.held: dict[str, list[Meeting]] = {}
        self.positions: dict[str, int] = {}
        self.themes: dict[str, set[str]] = {}

    # -- people ---------------------------------------------------------------------
    def build(self) -> None:
        self._reps()
        self._org()
        self._agendas()
        self._meetings()
        self._notes_and_followups()
        self._signals()
        LifecycleDemo(self).build()

    def _reps(self) -> None:
        for spec in self.c["rep"]:
            rep = Rep(
                id=new_id(),
                name=spec["name"],
                email=spec["email"],
                capacity=float(spec["capacity"]),
                timezone=spec["timezone"],
                region=spec["region"],
                is_lead=bool(spec.get("is_lead", False)),
            )
            self.reps[spec["key"]] = rep
            self.rows["reps"].append(rep)
            if rep.is_lead:
                self.lead = rep

    def _name(self) -> str:
        names = self.c["names"]
        while True:
            name = f"{self.rng.choice(names['first'])} {self.rng.choice(names['last'])}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def _email(self, name: str) -> str:
        local = name.lower().replace("'", "").replace(" ", ".")
        return f"{local}@{self.domain}"

    def _place(self, regions: list[str]) -> tuple[str, str]:
        region = self.rng.choice(regions)
        return self.rng.choice(self.c["locations"][region]), region

    def _employee(
        self, title: str, department: str, boss: Employee | None, place: tuple[str, str]
    ) -> Employee:
        name = self._name()
        person = Employee(
            id=new_id(),
            employee_id=f"E{len(self.rows['employees']) + 1001:05d}",
            name=name,
            email=self._email(name),
            title=title,
            department=department,
            location=place[0],
            region=place[1],
            manager_email=boss.email if boss else "",
        )
        self.rows["employees"].append(person)
        if boss is not None:
            self.team.setdefault(boss.email, []).append(person)
        return person

    def _org(self) -> None:
        """Employees with reporting lines, then a Manager row for everyone with reports."""
        tiers: dict[str, str] = {}
        departments: dict[str, dict[str, Any]] = {}
        tiny_left = 6
        for spec in self.c["department"]:
            dept, regions = spec["name"], spec["regions"]
            departments[dept] = spec
            self.rows["assignment rules"].append(
                AssignmentRule(
                    id=new_id(), kind="department", key=dept, rep_id=self.reps[spec["rep"]].id
                )
            )
            vp = self._employee(f"VP, {dept}", dept, None, self._place(regions[:1]))
            tiers[vp.email] = "VP"
            self._employee("Chief of Staff", dept, vp, (vp.location, vp.region))
            self._employee(f"{dept} Business Partner", dept, vp, self._place(regions))
            senior = self._employee(f"Senior Director, {dept}", dept, vp, self._place(regions[:1]))
            tiers[senior.email] = "Senior Director"
            self._employee(f"Program Manager, {dept}", dept, senior, self._place(regions))
            directors = []
            for _ in range(spec["directors"]):
                director = self._employee(f"Director, {dept}", dept, senior, self._place(regions))
                tiers[director.email] = "Director"
                directors.append(director)
                for _ in range(self.rng.randint(2, 3)):
                    self._employee(
                        self.rng.choice(spec["ic_titles"]),
                        dept,
                        director,
                        (director.location, director.region),
                    )
            for index in range(spec["line_managers"]):
                tier = "Senior Manager" if index % 3 == 0 else "Manager"
                area = spec["line_titles"][index % len(spec["line_titles"])]
                boss = directors[index % len(directors)]
                lead = self._employee(f"{tier}, {area}", dept, boss, self._place(regions))
                tiers[lead.email] = tier
                tiny = tiny_left > 0 and index == spec["line_managers"] - 1
                size = self.rng.randint(1, 2) if tiny else self.rng.randint(11, 21)
                tiny_left -= tiny
                for _ in range(size):
                    place = (
                        (lead.location, lead.region)
                        if self.rng.random() < 0.8
                        else self._place(regions)
                    )
                    self._employee(self.rng.choice(spec["ic_titles"]), dept, lead, place)
        by_email: dict[str, Manager] = {}
        for person in self.rows["employees"]:
            if person.email not in tiers:
                continue
            tier = tiers[person.email]
            size = len(self.team.get(person.email, []))
            rep_key = departments[person.department]["rep"]
            manager = Manager(
                id=new_id(),
                employee_id=person.employee_id,
                name=person.name,
                email=person.email,
                title=person.title,
                tier=tier,
                department=person.department,
                location=person.location,
                region=person.region,
                team_size=size,
                rep_id=self.lead.id if tier in SENIOR_TIERS else self.reps[rep_key].id,
                cadence_pref="quarterly" if size <= 2 else None,
            )
            by_email[person.email] = manager
            self.rows["managers"].append(manager)
        for person in self.rows["employees"]:
            manager = by_email.get(person.email)
            if manager is None:
                continue
            boss = by_email.get(person.manager_email)
            manager.reports_to_id = boss.id if boss else None
            top = manager
            while top.reports_to_id:
                top = next(m for m in self.rows["managers"] if m.id == top.reports_to_id)
            manager.executive_id = top.id if top is not manager else None

    # -- agendas --------------------------------------------------------------------
    def _agenda_spec(self, month: int) -> dict[str, Any]:
        return next(a for a in self.c["agenda"] if month in a["months"])

    def _agendas(self) -> None:
        first = month_start(self.today, -(MONTHS - 1))
        months = [month_start(first, i) for i in range(MONTHS)]
        may = date(self.today.year if self.today.month >= 5 else self.today.year - 1, 5, 1)
        if may not in months:
            months.insert(0, may)
        for start in months:
            self._agenda(start, published=True)
        self._agenda(month_start(self.today, 1), published=False)

    def _agenda(self, start: date, *, published: bool) -> None:
        spec = self._agenda_spec(start.month)
        key = month_of(start)
        agenda = Agenda(
            id=new_id(),
            month=key,
            title=f"{spec['title']} ({start:%B %Y})"
            if "for May" not in spec["title"]
            else spec["title"],
            status="published" if published else "draft",
            published_at=datetime.combine(start, time(14, 0)) if published else None,
            author_rep_id=self.lead.id,
            section_minutes={"Feedback": 10, "Priorities this month": 15, "Reminders": 5},
        )
        self.rows["agendas"].append(agenda)
        items = []
        for position, item_spec in enumerate(spec["item"]):
            day = item_spec.get("day")
            item = AgendaItem(
                id=new_id(),
                agenda_id=agenda.id,
                section=item_spec["section"],
                position=position,
                text=item_spec["text"],
                item_date=date(start.year, start.month, min(day, month_end(start).day))
                if day
                else None,
                prompts=list(item_spec.get("prompts", [])),
            )
            if "audience" in item_spec:
                item.audience_kind, item.audience_value = item_spec["audience"]
            items.append((item, list(item_spec.get("answers", []))))
            self.rows["agenda items"].append(item)
        self.agenda_by_month[key] = (agenda, items)

    # -- meetings -------------------------------------------------------------------
    def _meetings(self) -> None:
        managers = self.rows["managers"]
        # The user (the HR lead) sees every case on Today: never met, due, coming up.
        mine = [m for m in managers if m.rep_id == self.lead.id]
        others = [m for m in managers[6:] if m.rep_id != self.lead.id]
        never_met = {mine[-1].id} | {m.id for m in self.rng.sample(others, 2)}
        skip_this_month = {mine[1].id, mine[2].id} | {m.id for m in self.rng.sample(others, 3)}
        skip_this_month -= never_met
        upcoming = {mine[3].id, mine[4].id}
        reschedule_twice = next(m for m in managers if m.department == "Sales" and m.team_size > 2)
        this_month = month_start(self.today, 0)
        for index, manager in enumerate(managers):
            offset = 2 + (index * 5) % 18
            quarterly = manager.cadence_pref == "quarterly"
            for step in range(-(MONTHS - 1), 2):
                start = month_start(self.today, step)
                if quarterly and (start.month + index) % 3:
                    continue
                if step == 1 and self.rng.random() < 0.6:
                    continue
                planned = _workday(start + timedelta(days=offset))
                soon = _workday(self.today + timedelta(days=1 + index % 4))
                if step == 0 and manager.id in upcoming and soon.month == self.today.month:
                    planned = soon
                if manager.id in never_met:
                    if step == 0:
                        self._meeting(manager, planned, "cancelled", reason="Manager on leave")
                    elif step == 1:
                        self._meeting(manager, planned, "planned")
                    continue
                if start == this_month and manager.id in skip_this_month:
                    continue
                if planned >= self.today:
                    self._meeting(manager, planned, "planned")
                    continue
                roll = self.rng.random()
                if manager is reschedule_twice and start >= quarter_start(self.today):
                    roll = 0.0
                if roll < 0.1:
                    moved = _workday(planned + timedelta(days=self.rng.randint(5, 9)))
                    status = "held" if moved < self.today else "planned"
                    later = self._meeting(manager, moved, status)
                    self._meeting(
                        manager,
                        planned,
                        "rescheduled",
                        reason="Manager travelling" if roll < 0.05 else "Release week",
                        moved_to=later.id,
                    )
                elif roll < 0.16:
                    self._meeting(manager, planned, "cancelled", reason="Team offsite")
                else:
                    self._meeting(manager, planned, "held")

    def _meeting(
        self,
        manager: Manager,
        planned: date,
        status: str,
        *,
        reason: str = "",
        moved_to: str | None = None,
    ) -> Meeting:
        agenda = self.agenda_by_month.get(month_of(planned))
        meeting = Meeting(
            id=new_id(),
            manager_id=manager.id,
            rep_id=manager.rep_id,
            planned_for=planned,
            status=status,
            agenda_id=agenda[0].id if agenda and agenda[0].status == "published" else None,
            rescheduled_to_id=moved_to,
            reason=reason,
        )
        if status == "held":
            held = datetime.combine(planned, time(9 + self.rng.randint(0, 7), 0))
            meeting.started_at = held
            meeting.held_at = held + timedelta(minutes=30)
            if planned < self.today - timedelta(days=3):
                meeting.finalized_at = meeting.held_at + timedelta(hours=2)
            self.held.setdefault(manager.id, []).append(meeting)
        self.rows["meetings"].append(meeting)
        return meeting

    # -- notes and follow-ups ----------------------------------------------------------
    def _visibility(self) -> str:
        roll = self.rng.random()
        return "team" if roll < 0.68 else "exec" if roll < 0.9 else "private"

    def _note(self, meeting: Meeting, kind: str, body: str, **extra: Any) -> Note:
        position = self.positions.get(meeting.id, 0)
        self.positions[meeting.id] = position + 1
        note = Note(
            id=new_id(),
            meeting_id=meeting.id,
            manager_id=meeting.manager_id,
            kind=kind,
            body=body,
            visibility=extra.pop("visibility", None) or self._visibility(),
            position=position,
            created_at=meeting.started_at + timedelta(minutes=2 + 3 * position),
            author_rep_id=meeting.rep_id,
            **extra,
        )
        self.rows["notes"].append(note)
        return note

    def _tagged_note(self, meeting: Meeting, spec: dict[str, Any]) -> None:
        """A free note whose tags are written at its end, as a rep types them."""
        tags = spec["tags"]
        body = spec["text"] + "".join(f" #{tag}" for tag in tags)
        self._note(meeting, "free", body, tags=join_tags(tags))

    def _theme_managers(self) -> dict[str, set[str]]:
        """Which managers raise the demo's recurring themes this quarter (tag -> ids)."""
        chosen: dict[str, set[str]] = {}
        plan = {
            SEED_THEME: ("Customer Success", SEED_THEME_MANAGERS),
            "on-call": ("Engineering", 3),
            "comp-plan": ("Sales", 3),
            "brand-refresh": ("Marketing", 2),
        }
        for tag, (dept, count) in plan.items():
            pool = [
                m
                for m in self.rows["managers"]
                if m.department == dept and m.tier not in SENIOR_TIERS and m.id in self.held
            ]
            chosen[tag] = {m.id for m in pool[:count]}
        return chosen

    def _notes_and_followups(self) -> None:
        free = self.c["free_note"]
        quarter = quarter_start(self.today)
        themes = self.themes = self._theme_managers()
        for manager in self.rows["managers"]:
            followups = [
                f
                for f in self.c["followup"]
                if f.get("department", "*") in ("*", manager.department)
            ]
            meetings = sorted(self.held.get(manager.id, []), key=lambda m: m.planned_for)
            own_themes = [tag for tag, ids in themes.items() if manager.id in ids]
            for number, meeting in enumerate(meetings):
                agenda = self.agenda_by_month.get(month_of(meeting.planned_for))
                for item, answers in agenda[1] if agenda else []:
                    fitting = _for_department(answers, manager.department)
                    if fitting and _applies(item, manager) and self.rng.random() < 0.75:
                        self._note(
                            meeting, "answer", self.rng.choice(fitting), agenda_item_id=item.id
                        )
                recent = meeting.planned_for >= quarter
                latest = number == len(meetings) - 1
                for tag in own_themes:
                    if latest or (recent and tag == SEED_THEME):
                        options = [f for f in free if tag in f["tags"]]
                        spec = options[number % len(options)]
                        self._tagged_note(meeting, spec)
                options = [
                    f
                    for f in free
                    if f["department"] in ("*", manager.department)
                    and not set(f["tags"]) & set(themes)
                    and not (recent and f["tags"])
                ]
                for spec in self.rng.sample(options, self.rng.randint(0, 2)):
                    self._tagged_note(meeting, spec)
                if self.rng.random() < 0.12:
                    spec = self.rng.choice(self.c["private_note"])
                    self._note(meeting, "free", spec["text"], visibility="private")
                if self.rng.random() < 0.25:
                    spec = self.rng.choice(self.c["parking_lot"])
                    self._note(meeting, "parking", spec["text"], visibility="team")
                for spec in self.rng.sample(followups, self.rng.choice((0, 1, 1, 2))):
                    later = meetings[number + 1] if number + 1 < len(meetings) else None
                    self._followup(meeting, spec, later)

    def _followup(self, meeting: Meeting, spec: dict[str, Any], later: Meeting | None) -> None:
        owner = spec["owner"]
        due = meeting.planned_for + timedelta(days=self.rng.choice((7, 14, 21, 30, 30)))
        item = FollowUp(
            id=new_id(),
            manager_id=meeting.manager_id,
            meeting_id=meeting.id,
            rep_id=meeting.rep_id,
            text=spec["text"],
            owner_kind=owner if owner in ("me", "manager") else "named",
            owner_name="" if owner in ("me", "manager") else owner,
            due_date=due,
            created_at=meeting.held_at,
        )
        roll = self.rng.random()
        if later is not None and roll < 0.97:
            item.status = "done" if roll < 0.92 else "dropped"
            item.closed_at = later.held_at
            item.closed_meeting_id = later.id
        elif later is None and due < self.today and roll < 0.6:
            item.due_date = self.today + timedelta(days=self.rng.randint(0, 12))
        self.rows["follow-ups"].append(item)

    # -- signals --------------------------------------------------------------------
    def _signal_manager(self, spec: dict[str, Any], candidates: list[Manager]) -> Manager:
        """Who raises a signal: a manager of its department; a theme's own managers first."""
        for tag in spec["tags"]:
            raisers = [m for m in candidates if m.id in self.themes.get(tag, ())]
            if raisers:
                return raisers[0]
        department = spec.get("department")
        fits = [m for m in candidates if department in (None, m.department)]
        return (fits or candidates)[0]

    def _signals(self) -> None:
        candidates = [m for m in self.rows["managers"] if len(self.held.get(m.id, [])) >= 2]
        self.rng.shuffle(candidates)
        quarter = quarter_start(self.today)
        for spec in self.c["signal"] * 2:
            manager = self._signal_manager(spec, candidates)
            candidates.remove(manager)
            meetings = sorted(self.held[manager.id], key=lambda m: m.planned_for)
            start = self.rng.randrange(len(meetings))
            if set(spec["tags"]) & set(self.themes) and meetings[start].planned_for < quarter:
                start = len(meetings) - 1
            opened = meetings[start]
            people = self.team.get(manager.email, [])
            anonymous = spec["kind"] in ("headcount", "pain_point", "training") or not people
            signal = Signal(
                id=new_id(),
                manager_id=manager.id,
                meeting_id=opened.id,
                rep_id=opened.rep_id,
                kind=spec["kind"],
                severity=int(spec["severity"]),
                person="" if anonymous else self.rng.choice(people).name,
                summary=spec["summary"],
                tags=join_tags(spec["tags"]),
                opened_at=opened.held_at,
            )
            if spec["kind"] == "performance":
                signal.checklist = {
                    "expectations_set": True,
                    "support_offered": bool(spec["updates"]),
                    "documentation_started": len(spec["updates"]) > 1,
                }
                signal.review_date = opened.planned_for + timedelta(days=45)
            self.rows["signals"].append(signal)
            self.rows["signal updates"].append(
                SignalUpdate(
                    id=new_id(),
                    signal_id=signal.id,
                    meeting_id=opened.id,
                    at=opened.held_at,
                    text=f"Opened: {signal.summary}",
                    status="open",
                )
            )
            later = meetings[start + 1 :]
            updates = spec["updates"]
            for meeting, text in zip(later, updates, strict=False):
                self.rows["signal updates"].append(
                    SignalUpdate(
                        id=new_id(),
                        signal_id=signal.id,
                        meeting_id=meeting.id,
                        at=meeting.held_at,
                        text=text,
                        status="open",
                    )
                )
            resolves = len(later) >= len(updates) + 1 and updates and self.rng.random() < 0.5
            if resolves:
                closing = later[len(updates)]
                signal.status = "resolved"
                signal.resolved_at = closing.held_at
                self.rows["signal updates"].append(
                    SignalUpdate(
                        id=new_id(),
                        signal_id=signal.id,
                        meeting_id=closing.id,
                        at=closing.held_at,
                        text="Resolved: " + updates[-1].rstrip("."),
                        status="resolved",
                    )
                )
