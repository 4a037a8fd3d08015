"""The bundle file: one immutable, encrypted batch of changes from one device.

Layout::

    MAGIC (8) | format version (u16) | header length (u32) | header (JSON) | ciphertext
    | Ed25519 signature (64) of everything before it

The header is readable without the key (team, device, sequence number, the previous
bundle's hash, the key epoch, the nonce) and is bound to the ciphertext as associated
data. The changes are zlib-compressed JSON sealed with ChaCha20-Poly1305 under the
team's content key of that epoch; the device signs the whole file, so a reader knows
which member device wrote it (the membership log holds the device's public key).

Bundles live at ``devices/<device-id>/<seq>.pdsync`` and are written under a temp name,
fsynced and renamed; readers only look at final names.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.sync.identity import DeviceKeys, TrustError, verify

MAGIC = b"PDSYNC\r\n"
FORMAT_VERSION = 2
_SIG_BYTES = 64
SUFFIX = ".pdsync"
_PREFIX = struct.Struct(">8sHI")
_TAG_BYTES = 16
#: Refuse absurd files before reading them into memory.
MAX_BUNDLE_BYTES = 128 * 1024 * 1024
#: The hard cap on a bundle's changes once inflated (a writer splits bigger outboxes).
MAX_PAYLOAD_BYTES = 256 * 1024 * 1024
#: What a writer puts in one bundle at most, well under the cap above.
SPLIT_PAYLOAD_BYTES = 32 * 1024 * 1024
#: The clear header is a handful of short fields.
MAX_HEADER_BYTES = 4096
#: Sequence numbers: at least ten ASCII digits, as wide as they grow (up to 2**62).
MAX_SEQ = 2**62
BUNDLE_NAME = re.compile(r"^([0-9]{10,19})\.pdsync$", re.ASCII)
#: A sync service's duplicate of a bundle ("0000000003 (conflicted copy).pdsync", ...).
DUPLICATE_NAME = re.compile(r"^([0-9]{10,19})[^.0-9][^/]*\.pdsync$", re.ASCII)
_HEADER_KEYS = ("team", "device", "seq", "prev", "created", "nonce", "epoch", "base")
_NUMBERS = ("seq", "epoch")
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
    epoch: int
    #: A checkpoint replaces this device's bundles up to ``base`` (0: an ordinary bundle).
    base: int


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


def seq_of(name: str, pattern: re.Pattern[str] = BUNDLE_NAME) -> int | None:
    """The sequence number a file name stands for (None: not a bundle name, or not canonical)."""
    match = pattern.match(name)
    if match is None:
        return None
    seq = int(match.group(1))
    if not 0 < seq < MAX_SEQ or match.group(1) != bundle_name(seq)[: -len(SUFFIX)]:
        return None
    return seq


def json_depth(text: str) -> int:
    """How deeply ``text``'s JSON arrays and objects nest (strings are skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def read_file(path: Path, limit: int = MAX_BUNDLE_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (never through a link), at most ``limit``.

    A link, folder, FIFO or device raises BundleError naming it; so does a file over the
    limit. Other OSErrors (the folder went away) pass through.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise BundleError(not_a_file(path, info.st_mode))
    if info.st_size > limit:
        raise BundleError(f"{path} is too large to be a bundle ({info.st_size} bytes); skipped.")
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise BundleError(not_a_file(path, os.fstat(fd).st_mode))
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > limit:
        raise BundleError(f"{path} is too large to be a bundle; it was skipped.")
    return b"".join(chunks)


def not_a_file(path: Path | str, mode: int) -> str:
    """The problem line for something named like a bundle that is not a regular file."""
    what = (
        "a link"
        if stat.S_ISLNK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "a pipe or a device"
    )
    return (
        f"{path} is {what}, not a bundle; it was skipped and the rest of the sync went on. "
        "Someone with access to the shared folder put it there: remove it."
    )


@dataclass(frozen=True)
class Sealer:
    """Who seals: the device's signing key, and the content key of the current epoch."""

    keys: DeviceKeys
    key: bytes
    epoch: int
    team: str
    device: str


