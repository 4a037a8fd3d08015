"""Apply a verified bundle: its changes a chunk per transaction, then its "imported" mark.

Records merge one by one (see :mod:`partnerdesk.core.sync.merge`). Changes stamped far
in the future, and agenda changes from devices that do not speak for the HR lead, are
held back in ``sync_held`` and looked at again on every sync. A note this device keeps
private is never overwritten by a received version. Importing a bundle twice changes
nothing; a bundle whose (device, number) was already imported with other content raises
an alarm instead of being applied.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from partnerdesk.core.clock import utcnow
from partnerdesk.core.store.engine import Store, StoreSession
from partnerdesk.core.store.gate import GiveWay
from partnerdesk.core.store.models import (
    HeldChange,
    ImportedBundle,
    NoteVersions,
    Rep,
    SyncDevice,
)
from partnerdesk.core.sync.authority import Rights, permitted
from partnerdesk.core.sync.bundle import Bundle
from partnerdesk.core.sync.membership import TeamState
from partnerdesk.core.sync.merge import (
    BadStamp,
    Head,
    is_far_future,
    merge_note,
    newer,
    parse_stamp,
    redact_note,
    with_own_entry,
)
from partnerdesk.core.sync.problems import add_problem
from partnerdesk.core.sync.records import AGENDA_TABLES, VV_KEY, TableCodec, codecs

_CHUNK = 500
#: Records applied per transaction: a rep's save waits for one chunk at most (~5 ms).
APPLY_CHUNK = 50
_UPSERT_STATE = (
    "INSERT OR REPLACE INTO sync_note_state (note_id, vv, heads, merged_hlc) VALUES (?, ?, ?, ?)"
)


@dataclass
class ApplyStats:
    """What applying a batch of records did."""

    applied: int = 0
    unchanged: int = 0
    held: dict[str, int] = field(default_factory=dict)
    kept_private: int = 0
    invalid: int = 0
    refused: int = 0
    max_stamp: str = ""

    def add(self, other: ApplyStats) -> None:
        self.applied += other.applied
        self.unchanged += other.unchanged
        self.kept_private += other.kept_private
        self.invalid += other.invalid
        self.refused += other.refused
        for reason, count in other.held.items():
            self.held[reason] = self.held.get(reason, 0) + count
        self.max_stamp = max(self.max_stamp, other.max_stamp)


@dataclass(frozen=True)
class Signer:
    """Who wrote a bundle, as the membership log says (never as the bundle says)."""

    device: str
    email: str
    admin: bool
    #: Every device's email in the log (a note without an author belongs to its writer's).
    device_emails: Mapping[str, str] = field(default_factory=dict)


@dataclass
class _Context:
    """Who is applying, and the clock the future check uses."""

    own_device: str
    now_ms: int
    source_device: str
    allowed_agendas: bool
    #: The signer's rights (None: changes released from hold, checked when received).
    rights: Rights | None = None
    #: Called between the steps of a chunk: raises GiveWay when the GUI thread waits to
    #: write (the store's gate), so the chunk rolls back and is applied again after it.
    give_way: Callable[[], None] = lambda: None


def _rows_by_id(
    session: StoreSession, codec: TableCodec, ids: list[str], full: bool
) -> dict[str, Any]:
    table = codec.table
    cols = [table] if full else [table.c.id, table.c.updated_hlc]
    found: dict[str, Any] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for row in session.execute(select(*cols).where(table.c.id.in_(chunk))):
            found[row.id] = codec.encode(row) if full else row.updated_hlc
    return found


def _states(session: StoreSession, ids: list[str]) -> dict[str, NoteVersions]:
    found: dict[str, NoteVersions] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for state in session.scalars(select(NoteVersions).where(NoteVersions.note_id.in_(chunk))):
            found[state.note_id] = state
    return found


def _local_heads(record: dict[str, Any], state: NoteVersions | None) -> list[Head]:
    if state is not None and state.heads and state.merged_hlc == record["updated_hlc"]:
        return [Head.from_json(raw) for raw in state.heads]
    vv = with_own_entry(state.vv if state else None, record["device_id"], record["updated_hlc"])
    return [Head(record, vv)]


def _valid(record: Any, source_device: str) -> bool:
    """A record in the one strict shape, written by the bundle's own device."""
    if not (
        isinstance(record, dict)
        and isinstance(record.get("id"), str)
        and 0 < len(record["id"]) <= 36
        and isinstance(record.get("device_id"), str)
    ):
        return False
    try:
        stamp = parse_stamp(record.get("updated_hlc"))
        vv = record.get(VV_KEY, {})
        if not isinstance(vv, dict) or len(vv) > 10_000:
            return False
        for device, other in vv.items():
            if parse_stamp(other).device != device:
                return False
    except BadStamp:
        return False
    device = record["device_id"]
    return stamp.device == device and (not source_device or device == source_device)


