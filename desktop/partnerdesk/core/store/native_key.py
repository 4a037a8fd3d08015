"""Key a SQLCipher connection through the C API (``sqlite3_key_v2``), with no SQL text.

``PRAGMA key`` leaves the key's hex in the prepared statement's SQL, which SQLite frees
without wiping (tools/key_copies.py: 1 hex copy after a lock). ``cipher_memory_security``
removed it by wiping every allocation, which made bulk writes ~3x slower (the
100,000-person XLSX import: 74 s of CPU profiled, 25 s without it). Here the key is
spelled ``x'<hex>'`` (a raw key: no PBKDF2) in a ctypes buffer zeroed right after the
call, and SQLCipher wipes its own copies when it frees them: 0 raw, 0 hex copies after a
lock. No Python ``bytes`` or ``str`` ever holds the key."""

from __future__ import annotations

import ctypes
import os
from functools import cache
from typing import Any

from partnerdesk.core.store.secret import KeyBuffer

_HEX = b"0123456789abcdef"


@cache
def sqlcipher_library() -> ctypes.CDLL | None:
    """The SQLCipher library inside sqlcipher3's extension (the same one it runs)."""
    from sqlcipher3 import _sqlite3

    try:
        lib = ctypes.CDLL(_sqlite3.__file__)
        key_v2, filename = lib.sqlite3_key_v2, lib.sqlite3_db_filename
    except (OSError, AttributeError):
        return None
    key_v2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    key_v2.restype = ctypes.c_int
    filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    filename.restype = ctypes.c_char_p
    return lib


def connection_handle(conn: object, path: str, lib: ctypes.CDLL) -> int | None:
    """The connection's ``sqlite3*``, once proved to be the database opened at ``path``.

    sqlcipher3 (like the standard library's sqlite3) keeps it as the first field after
    the object header; a build with another layout fails the check and returns None.
    """
    if type(conn).__basicsize__ < object.__basicsize__ + ctypes.sizeof(ctypes.c_void_p):
        return None
    db = ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
    if not db or not path or path == ":memory:":
        return None
    opened = lib.sqlite3_db_filename(db, b"main")
    if not opened or os.path.realpath(os.fsdecode(opened)) != os.path.realpath(path):
        return None
    return db


def key_connection(conn: Any, path: str, key: KeyBuffer) -> None:
    """Key ``conn``, opened at ``path``: natively, else (a sqlcipher3 whose handle cannot
    be proved) with ``PRAGMA key`` and memory security (once on, on for the process)."""
    if not key_natively(conn, path, key):
        conn.execute("PRAGMA cipher_memory_security = ON").close()
        key.key_pragma(lambda sql: conn.execute(sql).close())


def key_natively(conn: object, path: str, key: KeyBuffer) -> bool:
    """Key ``conn`` (opened at ``path``) with ``key``; False when that cannot be done safely
    (the caller then falls back to ``PRAGMA key``)."""
    lib = sqlcipher_library()
    db = connection_handle(conn, path, lib) if lib is not None else None
    if db is None:
        return False
    size = 3 + 2 * len(key)
    spelled = ctypes.create_string_buffer(size)
    view = memoryview(spelled).cast("B")
    try:
        view[0], view[1], view[size - 1] = ord("x"), ord("'"), ord("'")
        for at, byte in enumerate(key.buffer):
            view[2 + 2 * at], view[3 + 2 * at] = _HEX[byte >> 4], _HEX[byte & 15]
        return lib.sqlite3_key_v2(db, b"main", spelled, size) == 0
    finally:
        ctypes.memset(spelled, 0, size)
        view.release()