def seal(sealer: Sealer, seq: int, prev: str, payload: dict, base: int = 0) -> bytes:
    """The bytes of a new signed bundle holding ``payload`` (a checkpoint when ``base``)."""
    nonce = os.urandom(12)
    header = {
        "team": sealer.team,
        "device": sealer.device,
        "seq": seq,
        "prev": prev,
        "created": utcnow().isoformat(timespec="seconds"),
        "nonce": nonce.hex(),
        "epoch": sealer.epoch,
        "base": base,
    }
    header_bytes = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    prefix = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(header_bytes)) + header_bytes
    plain = zlib.compress(
        json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode(), 1
    )
    body = prefix + ChaCha20Poly1305(sealer.key).encrypt(nonce, plain, prefix)
    return body + sealer.keys.signature(body)


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
    if version == 1:
        raise BundleError(
            f"{name} was written before this team used signed bundles (an older Partner "
            "Desk); it was skipped. Its owner installs this version and joins again."
        )
    if version != FORMAT_VERSION:
        raise BundleError(
            f"{name} uses bundle format {version}, which this Partner Desk does not know; "
            "install the newer Partner Desk on this computer."
        )
    if header_len > MAX_HEADER_BYTES:
        raise BundleError(f"{name} has a damaged header (too long); it was skipped.")
    start = _PREFIX.size + header_len
    if start + _TAG_BYTES + _SIG_BYTES > len(data):
        raise BundleError(f"{name} is truncated or damaged (header runs past the end). {RETRY}")
    try:
        text = data[_PREFIX.size : start].decode("utf-8")
        if json_depth(text) > 1:
            raise ValueError("nested header")
        raw = json.loads(text)
        if not isinstance(raw, dict) or set(raw) != set(_HEADER_KEYS):
            raise ValueError("unexpected fields")
        if not all(isinstance(raw[k], str) for k in _HEADER_KEYS if k not in (*_NUMBERS, "base")):
            raise ValueError("not text")
        if any(type(raw[k]) is not int or not 0 < raw[k] < MAX_SEQ for k in _NUMBERS):
            raise ValueError("bad number")
        if type(raw["base"]) is not int or not 0 <= raw["base"] < raw["seq"]:
            raise ValueError("bad base")
        header = Header(**{k: raw[k] for k in _HEADER_KEYS})
        nonce = bytes.fromhex(header.nonce)
        if len(nonce) != 12:
            raise ValueError("bad nonce")
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError):
        raise BundleError(f"{name} has a damaged header. {RETRY}") from None
    return header, start


def open_bundle(
    data: bytes,
    name: str,
    team: str,
    device: str,
    seq: int,
    sign_pub: str,
    keys: dict[int, bytes],
) -> Bundle:
    """Verify and decrypt a bundle read from ``devices/<device>/<seq>.pdsync``.

    ``sign_pub`` is the device's key from the membership log; ``keys`` the content keys
    this device holds, by epoch.
    """
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
    body, signature = data[:-_SIG_BYTES], data[-_SIG_BYTES:]
    try:
        verify(sign_pub, signature, body)
    except TrustError:
        raise BundleError(
            f"{name} is not signed by the laptop whose folder it is in: it was forged or "
            f"damaged (the sync service may still be copying it). {RETRY}"
        ) from None
    key = keys.get(header.epoch)
    if key is None:
        raise BundleError(
            f"{name} is sealed with a team key this computer was not given (key "
            f"{header.epoch}); it was skipped. If this computer was removed from the team, "
            "an admin approves it again."
        )
    try:
        plain = ChaCha20Poly1305(key).decrypt(
            bytes.fromhex(header.nonce), body[start:], body[:start]
        )
    except InvalidTag:
        raise BundleError(
            f"{name} cannot be opened with this team's key: it is damaged. It was skipped; "
            "nothing from it was applied."
        ) from None
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(plain, MAX_PAYLOAD_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("payload too large or cut short")
        payload = json.loads(raw)
        if not isinstance(payload, dict) or not isinstance(payload.get("changes"), dict):
            raise ValueError("no changes")
    except (ValueError, zlib.error, RecursionError):
        raise BundleError(
            f"{name} holds unreadable changes (damaged, nested too deeply or larger than "
            f"{MAX_PAYLOAD_BYTES // (1 << 20)} MB once unpacked); it was skipped."
        ) from None
    return Bundle(header, payload, sha256_hex(data), len(data))
