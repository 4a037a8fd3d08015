"""The team's membership log: a hash-chained, signed list of who may read and write.

``<team>/log/<index>-<hash>.pdlog`` holds one entry each. Entry 0 is written by the
team's creator: it names the creator's device (the first admin), the first content key
wrapped to it, and carries a MAC under the passphrase-derived invite key, so a folder
writer without the passphrase cannot start a fake team. Every later entry names the
hash of the one before and is signed by a device that is an admin at that point:

- ``add``: a device (its email, name, public keys), with every content key wrapped to it;
- ``role``: an email becomes admin or member;
- ``remove``: devices leave; a new epoch starts whose key is wrapped to every remaining
  device, and a *cut* says up to which bundle number each removed device is still trusted.

A reader verifies the chain from entry 0, whose hash it pinned when it joined, and keeps
the verified entries in its own database: a folder writer can neither forge, reorder,
nor roll back the log (an entry missing from the folder is written back).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.store.engine import Store, StoreSession
from partnerdesk.core.store.models import SyncEpochKey, SyncLogEntry
from partnerdesk.core.sync.bundle import BundleError, json_depth, read_file
from partnerdesk.core.sync.identity import (
    DeviceKeys,
    TrustError,
    b64,
    fingerprint,
    unb64,
    verify,
    wrap,
)

LOG = "log"
REQUESTS = "requests"
MAX_ENTRY_BYTES = 1 << 20
MAX_DEPTH = 6
ROLES = ("admin", "member")
DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$", re.ASCII)
EMAIL = re.compile(r"^[^@\s]{1,200}@[^@\s]{1,120}$")
ENTRY_NAME = re.compile(r"^([0-9]{10})-([0-9a-f]{16})\.pdlog$", re.ASCII)


def canonical(obj: Any) -> bytes:
    """The bytes that are hashed, signed and MACed: sorted keys, no spaces, ASCII."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def entry_hash(entry: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def invite_mac(invite_key: bytes, body: dict[str, Any]) -> str:
    """Proof that whoever wrote ``body`` knows the team passphrase."""
    return hmac.new(invite_key, b"partnerdesk invite|" + canonical(body), "sha256").hexdigest()


@dataclass(frozen=True)
class Device:
    """A device in the log: whose it is, its public keys, and whether it was removed."""

    device_id: str
    email: str
    name: str
    sign_pub: str
    box_pub: str
    removed: bool = False
    cut: int | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_pub, self.box_pub)


@dataclass
class TeamState:
    """The team as the verified log says it is now."""

    team_id: str
    name: str = ""
    head_idx: int = -1
    head_hash: str = ""
    epoch: int = 0
    roles: dict[str, str] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)

    def device(self, device_id: str) -> Device | None:
        """The device if it is a member now (not removed)."""
        found = self.devices.get(device_id)
        return found if found is not None and not found.removed else None

    def is_admin(self, device_id: str) -> bool:
        found = self.device(device_id)
        return found is not None and self.roles.get(found.email) == "admin"

    def trusts(self, device_id: str, seq: int) -> bool:
        """May a bundle ``seq`` of ``device_id`` be read: a member, or removed after it."""
        found = self.devices.get(device_id)
        if found is None:
            return False
        return not found.removed or (found.cut is not None and seq <= found.cut)

    def active(self) -> list[Device]:
        return [d for d in self.devices.values() if not d.removed]


def _text(value: Any, limit: int = 320) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise TrustError("a text field is missing or too long")
    return value


def parse_device(raw: Any) -> Device:
    if not isinstance(raw, dict):
        raise TrustError("no device")
    device_id, email = _text(raw.get("id"), 64), _text(raw.get("email")).lower()
    if not DEVICE_ID.match(device_id) or not EMAIL.match(email):
        raise TrustError("bad device id or email")
    unb64(raw.get("sign"), 32), unb64(raw.get("box"), 32)
    return Device(device_id, email, _text(raw.get("name"), 200), raw["sign"], raw["box"])


def device_record(keys: DeviceKeys, device_id: str, email: str, name: str) -> dict[str, str]:
    return {
        "id": device_id,
        "email": email.lower(),
        "name": name[:200],
        "sign": keys.sign_pub,
        "box": keys.box_pub,
    }


def _signed_body(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "sig"}


