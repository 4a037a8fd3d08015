"""Cases: people work followed end to end, from onboarding to the exit interview.

A case has a kind (onboarding, trial/probation review, performance, levelling or
compensation review, leave and return, exit/offboarding), an optional person, an owner,
a checklist from ``resources/cases/checklists.toml``, a due date, a status and a
timeline of :class:`CaseUpdate` rows that spans meetings. Closing a case records when
and in which meeting. A signal (a one-key flag in the meeting) can become a case: the
case keeps the signal's story at the start of its own. Joiners and leavers found by a
roster import open onboarding and exit cases unless the device's setting turns it off.
"""

from __future__ import annotations

import tomllib
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from partnerdesk.core import signals
from partnerdesk.core.clock import local_day, utcnow
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.models import (
    CASE_KINDS,
    Case,
    CaseUpdate,
    LocalSetting,
    Manager,
    Rep,
    new_id,
)
from partnerdesk.paths import resource_path

if TYPE_CHECKING:
    from partnerdesk.core.lifecycle import EventRow

#: Device-local setting: "off" stops joiners and leavers from opening cases.
AUTO_CASES_KEY = "cases.auto_lifecycle"
#: A joiner found this many days after their hire date no longer gets an onboarding case.
ONBOARDING_WINDOW_DAYS = 90
#: Which signal kind becomes which case kind by default.
SIGNAL_TO_CASE = {"performance": "performance", "flight_risk": "review", "training": "review"}


class CaseError(StoreError):
    """A case action that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class KindTemplate:
    """A case kind: its label, its checklist steps and how long it usually runs."""

    id: str
    label: str
    steps: tuple[tuple[str, str], ...]
    due_days: int


@lru_cache(maxsize=1)
def templates() -> dict[str, KindTemplate]:
    """The case kinds from ``resources/cases/checklists.toml``, in the file's order."""
    with open(resource_path("cases", "checklists.toml"), "rb") as fh:
        raw = tomllib.load(fh)
    found = {
        entry["id"]: KindTemplate(
            entry["id"],
            entry["label"],
            tuple((key, label) for key, label in entry["steps"]),
            int(entry.get("due_days", 0)),
        )
        for entry in raw["kinds"]
    }
    missing = set(CASE_KINDS) - set(found)
    if missing:
        raise CaseError(f"checklists.toml lacks the case kinds: {', '.join(sorted(missing))}.")
    return found


def kind_label(kind: str) -> str:
    template = templates().get(kind)
    return template.label if template else kind


@dataclass
class CaseSpec:
    """What a new case is about."""

    kind: str
    manager_id: str | None = None
    person: str = ""
    owner: str = ""
    summary: str = ""
    employee_ref: str | None = None
    meeting_id: str | None = None
    due_date: date | None = None
    signal_id: str | None = None
    event_id: str | None = None


@dataclass(frozen=True)
class CaseRow:
    """A case as lists show it, with its manager and department."""

    id: str
    kind: str
    person: str
    owner: str
    summary: str
    notes: str
    status: str
    manager_id: str | None
    manager_name: str
    department: str
    opened_at: datetime
    due_date: date | None
    closed_at: datetime | None
    closed_meeting_id: str | None
    checklist: dict[str, bool] = field(default_factory=dict)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def person_label(self) -> str:
        return self.person or "Anonymous"

    def steps(self) -> list[tuple[str, str, bool]]:
        """(key, label, done) for the kind's checklist."""
        template = templates().get(self.kind)
        steps = template.steps if template else ()
        return [(key, label, bool(self.checklist.get(key))) for key, label in steps]

    @property
    def progress(self) -> str:
        steps = self.steps()
        return f"{sum(done for *_x, done in steps)}/{len(steps)}" if steps else ""

    def age_days(self, day: date) -> int:
        return max(0, (day - local_day(self.opened_at)).days)


def _check_kind(kind: str) -> None:
    if kind not in CASE_KINDS:
        raise CaseError(f"Unknown case kind {kind!r}; choose one of: {', '.join(CASE_KINDS)}.")


def _new_case(
    session: Session,
    spec: CaseSpec,
    opened: datetime,
    case_id: str | None = None,
    *,
    owner: str | None = None,
) -> Case:
    """A case and its first timeline entry; ``case_id`` is given for the automatic cases
    (derived from their event, so two devices opening one record one case), ``owner``
    when the caller looked up the managers' reps for many cases at once."""
    _check_kind(spec.kind)
    template = templates()[spec.kind]
    due = spec.due_date
    if due is None and template.due_days:
        due = local_day(opened) + timedelta(days=template.due_days)
    if owner is None:
        owner = spec.owner.strip() or _manager_rep_name(session, spec.manager_id)
    case = Case(
        id=case_id or new_id(),
        kind=spec.kind,
        manager_id=spec.manager_id,
        employee_ref=spec.employee_ref,
        person=spec.person.strip(),
        owner=owner,
        summary=spec.summary.strip(),
        opened_at=opened,
        opened_meeting_id=spec.meeting_id,
        due_date=due,
        checklist={key: False for key, _label in template.steps},
        signal_id=spec.signal_id,
        event_id=spec.event_id,
    )
    session.add(case)
    text = f"Opened: {case.summary or template.label}"
    session.add(
        CaseUpdate(case_id=case.id, meeting_id=spec.meeting_id, at=opened, text=text, status="open")
    )
    return case


