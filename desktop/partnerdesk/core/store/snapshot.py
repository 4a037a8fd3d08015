"""An encrypted snapshot of what the Today view showed when the store last closed.

Before the first query can run, a start has to load SQLAlchemy and open the store, which
takes about 0.6 s on a two-core laptop. The snapshot lets the app show Today as soon as
the key is known, and refresh it from the store once the store is open.

A snapshot is used only when it cannot differ from what the store would show:

- the database file is the one that was closed: same size, modification time and inode,
  and no write-ahead log (so nothing has written to it since: not the app, the command
  line or a restore);
- it is the same day;
- the same version of Partner Desk wrote it.

Its content is encrypted with AES-256-GCM under a key derived from the data key, so it
is no more readable than the database. The header (the day, the version and the
database's size and times) is in clear text, so a start can check it before the key is
derived, and it is authenticated with the content: a changed header does not open.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

from partnerdesk import __version__
from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import atomic_write_bytes

log = logging.getLogger(__name__)

MAGIC = b"PDSNAP1\n"
NONCE_BYTES = 12


def _snapshot_key(key: bytes) -> bytes:
    """The snapshot's own key: the data key is not used for two purposes."""
    return hmac.new(key, b"partnerdesk today snapshot v1", hashlib.sha256).digest()


def database_state(database: Path) -> list[int] | None:
    """The database file's size, modification time (ns) and inode; None while it has a
    write-ahead log (it is open somewhere, or was not closed cleanly) or is missing."""
    wal = database.with_name(database.name + "-wal")
    try:
        if wal.exists() and wal.stat().st_size:
            return None
        info = database.stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def _days() -> list[str]:
    """Today, local and in UTC (Today's texts use both)."""
    return [date.today().isoformat(), utcnow().date().isoformat()]


def _header(database: Path) -> bytes | None:
    state = database_state(database)
    if state is None:
        return None
    fields = {"days": _days(), "version": __version__, "database": state}
    return json.dumps(fields, sort_keys=True).encode() + b"\n"


def write_snapshot(path: Path, database: Path, key: bytes, content: Any) -> bool:
    """Seal ``content`` (JSON-able) for the next start; call once the store is closed.

    Returns whether it was written. It is a convenience: a failure to write it (a full
    disk) is logged and otherwise ignored, and any older snapshot is removed."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = _header(database)
    try:
        if header is None:
            discard_snapshot(path)
            return False
        nonce = os.urandom(NONCE_BYTES)
        plain = json.dumps(content, separators=(",", ":")).encode()
        sealed = AESGCM(_snapshot_key(key)).encrypt(nonce, plain, header)
        atomic_write_bytes(path, MAGIC + header + nonce + sealed)
    except OSError as exc:
        log.warning("The Today snapshot was not written (%s); the next start reads the store.", exc)
        discard_snapshot(path)
        return False
    return True


def discard_snapshot(path: Path) -> None:
    """Remove the snapshot (where it cannot be removed, it no longer matches anyway)."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


class Snapshot:
    """A snapshot file whose header matches the database and the day (not yet opened)."""

    def __init__(self, header: bytes, sealed: bytes) -> None:
        self.header = header
        self.sealed = sealed

    @classmethod
    def current(cls, path: Path, database: Path) -> Snapshot | None:
        """The snapshot at ``path`` if it is still true for ``database`` today (no key
        needed, nothing decrypted); None if there is none or it is out of date."""
        expected = _header(database)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        if expected is None or not raw.startswith(MAGIC + expected):
            return None
        return cls(expected, raw[len(MAGIC) + len(expected) :])

    def open(self, key: bytes) -> Any | None:
        """The content, or None if it does not open with ``key`` (another key, or the
        file was changed)."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce, sealed = self.sealed[:NONCE_BYTES], self.sealed[NONCE_BYTES:]
        try:
            plain = AESGCM(_snapshot_key(key)).decrypt(nonce, sealed, self.header)
            return json.loads(plain)
        except (InvalidTag, ValueError):
            log.warning("The Today snapshot did not open; Today is read from the store.")
            return None
