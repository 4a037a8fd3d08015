"""Sync errors and alarms, kept until the user dismisses them or the cause goes away."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from partnerdesk.core.clock import utcnow
from partnerdesk.core.store.engine import Store, StoreSession
from partnerdesk.core.store.models import SyncProblem

#: Kinds, most serious first: two different bundles with one number; a bundle that
#: cannot be used; changes refused (unreadable, or not allowed to their writer); records
#: only a newer version knows; changes held for a far-future clock; agendas from a
#: non-lead device; the shared folder itself.
KINDS = ("alarm", "damaged", "refused", "newer", "future", "not_lead", "folder")


@dataclass(frozen=True)
class Problem:
    """One open sync problem, as shown to the user."""

    id: int
    at: datetime
    kind: str
    file: str
    device_id: str
    message: str


def add_problem(
    session: StoreSession, kind: str, message: str, file: str = "", device: str = ""
) -> bool:
    """Record a problem unless it was recorded before (open or dismissed); True when new."""
    open_same = session.scalars(
        select(SyncProblem.id).where(
            SyncProblem.kind == kind,
            SyncProblem.file == file,
            SyncProblem.message == message,
        )
    ).first()
    if open_same is not None:
        return False
    session.add(SyncProblem(kind=kind, message=message, file=file, device_id=device, at=utcnow()))
    return True


def settle_file(session: StoreSession, file: str, kinds: tuple[str, ...] = ("damaged",)) -> None:
    """Close the open problems of ``file`` once it imported cleanly."""
    session.execute(
        update(SyncProblem)
        .where(SyncProblem.file == file, SyncProblem.kind.in_(kinds))
        .values(dismissed=True)
    )


def settle_kind(session: StoreSession, kind: str) -> None:
    """Close every open problem of ``kind`` (its cause is gone)."""
    session.execute(update(SyncProblem).where(SyncProblem.kind == kind).values(dismissed=True))


def list_problems(store: Store) -> list[Problem]:
    """Open problems, most serious kind first, newest first within a kind."""
    with store.session() as session:
        rows = session.scalars(
            select(SyncProblem)
            .where(SyncProblem.dismissed.is_(False))
            .order_by(SyncProblem.at.desc(), SyncProblem.id.desc())
        ).all()
    rank = {kind: index for index, kind in enumerate(KINDS)}
    problems = [Problem(r.id, r.at, r.kind, r.file, r.device_id, r.message) for r in rows]
    return sorted(problems, key=lambda p: rank.get(p.kind, len(KINDS)))


def dismiss_problem(store: Store, problem_id: int | None = None) -> None:
    """Hide one problem (or all of them when ``problem_id`` is None)."""
    with store.transaction() as session:
        stmt = update(SyncProblem).values(dismissed=True)
        if problem_id is not None:
            stmt = stmt.where(SyncProblem.id == problem_id)
        session.execute(stmt)