def _manager_rep_name(session: Session, manager_id: str | None) -> str:
    if not manager_id:
        return ""
    row = session.execute(
        select(Rep.name)
        .join(Manager, Manager.rep_id == Rep.id)
        .where(Manager.id == manager_id, Rep.deleted.is_(False))
    ).first()
    return row[0] if row else ""


def open_case(store: Store, spec: CaseSpec) -> str:
    """Open a case with its kind's checklist; returns its id."""
    with store.transaction() as session:
        return _new_case(session, spec, utcnow()).id


def from_signal(
    store: Store, signal_id: str, kind: str | None = None, *, meeting_id: str | None = None
) -> str:
    """Turn a flag into a case: the signal is resolved and its story starts the case's."""
    row = signals.get_signal(store, signal_id)
    kind = kind or SIGNAL_TO_CASE.get(row.kind, "performance")
    _check_kind(kind)
    with store.transaction() as session:
        existing = session.scalar(
            select(Case.id).where(Case.signal_id == signal_id, Case.deleted.is_(False))
        )
        if existing:
            raise CaseError("This signal is already a case; open it from Signals & cases.")
        spec = CaseSpec(
            kind=kind,
            manager_id=row.manager_id,
            person=row.person,
            summary=row.summary,
            meeting_id=meeting_id,
            signal_id=signal_id,
        )
        case = _new_case(session, spec, utcnow())
        if kind == "performance" and row.checklist:
            case.checklist = {**case.checklist, **{k: v for k, v in row.checklist.items() if v}}
        case_id = case.id
    signals.resolve(
        store, signal_id, f"Became a {kind_label(kind).lower()} case", meeting_id=meeting_id
    )
    return case_id


def auto_cases_on(session: Session) -> bool:
    """Whether joiners and leavers open cases on this device (on unless turned off)."""
    value = session.get(LocalSetting, AUTO_CASES_KEY)
    return value is None or value.value != "off"


def set_auto_cases(store: Store, on: bool) -> None:
    """Turn the automatic onboarding and exit cases on or off for this device."""
    with store.transaction() as session:
        session.merge(LocalSetting(key=AUTO_CASES_KEY, value="on" if on else "off"))


def open_for_events(session: Session, events: list[EventRow], day: date) -> list[Case]:
    """Onboarding cases for recent joiners and exit cases for leavers (unless turned off)."""
    if not events or not auto_cases_on(session):
        return []
    emails = {e.manager_email for e in events if e.manager_email}
    rep = and_(Rep.id == Manager.rep_id, Rep.deleted.is_(False))
    managers = {
        email: (manager_id, rep_name or "")
        for email, manager_id, rep_name in session.execute(
            select(Manager.email, Manager.id, Rep.name)
            .outerjoin(Rep, rep)
            .where(Manager.deleted.is_(False), Manager.email.in_(emails))
        )
    }
    opened = []
    moment = utcnow()
    ids = {item.id: str(uuid.uuid5(uuid.UUID(item.id), "case")) for item in events}
    stored = set(session.scalars(select(Case.id).where(Case.id.in_(list(ids.values())))))
    for item in events:
        if ids[item.id] in stored:
            continue
        if item.kind == "joined" and (day - item.on).days <= ONBOARDING_WINDOW_DAYS:
            kind, summary = "onboarding", f"Onboarding of {item.person}"
        elif item.kind == "left":
            kind, summary = "exit", f"Exit of {item.person}"
        else:
            continue
        manager_id, owner = managers.get(item.manager_email, (None, ""))
        spec = CaseSpec(
            kind=kind,
            manager_id=manager_id,
            person=item.person,
            summary=summary,
            employee_ref=item.employee_ref,
            event_id=item.id,
        )
        opened.append(_new_case(session, spec, moment, case_id=ids[item.id], owner=owner))
    return opened


def _load(session: Session, case_id: str) -> Case:
    return session.get_live(
        Case, case_id, "That case no longer exists; it may have been deleted elsewhere.", CaseError
    )


def add_update(store: Store, case_id: str, text: str, *, meeting_id: str | None = None) -> None:
    """Add an entry to the case's timeline (what changed, in which meeting)."""
    if not text.strip():
        raise CaseError("Write what changed before adding an update.")
    with store.transaction() as session:
        case = _load(session, case_id)
        session.add(
            CaseUpdate(
                case_id=case.id, meeting_id=meeting_id, text=text.strip(), status=case.status
            )
        )


def close_case(
    store: Store, case_id: str, text: str = "", *, meeting_id: str | None = None
) -> None:
    """Close the case, recording when and in which meeting."""
    _set_status(store, case_id, "closed", text.strip() or "Closed", meeting_id)


def reopen_case(
    store: Store, case_id: str, text: str = "", *, meeting_id: str | None = None
) -> None:
    """Open a closed case again."""
    _set_status(store, case_id, "open", text.strip() or "Reopened", meeting_id)


