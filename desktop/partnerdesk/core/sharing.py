"""The sharing moment: when the words typed in a meeting may leave this laptop.

A rep types while the manager talks, and decides only afterwards what is private. So a
note written in a meeting that is still planned or in progress stays home, whatever its
visibility, until one of these happens:

- the meeting is marked held (or cancelled, or moved): the rep has finished with it;
- nobody has edited the note for an hour (``QUIET``): the meeting is over in practice;
- the rep says "Share now": everything typed up to that moment may leave.

Notes outside a meeting, and withdrawals of notes made private, are never held back.
The sync outbox asks one question, :func:`hold_back`, before it builds a bundle.
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import select

from partnerdesk.core.clock import Stamp, wall_ms
from partnerdesk.core.schedule import IN_PROGRESS, PLANNED
from partnerdesk.core.store.engine import Store, StoreSession
from partnerdesk.core.store.models import LocalSetting, Meeting, Note, OutboxMark

#: A note nobody has touched for this long may leave even if its meeting is still open.
QUIET_MS = 60 * 60 * 1000
#: Device-local: every note version stamped up to this value may leave ("Share now").
SHARE_NOW_KEY = "sharing.share_now"
#: What a note's chip says.
PRIVATE, SHARED, WAITING = "private", "shared", "not shared yet"

_OPEN = (PLANNED, IN_PROGRESS)
#: Per open store: the notes held back by the last scan, looked at again by the next one
#: (an incremental scan starts after the last bundle's stamps, past theirs).
_held: weakref.WeakKeyDictionary[Store, set[str]] = weakref.WeakKeyDictionary()


def _released_up_to(session: StoreSession) -> str:
    row = session.get(LocalSetting, SHARE_NOW_KEY)
    return row.value if row is not None else ""


def _open_meetings(session: StoreSession, meeting_ids: set[str]) -> set[str]:
    """Which of ``meeting_ids`` are still planned or in progress."""
    if not meeting_ids:
        return set()
    stmt = select(Meeting.id).where(Meeting.id.in_(meeting_ids), Meeting.status.in_(_OPEN))
    return set(session.scalars(stmt))


def waits(
    visibility: str, meeting_open: bool, stamp: str, released: str, now_ms: int | None = None
) -> bool:
    """Whether a note version (written at ``stamp``) must stay home for now."""
    if visibility == "private" or not meeting_open:
        return False  # private notes are handled by the outbox (never sent, or withdrawn)
    if released and stamp <= released:
        return False
    now_ms = wall_ms() if now_ms is None else now_ms
    return now_ms - Stamp.parse(stamp).wall < QUIET_MS


def hold_back(
    store: Store, session: StoreSession, rows_by_table: dict[str, list[Any]], params: dict
) -> None:
    """Drop from the outbox's note candidates the notes whose sharing moment has not come
    (and bring back, on an incremental scan, those held back last time)."""
    from partnerdesk.core.sync.outbox import _candidates_stmt  # the outbox imports us

    rows = list(rows_by_table.get("note", []))
    held = _held.get(store, set()) - {row.id for row in rows}
    if held:
        stmt = _candidates_stmt("note", False).where(Note.__table__.c.id.in_(sorted(held)))
        rows += session.execute(stmt, params).all()
    open_ids = _open_meetings(session, {row.meeting_id for row in rows if row.meeting_id})
    released, now_ms = _released_up_to(session), wall_ms()
    kept, waiting = [], set()
    for row in rows:
        if waits(row.visibility, row.meeting_id in open_ids, row.updated_hlc, released, now_ms):
            waiting.add(row.id)
        else:
            kept.append(row)
    _held[store] = waiting
    if rows:
        rows_by_table["note"] = kept


def share_now(store: Store) -> None:
    """Let every note typed so far leave with the next sync."""
    with store.transaction() as session:
        session.merge(LocalSetting(key=SHARE_NOW_KEY, value=f"{wall_ms():013d}-ffff"))


def share_state(store: Store, note_id: str) -> str:
    """What the note's chip says: private, shared (the team has this version), or not
    shared yet (waiting for its sharing moment or the next sync)."""
    with store.session() as session:
        note = session.get(Note, note_id)
        if note is None or note.visibility == "private":
            return PRIVATE
        if note.device_id != store.device_id:
            return SHARED  # it came from the team
        mark = session.get(OutboxMark, ("note", note_id))
        sent = mark is not None and mark.hlc == note.updated_hlc and not mark.withdrawn
        return SHARED if sent else WAITING
