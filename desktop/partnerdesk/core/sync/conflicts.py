"""Notes two reps edited at the same time: list them, and resolve one version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from partnerdesk.core.notes import join_tags, parse_tags
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Manager, Note
from partnerdesk.core.sync.merge import split_versions


@dataclass(frozen=True)
class Conflict:
    """A note with two (or more) versions to choose from."""

    note_id: str
    manager_name: str
    created_at: datetime
    body: str
    others: list[str]

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
    return [
        Conflict(
            note.id, name or "", note.created_at, note.body, split_versions(note.conflict_body)
        )
        for note, name in rows
    ]


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
