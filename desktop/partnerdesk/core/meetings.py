"""Meetings: the pre-filled meeting, its life cycle, answers, parking lot and addenda.

Opening a manager's meeting gathers, in a handful of indexed queries: the month's
published agenda items that apply to this manager (by department and tier), every open
follow-up from earlier meetings, the open signals to check on, and a recap of the last
held meeting (date, key notes, what was agreed). A meeting moves planned -> in progress
-> held, or is rescheduled or cancelled; a held meeting can be finalised, which locks
its notes: later additions are dated addenda (``Note.kind == "addendum"``), never edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from partnerdesk.core import clock, daytext
from partnerdesk.core.agenda import (
    PUBLISHED,
    AgendaDoc,
    ItemData,
    month_of,
    published_row,
    to_doc,
)
from partnerdesk.core.cadence import effective_cadence
from partnerdesk.core.cases import CaseRow, cases_in
from partnerdesk.core.clock import local_day, month_end, month_start, today, utcnow
from partnerdesk.core.engagement import TeamTrend, team_trend
from partnerdesk.core.notes import NoteDraft, NoteView, create_note
from partnerdesk.core.schedule import CANCELLED, HELD, IN_PROGRESS, PLANNED, RESCHEDULED
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.models import (
    Agenda,
    FollowUp,
    Manager,
    Meeting,
    Note,
    Rep,
    Signal,
)
from partnerdesk.core.sync.merge import VERSION_SEPARATOR, split_versions
from partnerdesk.core.team_prompts import TeamPrompt, team_prompts

ANSWER, FREE, PARKING, ADDENDUM = "answer", "free", "parking", "addendum"
STATUS_LABELS = {
    PLANNED: "Planned",
    IN_PROGRESS: "In progress",
    HELD: "Held",
    RESCHEDULED: "Rescheduled",
    CANCELLED: "Cancelled",
}
#: Which statuses each action may start from.
_ALLOWED_FROM = {
    "start": (PLANNED,),
    "hold": (PLANNED, IN_PROGRESS),
    "reschedule": (PLANNED, IN_PROGRESS),
    "cancel": (PLANNED, IN_PROGRESS),
}
_DONE = {
    "start": "started",
    "hold": "marked as held",
    "reschedule": "rescheduled",
    "cancel": "cancelled",
}
RECAP_NOTES = 5
RECAP_NOTE_CHARS = 160


class MeetingError(StoreError):
    """A meeting action that cannot be done now; the message says why and what to do."""


class MeetingLocked(MeetingError):
    """The meeting is finalised: its notes are read-only; add a dated addendum instead."""


@dataclass(frozen=True)
class FollowUpView:
    """A follow-up as the meeting view shows it."""

    id: str
    text: str
    owner: str
    due_date: date | None
    status: str
    created_at: datetime
    meeting_id: str | None


@dataclass(frozen=True)
class SignalView:
    """An open signal to check on."""

    id: str
    kind: str
    severity: int
    person: str
    summary: str
    opened_at: datetime
    review_date: date | None


@dataclass(frozen=True)
class Recap:
    """The last held meeting in short: when, key notes, what was agreed."""

    meeting_id: str
    held_on: date
    key_notes: list[str]
    agreed: list[str]


@dataclass(frozen=True)
class MeetingHeader:
    """Who the meeting is with and where it stands."""

    id: str
    manager_id: str
    manager_name: str
    manager_title: str
    department: str
    tier: str
    team_size: int
    cadence: str
    rep_name: str
    planned_for: date
    status: str
    started_at: datetime | None
    held_at: datetime | None
    finalized_at: datetime | None
    reason: str
    rescheduled_to_id: str | None = None
    manager_email: str = ""

    @property
    def locked(self) -> bool:
        return self.finalized_at is not None

    @property
    def status_label(self) -> str:
        if self.locked:
            return "Finalised " + daytext.day(self.finalized_at)
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class PrefillItem:
    """One agenda item of the meeting with its suggested prompts and the manager's answer."""

    item: ItemData
    answer: NoteView | None


