"""Key material in memory: a mutable buffer that is wiped when the profile locks.

Python's ``bytes`` and ``str`` cannot be changed, so a key that passed through them
stays in memory until the allocator reuses the spot. The data key therefore lives in a
``bytearray`` (:class:`KeyBuffer`); the short-lived ``bytes``/``str`` copies that the
cryptography library and SQLCipher's ``PRAGMA key`` need are overwritten in place
right after use (:func:`wipe`, CPython only).
"""

from __future__ import annotations

import ctypes
import sys


def wipe(secret: bytes | bytearray | str | None) -> None:
    """Overwrite ``secret`` with zeros in place (immutable objects included, in CPython).

    Only objects the caller owns may be wiped: an immutable one shared elsewhere would
    change under its other users. One-character objects are CPython singletons and are
    left alone.
    """
    if secret is None or len(secret) <= 1:
        return
    if isinstance(secret, bytearray):
        secret[:] = bytes(len(secret))
        return
    if sys.implementation.name != "cpython":
        return
    if isinstance(secret, bytes):
        ctypes.memset(id(secret) + sys.getsizeof(secret) - len(secret) - 1, 0, len(secret))
    elif isinstance(secret, str) and secret.isascii():
        ctypes.memset(id(secret) + sys.getsizeof(secret) - len(secret) - 1, 48, len(secret))


class KeyBuffer:
    """The data key while the profile is unlocked; :meth:`wipe` on lock zeroes it."""

    def __init__(self, key: bytes | bytearray) -> None:
        self.buffer = bytearray(key)

    def __len__(self) -> int:
        return len(self.buffer)

    @property
    def wiped(self) -> bool:
        return not any(self.buffer)

    def key_pragma(self, run) -> None:
        """Call ``run(sql)`` with SQLCipher's ``PRAGMA key`` for this key, then wipe the SQL."""
        hex_key = self.buffer.hex()
        sql = f"PRAGMA key = \"x'{hex_key}'\""  # one string built: no half-way copy
        try:
            run(sql)
        finally:
            wipe(hex_key)
            wipe(sql)

    def wipe(self) -> None:
        wipe(self.buffer)
