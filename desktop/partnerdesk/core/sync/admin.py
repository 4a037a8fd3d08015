"""Running the team: pending requests, approve, decline, remove, roles, leave, members.

Every change is an entry of the membership log signed by this device, so only an admin's
device can make one; a member gets one clear line saying whom to ask.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import ImportedBundle, SyncTeam
from partnerdesk.core.sync.identity import TrustError
from partnerdesk.core.sync.joining import JoinRequest, forget_request, pending
from partnerdesk.core.sync.membership import (
    ROLES,
    Device,
    TeamState,
    append,
    epoch_keys,
    refresh,
    wrap_epochs,
)
from partnerdesk.core.sync.team import (
    TeamError,
    check_folder,
    device_keys,
    forget_team,
    require_team,
    team_key,
)


@dataclass(frozen=True)
class Member:
    """One person in the team: role and laptops (with fingerprints)."""

    email: str
    role: str
    devices: list[Device]


def team_state(store: Store) -> tuple[SyncTeam, TeamState, list[str]]:
    """This profile's team, the verified log brought up to date, and problems found."""
    team = require_team(store)
    check_folder(team)
    result = refresh(store, Path(team.folder), team.team_id, device_keys(team))
    return team, result.state, result.problems


def _admin(store: Store) -> tuple[SyncTeam, TeamState]:
    team, state, _problems = team_state(store)
    if not state.is_admin(store.device_id):
        admins = sorted(email for email, role in state.roles.items() if role == "admin")
        raise TeamError(
            "Only a team admin can do this; ask " + (", ".join(admins) or "the HR lead") + "."
        )
    return team, state


@dataclass(frozen=True)
class Overview:
    """The team as the Team & Sync view shows it."""

    members: list[Member]
    requests: list[JoinRequest]
    admin: bool
    approved: bool
    fingerprint: str


def overview(store: Store) -> Overview:
    """Members, pending requests, and where this computer stands (reads the folder)."""
    team, state, _problems = team_state(store)
    found, _bad = pending(Path(team.folder), state, team_key(team))
    return Overview(
        _members(state),
        found,
        state.is_admin(store.device_id),
        state.device(store.device_id) is not None,
        device_keys(team).fingerprint,
    )


def members(store: Store) -> list[Member]:
    """Everyone in the team now, admins first."""
    _team, state, _problems = team_state(store)
    return _members(state)


def _members(state: TeamState) -> list[Member]:
    people = [
        Member(email, role, [d for d in state.active() if d.email == email])
        for email, role in state.roles.items()
    ]
    return sorted(people, key=lambda m: (m.role != "admin", m.email))


def requests(store: Store) -> list[JoinRequest]:
    """Devices asking to join (admins approve or decline them)."""
    team, state, _problems = team_state(store)
    found, _bad = pending(Path(team.folder), state, team_key(team))
    return found


def _match(found: list[JoinRequest], device: str) -> list[JoinRequest]:
    chosen = [r for r in found if r.device.device_id.startswith(device.strip())]
    if not device.strip() or len(chosen) != 1:
        names = ", ".join(r.device.device_id for r in found) or "none"
        raise TeamError(
            f"No single request matches {device!r} (pending: {names}); give more of the "
            "device id shown by `partnerdesk team requests`."
        )
    return chosen


def approve(store: Store, device: str | None = None) -> list[Device]:
    """Let one requesting device (or all, when ``device`` is None) into the team."""
    team, state = _admin(store)
    found, _bad = pending(Path(team.folder), state, team_key(team))
    chosen = found if device is None else _match(found, device)
    with store.session() as session:
        keys_now = epoch_keys(session)
    keys = device_keys(team)
    approved = []
    for request in chosen:
        new = request.device
        index = state.head_idx + 1
        wrapped = wrap_epochs(new.box_pub, team.team_id, new.device_id, index, keys_now)
        record = {
            "id": new.device_id,
            "email": new.email,
            "name": new.name,
            "sign": new.sign_pub,
            "box": new.box_pub,
        }
        state = append(
            store,
            Path(team.folder),
            state,
            keys,
            "add",
            device=record,
            keys={new.device_id: wrapped},
        )
        forget_request(Path(team.folder), new.device_id)
        approved.append(new)
    return approved


def decline(store: Store, device: str) -> JoinRequest:
    """Turn a request down: its file is removed (the device can ask again)."""
    team, state = _admin(store)
    found, _bad = pending(Path(team.folder), state, team_key(team))
    [request] = _match(found, device)
    forget_request(Path(team.folder), request.device.device_id)
    return request


def remove(store: Store, who: str) -> list[Device]:
    """Remove a member (by email: all their laptops) or one laptop (by device id).

    A new epoch starts: its key is wrapped to every remaining laptop only, so nothing
    written from now on is readable by the removed ones. Their bundles are trusted up
    to the last one this device has received (the *cut*).
    """
    team, state = _admin(store)
    who = who.strip().lower()
    active = state.active()
    if "@" in who:
        gone = [d for d in active if d.email == who]
    else:
        gone = [d for d in active if who and d.device_id.lower().startswith(who)]
    if not gone or ("@" not in who and len(gone) != 1):
        raise TeamError(
            f"No member or laptop matches {who!r}; see `partnerdesk team members` for "
            "emails and laptop ids."
        )
    cut = {}
    with store.session() as session:
        for device in gone:
            if device.device_id == store.device_id:
                cut[device.device_id] = team.last_seq
            else:
                last = session.scalar(
                    select(func.max(ImportedBundle.seq)).where(
                        ImportedBundle.device_id == device.device_id
                    )
                )
                cut[device.device_id] = last or 0
    epoch = state.epoch + 1
    fresh = os.urandom(32)
    index = state.head_idx + 1
    gone_ids = {d.device_id for d in gone}
    wrapped = {
        d.device_id: wrap_epochs(d.box_pub, team.team_id, d.device_id, index, {epoch: fresh})
        for d in active
        if d.device_id not in gone_ids
    }
    try:
        append(
            store,
            Path(team.folder),
            state,
            device_keys(team),
            "remove",
            devices=sorted(gone_ids),
            cut=cut,
            epoch=epoch,
            keys=wrapped,
        )
    except TrustError as exc:
        raise TeamError(f"That removal is not possible: {exc}.") from None
    return gone


def set_role(store: Store, email: str, role: str) -> None:
    """Make a member an admin, or an admin a member (the team keeps at least one admin)."""
    team, state = _admin(store)
    email = email.strip().lower()
    if role not in ROLES or email not in state.roles:
        raise TeamError(f"{email} is not a member of the team (or {role!r} is not a role).")
    try:
        append(store, Path(team.folder), state, device_keys(team), "role", email=email, role=role)
    except TrustError as exc:
        raise TeamError(f"That change is not possible: {exc}.") from None


def leave(store: Store) -> str:
    """Leave the team on this computer; returns what the others still need to do."""
    team = require_team(store)
    note = ""
    try:
        _team, state, _problems = team_state(store)
    except TeamError:
        state = None
    if state is not None and state.device(store.device_id) is not None:
        others = [
            d
            for d in state.active()
            if d.device_id != store.device_id and state.is_admin(d.device_id)
        ]
        if state.is_admin(store.device_id) and others:
            remove(store, store.device_id)
        else:
            admins = sorted(e for e, r in state.roles.items() if r == "admin")
            note = (
                "Ask an admin (" + ", ".join(admins) + ") to remove this laptop "
                f"({store.device_id}) with `partnerdesk team remove {store.device_id}`."
            )
    forget_team(store)
    return note or f"This computer left the team {team.name!r}."
