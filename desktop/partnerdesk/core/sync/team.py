"""Team setup: create or join a team through a shared folder, and find its key later.

``<shared>/PartnerDesk/<team-id>/team.json`` names the team and holds the Argon2id
parameters, the salt and a key check. Every member derives the same team key from the
team passphrase; nothing secret is written to the shared folder.

Where the team key is kept: in this profile's encrypted database (table ``sync_team``).
That database is opened only with the data key, which lives in the OS keyring or is
wrapped under the profile passphrase, so the team key is protected exactly like the
data key, a sync needs no second prompt, and profile backups keep it with the data it
protects. The team passphrase itself is never stored.
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

from sqlalchemy import select

from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.keys import DEFAULT_KDF, derive_key, key_check
from partnerdesk.core.store.models import SyncTeam

ROOT_NAME = "PartnerDesk"
TEAM_FILE = "team.json"
DEVICES = "devices"
FORMAT = "partnerdesk-team"
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
    if raw.get("version") != 1:
        raise TeamError(
            f"{path} was written by a newer Partner Desk (team format {raw.get('version')}); "
            "install the newer version."
        )
    try:
        kdf = dict(raw["kdf"])
        base64.b64decode(kdf["salt"], validate=True)
        for name in ("iterations", "memory_kib", "lanes"):
            int(kdf[name])
        return TeamInfo(str(raw["team_id"]), str(raw["name"]), path.parent, kdf, raw["check"])
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
            "--folder DIR --name NAME`, or join one with `partnerdesk team join --folder DIR`."
        )
    return team


def team_key(team: SyncTeam) -> bytes:
    """The team key kept in the profile."""
    return bytes.fromhex(team.team_key)


def check_folder(team: SyncTeam) -> TeamInfo:
    """The team's folder, verified reachable and still holding this team with this key."""
    folder = Path(team.folder)
    info = read_team_file(folder / TEAM_FILE)
    if info.team_id != team.team_id or not hmac.compare_digest(
        info.check, key_check(team_key(team))
    ):
        raise TeamError(
            f"{folder / TEAM_FILE} now describes another team; the folder was replaced. "
            "Join the team again with `partnerdesk team join --folder DIR`."
        )
    return info


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise TeamError(
            f"Choose a team passphrase of at least {MIN_PASSPHRASE} characters, and share "
            "it with the other reps in person, not through the shared folder."
        )


def _save(store: Store, info: TeamInfo, key: bytes) -> SyncTeam:
    with store.transaction() as session:
        existing = session.scalars(select(SyncTeam)).first()
        if existing is not None and existing.team_id != info.team_id:
            raise TeamError(
                f"This profile already syncs with the team {existing.name!r}; a profile "
                "belongs to one team."
            )
        if existing is None:
            existing = SyncTeam(team_id=info.team_id, joined_at=utcnow())
            session.add(existing)
        existing.name = info.name
        existing.folder = str(info.folder.resolve())
        existing.team_key = key.hex()
    info.devices.joinpath(store.device_id).mkdir(parents=True, exist_ok=True)
    return existing


def create_team(
    store: Store,
    shared: Path,
    name: str,
    passphrase: str,
    kdf: dict[str, Any] | None = None,
) -> SyncTeam:
    """Create a team in the shared folder and make this profile its first member."""
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
        raise TeamError(f"This profile already syncs with the team {team.name!r}.")
    params = {**(kdf or DEFAULT_KDF), "salt": _b64(os.urandom(16))}
    key = derive_key(passphrase, base64.b64decode(params["salt"]), params)
    team_id = uuid.uuid4().hex
    folder = shared / ROOT_NAME / team_id
    record = {
        "format": FORMAT,
        "version": 1,
        "team_id": team_id,
        "name": name,
        "created": utcnow().isoformat(timespec="seconds"),
        "kdf": params,
        "check": key_check(key),
    }
    try:
        (folder / DEVICES).mkdir(parents=True, exist_ok=False)
        atomic_write_bytes(folder / TEAM_FILE, json.dumps(record, indent=2).encode(), 0o644)
    except OSError as exc:
        raise TeamError(f"Cannot create the team in {shared}: {exc.strerror or exc}.") from None
    return _save(store, TeamInfo(team_id, name, folder, params, record["check"]), key)


def join_team(store: Store, folder: Path, passphrase: str, team_id: str | None = None) -> SyncTeam:
    """Join the team found in ``folder`` with its passphrase."""
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
    key = derive_key(passphrase, base64.b64decode(info.kdf["salt"]), info.kdf)
    if not hmac.compare_digest(key_check(key), info.check):
        raise TeamError(
            f"The team passphrase for {info.name!r} is wrong. Ask the team's creator for it."
        )
    return _save(store, info, key)