def _set_status(store: Store, case_id: str, status: str, text: str, meeting_id: str | None) -> None:
    with store.transaction() as session:
        case = _load(session, case_id)
        if case.status == status:
            return
        moment = utcnow()
        case.status = status
        case.closed_at = moment if status == "closed" else None
        case.closed_meeting_id = meeting_id if status == "closed" else None
        session.add(
            CaseUpdate(case_id=case.id, meeting_id=meeting_id, at=moment, text=text, status=status)
        )


def set_step(store: Store, case_id: str, key: str, done: bool) -> None:
    """Tick or untick one checklist step."""
    with store.transaction() as session:
        case = _load(session, case_id)
        keys = [k for k, _label in templates()[case.kind].steps]
        if key not in keys:
            raise CaseError(
                f"Unknown step {key!r} for this case; choose one of: {', '.join(keys)}."
            )
        case.checklist = {**case.checklist, key: done}


def set_notes(store: Store, case_id: str, notes: str) -> None:
    """Keep free text with the case (e.g. the exit interview's notes)."""
    with store.transaction() as session:
        _load(session, case_id).notes = notes.strip()


def delete_case(store: Store, case_id: str) -> None:
    """Tombstone a case opened by mistake (its timeline goes with it)."""
    with store.transaction() as session:
        _load(session, case_id).deleted = True
        for update in session.scalars(select(CaseUpdate).where(CaseUpdate.case_id == case_id)):
            update.deleted = True


def list_cases(
    store: Store,
    *,
    open_only: bool = False,
    kind: str | None = None,
    manager_id: str | None = None,
    department: str | None = None,
) -> list[CaseRow]:
    """Cases by department and kind, oldest first."""
    if kind:
        _check_kind(kind)
    with store.session() as session:
        return cases_in(
            session, open_only=open_only, kind=kind, manager_id=manager_id, department=department
        )


def cases_in(
    session: Session,
    *,
    open_only: bool = False,
    kind: str | None = None,
    manager_id: str | None = None,
    department: str | None = None,
) -> list[CaseRow]:
    """:func:`list_cases` inside an open session."""
    stmt = (
        select(Case, Manager.name, Manager.department)
        .outerjoin(Manager, Manager.id == Case.manager_id)
        .where(Case.deleted.is_(False))
    )
    if open_only:
        stmt = stmt.where(Case.status == "open")
    if kind:
        stmt = stmt.where(Case.kind == kind)
    if manager_id:
        stmt = stmt.where(Case.manager_id == manager_id)
    rows = [_row(c, name, dept) for c, name, dept in session.execute(stmt)]
    if department is not None:
        rows = [r for r in rows if r.department == department]
    return sorted(rows, key=lambda r: (r.department.casefold(), r.kind, r.opened_at))


def get_case(store: Store, case_id: str) -> CaseRow:
    with store.session() as session:
        case = _load(session, case_id)
        manager = session.get(Manager, case.manager_id) if case.manager_id else None
        return _row(case, manager.name if manager else "", manager.department if manager else "")


def _row(c: Case, manager_name: str | None, department: str | None) -> CaseRow:
    return CaseRow(
        id=c.id,
        kind=c.kind,
        person=c.person,
        owner=c.owner,
        summary=c.summary,
        notes=c.notes,
        status=c.status,
        manager_id=c.manager_id,
        manager_name=manager_name or "",
        department=department or "",
        opened_at=c.opened_at,
        due_date=c.due_date,
        closed_at=c.closed_at,
        closed_meeting_id=c.closed_meeting_id,
        checklist=dict(c.checklist or {}),
    )


def story(store: Store, case_id: str) -> list[signals.StoryEntry]:
    """The case's timeline, oldest first; a case that began as a signal starts with its story."""
    with store.session() as session:
        case = _load(session, case_id)
        signal_id = case.signal_id
        updates = session.scalars(
            select(CaseUpdate)
            .where(CaseUpdate.case_id == case_id, CaseUpdate.deleted.is_(False))
            .order_by(CaseUpdate.at, CaseUpdate.updated_hlc)
        ).all()
        entries = [signals.StoryEntry(u.at, u.status, u.text, u.meeting_id) for u in updates]
    if signal_id:
        # A signal deleted elsewhere leaves the case's own story standing.
        with suppress(StoreError):
            entries = signals.story(store, signal_id) + entries
    return entries


def case_entries_for_person(session: Session, employee_ref: str):
    """Timeline entries of a person's cases (opened, closed) for :mod:`lifecycle`."""
    from partnerdesk.core.lifecycle import TimelineEntry

    entries = []
    for case in session.scalars(
        select(Case).where(Case.employee_ref == employee_ref, Case.deleted.is_(False))
    ):
        label = kind_label(case.kind)
        entries.append(
            TimelineEntry(local_day(case.opened_at), f"{label} case opened", "case", case.id)
        )
        if case.closed_at:
            entries.append(
                TimelineEntry(local_day(case.closed_at), f"{label} case closed", "case", case.id)
            )
    return entries
