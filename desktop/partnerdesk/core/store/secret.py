"""Key material in memory: a mutable buffer that is wiped when the profile locks.

Python's ``bytes`` and ``str`` cannot be changed, so a key that passed through them
stays in memory until the allocator reuses the spot. The data key therefore lives in a
``bytearray`` (:class:`KeyBuffer`); the short-lived ``bytes``/``str`` copies that the
cryptography library needs are overwritten in place right after use (:func:`wipe`,
CPython only), and SQLCipher is keyed from a C buffer zeroed right after.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache

from partnerdesk.core.store.errors import StoreError


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

    def key_connection(self, conn) -> None:
        """Key a new SQLCipher connection through ``sqlite3_key``, in a buffer wiped after.

        Not ``PRAGMA key``: SQLite copies a statement's text (and the pragma's value) into
        memory it frees without wiping, so the key's hex would outlive a lock unless
        SQLCipher's memory security wiped every free; that also mlock()s and munlock()s
        every allocation, which made a 10,000-change sync import 8x slower (tests/bench).
        SQLCipher wipes its own copies of the key."""
        text = ctypes.create_string_buffer(len(self.buffer) * 2 + 3)
        text[0:2] = b"x'"
        for index, byte in enumerate(self.buffer):
            text[2 + 2 * index : 4 + 2 * index] = _HEX[byte]
        text[len(text) - 1 : len(text)] = b"'"
        try:
            if _sqlcipher().sqlite3_key(_handle(conn), text, len(text)) != 0:
                raise StoreError("SQLCipher refused the key.")
        finally:
            ctypes.memset(text, 0, len(text))

    def wipe(self) -> None:
        wipe(self.buffer)


#: Each byte's two hex digits (as bytes: no str of the key is ever built).
_HEX = [b"%02x" % value for value in range(256)]


@cache
def _sqlcipher() -> ctypes.CDLL:
    """The SQLCipher library inside the ``sqlcipher3`` module (it exports ``sqlite3_key``)."""
    import sqlcipher3._sqlite3 as module

    lib = ctypes.CDLL(module.__file__)
    lib.sqlite3_key.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
    lib.sqlite3_key.restype = ctypes.c_int
    return lib


def _handle(conn) -> int:
    """The ``sqlite3*`` of a ``sqlcipher3`` connection: the struct's first field after the
    object header, as in every pysqlite (CPython's ``Modules/_sqlite/connection.h``)."""
    return ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
