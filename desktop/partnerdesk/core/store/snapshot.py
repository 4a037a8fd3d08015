"""An encrypted snapshot of what the Today view showed when the store last closed.

Before the first query can run, a start has to load SQLAlchemy and open the store, which
takes about 0.6 s on a two-core laptop. The snapshot lets the app show Today as soon as
the key is known, and refresh it from the store once the store is open.

A snapshot is used only when it cannot differ from what the store would show:

- the database is the file that was closed: same size, inode, modification and change
  times, and no write-ahead log (nothing has written to it since: not the app, the
  command line or a restore). Opening the store for writing also deletes the snapshot;
- the settings file is unchanged, and so is the locale that formats dates;
- it is the same month (Today's lists are the month's; what depends on the day is
  worked out when it is shown);
- the same version of Partner Desk, with the same layout of Today, wrote it.

Its content is encrypted with AES-256-GCM under a key derived from the data key, so it
is no more readable than the database. The header (the months, the version and the
files' sizes and times) is in clear text, so a start can check it before the key is
derived, and it is authenticated with the content: a changed header does not open.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import locale
import logging
import os
from pathlib import Path
from typing import Any

from partnerdesk import __version__
from partnerdesk.core import clock
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.paths import ProfilePaths

log = logging.getLogger(__name__)

MAGIC = b"PDSNAP2\n"
NONCE_BYTES = 12


def _snapshot_key(key: bytes) -> bytes:
    """The snapshot's own key: the data key is not used for two purposes."""
    return hmac.new(key, b"partnerdesk today snapshot v1", hashlib.sha256).digest()


def _file_state(path: Path) -> list[int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_size, info.st_ino, info.st_dev, info.st_mtime_ns, info.st_ctime_ns]


def _database_state(database: Path) -> list[int] | None:
    """What identifies the database file as it is now; None while it has a write-ahead
    log (it is open somewhere, or was not closed cleanly) or is missing."""
    wal = database.with_name(database.name + "-wal")
    with contextlib.suppress(OSError):
        if wal.stat().st_size:
            return None
    return _file_state(database)


def _months() -> list[str]:
    """This month on the user's calendar (Today's lists use it)."""
    return [f"{clock.today():%Y-%m}"]


def _header(paths: ProfilePaths, layout: str) -> bytes | None:
    state = _database_state(paths.database)
    if state is None:
        return None
    fields = {
        "database": state,
        "settings": _file_state(paths.settings_file),
        "locale": locale.setlocale(locale.LC_TIME),
        "months": _months(),
        "version": __version__,
        "layout": layout,
    }
    return json.dumps(fields, sort_keys=True).encode() + b"\n"


def write_snapshot(paths: ProfilePaths, layout: str, key: bytes, content: Any) -> bool:
    """Seal ``content`` (JSON-able) for the next start; call once the store is closed.

    ``layout`` names the shape of ``content`` (a start with another layout ignores it).
    Returns whether it was written. It is a convenience: a failure to write it (a full
    disk) is logged and otherwise ignored, and any older snapshot is removed."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header, path = _header(paths, layout), paths.today_snapshot
    try:
        if header is None:
            discard_snapshot(paths)
            return False
        nonce = os.urandom(NONCE_BYTES)
        plain = json.dumps(content, separators=(",", ":")).encode()
        sealed = AESGCM(_snapshot_key(key)).encrypt(nonce, plain, header)
        atomic_write_bytes(path, MAGIC + header + nonce + sealed)
    except OSError as exc:
        log.warning("The Today snapshot was not written (%s); the next start reads the store.", exc)
        discard_snapshot(paths)
        return False
    return True


def discard_snapshot(paths: ProfilePaths) -> None:
    """Remove the snapshot (where it cannot be removed, it no longer matches anyway)."""
    with contextlib.suppress(OSError):
        paths.today_snapshot.unlink(missing_ok=True)


class Snapshot:
    """A snapshot file whose header matches the files and the month (not yet opened)."""

    def __init__(self, paths: ProfilePaths, layout: str) -> None:
        self.sources = (paths, layout)
        self.header = _header(paths, layout)
        raw = b""
        if self.header is not None:
            with contextlib.suppress(OSError):
                raw = paths.today_snapshot.read_bytes()
        prefix = MAGIC + (self.header or b"")
        self.sealed = raw[len(prefix) :] if raw.startswith(prefix) else b""

    @classmethod
    def current(cls, paths: ProfilePaths, layout: str) -> Snapshot | None:
        """The profile's snapshot if it still holds (no key needed, nothing decrypted);
        None if there is none or it is out of date."""
        found = cls(paths, layout)
        return found if found.sealed else None

    def holds(self) -> bool:
        """Whether the files and the month are still as the snapshot was written."""
        return _header(*self.sources) == self.header

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
