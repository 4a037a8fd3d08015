"""Helpers for sync tests: edit records, dump a replica, walk the shared folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import ImportedBundle, Note
from partnerdesk.core.sync.records import codecs


def add_note(store: Store, body: str, visibility: str = "team", **fields: Any) -> str:
    with store.transaction() as session:
        note = Note(body=body, visibility=visibility, **fields)
        session.add(note)
    return note.id


def edit_note(store: Store, note_id: str, **fields: Any) -> None:
    with store.transaction() as session:
        note = session.get(Note, note_id)
        for name, value in fields.items():
            setattr(note, name, value)


def note(store: Store, note_id: str) -> Note | None:
    with store.session() as session:
        return session.get(Note, note_id)


def replica(store: Store) -> dict[str, dict[str, dict[str, Any]]]:
    """Every synced record of a store (private notes left out), for comparing replicas."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    with store.session() as session:
        for name, codec in codecs().items():
            rows = {}
            for row in session.execute(select(codec.table)):
                record = codec.encode(row)
                if name == "note" and record["visibility"] == "private" and not record["deleted"]:
                    continue
                rows[record["id"]] = record
            out[name] = rows
    return out


def imported(store: Store) -> list[tuple[str, int]]:
    with store.session() as session:
        return sorted(session.execute(select(ImportedBundle.device_id, ImportedBundle.seq)).all())


def all_bytes(folder: Path) -> bytes:
    """Every file name and every byte under ``folder``."""
    chunks = []
    for path in sorted(folder.rglob("*")):
        chunks.append(str(path.relative_to(folder)).encode())
        if path.is_file():
            chunks.append(path.read_bytes())
    return b"\n".join(chunks)


def bundle_files(store: Store) -> list[Path]:
    from partnerdesk.core.sync.team import current_team

    folder = Path(current_team(store).folder) / "devices" / store.device_id
    return sorted(folder.glob("*.pdsync"))


def sealer_of(store: Store, **changes: Any):
    """The store's own real sealing identity (an insider's keys), with fields replaced."""
    from dataclasses import replace

    from partnerdesk.core.sync.bundle import Sealer
    from partnerdesk.core.sync.membership import epoch_keys, load_state
    from partnerdesk.core.sync.team import current_team, device_keys

    team = current_team(store)
    with store.session() as session:
        epoch = changes.pop("epoch", None) or load_state(session, team.team_id).epoch
        key = epoch_keys(session).get(epoch, bytes(32))
    sealer = Sealer(device_keys(team), key, epoch, team.team_id, store.device_id)
    return replace(sealer, **changes)


def plant(store: Store, seq: int, payload: dict, prev: str = "", **changes: Any) -> Path:
    """Write a bundle sealed with ``store``'s real keys into its own device folder."""
    from partnerdesk.core.sync.bundle import bundle_name, seal
    from partnerdesk.core.sync.team import current_team

    sealer = sealer_of(store, **changes)
    folder = Path(current_team(store).folder) / "devices" / sealer.device
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / bundle_name(seq)
    path.write_bytes(seal(sealer, seq, prev, payload))
    return path
