"""Team setup: create a team, ask to join one, and find this profile's team later.

``<shared>/PartnerDesk/<team-id>/team.json`` names the team and holds the Argon2id
parameters, the salt and a key check of the *invite key* derived from the team
passphrase. The passphrase only proves an invitation: it lets a device write a join
request and verify the team's first log entry. Reading and writing the team's data
takes an admin's approval in the membership log (:mod:`.membership`), which wraps the
content keys to the device's own key.

Where the keys are kept: in this profile's encrypted database (``sync_team``,
``sync_epoch_key``), opened only with the data key (OS keyring or profile passphrase),
so a sync needs no second prompt. The team passphrase itself is never stored.
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.keys import DEFAULT_KDF, derive_key, key_check
from partnerdesk.core.store.models import (
    HeldChange,
    ImportedBundle,
    OutboxMark,
    SyncDevice,
    SyncEpochKey,
    SyncLogEntry,
    SyncProblem,
    SyncTeam,
)
from partnerdesk.core.sync.identity import DeviceKeys, TrustError
from partnerdesk.core.sync.joining import write_request
from partnerdesk.core.sync.membership import (
    EMAIL,
    TeamState,
    apply_entry,
    canonical,
    device_record,
    entry_hash,
    entry_path,
    folder_entries,
    genesis,
    keep_entry,
    read_entry,
)

ROOT_NAME = "PartnerDesk"
TEAM_FILE = "team.json"
DEVICES = "devices"
FORMAT = "partnerdesk-team"
#: 2: a signed membership log and signed bundles (1: the passphrase was the team key).
TEAM_VERSION = 2
MIN_PASSPHRASE = 8
ENV_TEAM_PASSPHRASE = "PARTNERDESK_TEAM_PASSPHRASE"


class TeamError(StoreError):
    """A team setup problem, with a message saying what to do."""


class NotInTeam(TeamError):
    """This profile has not created or joined a team."""


class FolderUnreachable(TeamError):
    """The shared folder (or the team inside it) cannot be reached right now."""


@dataclass(frozen=True)
class TeamInfo:
    """A team as described by its ``team.json``."""

    team_id: str
    name: str
    folder: Path
    kdf: dict[str, Any]
    check: str
    version: int = TEAM_VERSION

    @property
    def devices(self) -> Path:
        return self.folder / DEVICES


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def read_team_file(path: Path) -> TeamInfo:
    """Parse a ``team.json``; a TeamError says what is wrong with it."""
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise FolderUnreachable(f"{path} is missing.") from None
    except OSError as exc:
        raise FolderUnreachable(f"{path} cannot be read ({exc.strerror or exc}).") from None
    except ValueError:
        raise TeamError(f"{path} is damaged (not valid JSON).") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise TeamError(f"{path} is not a Partner Desk team file.")
    if raw.get("version") not in (1, TEAM_VERSION):
        raise TeamError(
            f"{path} was written by a newer Partner Desk (team format {raw.get('version')}); "
            "install the newer version."
        )
    try:
        kdf = dict(raw["kdf"])
        base64.b64decode(kdf["salt"], validate=True)
        for name in ("iterations", "memory_kib", "lanes"):
            int(kdf[name])
        return TeamInfo(
            str(raw["team_id"]), str(raw["name"]), path.parent, kdf, raw["check"], raw["version"]
        )
    except (KeyError, TypeError, ValueError):
        raise TeamError(f"{path} is damaged (missing or invalid fields).") from None


def find_teams(folder: Path) -> list[TeamInfo]:
    """Teams under ``folder``: the shared folder, its PartnerDesk folder, or a team folder."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise TeamError(
            f"The folder {folder} does not exist or cannot be reached. Choose the folder "
            "your sync service shares (OneDrive, SharePoint, Dropbox, Syncthing, a file share)."
        )
    if (folder / TEAM_FILE).is_file():
        return [read_team_file(folder / TEAM_FILE)]
    root = folder if folder.name == ROOT_NAME else folder / ROOT_NAME
    files = sorted(root.glob(f"*/{TEAM_FILE}")) if root.is_dir() else []
    return [read_team_file(path) for path in files]


def current_team(store: Store) -> SyncTeam | None:
    """This profile's team, or None."""
    with store.session() as session:
        return session.scalars(select(SyncTeam)).first()


