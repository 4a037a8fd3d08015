"""Notes: create them, save their text (the autosave path), switch visibility, lock them.

A note's body is plain text with light Markdown, stored exactly as typed. Words written
as ``#tag`` become the note's tags (lower case, space separated in ``Note.tags``). A
note of a finalised meeting is locked: its text and visibility no longer change, and
anything written after finalisation becomes a dated ``addendum`` note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, true, update

from partnerdesk.core.settings import Settings
from partnerdesk.core.store.engine import Store, StoreError, StoreSession
from partnerdesk.core.store.models import VISIBILITIES, Meeting, Note
from partnerdesk.core.sync.merge import VERSION_SEPARATOR, split_versions

NOTE_KINDS = ("answer", "free", "parking", "addendum")
VISIBILITY_LABELS = {"private": "Private", "team": "Team", "exec": "Exec"}
VISIBILITY_HELP = {
    "private": "Private: never leaves this device",
    "team": "Team: shared with the HR team through sync",
    "exec": "Exec: may be quoted in executive summaries",
}
TAGS_MAX = 500

_TAG = re.compile(r"(?<![\w#&/])#([A-Za-z][\w-]*)")


class NoteLocked(StoreError):
    """The note belongs to a finalised meeting and cannot change."""


class NoteMissing(StoreError):
    """The note is gone (deleted, perhaps on another device)."""


def parse_tags(text: str) -> list[str]:
    """The ``#tags`` written in ``text``, lower case, first occurrence order, no duplicates."""
    seen: dict[str, None] = {}
    for match in _TAG.finditer(text):
        tag = match.group(1).rstrip("-_").lower()
        if tag:
            seen.setdefault(tag, None)
    return list(seen)


def join_tags(tags: list[str]) -> str:
    """Tags as stored: space separated, cut at whole tags to fit the column."""
    out: list[str] = []
    length = 0
    for tag in tags:
        length += len(tag) + (1 if out else 0)
        if length > TAGS_MAX:
            break
        out.append(tag)
    return " ".join(out)


def split_tags(stored: str) -> list[str]:
    """Tags from their stored form (accepts spaces, commas and leading ``#``)."""
    return [t.lstrip("#").lower() for t in re.split(r"[\s,]+", stored or "") if t.lstrip("#")]


def check_visibility(visibility: str) -> str:
    """``visibility`` if valid, else a StoreError naming the valid choices."""
    if visibility not in VISIBILITIES:
        raise StoreError(
            f"Unknown visibility {visibility!r}; choose one of: {', '.join(VISIBILITIES)}."
        )
    return visibility


def next_visibility(visibility: str) -> str:
    """The visibility after ``visibility`` in the private -> team -> exec cycle."""
    index = VISIBILITIES.index(visibility) if visibility in VISIBILITIES else -1
    return VISIBILITIES[(index + 1) % len(VISIBILITIES)]


@dataclass
class NoteDraft:
    """Where a note will go once its first character is typed (nothing is stored before)."""

    meeting_id: str | None = None
    manager_id: str | None = None
    agenda_item_id: str | None = None
    kind: str = "free"
    position: int = 0
    visibility: str | None = None
    author_rep_id: str | None = None


@dataclass(frozen=True)
class NoteView:
    """A note as a screen shows it, read once (an editor given one needs no query)."""

    id: str
    kind: str
    body: str
    created_at: datetime
    visibility: str
    agenda_item_id: str | None = None
    meeting_id: str | None = None
    manager_id: str | None = None
    position: int = 0
    author_rep_id: str | None = None

    @classmethod
    def of(cls, note: Note) -> NoteView:
        return cls(
            note.id,
            note.kind,
            note.body,
            note.created_at,
            note.visibility,
            note.agenda_item_id,
            note.meeting_id,
            note.manager_id,
            note.position,
            note.author_rep_id,
        )

    def draft(self) -> NoteDraft:
        """Where this note's text would go again if the note were deleted meanwhile."""
        return NoteDraft(
            meeting_id=self.meeting_id,
            manager_id=self.manager_id,
            agenda_item_id=self.agenda_item_id,
            kind=self.kind,
            position=self.position,
            visibility=self.visibility,
            author_rep_id=self.author_rep_id,
        )


def _meeting_locked(session: StoreSession, meeting_id: str | None) -> bool:
    if not meeting_id:
        return False
    finalized = session.execute(
        select(Meeting.finalized_at).where(Meeting.id == meeting_id)
    ).scalar_one_or_none()
    return finalized is not None


