"""Fixture data for the executive-summary tests, built directly with the store's models.

Three departments, three reps, two executives, managers with every cadence case, meetings
held / planned / rescheduled / cancelled / never, notes of all three visibilities carrying
unique marker strings, follow-ups, signals naming people, and tags. ``build`` returns the
objects it wrote so tests can count what they expect independently of the summary code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from partnerdesk.core import clock
from partnerdesk.core.store.models import (
    Agenda,
    AgendaItem,
    FollowUp,
    Manager,
    Meeting,
    Note,
    Rep,
    Signal,
)

PERIOD = "2026-Q2"
TODAY = date(2026, 7, 15)
PRIVATE_MARKER = "PRIVMARK"
TEAM_MARKER = "TEAMMARK"
EXEC_MARKER = "EXECMARK"
PERSON_MARKER = "Quentin Personmark"
HYPERLINK = '=HYPERLINK("http://evil.example/x","EXECMARK-free")'
ALLHANDS = "Feedback on the most recent all-hands: what worked and what didn't?"
BRAND = "Brand refresh goes live on the 15th: any challenges getting your team ready?"


@dataclass
class Fixture:
    """What ``build`` wrote, for independent counting in tests."""

    reps: dict[str, Rep] = field(default_factory=dict)
    managers: list[Manager] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    items: dict[str, AgendaItem] = field(default_factory=dict)

    def manager(self, email: str) -> Manager:
        return next(m for m in self.managers if m.email == email)


# name, department, team size, cadence preference, rep key, executive email, active
MANAGERS = [
    ("Erin Exec", "Engineering", 6, None, "vera", None, True),
    ("Ada Lovelace", "Engineering", 8, None, "alice", "erin", True),
    ("Grace Hopper", "Engineering", 2, None, "alice", "erin", True),
    ("Linus Small", "Engineering", 1, "monthly", "alice", "erin", True),
    ("Ken Quarterly", "Engineering", 9, "quarterly", "bob", "erin", True),
    ("Old Leaver", "Engineering", 5, None, "bob", "erin", False),
    ("Sam Seller", "Sales", 7, None, "vera", None, True),
    ("Bea Closer", "Sales", 5, None, "bob", "sam", True),
    ("Carl Caller", "Sales", 4, None, "bob", "sam", True),
    ("Dee Deals", "Sales", 6, None, None, "sam", True),
    ("Cora Care", "Customer Success", 5, None, "alice", "sam", True),
    ("Finn Fixer", "Customer Success", 3, None, "alice", "sam", True),
    ("Gus Guide", "Customer Success", 2, "monthly", "bob", "sam", True),
    ("Hal Helper", "Customer Success", 4, None, "bob", "sam", True),
]


def _email(name: str) -> str:
    return name.split()[0].lower() + "@example.com"


def build(session) -> Fixture:
    """Write the fixture in ``session`` (the caller commits) and return what was written.

    Its stamps are written as days in UTC, so the test reads them on a UTC calendar (the
    zone rules themselves are tested in tests/core/test_clock.py).
    """
    clock.set_zone(UTC)
    fx = Fixture()
    reps = (("alice", "Alice Rep", False), ("bob", "Bob Rep", False), ("vera", "Vera VP", True))
    for key, name, lead in reps:
        fx.reps[key] = Rep(name=name, email=f"{key}@hr.example.com", is_lead=lead)
    session.add_all(fx.reps.values())
    session.flush()
    by_first: dict[str, Manager] = {}
    for name, dept, size, pref, rep, _exec, active in MANAGERS:
        manager = Manager(
            name=name,
            email=_email(name),
            department=dept,
            team_size=size,
            cadence_pref=pref,
            rep_id=fx.reps[rep].id if rep else None,
            active=active,
        )
        by_first[name.split()[0].lower()] = manager
        fx.managers.append(manager)
    session.add_all(fx.managers)
    session.flush()
    for (_name, *_rest, exec_key, _active), manager in zip(MANAGERS, fx.managers, strict=True):
        manager.executive_id = by_first[exec_key].id if exec_key else None
    session.add(
        Manager(name="Deleted Person", email="gone@example.com", department="Sales", deleted=True)
    )
    _agenda(session, fx)
    _meetings(session, fx)
    _notes(session, fx)
    _followups(session, fx)
    _signals(session, fx)
    session.flush()
    return fx


def _agenda(session, fx: Fixture) -> None:
    for month in (4, 5, 6):
        agenda = Agenda(month=f"2026-{month:02d}", title=f"Agenda {month}", status="published")
        session.add(agenda)
        session.flush()
        for position, text in enumerate((ALLHANDS, BRAND)):
            item = AgendaItem(
                agenda_id=agenda.id, section="Priorities", position=position, text=text
            )
            session.add(item)
            fx.items[f"{month}:{position}"] = item
    session.flush()


def _meetings(session, fx: Fixture) -> None:
    # manager index -> list of (planned_for, status)
    plan = {
        0: [(date(2026, 4, 8), "held"), (date(2026, 5, 8), "held"), (date(2026, 6, 8), "held")],
        1: [
            (date(2026, 4, 9), "held"),
            (date(2026, 5, 9), "rescheduled"),
            (date(2026, 5, 16), "held"),
        ],
        2: [(date(2026, 5, 12), "held")],
        3: [(date(2026, 4, 2), "cancelled"), (date(2026, 6, 2), "held")],
        4: [(date(2026, 3, 30), "held"), (date(2026, 7, 2), "planned")],
        5: [(date(2026, 4, 20), "held")],
        6: [
            (date(2026, 4, 3), "held"),
            (date(2026, 5, 3), "held"),
            (date(2026, 6, 3), "held"),
            (date(2026, 6, 20), "held"),
        ],
        7: [
            (date(2026, 4, 14), "rescheduled"),
            (date(2026, 4, 21), "rescheduled"),
            (date(2026, 5, 1), "held"),
        ],
        8: [(date(2026, 6, 30), "planned")],
        9: [],  # never met
        10: [(date(2026, 4, 10), "held"), (date(2026, 5, 10), "held"), (date(2026, 6, 10), "held")],
        11: [(date(2026, 1, 10), "held"), (date(2026, 6, 11), "held")],
        12: [(date(2026, 6, 12), "planned")],
        13: [(date(2026, 5, 13), "held"), (date(2026, 6, 13), "held")],
    }
    for index, meetings in plan.items():
        manager = fx.managers[index]
        for day, status in meetings:
            fx.meetings.append(
                Meeting(
                    manager_id=manager.id, rep_id=manager.rep_id, planned_for=day, status=status
                )
            )
    fx.meetings.append(
        Meeting(
            manager_id=fx.managers[9].id, planned_for=date(2026, 5, 5), status="held", deleted=True
        )
    )
    session.add_all(fx.meetings)
    session.flush()


def _note(fx: Fixture, manager: Manager, body: str, visibility: str, when: datetime, **kw) -> Note:
    meeting = next((m for m in fx.meetings if m.manager_id == manager.id and not m.deleted), None)
    note = Note(
        manager_id=manager.id,
        meeting_id=meeting.id if meeting else None,
        body=body,
        visibility=visibility,
        created_at=when,
        **kw,
    )
    fx.notes.append(note)
    return note


def _notes(session, fx: Fixture) -> None:
    allhands_may = fx.items["5:0"].id
    allhands_jun = fx.items["6:0"].id
    brand = fx.items["5:1"].id
    when = datetime(2026, 5, 20, 10, 0)
    for index, manager in enumerate(fx.managers[:14]):
        i = f"{index:02d}"
        _note(
            fx,
            manager,
            f"{PRIVATE_MARKER}{i} my own impression",
            "private",
            when,
            tags="#secret-theme",
        )
        _note(
            fx,
            manager,
            f"{TEAM_MARKER}{i} shared with the team",
            "team",
            when,
            tags="#product-knowledge" if manager.department == "Customer Success" else "",
        )
        if index % 2 == 0:
            _note(
                fx,
                manager,
                f"{EXEC_MARKER}{i} all-hands was too long",
                "exec",
                when,
                kind="answer",
                agenda_item_id=allhands_may if index < 8 else allhands_jun,
            )
        else:
            _note(
                fx,
                manager,
                f"{TEAM_MARKER}{i} all-hands answer",
                "team",
                when,
                kind="answer",
                agenda_item_id=allhands_may,
            )
    # a brand-refresh answer in private only: must not count as answered
    _note(
        fx,
        fx.managers[1],
        f"{PRIVATE_MARKER}-brand",
        "private",
        when,
        kind="answer",
        agenda_item_id=brand,
    )
    _note(
        fx,
        fx.managers[2],
        f"{TEAM_MARKER}-brand",
        "team",
        when,
        kind="answer",
        agenda_item_id=brand,
    )
    _note(fx, fx.managers[6], HYPERLINK, "exec", when)
    # outside the period: never quoted
    _note(fx, fx.managers[0], f"{EXEC_MARKER}-march old news", "exec", datetime(2026, 3, 3))
    # a deleted exec note: never quoted
    _note(fx, fx.managers[0], f"{EXEC_MARKER}-deleted", "exec", when, deleted=True)
    # Sales: #comp-bands raised by 2 managers only (below the threshold of 3)
    _note(fx, fx.managers[7], "about comp", "team", when, tags="#comp-bands")
    _note(fx, fx.managers[8], "about comp", "exec", when, tags="comp-bands")
    session.add_all(fx.notes)


def _followups(session, fx: Fixture) -> None:
    m = fx.managers
    specs = [
        (m[1], datetime(2026, 4, 9), date(2026, 4, 30), "done", datetime(2026, 4, 25)),
        (m[1], datetime(2026, 5, 9), date(2026, 6, 1), "open", None),  # overdue
        (m[2], datetime(2026, 5, 12), date(2026, 8, 1), "open", None),
        (m[6], datetime(2026, 3, 1), date(2026, 3, 31), "open", None),  # overdue, opened before
        (m[6], datetime(2026, 6, 3), None, "done", datetime(2026, 7, 5)),  # done after period
        (m[10], datetime(2026, 4, 10), date(2026, 5, 1), "dropped", datetime(2026, 5, 2)),
        (m[11], datetime(2026, 2, 1), date(2026, 2, 15), "done", datetime(2026, 2, 10)),  # old
        (m[13], datetime(2026, 6, 13), date(2026, 6, 20), "open", None),  # overdue
    ]
    for index, (manager, created, due, status, closed) in enumerate(specs):
        fx.followups.append(
            FollowUp(
                manager_id=manager.id,
                text=f"{HYPERLINK} task {index} for {PERSON_MARKER}",
                owner_kind="other" if index == 0 else "me",
                owner_name=PERSON_MARKER if index == 0 else "",
                created_at=created,
                due_date=due,
                status=status,
                closed_at=closed,
            )
        )
    session.add_all(fx.followups)


def _signals(session, fx: Fixture) -> None:
    m = fx.managers
    specs = [
        (m[1], "flight_risk", datetime(2026, 4, 9), None, "open", "#retention"),
        (m[2], "flight_risk", datetime(2026, 5, 12), datetime(2026, 6, 1), "resolved", ""),
        (m[6], "performance", datetime(2026, 1, 5), None, "open", ""),
        (m[7], "headcount", datetime(2026, 5, 1), None, "open", "#comp-bands"),
        (m[10], "training", datetime(2026, 4, 10), None, "open", "#product-knowledge"),
        (m[11], "training", datetime(2026, 6, 11), None, "open", "#product-knowledge"),
        (m[13], "pain_point", datetime(2026, 3, 1), datetime(2026, 3, 20), "resolved", ""),
        (m[13], "pain_point", datetime(2026, 6, 13), datetime(2026, 7, 3), "resolved", ""),
        (m[3], "performance", datetime(2026, 2, 1), datetime(2026, 4, 15), "resolved", ""),
    ]
    for manager, kind, opened, resolved, status, tags in specs:
        fx.signals.append(
            Signal(
                manager_id=manager.id,
                kind=kind,
                person=PERSON_MARKER,
                summary=f"{PERSON_MARKER} is unhappy",
                opened_at=opened,
                resolved_at=resolved,
                status=status,
                tags=tags,
            )
        )
    session.add_all(fx.signals)