def apply_records(
    session: StoreSession, codec: TableCodec, records: list[dict[str, Any]], ctx: _Context
) -> ApplyStats:
    """Merge ``records`` of one table into the store (inside the caller's transaction)."""
    stats = ApplyStats()
    valid: list[dict[str, Any]] = []
    for record in records:
        if not _valid(record, ctx.source_device):
            stats.invalid += 1
        elif codec.name in AGENDA_TABLES and not ctx.allowed_agendas:
            _hold(session, codec.name, record, ctx.source_device, "not_lead")
            stats.held["not_lead"] = stats.held.get("not_lead", 0) + 1
        else:
            valid.append(record)
    ctx.give_way()
    if ctx.rights is not None:
        verdict = permitted(session, codec, valid, ctx.rights)
        valid, stats.refused = verdict.allowed, verdict.refused
        _hold_all(session, codec.name, verdict.unknown, ctx.source_device, "waiting")
        if verdict.unknown:
            stats.held["waiting"] = stats.held.get("waiting", 0) + len(verdict.unknown)
    good: list[dict[str, Any]] = []
    for record in valid:
        if is_far_future(record["updated_hlc"], ctx.now_ms):
            _hold(session, codec.name, record, ctx.source_device, "future")
            stats.held["future"] = stats.held.get("future", 0) + 1
        else:
            good.append(record)
    if not good:
        return stats
    ids = list(dict.fromkeys(record["id"] for record in good))
    if codec.name == "note":
        writes, states = _merge_notes(session, codec, good, ids, ctx, stats)
    else:
        writes, states = _merge_plain(session, codec, good, ids, stats), {}
    ctx.give_way()
    _write(session, codec, writes)
    _write_states(session, states)
    return stats


def _merge_plain(
    session: StoreSession,
    codec: TableCodec,
    records: list[dict[str, Any]],
    ids: list[str],
    stats: ApplyStats,
) -> dict[str, tuple[bool, dict[str, Any]]]:
    local = _rows_by_id(session, codec, ids, full=False)
    known = set(local)
    writes: dict[str, tuple[bool, dict[str, Any]]] = {}
    for record in records:
        rid, hlc = record["id"], record["updated_hlc"]
        if newer(hlc, local.get(rid)):
            writes[rid] = (rid in known, record)
            local[rid] = hlc
            stats.applied += 1
            stats.max_stamp = max(stats.max_stamp, hlc)
        else:
            stats.unchanged += 1
    return writes


def _incoming_head(raw: dict[str, Any]) -> Head:
    """A received note version; a private one that is not a tombstone is redacted anyway."""
    record = {key: value for key, value in raw.items() if key != VV_KEY}
    vv = raw.get(VV_KEY)
    vv = {str(k): str(v) for k, v in vv.items()} if isinstance(vv, dict) else {}
    if record.get("visibility") == "private":
        record = redact_note(record)
    return Head(record, with_own_entry(vv, record["device_id"], record["updated_hlc"]))