def apply_entry(state: TeamState, entry: Any, invite_key: bytes | None = None) -> TeamState:
    """``state`` after the verified ``entry``; TrustError when it may not follow ``state``.

    ``invite_key`` is needed for entry 0 only (its MAC proves the passphrase).
    """
    if not isinstance(entry, dict) or entry.get("v") != 1 or entry.get("team") != state.team_id:
        raise TrustError("not an entry of this team's log")
    if entry.get("i") != state.head_idx + 1 or entry.get("prev") != state.head_hash:
        raise TrustError("does not follow the log's last entry")
    signature = unb64(entry.get("sig"), 64)
    op, by = entry.get("op"), entry.get("by")
    new = replace(state, roles=dict(state.roles), devices=dict(state.devices))
    if op == "create":
        creator = parse_device(entry.get("device"))
        if state.head_idx != -1 or by != creator.device_id or invite_key is None:
            raise TrustError("a team start in the middle of the log")
        body = {k: v for k, v in _signed_body(entry).items() if k != "mac"}
        if not hmac.compare_digest(str(entry.get("mac")), invite_mac(invite_key, body)):
            raise TrustError("the team start was not written with the team passphrase")
        verify(creator.sign_pub, signature, canonical(_signed_body(entry)))
        new.name = _text(entry.get("name"), 200)
        new.devices[creator.device_id] = creator
        new.roles[creator.email] = "admin"
        new.epoch = _epoch(entry, 1)
    else:
        if not isinstance(by, str) or not state.is_admin(by):
            raise TrustError("not signed by an admin's device")
        verify(state.devices[by].sign_pub, signature, canonical(_signed_body(entry)))
        _apply_op(new, op, entry)
    new.head_idx, new.head_hash = entry["i"], entry_hash(entry)
    return new


def _epoch(entry: dict[str, Any], expected: int) -> int:
    if entry.get("epoch") != expected or not isinstance(entry.get("keys"), dict):
        raise TrustError("the key epoch does not follow")
    return expected


def _apply_op(new: TeamState, op: Any, entry: dict[str, Any]) -> None:
    if op == "add":
        device = parse_device(entry.get("device"))
        if device.device_id in new.devices or not isinstance(entry.get("keys"), dict):
            raise TrustError("that device is already in the log")
        new.devices[device.device_id] = device
        new.roles.setdefault(device.email, "member")
    elif op == "role":
        email, role = _text(entry.get("email")), entry.get("role")
        if email not in new.roles or role not in ROLES:
            raise TrustError("unknown member or role")
        new.roles[email] = role
        _keep_an_admin(new)
    elif op == "remove":
        gone, cut = entry.get("devices"), entry.get("cut")
        if not isinstance(gone, list) or not gone or not isinstance(cut, dict):
            raise TrustError("a removal without devices")
        for device_id in gone:
            device = new.device(device_id) if isinstance(device_id, str) else None
            seq = cut.get(device_id)
            if device is None or type(seq) is not int or seq < 0:
                raise TrustError("removes a device that is not a member")
            new.devices[device_id] = replace(device, removed=True, cut=seq)
        for email in list(new.roles):
            if not any(d.email == email for d in new.active()):
                del new.roles[email]
        _keep_an_admin(new)
        new.epoch = _epoch(entry, new.epoch + 1)
    else:
        raise TrustError("an unknown kind of entry")


def _keep_an_admin(state: TeamState) -> None:
    if not any(state.is_admin(d.device_id) for d in state.active()):
        raise TrustError("the team would have no admin left")


# -- the log in this profile and in the folder -----------------------------------------


def load_state(session: StoreSession, team_id: str) -> TeamState:
    """The state of the verified entries kept in this profile (verified when stored)."""
    return _stored(session, team_id)[0]


def _stored(
    session: StoreSession, team_id: str
) -> tuple[TeamState, list[tuple[dict[str, Any], str]]]:
    """The state of the stored entries, and each entry with its hash (kept beside it).

    One pass that changes a single state in place: linear in the log's length (a team
    of 500 computers has 500 entries, read at every sync).
    """
    state = TeamState(team_id)
    entries = []
    rows = session.execute(select(SyncLogEntry.body, SyncLogEntry.hash).order_by(SyncLogEntry.idx))
    for body, digest in rows:
        entry = json.loads(body)
        _replay(state, entry, digest)
        entries.append((entry, digest))
    return state, entries


def _replay(state: TeamState, entry: dict[str, Any], digest: str) -> None:
    """Apply a stored entry again (its signature was verified before it was stored)."""
    if entry["op"] == "create":
        creator = parse_device(entry["device"])
        state.name, state.epoch = entry["name"], 1
        state.devices[creator.device_id] = creator
        state.roles[creator.email] = "admin"
    else:
        _apply_op(state, entry["op"], entry)
    state.head_idx, state.head_hash = entry["i"], digest


def _entry_name(index: int, digest: str) -> str:
    return f"{index:010d}-{digest[:16]}.pdlog"


def entry_path(folder: Path, entry: dict[str, Any]) -> Path:
    return folder / LOG / _entry_name(entry["i"], entry_hash(entry))


def keep_entry(session: StoreSession, entry: dict[str, Any], keys: DeviceKeys, me: str) -> None:
    """Store a verified entry, and the content keys it wraps to this device."""
    session.add(
        SyncLogEntry(idx=entry["i"], hash=entry_hash(entry), body=canonical(entry).decode())
    )
    wrapped = entry.get("keys", {}).get(me) if isinstance(entry.get("keys"), dict) else None
    if not isinstance(wrapped, dict):
        return
    context = f"{entry['team']}|{me}|{entry['i']}".encode()
    try:
        epochs = json.loads(keys.unwrap(wrapped, context))
        for epoch, key in epochs.items():
            if session.get(SyncEpochKey, int(epoch)) is None:
                session.add(SyncEpochKey(epoch=int(epoch), key=bytes.fromhex(key).hex()))
    except (TrustError, ValueError, TypeError, AttributeError):
        raise TrustError("a key wrapped to this device does not open") from None


