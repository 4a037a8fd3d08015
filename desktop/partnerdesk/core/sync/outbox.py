"""The outbox: this device's changes that no bundle has carried yet.

A record is waiting when this device wrote its current version (``device_id`` is ours)
and that version differs from the one last written to a bundle (``sync_outbox_mark``).
Comparing versions, not "newer than the last export", keeps the outbox right when the
wall clock jumps backwards. Records imported from other devices keep their writer's
device id, so they are never sent back.

What never travels: private notes. A note switched from team (or exec) to private after
it was shared is *withdrawn*: the team receives a tombstone without its words. Draft
agendas stay home until published.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from partnerdesk.core.me import ME_KEY
from partnerdesk.core.store.engine import Store, StoreError, StoreSession
from partnerdesk.core.store.models import Agenda, LocalSetting, NoteVersions, OutboxMark
from partnerdesk.core.sync.merge import Head, redact_note, with_own_entry
from partnerdesk.core.sync.records import VV_KEY, TableCodec, codecs

_CHUNK = 500


@dataclass
class Outbox:
    """What the next bundle will carry, and the marks to record once it is written."""

    changes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    marks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.changes.values())

    def payload(self, device_name: str, rep_id: str | None) -> dict[str, Any]:
        """The bundle's plaintext: column names once per table, then rows as lists."""
        tables = {}
        for name, rows in self.changes.items():
            cols = list(rows[0])
            tables[name] = {"cols": cols, "rows": [[row.get(c) for c in cols] for row in rows]}
        return {"device_name": device_name, "rep": rep_id, "changes": tables}


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _candidates(session: StoreSession, codec: TableCodec, own: str) -> list[Any]:
    table = codec.table
    mark = OutboxMark.__table__
    stmt = (
        select(table, mark.c.hlc.label("mark_hlc"), mark.c.withdrawn.label("mark_withdrawn"))
        .select_from(table.outerjoin(mark, and_(mark.c.tbl == codec.name, mark.c.id == table.c.id)))
        .where(
            table.c.device_id == own,
            or_(mark.c.hlc.is_(None), mark.c.hlc != table.c.updated_hlc),
        )
    )
    return list(session.execute(stmt))


def _exportable_agendas(session: StoreSession, ids: set[str]) -> set[str]:
    """Agendas that travel: published ones, and any that already travelled once."""
    found: set[str] = set()
    mark = OutboxMark.__table__
    agenda = Agenda.__table__
    for chunk in _chunks(sorted(ids)):
        stmt = (
            select(agenda.c.id)
            .select_from(
                agenda.outerjoin(mark, and_(mark.c.tbl == "agenda", mark.c.id == agenda.c.id))
            )
            .where(
                agenda.c.id.in_(chunk),
                or_(agenda.c.status != "draft", mark.c.hlc.is_not(None)),
            )
        )
        found.update(session.scalars(stmt))
    return found


def _note_states(session: StoreSession, ids: list[str]) -> dict[str, NoteVersions]:
    states: dict[str, NoteVersions] = {}
    for chunk in _chunks(ids):
        for state in session.scalars(select(NoteVersions).where(NoteVersions.note_id.in_(chunk))):
            states[state.note_id] = state
    return states


def _note_record(codec: TableCodec, row: Any, state: NoteVersions | None) -> dict[str, Any]:
    """The note version this device wrote, with its version vector."""
    record = codec.encode(row)
    if state is not None and state.heads and state.merged_hlc == record["updated_hlc"]:
        for raw in state.heads:
            head = Head.from_json(raw)
            if head.hlc == record["updated_hlc"]:
                return {**head.record, VV_KEY: head.vv}
    vv = with_own_entry(state.vv if state else None, record["device_id"], record["updated_hlc"])
    return {**record, VV_KEY: vv}


def collect(store: Store) -> Outbox:
    """Everything this device has to send, without changing anything."""
    own = store.device_id
    out = Outbox()
    with store.session() as session:
        rows_by_table = {name: _candidates(session, c, own) for name, c in codecs().items()}
        parents = {row.agenda_id for row in rows_by_table.get("agenda_item", [])}
        parents.update(row.id for row in rows_by_table.get("agenda", []))
        exportable = _exportable_agendas(session, parents) if parents else set()
        notes = rows_by_table.get("note", [])
        states = _note_states(session, [row.id for row in notes]) if notes else {}
        for name, rows in rows_by_table.items():
            codec = codecs()[name]
            for row in rows:
                record, withdrawn = _outgoing(codec, row, exportable, states)
                if record is not None:
                    out.changes.setdefault(name, []).append(record)
                if record is not None or withdrawn:
                    out.marks.append(
                        {"tbl": name, "id": row.id, "hlc": row.updated_hlc, "withdrawn": withdrawn}
                    )
    return out


def _outgoing(
    codec: TableCodec, row: Any, exportable: set[str], states: dict[str, NoteVersions]
) -> tuple[dict[str, Any] | None, bool]:
    """The record to send for a waiting row (or None) and whether it counts as withdrawn."""
    name = codec.name
    if name == "agenda" and row.id not in exportable:
        return None, False
    if name == "agenda_item" and row.agenda_id not in exportable:
        return None, False
    if name != "note":
        return codec.encode(row), False
    if row.visibility == "private":
        if row.mark_hlc is None or row.mark_withdrawn:
            return None, True  # never shared: nothing to send, nothing to withdraw
        return redact_note(_note_record(codec, row, states.get(row.id))), True
    return _note_record(codec, row, states.get(row.id)), False


def waiting_count(store: Store) -> int:
    """How many changes the next bundle would carry."""
    return collect(store).count


def record_marks(session: StoreSession, marks: list[dict[str, Any]]) -> None:
    """Remember which version of each record the bundle just written carries."""
    if not marks:
        return
    stmt = sqlite_insert(OutboxMark.__table__)
    stmt = stmt.on_conflict_do_update(
        index_elements=["tbl", "id"],
        set_={"hlc": stmt.excluded.hlc, "withdrawn": stmt.excluded.withdrawn},
    )
    session.execute(stmt, marks)


def my_rep_id(store: Store) -> str | None:
    """The rep this device speaks for (set at first run), or None."""
    with store.session() as session:
        row = session.get(LocalSetting, ME_KEY)
        return row.value if row and row.value else None


def device_name(store: Store) -> str:
    """This computer's name as recorded in the profile (shown to the other reps)."""
    from partnerdesk.core.profile import Identity
    from partnerdesk.paths import ProfilePaths

    try:
        return Identity.load_or_create(ProfilePaths(store.path.parent)).device_name
    except StoreError:
        return ""