def _merge_notes(
    session: StoreSession,
    codec: TableCodec,
    records: list[dict[str, Any]],
    ids: list[str],
    ctx: _Context,
    stats: ApplyStats,
) -> tuple[dict[str, tuple[bool, dict[str, Any]]], dict[str, dict[str, Any]]]:
    local = _rows_by_id(session, codec, ids, full=True)
    known = set(local)
    states = _states(session, ids)
    heads = {rid: _local_heads(record, states.get(rid)) for rid, record in local.items()}
    writes: dict[str, tuple[bool, dict[str, Any]]] = {}
    new_states: dict[str, dict[str, Any]] = {}
    for raw in records:
        incoming = _incoming_head(raw)
        rid = incoming.record["id"]
        mine = local.get(rid)
        if (
            mine is not None
            and mine.get("visibility") == "private"
            and not mine.get("deleted")
            and mine.get("device_id") == ctx.own_device
        ):
            stats.kept_private += 1
            continue
        if rid in heads:
            merged = merge_note(heads[rid], incoming)
            if merged is None:
                stats.unchanged += 1
                continue
            record, result = merged.record, merged.heads or [Head(merged.record, merged.vv)]
        else:
            record, result = incoming.record, [incoming]
        heads[rid] = result
        local[rid] = record
        writes[rid] = (rid in known, record)
        new_states[rid] = {
            "note_id": rid,
            "vv": _join(result),
            "heads": [head.to_json() for head in result] if len(result) > 1 else None,
            "merged_hlc": record["updated_hlc"],
        }
        stats.applied += 1
        stats.max_stamp = max(stats.max_stamp, incoming.hlc)
    return writes, new_states


def _join(heads: list[Head]) -> dict[str, str]:
    out: dict[str, str] = {}
    for head in heads:
        for device, stamp in head.vv.items():
            out[device] = max(out.get(device, ""), stamp)
    return out


def _write(
    session: StoreSession, codec: TableCodec, writes: dict[str, tuple[bool, dict[str, Any]]]
) -> None:
    connection = session.connection()
    plan = codec.write_plan(connection.dialect)
    inserts = [record for exists, record in writes.values() if not exists]
    updates = [record for exists, record in writes.values() if exists]
    if inserts:
        connection.exec_driver_sql(plan.insert_sql, plan.insert_rows(inserts))
    if updates:
        connection.exec_driver_sql(plan.update_sql, plan.update_rows(updates))


def _write_states(session: StoreSession, states: dict[str, dict[str, Any]]) -> None:
    if not states:
        return
    rows = [
        (
            state["note_id"],
            json.dumps(state["vv"]),
            None if state["heads"] is None else json.dumps(state["heads"]),
            state["merged_hlc"],
        )
        for state in states.values()
    ]
    session.connection().exec_driver_sql(_UPSERT_STATE, rows)


def _hold(
    session: StoreSession, table: str, record: dict[str, Any], device: str, reason: str
) -> None:
    _hold_all(session, table, [record], device, reason)


def _hold_all(
    session: StoreSession, table: str, records: list[dict[str, Any]], device: str, reason: str
) -> None:
    """Keep ``records`` aside in one statement (a received change seen twice is kept once)."""
    if not records:
        return
    at = utcnow()
    rows = [
        {
            "tbl": table,
            "id": record["id"],
            "hlc": record["updated_hlc"],
            "device_id": device,
            "reason": reason,
            "record": record,
            "held_at": at,
        }
        for record in records
    ]
    session.execute(sqlite_insert(HeldChange.__table__).on_conflict_do_nothing(), rows)


def rep_of(session: StoreSession, email: str) -> str | None:
    """The rep record of ``email`` (the membership log's word for who a device is)."""
    return session.scalars(
        select(Rep.id).where(func.lower(Rep.email) == email.lower(), Rep.deleted.is_(False))
    ).first()


def _table_records(payload: dict[str, Any], name: str) -> list[dict[str, Any]]:
    block = payload["changes"].get(name)
    if not isinstance(block, dict):
        return []
    cols, rows = block.get("cols"), block.get("rows")
    if not isinstance(cols, list) or not isinstance(rows, list):
        return []
    return [dict(zip(cols, row, strict=False)) for row in rows if isinstance(row, list)]


