"""The demo company's lifecycle: hire dates, joiners and trials, leavers, moves, leave,
cases of every kind with their timelines, and two quarters of engagement results.

Called by :mod:`partnerdesk.core.demo` once the people, meetings and signals exist; it
adds rows to the builder's lists. Everything is drawn from the builder's seeded random
generator and the words in ``resources/demo/company.toml``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from partnerdesk.core import daytext
from partnerdesk.core.cases import templates
from partnerdesk.core.clock import quarter_of, quarter_start
from partnerdesk.core.store.models import (
    Case,
    CaseUpdate,
    EngagementResult,
    LifecycleEvent,
    Manager,
    Meeting,
    new_id,
)

#: Line managers whose teams get joiners, leavers, moves and leave in the demo.
TEAMS_WITH_CHANGES = 10
TRIAL_MONTHS = 6


def _period(day: date) -> str:
    return f"{day.year}-Q{quarter_of(day)}"


class LifecycleDemo:
    """Adds the lifecycle rows to a demo builder (``b``): events, cases, engagement."""

    def __init__(self, builder: Any) -> None:
        self.b = builder
        self.rng = builder.rng
        self.today: date = builder.today
        self.words = builder.c["lifecycle"]
        for name in ("lifecycle events", "cases", "case updates", "engagement results"):
            builder.rows[name] = []
        self.managers = {m.email: m for m in builder.rows["managers"]}

    def build(self) -> None:
        self._hire_dates()
        by_department: dict[str, list[Manager]] = {}
        for m in self.b.rows["managers"]:
            if (
                m.tier in ("Manager", "Senior Manager")
                and m.team_size >= 5
                and len(self.b.held.get(m.id, [])) >= 3
            ):
                by_department.setdefault(m.department, []).append(m)
        # Round robin over the departments, so every department has some changes.
        lines = [
            group[i]
            for i in range(max(map(len, by_department.values())))
            for group in by_department.values()
            if i < len(group)
        ]
        for index, manager in enumerate(lines[:TEAMS_WITH_CHANGES]):
            self._team_changes(manager, index, lines)
        self._other_cases(lines[TEAMS_WITH_CHANGES:])
        self._engagement()

    # -- people -------------------------------------------------------------------------
    def _event(self, person, kind: str, on: date, manager: str, **extra: str) -> LifecycleEvent:
        event = LifecycleEvent(
            id=new_id(),
            employee_ref=person.id,
            person=person.name,
            kind=kind,
            on_date=on,
            manager_email=manager,
            from_manager_email=extra.get("from_manager", ""),
            department=person.department,
            from_department=extra.get("from_department", ""),
            detected_at=datetime.combine(min(on, self.today), time(8)),
        )
        self.b.rows["lifecycle events"].append(event)
        return event

    def _hire_dates(self) -> None:
        """Everyone has a hire date one to nine years back (the roster's first import)."""
        for person in self.b.rows["employees"]:
            person.hire_date = self.today - timedelta(days=self.rng.randint(400, 3300))
            self._event(person, "joined", person.hire_date, person.manager_email)

    def _meetings_after(self, manager: Manager, day: date) -> list[Meeting]:
        return sorted(
            (m for m in self.b.held.get(manager.id, []) if m.planned_for >= day),
            key=lambda m: m.planned_for,
        )

    def _team_changes(self, manager: Manager, index: int, lines: list[Manager]) -> None:
        team = self.b.team.get(manager.email, [])
        if len(team) < 4:
            return
        joiner, leaver, mover, other = self.rng.sample(team, 4)
        hired = self.today - timedelta(days=12 + 17 * index)
        self._join(joiner, manager, hired)
        left = self.today - timedelta(days=6 + 19 * index)
        self._leave(leaver, manager, left)
        if index % 2 == 0:
            # Every other move stays in the department (a new manager, same team name).
            same = [m for m in lines if m.department == manager.department and m is not manager]
            target = same[0] if index % 4 == 2 and same else lines[(index + 1) % len(lines)]
            moved = self.today - timedelta(days=9 + 11 * index)
            kind = "moved" if target.department != manager.department else "manager_changed"
            mover.manager_email = target.email
            mover.department = target.department
            manager.team_size -= 1
            target.team_size += 1
            team.remove(mover)
            self.b.team.setdefault(target.email, []).append(mover)
            self._event(
                mover,
                kind,
                moved,
                target.email,
                from_manager=manager.email,
                from_department=manager.department,
            )
        if index % 3 == 0:
            start = self.today - timedelta(days=20 + 9 * index)
            other.status = "leave"
            self._event(other, "leave_started", start, manager.email)
            summary = f"{other.name} on leave; cover and return to plan."
            self._case("leave", manager, other, summary, start, [], close_after=None)
        elif index % 3 == 1:
            self._event(other, "leave_started", self.today - timedelta(days=150), manager.email)
            self._event(other, "returned", self.today - timedelta(days=25), manager.email)

    def _join(self, person, manager: Manager, hired: date) -> None:
        person.hire_date = hired
        person.trial_end_date = hired + timedelta(days=30 * TRIAL_MONTHS)
        self.b.rows["lifecycle events"] = [
            e for e in self.b.rows["lifecycle events"] if e.employee_ref != person.id
        ]
        self._event(person, "joined", hired, manager.email)
        self._event(person, "trial_end", person.trial_end_date, manager.email)
        close = 45 if (self.today - hired).days > 60 else None
        self._case(
            "onboarding",
            manager,
            person,
            f"Onboarding of {person.name}",
            hired,
            self.words["onboarding_updates"],
            close_after=close,
        )

    def _leave(self, person, manager: Manager, left: date) -> None:
        person.status = "terminated"
        person.active = False
        person.termination_date = left
        self._event(person, "left", left, manager.email)
        notes = self.rng.choice(self.words["exit_notes"])
        close = 30 if (self.today - left).days > 40 else None
        case = self._case(
            "exit",
            manager,
            person,
            f"Exit of {person.name}",
            left - timedelta(days=21),
            self.words["exit_updates"],
            close_after=close,
        )
        case.notes = notes
        case.checklist = {**case.checklist, "exit_interview": True, "termination_drafted": True}

    def _other_cases(self, managers: list[Manager]) -> None:
        """Trial reviews for trials ending soon, and the reviews, leave and performance cases."""
        employees = self.b.rows["employees"]
        soon = [
            p
            for p in employees
            if p.trial_end_date and 0 <= (p.trial_end_date - self.today).days <= 60
        ]
        for person in soon[:3]:
            manager = self.managers.get(person.manager_email)
            if manager is not None:
                summary = (
                    f"Trial of {person.name} ends {daytext.day(person.trial_end_date, year=False)}"
                )
                opened = person.trial_end_date - timedelta(days=50)
                self._case(
                    "trial_review",
                    manager,
                    person,
                    summary,
                    opened,
                    self.words["trial_updates"],
                    close_after=None,
                )
        for spec, manager in zip(self.words["case"], managers, strict=False):
            team = self.b.team.get(manager.email, [])
            person = self.rng.choice(team) if team else None
            opened = self.today - timedelta(days=self.rng.randint(40, 120))
            close = 35 if spec["kind"] == "review" and len(spec["updates"]) > 1 else None
            self._case(
                spec["kind"], manager, person, spec["summary"], opened, spec["updates"], close
            )

    def _case(
        self,
        kind: str,
        manager: Manager,
        person,
        summary: str,
        opened: date,
        updates: list[str],
        close_after: int | None,
    ) -> Case:
        """A case with its timeline on the manager's held meetings after it opened."""
        opened_at = datetime.combine(min(opened, self.today), time(10))
        steps = [key for key, _label in templates()[kind].steps]
        meetings = self._meetings_after(manager, opened_at.date())
        case = Case(
            id=new_id(),
            kind=kind,
            manager_id=manager.id,
            employee_ref=person.id if person else None,
            person=person.name if person else "",
            owner=next((r.name for r in self.b.rows["reps"] if r.id == manager.rep_id), ""),
            summary=summary,
            notes="",
            status="open",
            checklist={key: False for key in steps},
            opened_at=opened_at,
            opened_meeting_id=None,
            due_date=opened_at.date() + timedelta(days=templates()[kind].due_days)
            if templates()[kind].due_days
            else None,
        )
        self.b.rows["cases"].append(case)
        self._update(case, None, opened_at, f"Opened: {summary}", "open")
        for step, (meeting, text) in enumerate(zip(meetings, updates, strict=False)):
            self._update(case, meeting.id, meeting.held_at, text, "open")
            case.checklist[steps[min(step, len(steps) - 1)]] = True
        if close_after is not None:
            closing = next(
                (
                    m
                    for m in meetings
                    if m.planned_for >= opened_at.date() + timedelta(days=close_after)
                ),
                None,
            )
            if closing is not None:
                case.status = "closed"
                case.closed_at = closing.held_at
                case.closed_meeting_id = closing.id
                case.checklist = {key: True for key in steps}
                self._update(case, closing.id, closing.held_at, "Closed: all steps done", "closed")
        return case

    def _update(self, case: Case, meeting_id, at: datetime, text: str, status: str) -> None:
        self.b.rows["case updates"].append(
            CaseUpdate(
                id=new_id(), case_id=case.id, meeting_id=meeting_id, at=at, text=text, status=status
            )
        )

    # -- engagement ---------------------------------------------------------------------
    def _engagement(self) -> None:
        """Two quarters of results for every team of three or more (a few under the floor)."""
        periods = [quarter_start(self.today, -1), quarter_start(self.today, 0)]
        moment = datetime.combine(self.today, time(7))
        for index, manager in enumerate(self.b.rows["managers"]):
            invited = manager.team_size
            if invited < 3:
                continue
            base = self.rng.randint(58, 86)
            change = -9 if index % 7 == 0 else self.rng.randint(-4, 6)
            for step, period in enumerate(periods):
                share = self.rng.uniform(0.55, 0.95)
                respondents = max(1, min(invited, round(invited * share)))
                if index % 11 == 5:
                    respondents = min(respondents, 4)  # a group under the floor
                self.b.rows["engagement results"].append(
                    EngagementResult(
                        id=new_id(),
                        manager_id=manager.id,
                        department=manager.department,
                        period=_period(period),
                        question="",
                        score=float(min(98, max(30, base + change * step))),
                        unit="%",
                        respondents=respondents,
                        invited=invited,
                        imported_at=moment,
                    )
                )