@dataclass
class Prefill:
    """Everything the meeting view shows when it opens."""

    header: MeetingHeader
    agenda: AgendaDoc | None
    items: list[PrefillItem] = field(default_factory=list)
    followups: list[FollowUpView] = field(default_factory=list)
    agreed: list[FollowUpView] = field(default_factory=list)
    signals: list[SignalView] = field(default_factory=list)
    recap: Recap | None = None
    free_notes: list[NoteView] = field(default_factory=list)
    parking: list[NoteView] = field(default_factory=list)
    addenda: list[NoteView] = field(default_factory=list)
    #: Prompts about the team since the last meeting: joiners, trials, leavers, moves.
    team: list[TeamPrompt] = field(default_factory=list)
    engagement: TeamTrend | None = None
    #: The manager's open cases, and those closed in this meeting.
    cases: list[CaseRow] = field(default_factory=list)

    @property
    def sections(self) -> list[tuple[str, int]]:
        """(section, minutes) of the sections that have items for this manager, in order."""
        if self.agenda is None:
            return []
        used = {p.item.section for p in self.items}
        return [(name, minutes) for name, minutes in self.agenda.sections if name in used]

    def items_in(self, section: str) -> list[PrefillItem]:
        return [p for p in self.items if p.item.section == section]


@dataclass(frozen=True)
class MeetingRow:
    """One line of the meetings list."""

    id: str
    manager_id: str
    manager_name: str
    department: str
    planned_for: date
    status: str
    finalized: bool
    rep_id: str | None
    rep_name: str = ""

    @property
    def status_label(self) -> str:
        return "Finalised" if self.finalized else STATUS_LABELS.get(self.status, self.status)


def _followup_view(row: FollowUp) -> FollowUpView:
    owner = row.owner_name or {"me": "me", "manager": "the manager"}.get(row.owner_kind, "")
    return FollowUpView(
        row.id, row.text, owner, row.due_date, row.status, row.created_at, row.meeting_id
    )


def _signal_view(row: Signal) -> SignalView:
    return SignalView(
        row.id, row.kind, row.severity, row.person, row.summary, row.opened_at, row.review_date
    )


def _first_line(text: str) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= RECAP_NOTE_CHARS else line[: RECAP_NOTE_CHARS - 1] + "…"