def is_locked(session: StoreSession, note: Note) -> bool:
    """True when ``note`` is part of a finalised meeting (addenda stay editable)."""
    return note.kind != "addendum" and _meeting_locked(session, note.meeting_id)


def create_note(
    store: Store,
    draft: NoteDraft,
    body: str = "",
    *,
    settings: Settings | None = None,
) -> Note:
    """Store a new note; in a finalised meeting it becomes a dated addendum."""
    if draft.kind not in NOTE_KINDS:
        raise StoreError(f"Unknown note kind {draft.kind!r}; choose one of: {NOTE_KINDS}.")
    visibility = check_visibility(draft.visibility or (settings or Settings()).default_visibility)
    with store.transaction() as session:
        manager_id = draft.manager_id
        kind = draft.kind
        if draft.meeting_id:
            meeting = session.get(Meeting, draft.meeting_id)
            if meeting is None:
                raise StoreError("That meeting no longer exists; reopen it from the schedule.")
            manager_id = manager_id or meeting.manager_id
            if meeting.finalized_at is not None:
                kind = "addendum"
        note = Note(
            meeting_id=draft.meeting_id,
            manager_id=manager_id,
            agenda_item_id=draft.agenda_item_id,
            kind=kind,
            body=body,
            visibility=visibility,
            tags=join_tags(parse_tags(body)),
            position=draft.position,
            author_rep_id=draft.author_rep_id,
        )
        session.add(note)
    return note


def _load(session: StoreSession, note_id: str) -> Note:
    return session.get_live(
        Note,
        note_id,
        "That note no longer exists; it may have been deleted on another device.",
        NoteMissing,
    )


def _load_editable(session: StoreSession, note_id: str) -> Note:
    note = _load(session, note_id)
    if is_locked(session, note):
        raise NoteLocked(
            "This meeting is finalised, so its notes are locked; add an addendum instead."
        )
    return note


def save_body(store: Store, note_id: str, body: str, base: str | None = None) -> bool:
    """The autosave path: store ``body`` and its tags; False when nothing changed.

    One UPDATE that only matches a live, unlocked note whose text differs, stamped
    like any synced change; only when it matches nothing is the reason looked up.
    With ``base`` (the text the editor last loaded or saved), a note that someone else
    changed meanwhile (a sync during the meeting) keeps their version, visibly, as a
    conflict to resolve instead of being overwritten.
    """
    locked = (
        select(Meeting.id)
        .where(Meeting.id == Note.meeting_id, Meeting.finalized_at.is_not(None))
        .exists()
    )
    stmt = (
        update(Note)
        .where(
            Note.id == note_id,
            Note.deleted.is_(False),
            Note.body != body,
            Note.body == base if base is not None else true(),
            or_(Note.kind == "addendum", ~locked),
        )
        .values(
            body=body,
            tags=join_tags(parse_tags(body)),
            updated_hlc=store.clock.tick(),
            device_id=store.clock.device_id,
        )
        .execution_options(synchronize_session=False)
    )
    with store.transaction() as session:
        if session.execute(stmt).rowcount:
            return True
        note = _load_editable(session, note_id)  # raises when the note is gone or locked
        if base is None or note.body == body:
            return False
        versions = {*split_versions(note.conflict_body), note.body} - {body, ""}
        note.conflict_body = VERSION_SEPARATOR.join(sorted(versions)) or None
        note.body = body
        note.tags = join_tags(parse_tags(body))
    return True


def set_visibility(store: Store, note_id: str, visibility: str) -> None:
    """Change who may see a note (private, team or exec)."""
    check_visibility(visibility)
    with store.transaction() as session:
        _load_editable(session, note_id).visibility = visibility


def delete_note(store: Store, note_id: str) -> None:
    """Tombstone a note (it disappears everywhere once synced)."""
    with store.transaction() as session:
        _load_editable(session, note_id).deleted = True


def get_note(store: Store, note_id: str) -> Note:
    """One live note."""
    with store.session() as session:
        return _load(session, note_id)


def note_for_editing(store: Store, note_id: str) -> tuple[NoteView, bool]:
    """One live note and whether it is locked (its meeting is finalised), in one read."""
    with store.session() as session:
        note = _load(session, note_id)
        return NoteView.of(note), is_locked(session, note)


def notes_for_meeting(store: Store, meeting_id: str) -> list[Note]:
    """Live notes of a meeting in display order (addenda last, by time)."""
    with store.session() as session:
        rows = session.scalars(
            select(Note)
            .where(Note.meeting_id == meeting_id, Note.deleted.is_(False))
            .order_by(Note.kind == "addendum", Note.position, Note.created_at)
        )
        return list(rows)