def epoch_keys(session: StoreSession) -> dict[int, bytes]:
    return {row.epoch: bytes.fromhex(row.key) for row in session.scalars(select(SyncEpochKey))}


def read_entry(path: Path) -> dict[str, Any]:
    """One log file, bounded and depth-checked; TrustError when it is not an entry."""
    try:
        text = read_file(path, MAX_ENTRY_BYTES).decode("utf-8")
        if json_depth(text) > MAX_DEPTH:
            raise TrustError("nested too deeply")
        entry = json.loads(text)
    except (BundleError, UnicodeDecodeError, ValueError, RecursionError):
        raise TrustError("not a log entry") from None
    if not isinstance(entry, dict):
        raise TrustError("not a log entry")
    return entry


def folder_entries(folder: Path) -> dict[int, list[Path]]:
    """Log files by index (names only; nothing is trusted yet)."""
    found: dict[int, list[Path]] = {}
    log = folder / LOG
    if not log.is_dir():
        return found
    with os.scandir(log) as entries:
        for item in entries:
            match = ENTRY_NAME.match(item.name)
            if match:
                found.setdefault(int(match.group(1)), []).append(Path(item.path))
    return found


@dataclass
class LogRefresh:
    """What reading the folder's log did: the state, and what was wrong on the way."""

    state: TeamState
    problems: list[str] = field(default_factory=list)


def refresh(store: Store, folder: Path, team_id: str, keys: DeviceKeys) -> LogRefresh:
    """Extend this profile's verified log with the folder's new entries; heal gaps."""
    with store.session() as session:
        state, stored = _stored(session, team_id)
    result = LogRefresh(state)
    files = folder_entries(folder)
    if (folder / LOG).is_dir():  # written back when missing: the folder cannot roll it back
        for entry, digest in stored:
            name = _entry_name(entry["i"], digest)
            if all(path.name != name for path in files.get(entry["i"], ())):
                atomic_write_bytes(folder / LOG / name, canonical(entry), 0o644)
    while True:
        candidates = []
        for path in files.get(result.state.head_idx + 1, []):
            try:
                entry = read_entry(path)
                candidates.append((entry_hash(entry), entry, apply_entry(result.state, entry)))
            except TrustError as exc:
                result.problems.append(
                    f"{path} is not a valid entry of the team's member list ({exc}); it was "
                    "ignored. Someone with access to the shared folder may have put it there."
                )
        if not candidates:
            return result
        _digest, entry, state = min(candidates, key=lambda c: c[0])
        with store.transaction() as session:
            keep_entry(session, entry, keys, store.device_id)
        result.state = state


def append(
    store: Store, folder: Path, state: TeamState, signer: DeviceKeys, op: str, **fields: Any
) -> TeamState:
    """Sign and write the next entry (this device must be an admin); returns the new state."""
    entry = {
        "v": 1,
        "team": state.team_id,
        "i": state.head_idx + 1,
        "prev": state.head_hash,
        "at": utcnow().isoformat(timespec="seconds"),
        "by": store.device_id,
        "op": op,
        **fields,
    }
    entry["sig"] = b64(signer.signature(canonical(entry)))
    new = apply_entry(state, entry)
    atomic_write_bytes(entry_path(folder, entry), canonical(entry), 0o644)
    with store.transaction() as session:
        keep_entry(session, entry, signer, store.device_id)
    return new


def genesis(
    team_id: str,
    name: str,
    device: dict[str, str],
    keys: DeviceKeys,
    invite_key: bytes,
    content_key: bytes,
) -> dict[str, Any]:
    """Entry 0 of a new team's log, signed by its creator and MACed with the invite key."""
    entry = {
        "v": 1,
        "team": team_id,
        "i": 0,
        "prev": "",
        "at": utcnow().isoformat(timespec="seconds"),
        "by": device["id"],
        "op": "create",
        "name": name,
        "device": device,
        "epoch": 1,
        "keys": {
            device["id"]: wrap_epochs(device["box"], team_id, device["id"], 0, {1: content_key})
        },
    }
    entry["mac"] = invite_mac(invite_key, entry)
    entry["sig"] = b64(keys.signature(canonical(entry)))
    return entry


def wrap_epochs(
    box_pub: str, team_id: str, device_id: str, index: int, epochs: dict[int, bytes]
) -> dict[str, str]:
    """Content keys of ``epochs`` wrapped to one device, bound to a log entry."""
    secret = json.dumps({str(e): k.hex() for e, k in epochs.items()}).encode()
    return wrap(box_pub, secret, f"{team_id}|{device_id}|{index}".encode())
