"""Notes two reps edited at the same time: list them, and resolve one version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from partnerdesk.core import daytext
from partnerdesk.core.clock import Stamp
from partnerdesk.core.notes import join_tags, parse_tags
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Manager, Note, NoteVersions, Rep, SyncDevice
from partnerdesk.core.sync.merge import Head, split_versions


@dataclass(frozen=True)
class Conflict:
    """A note with two (or more) versions to choose from."""

    note_id: str
    manager_name: str
    created_at: datetime
    body: str
    others: list[str]
    #: Who wrote the shown version and when ("Dana Lee on laptop-b, 04 Dec 2026 09:14").
    shown_by: str = ""
    #: The same for each of ``others``, in their order.
    others_by: tuple[str, ...] = ()

    @property
    def deleted_elsewhere(self) -> bool:
        """The other version is a delete made on another device."""
        return not self.others


def list_conflicts(store: Store) -> list[Conflict]:
    """Notes marked as conflicts, oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(Note, Manager.name)
            .outerjoin(Manager, Manager.id == Note.manager_id)
            .where(Note.conflict_body.is_not(None), Note.deleted.is_(False))
            .order_by(Note.created_at)
        ).all()
        conflicts = []
        for note, name in rows:
            others = split_versions(note.conflict_body)
            authors = _authors(session, store, note.id)
            conflicts.append(
                Conflict(
                    note.id,
                    name or "",
                    note.created_at,
                    note.body,
                    others,
                    authors.get(note.body, ""),
                    tuple(authors.get(body, "") for body in others),
                )
            )
    return conflicts


def _authors(session, store: Store, note_id: str) -> dict[str, str]:
    """Each concurrent version's body -> who wrote it, on which device, and when."""
    state = session.get(NoteVersions, note_id)
    heads = [Head.from_json(raw) for raw in (state.heads or [])] if state else []
    out: dict[str, str] = {}
    for head in heads:
        device = head.record.get("device_id") or ""
        seen = session.get(SyncDevice, device)
        if device == store.device_id:
            who = "You, on this computer"
        else:
            rep = session.get(Rep, seen.rep_id) if seen and seen.rep_id else None
            where = seen.device_name if seen and seen.device_name else "another computer"
            who = f"{rep.name} on {where}" if rep else where.capitalize()
        wall = datetime.fromtimestamp(Stamp.parse(head.hlc).wall / 1000, UTC)
        out.setdefault(head.record.get("body") or "", f"{who}, {daytext.moment(wall)}")
    return out


def resolve_conflict(store: Store, note_id: str, body: str, delete: bool = False) -> None:
    """Keep ``body`` (one version, or the user's merge of them), or agree to the deletion."""
    with store.transaction() as session:
        note = session.get_live(Note, note_id, "That note no longer exists; refresh the list.")
        if delete:
            note.deleted = True
        else:
            note.body = body
            note.tags = join_tags(parse_tags(body))
        note.conflict_body = None