def require_team(store: Store) -> SyncTeam:
    """This profile's team; NotInTeam tells the user how to set one up."""
    team = current_team(store)
    if team is None:
        raise NotInTeam(
            "This profile is not in a team yet. Create one with `partnerdesk team create "
            "--folder DIR --name NAME`, or ask to join one with `partnerdesk team join "
            "--folder DIR --as EMAIL`."
        )
    return team


def team_key(team: SyncTeam) -> bytes:
    """The invite key kept in the profile (derived from the team passphrase)."""
    return bytes.fromhex(team.team_key)


def device_keys(team: SyncTeam) -> DeviceKeys:
    """This device's private keys for ``team``."""
    return DeviceKeys.from_hex(team.sign_key, team.box_key)


def check_folder(team: SyncTeam) -> TeamInfo:
    """The team's folder, verified reachable and still holding this team with this key."""
    folder = Path(team.folder)
    info = read_team_file(folder / TEAM_FILE)
    if info.team_id != team.team_id or not hmac.compare_digest(
        info.check, key_check(team_key(team))
    ):
        raise TeamError(
            f"{folder / TEAM_FILE} now describes another team; the folder was replaced. "
            "Leave it (`partnerdesk team leave`) and ask to join the new one."
        )
    return info


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise TeamError(
            f"Choose a team passphrase of at least {MIN_PASSPHRASE} characters, and share "
            "it with the other reps in person, not through the shared folder."
        )


def _email(store: Store, email: str | None) -> str:
    """Whom this device speaks for: ``email``, else the profile's own rep."""
    from partnerdesk.core.me import get_me

    if not email:
        me = get_me(store)
        email = me.email if me is not None else ""
    email = (email or "").strip().lower()
    if not EMAIL.match(email):
        raise TeamError(
            "Say whom this computer speaks for with --as EMAIL (your work email); the "
            "team's admin sees it with this computer's fingerprint before approving."
        )
    return email


def _save(
    store: Store, info: TeamInfo, invite_key: bytes, keys: DeviceKeys, email: str, root: dict
) -> SyncTeam:
    with store.transaction() as session:
        existing = session.scalars(select(SyncTeam)).first()
        if existing is not None:
            raise TeamError(
                f"This profile already syncs with the team {existing.name!r}; a profile "
                "belongs to one team. Leave it first with `partnerdesk team leave`."
            )
        sign_hex, box_hex = keys.to_hex()
        team = SyncTeam(
            team_id=info.team_id,
            joined_at=utcnow(),
            name=info.name,
            folder=str(info.folder.resolve()),
            team_key=invite_key.hex(),
            sign_key=sign_hex,
            box_key=box_hex,
            email=email,
            root_hash=entry_hash(root),
        )
        session.add(team)
        session.flush()
        keep_entry(session, root, keys, store.device_id)
    return team


def _this_device(store: Store, keys: DeviceKeys, email: str) -> dict[str, str]:
    from partnerdesk.core.sync.outbox import device_name

    return device_record(keys, store.device_id, email, device_name(store))


def create_team(
    store: Store,
    shared: Path,
    name: str,
    passphrase: str,
    kdf: dict[str, Any] | None = None,
    email: str | None = None,
) -> SyncTeam:
    """Create a team in the shared folder; this device is its first admin."""
    name = name.strip()
    if not name:
        raise TeamError("Give the team a name, e.g. --name 'People Partners'.")
    _check_passphrase(passphrase)
    shared = Path(shared).expanduser()
    if not shared.is_dir():
        raise TeamError(
            f"The folder {shared} does not exist. Choose the folder your sync service "
            "shares (OneDrive, SharePoint, Dropbox, Syncthing, a file share)."
        )
    team = current_team(store)
    if team is not None:
        raise TeamError(
            f"This profile already syncs with the team {team.name!r}. Leave it first with "
            "`partnerdesk team leave`."
        )
    email = _email(store, email)
    params = {**(kdf or DEFAULT_KDF), "salt": _b64(os.urandom(16))}
    key = derive_key(passphrase, base64.b64decode(params["salt"]), params)
    team_id = uuid.uuid4().hex
    folder = shared / ROOT_NAME / team_id
    keys = DeviceKeys.generate()
    root = genesis(team_id, name, _this_device(store, keys, email), keys, key, os.urandom(32))
    record = {
        "format": FORMAT,
        "version": TEAM_VERSION,
        "team_id": team_id,
        "name": name,
        "created": utcnow().isoformat(timespec="seconds"),
        "kdf": params,
        "check": key_check(key),
    }
    try:
        (folder / DEVICES / store.device_id).mkdir(parents=True, exist_ok=False)
        atomic_write_bytes(entry_path(folder, root), canonical(root), 0o644)
        atomic_write_bytes(folder / TEAM_FILE, json.dumps(record, indent=2).encode(), 0o644)
    except OSError as exc:
        raise TeamError(f"Cannot create the team in {shared}: {exc.strerror or exc}.") from None
    info = TeamInfo(team_id, name, folder, params, record["check"])
    return _save(store, info, key, keys, email, root)