class MeetingService:
    """Meeting operations, each in one transaction."""

    def __init__(self, store: Store, default_visibility: str = "team") -> None:
        self.store = store
        self.default_visibility = default_visibility

    # --- reading -----------------------------------------------------------------------

    def prefill(self, meeting_id: str) -> Prefill:
        """The meeting, pre-filled (reads only; answers are stored once typed).

        A dozen indexed queries whatever the store's size: the meeting with its manager and
        rep, the agenda and its items, the last held meeting, the notes of both meetings,
        the manager's follow-ups, open signals and cases, the team's lifecycle events,
        trials and engagement.
        """
        with self.store.session() as session:
            return self._prefill(session, *self._meeting_manager_rep(session, meeting_id))

    def prepare(self, manager_id: str, month: date) -> Prefill:
        """The manager's meeting of ``month`` prepared (reads only).

        The month's meeting when one is planned, in progress or held; otherwise a meeting
        that is not stored, on today's date in the current month or the month's first day.
        """
        with self.store.session() as session:
            manager = session.get_live(
                Manager, manager_id, "That manager no longer exists.", MeetingError
            )
            meeting = session.scalars(
                select(Meeting)
                .where(
                    Meeting.manager_id == manager_id,
                    Meeting.deleted.is_(False),
                    Meeting.status.in_((PLANNED, IN_PROGRESS, HELD)),
                    Meeting.planned_for >= month_start(month),
                    Meeting.planned_for <= month_end(month),
                )
                .order_by(Meeting.planned_for)
                .limit(1)
            ).first()
            if meeting is None:
                day = today()
                if not month_start(month) <= day <= month_end(month):
                    day = month_start(month)
                meeting = Meeting(
                    id="", manager_id=manager_id, planned_for=day, status=PLANNED, reason=""
                )
            rep = session.get(Rep, meeting.rep_id or manager.rep_id or "")
            return self._prefill(session, meeting, manager, rep)

    def _prefill(
        self, session: Session, meeting: Meeting, manager: Manager, rep: Rep | None
    ) -> Prefill:
        """The body of :meth:`prefill` for a meeting (stored or not) with its manager and rep."""
        agenda = self._agenda_for(session, meeting)
        last = self._last_held(session, meeting)
        both = [meeting.id, last.id] if last else [meeting.id]
        all_notes = session.scalars(
            select(Note).where(Note.meeting_id.in_(both), Note.deleted.is_(False))
        ).all()
        notes = [n for n in all_notes if n.meeting_id == meeting.id]
        items = [
            item
            for item in (agenda.items if agenda else [])
            if item.applies_to(manager.department, manager.tier)
        ]
        answers = {n.agenda_item_id: n for n in notes if n.kind == ANSWER}
        followups = session.scalars(
            select(FollowUp).where(
                FollowUp.manager_id == manager.id,
                FollowUp.deleted.is_(False),
                or_(
                    FollowUp.status == "open",
                    FollowUp.meeting_id.in_(both),
                    FollowUp.closed_meeting_id == meeting.id,
                ),
            )
        ).all()
        signals = session.scalars(
            select(Signal)
            .where(
                Signal.manager_id == manager.id,
                Signal.deleted.is_(False),
                Signal.status == "open",
            )
            .order_by(Signal.severity.desc(), Signal.opened_at)
        ).all()
        last_notes = [n for n in all_notes if last and n.meeting_id == last.id]
        recap = self._recap(last, last_notes, followups) if last else None
        engagement = team_trend(session, manager.id)
        team = team_prompts(
            session,
            manager.email,
            meeting.planned_for,
            last.planned_for if last else None,
            engagement,
        )
        cases = [
            c
            for c in cases_in(session, manager_id=manager.id)
            if c.status == "open" or (meeting.id and c.closed_meeting_id == meeting.id)
        ]
        ordered = sorted(notes, key=_note_order)
        by_date = sorted(followups, key=lambda f: (f.due_date or date.max, f.created_at))
        return Prefill(
            header=self._header(meeting, manager, rep),
            agenda=agenda,
            items=[
                PrefillItem(item, NoteView.of(answers[item.id]) if item.id in answers else None)
                for item in items
            ],
            followups=[
                _followup_view(f)
                for f in by_date
                if f.meeting_id != meeting.id
                and (f.status == "open" or f.closed_meeting_id == meeting.id)
            ],
            agreed=[_followup_view(f) for f in by_date if f.meeting_id == meeting.id],
            signals=[_signal_view(s) for s in signals],
            recap=recap,
            free_notes=[NoteView.of(n) for n in ordered if n.kind == FREE],
            parking=[NoteView.of(n) for n in ordered if n.kind == PARKING],
            addenda=[NoteView.of(n) for n in ordered if n.kind == ADDENDUM],
            team=team,
            engagement=engagement,
            cases=cases,
        )

    def header(self, meeting_id: str) -> MeetingHeader:
        with self.store.session() as session:
            return self._header(*self._meeting_manager_rep(session, meeting_id))

    def list_meetings(
        self,
        *,
        rep_id: str | None = None,
        statuses: tuple[str, ...] = (),
        since: date | None = None,
        until: date | None = None,
        limit: int = 2000,
    ) -> list[MeetingRow]:
        """Meetings with their manager, newest first, optionally filtered."""
        query = (
            select(Meeting, Manager.name, Manager.department, Rep.name)
            .join(Manager, Manager.id == Meeting.manager_id, isouter=True)
            .join(Rep, Rep.id == Meeting.rep_id, isouter=True)
            .where(Meeting.deleted.is_(False))
        )
        if rep_id:
            query = query.where(Meeting.rep_id == rep_id)
        if statuses:
            query = query.where(Meeting.status.in_(statuses))
        if since:
            query = query.where(Meeting.planned_for >= since)
        if until:
            query = query.where(Meeting.planned_for <= until)
        query = query.order_by(Meeting.planned_for.desc()).limit(limit)
        with self.store.session() as session:
            return [
                MeetingRow(
                    m.id,
                    m.manager_id,
                    name or "(unknown manager)",
                    department or "",
                    m.planned_for,
                    m.status,
                    m.finalized_at is not None,
                    m.rep_id,
                    rep_name or "",
                )
                for m, name, department, rep_name in session.execute(query)
            ]

    # --- planning and life cycle -------------------------------------------------------

    def plan(self, manager_id: str, planned_for: date, rep_id: str | None = None) -> str:
        """Plan a meeting with a manager (with the manager's rep unless told otherwise)."""
        with self.store.transaction() as session:
            manager = session.get_live(
                Manager, manager_id, "That manager is no longer on the roster.", MeetingError
            )
            meeting = Meeting(
                manager_id=manager_id,
                rep_id=rep_id or manager.rep_id,
                planned_for=planned_for,
                status=PLANNED,
            )
            session.add(meeting)
            session.flush()
            return meeting.id

    def open_or_plan(self, manager_id: str, today: date | None = None) -> str:
        """The manager's meeting to open now: the one in progress, else the next planned
        one (earliest), else a new meeting planned for today."""
        with self.store.session() as session:
            rows = session.scalars(
                select(Meeting).where(
                    Meeting.manager_id == manager_id,
                    Meeting.deleted.is_(False),
                    Meeting.status.in_((PLANNED, IN_PROGRESS)),
                )
            ).all()
        if rows:
            chosen = min(rows, key=lambda m: (m.status != IN_PROGRESS, m.planned_for))
            return chosen.id
        return self.plan(manager_id, today or clock.today())

    def start(self, meeting_id: str) -> MeetingHeader:
        """Planned -> in progress; the month's published agenda is pinned to the meeting."""
        with self.store.transaction() as session:
            meeting = self._for_action(session, meeting_id, "start")
            meeting.status = IN_PROGRESS
            meeting.started_at = utcnow()
            if meeting.agenda_id is None:
                agenda = published_row(session, month_of(meeting.planned_for))
                meeting.agenda_id = agenda.id if agenda else None
            return self._header_of(session, meeting)

    def hold(self, meeting_id: str, held_at: datetime | None = None) -> MeetingHeader:
        """Mark the meeting as held (now, unless ``held_at`` is given); it can then be
        finalised. A meeting held before the day it was planned for moves to the day it
        was held, so it never shows (or counts) as held on a day still to come."""
        with self.store.transaction() as session:
            meeting = self._for_action(session, meeting_id, "hold")
            meeting.status = HELD
            meeting.held_at = held_at or meeting.held_at or utcnow()
            meeting.planned_for = min(meeting.planned_for, local_day(meeting.held_at))
            return self._header_of(session, meeting)

    def reschedule(self, meeting_id: str, new_date: date, reason: str = "") -> str:
        """Move the meeting, in one transaction: this one is kept as rescheduled (counted),
        a new one is planned for ``new_date`` and the notes typed so far move with it;
        returns the new id."""
        with self.store.transaction() as session:
            old = self._for_action(session, meeting_id, "reschedule")
            new = Meeting(
                manager_id=old.manager_id,
                rep_id=old.rep_id,
                planned_for=new_date,
                status=PLANNED,
                agenda_id=old.agenda_id,
            )
            session.add(new)
            session.flush()
            old.status = RESCHEDULED
            old.rescheduled_to_id = new.id
            old.reason = reason.strip()
            self._move_notes(session, meeting_id, new.id)
            return new.id

    def follow_reschedule(self, meeting_id: str) -> str | None:
        """A meeting rescheduled elsewhere (a sync brought the move): its notes written
        here meanwhile move on to the meeting it now is, in one transaction; returns that
        meeting's id (None when ``meeting_id`` was not rescheduled, or when the meeting it
        became is finalised, cancelled or gone: the notes then stay where they were
        written, never in a record that is locked or that nobody opens).

        An answer the new meeting already has (written there on the other laptop) is not
        doubled: of the same visibility, the words written here become its text and its
        own stay beside them as another version to resolve; of another visibility, the
        words written here stay a note of their own (a free note), never merged into a
        note others may see."""
        with self.store.transaction() as session:
            meeting = self._meeting(session, meeting_id)
            seen = {meeting.id}
            while meeting.status == RESCHEDULED and meeting.rescheduled_to_id not in (*seen, None):
                target = session.get(Meeting, meeting.rescheduled_to_id)
                if target is None or target.deleted:
                    return None
                seen.add(target.id)
                meeting = target
            if meeting.id == meeting_id or meeting.status == CANCELLED:
                return None
            if meeting.finalized_at is not None:
                return None
            self._fold_notes(session, meeting_id, meeting.id)
            return meeting.id

    def follow_moved(self) -> list[str]:
        """After a sync: every meeting moved on another laptop that still holds notes
        written here meanwhile hands them on (:meth:`follow_reschedule`); returns the ids of
        the meetings they moved to."""
        with self.store.session() as session:
            left_behind = session.scalars(
                select(Note.meeting_id)
                .join(Meeting, Meeting.id == Note.meeting_id)
                .where(Meeting.status == RESCHEDULED, Note.deleted.is_(False))
                .distinct()
            ).all()
        return [moved for m in left_behind if (moved := self.follow_reschedule(m))]

    @staticmethod
    def _fold_notes(session: Session, from_id: str, to_id: str) -> None:
        """Move ``from_id``'s notes to ``to_id``, folding answers it already holds."""
        live = select(Note).where(Note.deleted.is_(False))
        held = {
            n.agenda_item_id: n
            for n in session.scalars(live.where(Note.meeting_id == to_id, Note.kind == ANSWER))
        }
        for note in session.scalars(live.where(Note.meeting_id == from_id)):
            there = held.get(note.agenda_item_id) if note.kind == ANSWER else None
            if there is None:
                note.meeting_id = to_id
            elif there.visibility != note.visibility:
                note.meeting_id, note.kind, note.agenda_item_id = to_id, FREE, None
            else:
                versions = {
                    there.body,
                    *split_versions(there.conflict_body),
                    *split_versions(note.conflict_body),
                } - {note.body, ""}
                there.body, there.tags = note.body, note.tags
                there.conflict_body = VERSION_SEPARATOR.join(sorted(versions)) or None
                note.deleted = True

    @staticmethod
    def _move_notes(session: Session, from_id: str, to_id: str) -> None:
        for note in session.scalars(
            select(Note).where(Note.meeting_id == from_id, Note.deleted.is_(False))
        ):
            note.meeting_id = to_id

    def cancel(self, meeting_id: str, reason: str = "") -> MeetingHeader:
        """Cancel the meeting (kept, with its reason)."""
        with self.store.transaction() as session:
            meeting = self._for_action(session, meeting_id, "cancel")
            meeting.status = CANCELLED
            meeting.reason = reason.strip()
            return self._header_of(session, meeting)

    def finalise(self, meeting_id: str) -> MeetingHeader:
        """Lock a held meeting: its notes become read-only; later additions are addenda."""
        with self.store.transaction() as session:
            meeting = self._meeting(session, meeting_id)
            if meeting.finalized_at is not None:
                raise MeetingLocked("This meeting is already finalised.")
            if meeting.status != HELD:
                raise MeetingError("Only a held meeting can be finalised; mark it as held first.")
            meeting.finalized_at = utcnow()
            return self._header_of(session, meeting)

    # --- notes -------------------------------------------------------------------------

    def add_parking(self, meeting_id: str, text: str) -> NoteView:
        """Put an off-agenda topic on the parking lot."""
        text = text.strip()
        if not text:
            raise MeetingError("Type the topic to park first.")
        with self.store.session() as session:
            meeting = self._meeting(session, meeting_id)
            self._require_unlocked(meeting)
        return self._create(meeting, PARKING, text)

    def add_addendum(
        self, meeting_id: str, text: str, author_rep_id: str | None = None
    ) -> NoteView:
        """Append a dated addendum to a finalised meeting (its notes stay as they were)."""
        text = text.strip()
        if not text:
            raise MeetingError("Type the addendum first.")
        with self.store.session() as session:
            meeting = self._meeting(session, meeting_id)
        if meeting.finalized_at is None:
            raise MeetingError(
                "Addenda are for finalised meetings; this one is open, so edit its notes."
            )
        return self._create(meeting, ADDENDUM, text, author_rep_id)

    # --- helpers -----------------------------------------------------------------------

    @staticmethod
    def _meeting(session: Session, meeting_id: str) -> Meeting:
        return session.get_live(
            Meeting,
            meeting_id,
            "That meeting no longer exists; pick it again from Meetings.",
            MeetingError,
        )

    @staticmethod
    def _meeting_manager_rep(
        session: Session, meeting_id: str
    ) -> tuple[Meeting, Manager, Rep | None]:
        row = session.execute(
            select(Meeting, Manager, Rep)
            .outerjoin(Manager, Manager.id == Meeting.manager_id)
            .outerjoin(Rep, Rep.id == Meeting.rep_id)
            .where(Meeting.id == meeting_id, Meeting.deleted.is_(False))
        ).first()
        if row is None:
            raise MeetingError("That meeting no longer exists; pick it again from Meetings.")
        meeting, manager, rep = row
        if manager is None:
            manager = Manager(id=meeting.manager_id, name="(unknown manager)", email="")
        return meeting, manager, rep

    def _for_action(self, session: Session, meeting_id: str, action: str) -> Meeting:
        meeting = self._meeting(session, meeting_id)
        self._require_unlocked(meeting)
        if meeting.status not in _ALLOWED_FROM[action]:
            now = STATUS_LABELS.get(meeting.status, meeting.status).lower()
            raise MeetingError(f"This meeting is {now}, so it cannot be {_DONE[action]} now.")
        return meeting

    @staticmethod
    def _require_unlocked(meeting: Meeting) -> None:
        if meeting.finalized_at is not None:
            raise MeetingLocked(
                f"This meeting was finalised on {meeting.finalized_at:%Y-%m-%d}; its notes are "
                "locked. Add a dated addendum instead."
            )

    def _create(
        self, meeting: Meeting, kind: str, text: str, author_rep_id: str | None = None
    ) -> NoteView:
        draft = NoteDraft(
            meeting_id=meeting.id,
            manager_id=meeting.manager_id,
            kind=kind,
            visibility=self.default_visibility,
            author_rep_id=author_rep_id or meeting.rep_id,
        )
        return NoteView.of(create_note(self.store, draft, text))

    @staticmethod
    def _agenda_for(session: Session, meeting: Meeting) -> AgendaDoc | None:
        """The agenda pinned to the meeting, else the published one of its month."""
        rows = session.scalars(
            select(Agenda).where(
                Agenda.deleted.is_(False),
                or_(
                    Agenda.id == (meeting.agenda_id or ""),
                    and_(
                        Agenda.month == month_of(meeting.planned_for),
                        Agenda.status == PUBLISHED,
                    ),
                ),
            )
        ).all()
        if not rows:
            return None
        row = max(rows, key=lambda a: (a.id == meeting.agenda_id, a.updated_hlc))
        return to_doc(session, row)

    @staticmethod
    def _last_held(session: Session, meeting: Meeting) -> Meeting | None:
        return session.scalars(
            select(Meeting)
            .where(
                Meeting.manager_id == meeting.manager_id,
                Meeting.planned_for <= meeting.planned_for,
                Meeting.id != meeting.id,
                Meeting.status == HELD,
                Meeting.deleted.is_(False),
            )
            .order_by(Meeting.planned_for.desc(), Meeting.held_at.desc())
            .limit(1)
        ).first()

    @staticmethod
    def _recap(last: Meeting, notes: list[Note], followups: list[FollowUp]) -> Recap:
        notes = [n for n in notes if n.kind in (ANSWER, FREE, ADDENDUM)]
        key = [_first_line(n.body) for n in sorted(notes, key=_note_order) if n.body.strip()]
        agreed = [f.text for f in followups if f.meeting_id == last.id]
        held_on = local_day(last.held_at) if last.held_at else last.planned_for
        return Recap(last.id, held_on, key[:RECAP_NOTES], agreed)

    @staticmethod
    def _header(meeting: Meeting, manager: Manager, rep: Rep | None) -> MeetingHeader:
        return MeetingHeader(
            id=meeting.id,
            manager_id=manager.id,
            manager_name=manager.name,
            manager_title=manager.title,
            department=manager.department,
            tier=manager.tier,
            team_size=manager.team_size,
            cadence=effective_cadence(manager.team_size, manager.cadence_pref).cadence,
            rep_name=rep.name if rep else "",
            planned_for=meeting.planned_for,
            status=meeting.status,
            started_at=meeting.started_at,
            held_at=meeting.held_at,
            finalized_at=meeting.finalized_at,
            reason=meeting.reason,
            rescheduled_to_id=meeting.rescheduled_to_id,
            manager_email=manager.email,
        )

    def _header_of(self, session: Session, meeting: Meeting) -> MeetingHeader:
        session.flush()
        return self._header(*self._meeting_manager_rep(session, meeting.id))


def _note_order(note: Note) -> tuple[int, datetime]:
    return note.position, note.created_at
