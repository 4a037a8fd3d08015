"""One app per profile: a lock file in the profile, held while the app runs.

The app takes ``app.lock`` (an OS file lock: it goes away with the process, even after
a crash). A second app on the same profile finds it taken and hands over to the first
(ui/single.py brings its window to the front); CLI verbs that write refuse while it is
held, and nothing cleans a file the running app may be writing.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from partnerdesk.paths import ProfilePaths


def _lock_file(paths: ProfilePaths) -> Path:
    return paths.root / "app.lock"


class ProfileLock:
    """The running app's claim on one profile (released when the process ends)."""

    def __init__(self, paths: ProfilePaths) -> None:
        self.paths = paths
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        self.paths.ensure()
        fd = os.open(_lock_file(self.paths), os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the lock
            self._fd = None


def app_has_profile(paths: ProfilePaths) -> bool:
    """True while a running app in another process holds ``paths``' lock."""
    lock = _lock_file(paths)
    if not lock.exists():
        return False
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        if os.read(fd, 32).strip() == str(os.getpid()).encode():
            return False  # this very process is the app
        return not _try_lock(fd)
    finally:
        os.close(fd)  # a lock taken just to look is dropped with the descriptor


def server_name(paths: ProfilePaths) -> str:
    """The local-socket name of the app running on ``paths`` (short, per user and profile)."""
    digest = hashlib.sha256(str(paths.root.resolve()).encode()).hexdigest()[:16]
    return f"partnerdesk-{digest}"


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
