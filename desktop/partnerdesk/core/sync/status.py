"""What the UI and ``partnerdesk team status`` show: the sync status line and devices seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from partnerdesk.core import clock
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import (
    HeldChange,
    Note,
    Rep,
    SyncDevice,
    SyncProblem,
    SyncTeam,
)
from partnerdesk.core.sync.membership import load_state
from partnerdesk.core.sync.outbox import device_name, waiting_count
from partnerdesk.core.sync.team import TeamError, check_folder


def local_time(stamp: datetime) -> str:
    """A stored (naive UTC) time as this computer's local time, without the date if today."""
    local = clock.to_local(stamp)
    if local.date() == clock.today():
        return f"{local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


@dataclass(frozen=True)
class SyncStatus:
    """The sync state in a few numbers, and the sentence for the status bar."""

    in_team: bool
    team_name: str = ""
    folder: str = ""
    reachable: bool = False
    waiting: int = 0
    conflicts: int = 0
    problems: int = 0
    held: int = 0
    last_sync_at: datetime | None = None
    folder_problem: str = ""
    #: "" when this computer is a member; else "waiting" (for approval) or "removed".
    standing: str = ""

    @property
    def message(self) -> str:
        """E.g. "3 changes waiting — shared folder not reachable"."""
        if not self.in_team:
            return "Not syncing: no team yet"
        if self.standing == "waiting":
            return "Not syncing yet: waiting for a team admin to approve this computer"
        if self.standing == "removed":
            return "Not syncing: this computer was removed from the team"
        changes = f"{self.waiting} change{'s' if self.waiting != 1 else ''} waiting"
        if not self.reachable:
            text = f"{changes} — shared folder not reachable"
        elif self.waiting:
            text = f"{changes} — they go out at the next sync"
        elif self.last_sync_at is not None:
            text = f"Synced {local_time(self.last_sync_at)}"
        else:
            text = "Not synced yet"
        if self.conflicts:
            text += f"; {self.conflicts} conflict{'s' if self.conflicts != 1 else ''} to resolve"
        if self.problems:
            text += f"; {self.problems} sync problem{'s' if self.problems != 1 else ''}"
        return text


def sync_status(store: Store) -> SyncStatus:
    """The current sync status (checks whether the shared folder is reachable)."""
    with store.session() as session:
        team = session.scalars(select(SyncTeam)).first()
        if team is None:
            return SyncStatus(in_team=False)
        conflicts = session.scalar(
            select(func.count())
            .select_from(Note)
            .where(Note.conflict_body.is_not(None), Note.deleted.is_(False))
        )
        problems = session.scalar(
            select(func.count()).select_from(SyncProblem).where(SyncProblem.dismissed.is_(False))
        )
        held = session.scalar(select(func.count()).select_from(HeldChange))
        me = load_state(session, team.team_id).devices.get(store.device_id)
    standing = "waiting" if me is None else "removed" if me.removed else ""
    try:
        check_folder(team)
        reachable, folder_problem = True, ""
    except TeamError as exc:
        reachable, folder_problem = False, str(exc)
    return SyncStatus(
        in_team=True,
        team_name=team.name,
        folder=team.folder,
        reachable=reachable,
        waiting=waiting_count(store),
        conflicts=conflicts or 0,
        problems=problems or 0,
        held=held or 0,
        last_sync_at=team.last_sync_at,
        folder_problem=folder_problem,
        standing=standing,
    )


@dataclass(frozen=True)
class DeviceInfo:
    """A device in the team: whose it is and the last bundle seen from it."""

    device_id: str
    name: str
    rep_name: str
    last_seq: int
    last_bundle_at: datetime | None
    last_imported_at: datetime | None
    bundles: int
    this_device: bool


def list_devices(store: Store) -> list[DeviceInfo]:
    """This device first, then every other device seen, most recently heard from first."""
    from partnerdesk.core.me import get_me

    with store.session() as session:
        team = session.scalars(select(SyncTeam)).first()
        reps = {rep.id: rep.name for rep in session.scalars(select(Rep))}
        others = session.scalars(
            select(SyncDevice).order_by(SyncDevice.last_imported_at.desc())
        ).all()
    me = get_me(store)
    devices = []
    if team is not None:
        devices.append(
            DeviceInfo(
                store.device_id,
                device_name(store),
                me.name if me else "",
                team.last_seq,
                team.last_sync_at if team.last_seq else None,
                None,
                team.last_seq,
                True,
            )
        )
    devices.extend(
        DeviceInfo(
            d.device_id,
            d.device_name,
            reps.get(d.rep_id or "", ""),
            d.last_seq,
            d.last_bundle_at,
            d.last_imported_at,
            d.bundles,
            False,
        )
        for d in others
    )
    return devices