def apply_bundle(
    store: Store,
    bundle: Bundle,
    signer: Signer,
    *,
    file: str,
    mtime_ns: int,
    now_ms: int,
    observe: Callable[[str], bool] | None = None,
) -> ApplyStats:
    """Apply ``bundle`` a chunk of records per transaction, then record it as imported.

    Small transactions let a rep's save go between two chunks (see the store's write
    gate). A bundle cut short (a crash, a lock, a record that cannot be stored) is not
    marked imported, so the next sync applies it again: merging is idempotent, and the
    chunks already applied change nothing the second time."""
    header = bundle.header
    payload = bundle.payload
    total = ApplyStats()
    with store.transaction() as session:
        done = session.get(ImportedBundle, (header.device, header.seq))
        if done is not None:
            if done.sha256 != bundle.sha256:
                add_problem(
                    session,
                    "alarm",
                    alarm_text(file, header.device, header.seq),
                    file,
                    header.device,
                )
            return total
        _check_chain(session, bundle, file)
    rights = Rights(signer.device, signer.email, signer.admin, signer.device_emails)
    ctx = _Context(store.device_id, now_ms, header.device, signer.admin, rights)
    for name in codecs():
        records = _table_records(payload, name)
        for start in range(0, len(records), APPLY_CHUNK):
            chunk = records[start : start + APPLY_CHUNK]
            total.add(_apply_chunk(store, codecs()[name], chunk, ctx))
        if records and name == "rep":
            rights.forget_reps()
    with store.transaction() as session:
        session.info["importing"] = True
        _note_outcome(session, total, file, header.device, signer.email)
        unknown = sorted(set(payload["changes"]) - set(codecs()))
        if unknown:
            add_problem(
                session,
                "newer",
                f"{file} also holds kinds of records this Partner Desk does not know "
                f"({', '.join(unknown)[:200]}); they were left out. Install the newer Partner "
                "Desk, then ask the bundle's owner to run `partnerdesk sync --resend-all`.",
                file,
                header.device,
            )
        session.add(
            ImportedBundle(
                device_id=header.device,
                seq=header.seq,
                sha256=bundle.sha256,
                imported_at=utcnow(),
                file_size=bundle.size,
                file_mtime_ns=mtime_ns,
            )
        )
        _remember_device(session, bundle, rep_of(session, signer.email))
    if observe is not None and total.max_stamp:
        observe(total.max_stamp)
    return total


def _apply_chunk(
    store: Store, codec: TableCodec, chunk: list[dict[str, Any]], ctx: _Context
) -> ApplyStats:
    """Apply ``chunk`` in one transaction. When the GUI thread comes to write meanwhile,
    the chunk steps aside once: rolled back at its next step, applied again after the
    GUI's write (which so waits for one step of a chunk, not a whole chunk)."""
    try:
        with store.transaction() as session:
            session.info["importing"] = True
            stats = apply_records(
                session, codec, chunk, replace(ctx, give_way=store.writes.give_way)
            )
            store.writes.give_way()  # before the commit too
        return stats
    except GiveWay:
        pass
    with store.transaction() as session:
        session.info["importing"] = True
        return apply_records(session, codec, chunk, ctx)


def alarm_text(file: str, device: str, seq: int) -> str:
    return (
        f"{file}: device {device[:16]} wrote two different bundles numbered {seq}. "
        "The same profile may be in use on two computers; copy a profile only with "
        "backup/restore. The bundle imported first was kept."
    )


def _check_chain(session: StoreSession, bundle: Bundle, file: str) -> None:
    header = bundle.header
    previous = session.get(ImportedBundle, (header.device, header.seq - 1))
    if previous is not None and header.prev and previous.sha256 != header.prev:
        add_problem(
            session,
            "alarm",
            f"{file} does not follow bundle {header.seq - 1} of device {header.device[:16]}: "
            "that device's history forked (the same profile may be in use on two computers).",
            file,
            header.device,
        )


