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

import json
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, bindparam, or_, select, update

from partnerdesk.core.me import ME_KEY
from partnerdesk.core.sharing import hold_back
from partnerdesk.core.store.engine import Store, StoreError, StoreSession
from partnerdesk.core.store.models import Agenda, LocalSetting, Note, NoteVersions, OutboxMark
from partnerdesk.core.sync.bundle import SPLIT_PAYLOAD_BYTES
from partnerdesk.core.sync.merge import Head, redact_note, with_own_entry, without_words
from partnerdesk.core.sync.records import VV_KEY, TableCodec, codecs

_CHUNK = 500
_UPSERT_MARKS = (
    "INSERT OR REPLACE INTO sync_outbox_mark (tbl, id, hlc, withdrawn) VALUES (?, ?, ?, ?)"
)


@dataclass
class Outbox:
    """What the next bundle will carry, and the marks to record once it is written."""

    changes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    marks: list[tuple[str, str, str, bool]] = field(default_factory=list)
    #: The latest stamp looked at: once this outbox is written, everything up to it is settled.
    high: str = ""

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.changes.values())

    def payload(self, device_name: str, rep_id: str | None) -> dict[str, Any]:
        """The bundle's plaintext: column names once per table, then rows as lists."""
        tables = {
            name: {"cols": list(rows[0]), "rows": [list(row.values()) for row in rows]}
            for name, rows in self.changes.items()
        }
        return {"device_name": device_name, "rep": rep_id, "changes": tables}

    def payloads(
        self, device_name: str, rep_id: str | None, limit: int = SPLIT_PAYLOAD_BYTES
    ) -> Iterator[dict[str, Any]]:
        """The plaintext in parts of about ``limit`` bytes of JSON each (one part mostly)."""
        whole = self.payload(device_name, rep_id)
        size = len(json.dumps(whole, separators=(",", ":"), ensure_ascii=False))
        parts = -(-size // limit)
        if parts <= 1:
            yield whole
            return
        for index in range(parts):
            part = Outbox(
                {
                    name: rows[index * len(rows) // parts : (index + 1) * len(rows) // parts]
                    for name, rows in self.changes.items()
                }
            )
            part.changes = {name: rows for name, rows in part.changes.items() if rows}
            if part.changes:
                yield part.payload(device_name, rep_id)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


@dataclass
class _ScanState:
    """How far this store's outbox is known to be settled, and how many scans since a full one."""

    settled: str | None = None
    scans: int = 0


#: Per open store: every own record stamped up to ``settled`` has been sent or set aside.
_scan_states: weakref.WeakKeyDictionary[Store, _ScanState] = weakref.WeakKeyDictionary()
#: A full scan every this many syncs: the safety net for another process writing to the
#: same profile with a clock behind this one's (stamps below the settled mark).
FULL_SCAN_EVERY = 12


def needs_full_scan(store: Store) -> bool:
    """True when the next sync should look at every record (and count this sync)."""
    state = _scan_states.setdefault(store, _ScanState())
    state.scans += 1
    return state.settled is None or state.scans % FULL_SCAN_EVERY == 0


def settle(store: Store, outbox: Outbox) -> None:
    """After ``outbox`` was written (or had nothing to write): later scans start after it."""
    state = _scan_states.setdefault(store, _ScanState())
    state.settled = max(state.settled or "", outbox.high)


def forget_settled(store: Store) -> None:
    """The next scan looks at every record again."""
    _scan_states.pop(store, None)


@cache
def _candidates_stmt(name: str, incremental: bool, everything: bool = False) -> Select:
    """This device's rows of ``name`` whose current version has not been sent (or all)."""
    table = codecs()[name].table
    mark = OutboxMark.__table__
    joined = table.outerjoin(mark, and_(mark.c.tbl == name, mark.c.id == table.c.id))
    columns = [table, mark.c.hlc.label("mark_hlc"), mark.c.withdrawn.label("mark_withdrawn")]
    if name == "note":
        state = NoteVersions.__table__
        joined = joined.outerjoin(state, state.c.note_id == table.c.id)
        columns += [
            state.c.vv.label("state_vv"),
            state.c.heads.label("state_heads"),
            state.c.merged_hlc.label("state_merged"),
        ]
    stmt = select(*columns).select_from(joined).where(table.c.device_id == bindparam("own"))
    if not everything:
        stmt = stmt.where(or_(mark.c.hlc.is_(None), mark.c.hlc != table.c.updated_hlc))
    if incremental:
        stmt = stmt.where(table.c.updated_hlc > bindparam("since"))
    return stmt


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


def _note_record(codec: TableCodec, record: dict[str, Any], state: tuple) -> dict[str, Any]:
    """The note version this device wrote, with its version vector."""
    vv, heads, merged_hlc = state
    hlc = record["updated_hlc"]
    if heads and merged_hlc == hlc:
        for raw in heads:
            head = Head.from_json(raw)
            if head.hlc == hlc:
                return {**{c: head.record.get(c) for c in codec.columns}, VV_KEY: head.vv}
    record[VV_KEY] = with_own_entry(vv, record["device_id"], hlc)
    return record


def collect(store: Store, *, full: bool = False, everything: bool = False) -> Outbox:
    """Everything this device has to send, without changing anything.

    Unless ``full``, only records stamped after the settled mark are looked at. With
    ``everything``, the current version of every record this device wrote, sent or not
    (a checkpoint): withdrawn notes as tombstones without their words.
    """
    state = _scan_states.get(store)
    since = None if full or everything or state is None else state.settled
    params = {"own": store.device_id, "since": since or ""}
    out = Outbox(high=since or "")
    with store.session() as session:
        rows_by_table = {
            name: session.execute(
                _candidates_stmt(name, since is not None, everything), params
            ).all()
            for name in codecs()
        }
        hold_back(store, session, rows_by_table, params)  # the sharing moment
        parents = {row.agenda_id for row in rows_by_table.get("agenda_item", [])}
        parents.update(row.id for row in rows_by_table.get("agenda", []))
        exportable = _exportable_agendas(session, parents) if parents else set()
        if exportable and since is not None:
            rows_by_table["agenda_item"] = _with_items_of(
                session, rows_by_table.get("agenda_item", []), exportable, params
            )
    for name, rows in rows_by_table.items():
        if not rows:
            continue
        codec = codecs()[name]
        width = len(codec.columns)
        records = out.changes.setdefault(name, [])
        for row in rows:
            values = tuple(row)
            record = codec.encode(values)
            out.high = max(out.high, record["updated_hlc"])
            sent, withdrawn = _outgoing(codec, record, values[width:], exportable, everything)
            if sent is not None:
                records.append(sent)
            if sent is not None or withdrawn:
                out.marks.append((name, record["id"], record["updated_hlc"], withdrawn))
        if not records:
            del out.changes[name]
    return out


def _with_items_of(
    session: StoreSession, rows: list[Any], agendas: set[str], params: dict[str, str]
) -> list[Any]:
    """Add the unsent items of agendas that travel now (written while still a draft)."""
    table = codecs()["agenda_item"].table
    seen = {row.id for row in rows}
    extra = []
    for chunk in _chunks(sorted(agendas)):
        stmt = _candidates_stmt("agenda_item", False).where(table.c.agenda_id.in_(chunk))
        extra += [row for row in session.execute(stmt, params) if row.id not in seen]
    return rows + extra


def _outgoing(
    codec: TableCodec,
    record: dict[str, Any],
    extra: tuple,
    exportable: set[str],
    everything: bool = False,
) -> tuple[dict[str, Any] | None, bool]:
    """The record to send for a waiting row (or None) and whether it counts as withdrawn.

    ``extra`` holds the row's outbox mark (hlc, withdrawn) and, for notes, its sync state.
    A deleted note travels without its words.
    """
    name = codec.name
    if name == "note":
        mark_hlc, mark_withdrawn, *state = extra
        if record["visibility"] != "private":
            sent = _note_record(codec, record, tuple(state))
            return (without_words(sent) if record["deleted"] else sent), False
        if mark_hlc is None or (mark_withdrawn and not everything):
            return None, True  # never shared: nothing to send, nothing to withdraw
        return redact_note(_note_record(codec, record, tuple(state))), True
    if name == "agenda" and record["id"] not in exportable:
        return None, False
    if name == "agenda_item" and record["agenda_id"] not in exportable:
        return None, False
    return record, False


def forget_deleted_words(session: StoreSession, device: str) -> None:
    """Deleted notes this device sent keep no words here either (as everywhere else).

    The version stamp stays: this is the same version the team received, without words.
    """
    session.info["importing"] = True
    session.execute(
        update(Note)
        .where(
            Note.deleted.is_(True),
            Note.device_id == device,
            or_(Note.body != "", Note.tags != "", Note.conflict_body.is_not(None)),
        )
        .values(body="", tags="", conflict_body=None)
        .execution_options(synchronize_session=False)
    )


def waiting_count(store: Store) -> int:
    """How many changes the next bundle would carry."""
    return collect(store).count


def record_marks(session: StoreSession, marks: list[tuple[str, str, str, bool]]) -> None:
    """Remember which version of each record the bundle just written carries."""
    if marks:
        session.connection().exec_driver_sql(_UPSERT_MARKS, marks)


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
