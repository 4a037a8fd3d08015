"""Upgrading a team made before signed member lists, in place.

The team's creator (or the HR lead) runs ``partnerdesk team upgrade``: their computer
writes the member list's first entry (it becomes the first admin, with the invite key it
already holds), marks ``team.json`` as version 2 and sends everything it wrote again as
signed bundles. Every other computer of the team, at its next sync, finds the new list,
verifies its first entry with the passphrase-derived key it holds, and asks to join; an
admin approves it (comparing fingerprints) and it then sends everything it wrote again.
Old, unsigned bundles are read by no one; each computer deletes its own with the first
checkpoint after the upgrade.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import LocalSetting, SyncTeam
from partnerdesk.core.sync.identity import DeviceKeys
from partnerdesk.core.sync.joining import write_request
from partnerdesk.core.sync.membership import canonical, entry_hash, entry_path, genesis, keep_entry
from partnerdesk.core.sync.team import (
    TEAM_FILE,
    TEAM_VERSION,
    TeamError,
    _email,
    _pinned_root,
    _this_device,
    read_team_file,
    require_team,
    team_key,
)

#: Set when this computer must send everything again and drop its unsigned bundles.
RESEND_KEY = "sync.resend_after_upgrade"


def needs_upgrade(team: SyncTeam) -> bool:
    """This profile's row predates signed member lists (no device keys yet)."""
    return not team.sign_key


def upgrade_team(store: Store, email: str | None = None) -> SyncTeam:
    """Make this computer the first admin of its (older) team; see the module text."""
    team = require_team(store)
    if not needs_upgrade(team):
        raise TeamError("This team already uses a signed member list; nothing to upgrade.")
    folder = Path(team.folder)
    info = read_team_file(folder / TEAM_FILE)
    if info.version == TEAM_VERSION:  # another computer upgraded it: ask to join
        ask_again(store, team, email)
        return require_team(store)
    email = _email(store, email)
    keys = DeviceKeys.generate()
    root = genesis(
        team.team_id,
        team.name,
        _this_device(store, keys, email),
        keys,
        team_key(team),
        os.urandom(32),
    )
    record = json.loads((folder / TEAM_FILE).read_text("utf-8"))
    record["version"] = TEAM_VERSION
    atomic_write_bytes(entry_path(folder, root), canonical(root), 0o644)
    atomic_write_bytes(folder / TEAM_FILE, json.dumps(record, indent=2).encode(), 0o644)
    _keep(store, team, keys, email, root)
    return require_team(store)


def ask_again(store: Store, team: SyncTeam, email: str | None = None) -> bool:
    """After another computer upgraded the team: ask to join it (True when asked)."""
    folder = Path(team.folder)
    info = read_team_file(folder / TEAM_FILE)
    if info.version != TEAM_VERSION:
        return False
    try:
        email = _email(store, email)
    except TeamError:
        raise TeamError(
            "This team now has a signed member list. Ask to join it with `partnerdesk team "
            "upgrade --as YOUR-WORK-EMAIL`; an admin then approves this computer."
        ) from None
    root = _pinned_root(info, team_key(team))
    keys = DeviceKeys.generate()
    _keep(store, team, keys, email, root)
    write_request(folder, team.team_id, _this_device(store, keys, email), keys, team_key(team))
    return True


def _keep(store: Store, team: SyncTeam, keys: DeviceKeys, email: str, root: dict) -> None:
    from partnerdesk.core.sync.runner import resend_all

    with store.transaction() as session:
        row = session.get(SyncTeam, team.team_id)
        row.sign_key, row.box_key = keys.to_hex()
        row.email, row.root_hash = email, entry_hash(root)
        keep_entry(session, root, keys, store.device_id)
        session.merge(LocalSetting(key=RESEND_KEY, value="1"))
    resend_all(store)


def take_resend_flag(store: Store) -> bool:
    """True once after an upgrade (then this computer compacts its unsigned bundles away)."""
    with store.transaction() as session:
        row = session.get(LocalSetting, RESEND_KEY)
        if row is None or row.value != "1":
            return False
        row.value = ""
        return True