def _note_outcome(
    session: StoreSession, stats: ApplyStats, file: str, device: str, email: str
) -> None:
    if stats.held.get("future"):
        add_problem(
            session,
            "future",
            f"{file}: {stats.held['future']} change(s) from device {device[:16]} are dated "
            "more than a day ahead of this computer's clock and are held back. Check the "
            "date and time on both computers; they apply once the clocks agree.",
            file,
            device,
        )
    if stats.held.get("not_lead"):
        add_problem(
            session,
            "not_lead",
            f"{file}: {stats.held['not_lead']} agenda change(s) from device {device[:16]} were "
            "not accepted: only the team admins' computers (the HR lead) publish agendas.",
            file,
            device,
        )
    if stats.refused:
        add_problem(
            session,
            "refused",
            f"{file}: {stats.refused} change(s) from {email} were refused and not applied: "
            "they touch records that person may not change (another rep's notes, a manager "
            "they do not support, the roster or roles). If that is a mistake, an admin "
            "reassigns the manager or makes them an admin.",
            file,
            device,
        )
    if stats.invalid:
        add_problem(
            session,
            "refused",
            f"{file}: {stats.invalid} unreadable record(s) were skipped.",
            file,
            device,
        )


def _remember_device(session: StoreSession, bundle: Bundle, rep_id: str | None) -> None:
    header = bundle.header
    device = session.get(SyncDevice, header.device)
    if device is None:
        device = SyncDevice(device_id=header.device, bundles=0, last_seq=0, last_hash="")
        session.add(device)
    name = bundle.payload.get("device_name")
    if isinstance(name, str):
        device.device_name = name[:200]
    device.rep_id = rep_id
    device.bundles = (device.bundles or 0) + 1
    device.last_imported_at = utcnow()
    if header.seq >= (device.last_seq or 0):
        device.last_seq = header.seq
        device.last_hash = bundle.sha256
        try:
            device.last_bundle_at = datetime.fromisoformat(header.created)
        except ValueError:
            device.last_bundle_at = None


def _forget_held(session: StoreSession, changes: list[HeldChange]) -> None:
    """Delete held rows in one statement (no ORM bookkeeping per row)."""
    if changes:
        session.connection().exec_driver_sql(
            "DELETE FROM sync_held WHERE tbl = ? AND id = ? AND hlc = ?",
            [(c.tbl, c.id, c.hlc) for c in changes],
        )


def release_held(
    store: Store,
    now_ms: int,
    state: TeamState,
    observe: Callable[[str], bool] | None = None,
) -> int:
    """Apply held changes whose reason is gone (clock caught up, sender became an admin,
    the rep or manager a change names has arrived); refuse the ones now judged."""
    with store.transaction() as session:
        session.info["importing"] = True
        held = list(session.scalars(select(HeldChange).order_by(HeldChange.hlc)))
        if not held:
            return 0
        ready: dict[str, list[HeldChange]] = {}
        waiting: dict[tuple[str, str], list[HeldChange]] = {}
        for change in held:
            if change.reason == "future" and is_far_future(change.hlc, now_ms):
                continue
            if change.tbl in AGENDA_TABLES and not state.is_admin(change.device_id):
                continue
            if change.tbl not in codecs():
                continue
            if change.reason == "waiting":
                waiting.setdefault((change.device_id, change.tbl), []).append(change)
            else:
                ready.setdefault(change.tbl, []).append(change)
        total = ApplyStats()
        emails = {d.device_id: d.email for d in state.devices.values()}
        for (device, name), changes in waiting.items():
            member = state.devices.get(device)
            if member is None:
                continue
            rights = Rights(device, member.email, state.is_admin(device), emails)
            verdict = permitted(session, codecs()[name], [c.record for c in changes], rights)
            decided = {id(r) for r in verdict.allowed}
            unknown = {id(r) for r in verdict.unknown}
            ready.setdefault(name, []).extend(c for c in changes if id(c.record) in decided)
            refused = [
                c for c in changes if id(c.record) not in decided and id(c.record) not in unknown
            ]
            _forget_held(session, refused)
            total.refused += verdict.refused
        for name, changes in ready.items():
            ctx = _Context(store.device_id, now_ms, "", allowed_agendas=True)
            total.add(apply_records(session, codecs()[name], [c.record for c in changes], ctx))
            _forget_held(session, changes)
        released = sum(len(changes) for changes in ready.values())
    if observe is not None and total.max_stamp:
        observe(total.max_stamp)
    return released
