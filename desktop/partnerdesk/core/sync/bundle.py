"""The bundle file: one immutable, encrypted batch of changes from one device.

Layout::

    MAGIC (8 bytes) | format version (u16) | header length (u32) | header (JSON) | ciphertext

The header is readable without the key (team, device, sequence number, the previous
bundle's hash, the nonce) and is bound to the ciphertext as associated data, so any
change to it, or to any other byte, makes the bundle fail to open. The changes are
zlib-compressed JSON sealed with ChaCha20-Poly1305 under the team key.

Bundles live at ``devices/<device-id>/<seq>.pdsync`` and are written under a temp name,
fsynced and renamed; readers only look at final names.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import atomic_write_bytes

MAGIC = b"PDSYNC\r\n"
FORMAT_VERSION = 1
SUFFIX = ".pdsync"
_PREFIX = struct.Struct(">8sHI")
_TAG_BYTES = 16
#: Refuse absurd files before reading them into memory.
MAX_BUNDLE_BYTES = 512 * 1024 * 1024
MAX_PAYLOAD_BYTES = 2 * 1024 * 1024 * 1024
#: A final bundle name: the zero-padded sequence number.
BUNDLE_NAME = re.compile(r"^(\d{10})\.pdsync$")
#: A sync service's duplicate of a bundle ("0000000003 (conflicted copy).pdsync", ...).
DUPLICATE_NAME = re.compile(r"^(\d{10})[^.\d][^/]*\.pdsync$")
_HEADER_KEYS = ("team", "device", "seq", "prev", "created", "nonce")
RETRY = (
    "It was skipped and nothing from it was applied; the next sync tries it again (the "
    "sync service may still be copying it). If it stays damaged, ask its owner to run "
    "`partnerdesk sync --resend-all` (or Team & Sync ▸ Send everything again)."
)


class BundleError(Exception):
    """A bundle that cannot be used; the message names the file and what to do."""


@dataclass(frozen=True)
class Header:
    """The clear part of a bundle."""

    team: str
    device: str
    seq: int
    prev: str
    created: str
    nonce: str


@dataclass(frozen=True)
class Bundle:
    """An opened, verified bundle: its header, its changes and the file's hash."""

    header: Header
    payload: dict[str, Any]
    sha256: str
    size: int


def bundle_name(seq: int) -> str:
    """The file name of sequence number ``seq``."""
    return f"{seq:010d}{SUFFIX}"


def seal(key: bytes, team: str, device: str, seq: int, prev: str, payload: dict) -> bytes:
    """The bytes of a new bundle holding ``payload``."""
    nonce = os.urandom(12)
    header = {
        "team": team,
        "device": device,
        "seq": seq,
        "prev": prev,
        "created": utcnow().isoformat(timespec="seconds"),
        "nonce": nonce.hex(),
    }
    header_bytes = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    prefix = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(header_bytes)) + header_bytes
    plain = zlib.compress(
        json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode(), 1
    )
    return prefix + ChaCha20Poly1305(key).encrypt(nonce, plain, prefix)


def write_bundle(folder: Path, seq: int, data: bytes) -> Path:
    """Write a sealed bundle durably under its final name (temp name, fsync, rename)."""
    path = folder / bundle_name(seq)
    if path.exists():
        raise FileExistsError(f"{path} already exists; bundles are never overwritten.")
    atomic_write_bytes(path, data, mode=0o644)
    return path


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_header(data: bytes, name: str) -> tuple[Header, int]:
    """Parse the clear header; returns it and where the ciphertext starts."""
    if len(data) < _PREFIX.size:
        raise BundleError(f"{name} is truncated ({len(data)} bytes). {RETRY}")
    magic, version, header_len = _PREFIX.unpack_from(data)
    if magic != MAGIC:
        raise BundleError(f"{name} is not a Partner Desk sync bundle; it was skipped.")
    if version != FORMAT_VERSION:
        raise BundleError(
            f"{name} uses bundle format {version}, which this Partner Desk does not know; "
            "install the newer Partner Desk on this computer."
        )
    start = _PREFIX.size + header_len
    if start + _TAG_BYTES > len(data):
        raise BundleError(f"{name} is truncated or damaged (header runs past the end). {RETRY}")
    try:
        raw = json.loads(data[_PREFIX.size : start].decode("utf-8"))
        if not isinstance(raw, dict) or set(raw) != set(_HEADER_KEYS):
            raise ValueError("unexpected fields")
        header = Header(
            team=str(raw["team"]),
            device=str(raw["device"]),
            seq=int(raw["seq"]),
            prev=str(raw["prev"]),
            created=str(raw["created"]),
            nonce=str(raw["nonce"]),
        )
        nonce = bytes.fromhex(header.nonce)
        if len(nonce) != 12:
            raise ValueError("bad nonce")
    except (ValueError, TypeError, UnicodeDecodeError):
        raise BundleError(f"{name} has a damaged header. {RETRY}") from None
    return header, start


def open_bundle(data: bytes, name: str, key: bytes, team: str, device: str, seq: int) -> Bundle:
    """Verify and decrypt a bundle read from ``devices/<device>/<seq>.pdsync``."""
    header, start = read_header(data, name)
    if header.team != team:
        raise BundleError(
            f"{name} belongs to another team ({header.team[:12]}), or its header was "
            "altered; it was skipped."
        )
    if header.device != device or header.seq != seq:
        raise BundleError(
            f"{name} does not match its place in the shared folder (its header says "
            f"device {header.device[:16]}, number {header.seq}); it was altered or moved, "
            "and was skipped."
        )
    try:
        plain = ChaCha20Poly1305(key).decrypt(
            bytes.fromhex(header.nonce), data[start:], data[:start]
        )
    except InvalidTag:
        raise BundleError(
            f"{name} cannot be opened with this team's key: it is damaged or incomplete "
            "(the sync service may still be copying it), or it was written with another "
            "team passphrase. It was skipped; nothing from it was applied."
        ) from None
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(plain, MAX_PAYLOAD_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError("payload too large")
        payload = json.loads(raw)
        if not isinstance(payload, dict) or not isinstance(payload.get("changes"), dict):
            raise ValueError("no changes")
    except (ValueError, zlib.error):
        raise BundleError(f"{name} holds unreadable changes; it was skipped.") from None
    return Bundle(header, payload, sha256_hex(data), len(data))