def join_team(
    store: Store,
    folder: Path,
    passphrase: str,
    team_id: str | None = None,
    email: str | None = None,
) -> SyncTeam:
    """Ask to join the team found in ``folder``: a request an admin approves.

    Joining the same team again (its folder moved) only records the new place.
    """
    teams = find_teams(folder)
    if team_id:
        teams = [t for t in teams if t.team_id.startswith(team_id)]
    if not teams:
        raise TeamError(
            f"No Partner Desk team was found in {folder}. Check that the folder has finished "
            "syncing, or ask the team's creator which folder they chose."
        )
    if len(teams) > 1:
        names = ", ".join(f"{t.name!r} ({t.team_id[:8]})" for t in teams)
        raise TeamError(f"{folder} holds several teams: {names}. Choose one with --team ID.")
    info = teams[0]
    if info.version != TEAM_VERSION:
        raise TeamError(
            f"The team {info.name!r} was made by an older Partner Desk; its HR lead (or "
            "creator) runs `partnerdesk team upgrade` first, then ask to join again."
        )
    key = derive_key(passphrase, base64.b64decode(info.kdf["salt"]), info.kdf)
    if not hmac.compare_digest(key_check(key), info.check):
        raise TeamError(
            f"The team passphrase for {info.name!r} is wrong. Ask the team's creator for it."
        )
    existing = current_team(store)
    if existing is not None and existing.team_id == info.team_id:
        with store.transaction() as session:
            session.get(SyncTeam, existing.team_id).folder = str(info.folder.resolve())
        return current_team(store)
    if existing is not None:
        raise TeamError(
            f"This profile already syncs with the team {existing.name!r}; a profile "
            "belongs to one team. Leave it first with `partnerdesk team leave`."
        )
    email = _email(store, email)
    root = _pinned_root(info, key)
    keys = DeviceKeys.generate()
    team = _save(store, info, key, keys, email, root)
    try:
        info.devices.joinpath(store.device_id).mkdir(parents=True, exist_ok=True)
        write_request(info.folder, info.team_id, _this_device(store, keys, email), keys, key)
    except OSError as exc:
        forget_team(store)
        raise TeamError(f"Cannot write the request to join: {exc.strerror or exc}.") from None
    return team


def _pinned_root(info: TeamInfo, invite_key: bytes) -> dict[str, Any]:
    """The team's first log entry, verified with the invite key (it is pinned from now on)."""
    valid = []
    for path in folder_entries(info.folder).get(0, []):
        try:
            entry = read_entry(path)
            apply_entry(TeamState(info.team_id), entry, invite_key)
            valid.append(entry)
        except TrustError:
            continue
    if len({entry_hash(e) for e in valid}) != 1:
        raise TeamError(
            f"The team {info.name!r} has {'no' if not valid else 'more than one'} valid "
            "starting entry in its member list; the shared folder is incomplete or was "
            "tampered with. Ask the team's creator to check it."
        )
    return valid[0]


def forget_team(store: Store) -> None:
    """Drop this profile's team, its keys and its sync bookkeeping (records stay)."""
    with store.transaction() as session:
        for model in (
            SyncTeam,
            SyncEpochKey,
            SyncLogEntry,
            ImportedBundle,
            SyncDevice,
            HeldChange,
            OutboxMark,
            SyncProblem,
        ):
            session.execute(delete(model))
