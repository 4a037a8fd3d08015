"""Join requests: a device asks to join; an admin approves (or declines) it.

``<team>/requests/<device-id>.pdreq`` names the device, whom it speaks for and its
public keys. It carries a MAC under the passphrase-derived invite key (the team
passphrase only proves that the request comes from someone who was invited) and the
device's own signature. Nothing of the team's data is readable by the device until an
admin appends an ``add`` entry to the membership log, with the content keys wrapped to
the device's key.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.sync.bundle import BundleError, json_depth, read_file
from partnerdesk.core.sync.identity import DeviceKeys, TrustError, b64, unb64, verify
from partnerdesk.core.sync.membership import (
    DEVICE_ID,
    REQUESTS,
    Device,
    TeamState,
    canonical,
    invite_mac,
    parse_device,
)

SUFFIX = ".pdreq"
MAX_REQUEST_BYTES = 16 * 1024


@dataclass(frozen=True)
class JoinRequest:
    """A verified request to join: the device and when it asked."""

    device: Device
    at: str
    path: Path


def write_request(
    folder: Path, team_id: str, device: dict[str, str], keys: DeviceKeys, invite_key: bytes
) -> Path:
    """Ask to join: the request file, MACed with the invite key and signed by this device."""
    body: dict[str, Any] = {
        "v": 1,
        "team": team_id,
        "device": device,
        "at": utcnow().isoformat(timespec="seconds"),
    }
    body["mac"] = invite_mac(invite_key, body)
    body["sig"] = b64(keys.signature(canonical(body)))
    path = folder / REQUESTS / f"{device['id']}{SUFFIX}"
    atomic_write_bytes(path, canonical(body), 0o644)
    return path


def read_request(path: Path, team_id: str, invite_key: bytes) -> JoinRequest:
    """One request, verified; TrustError when it is not a genuine invited request."""
    try:
        text = read_file(path, MAX_REQUEST_BYTES).decode("utf-8")
        if json_depth(text) > 3:
            raise TrustError("nested too deeply")
        raw = json.loads(text)
    except (BundleError, UnicodeDecodeError, ValueError, RecursionError):
        raise TrustError("not a join request") from None
    if not isinstance(raw, dict) or raw.get("v") != 1 or raw.get("team") != team_id:
        raise TrustError("not a join request of this team")
    device = parse_device(raw.get("device"))
    if path.name != f"{device.device_id}{SUFFIX}":
        raise TrustError("a request under another device's name")
    body = {k: v for k, v in raw.items() if k not in ("mac", "sig")}
    if not hmac.compare_digest(str(raw.get("mac")), invite_mac(invite_key, body)):
        raise TrustError("not written with the team passphrase")
    signed = {k: v for k, v in raw.items() if k != "sig"}
    verify(device.sign_pub, unb64(raw.get("sig"), 64), canonical(signed))
    return JoinRequest(device, str(raw.get("at", ""))[:32], path)


def pending(
    folder: Path, state: TeamState, invite_key: bytes
) -> tuple[list[JoinRequest], list[str]]:
    """Requests of devices not in the log yet, and problems with files that are not."""
    found: list[JoinRequest] = []
    problems: list[str] = []
    where = folder / REQUESTS
    if not where.is_dir():
        return found, problems
    with os.scandir(where) as entries:
        names = sorted(e.name for e in entries if e.name.endswith(SUFFIX))
    for name in names:
        device_id = name[: -len(SUFFIX)]
        if not DEVICE_ID.match(device_id) or device_id in state.devices:
            continue
        try:
            found.append(read_request(where / name, state.team_id, invite_key))
        except (TrustError, OSError) as exc:
            problems.append(
                f"{where / name} is not a genuine request to join ({exc}); it was ignored."
            )
    return found, problems


def forget_request(folder: Path, device_id: str) -> None:
    """Remove a handled (approved or declined) request from the folder."""
    with contextlib.suppress(OSError):
        (folder / REQUESTS / f"{device_id}{SUFFIX}").unlink()
