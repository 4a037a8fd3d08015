"""An FTS5 auxiliary function that reports what bm25 scores from, without bm25's IDF pass.

FTS5's ``bm25()`` starts every query by counting the documents of each phrase (its IDF):
a pass over the whole doclist of every word, and a second merge of a prefix's terms. At
10x the bench store that was most of a search (``"hiring" "backfill"*``: 28.7 ms with
bm25, 8.7 ms for the same rows without). ``match_stats(search_fts)`` gives, for the
current row only, the row count and token total of the table, the row's length in
tokens and how often each phrase occurs in the first column, as the text
``"rows tokens length f0 f1 ..."``; :mod:`partnerdesk.core.search` scores from that.

It is registered through FTS5's C API (``fts5_api.xCreateFunction``) with ctypes, on the
SQLCipher library that sqlcipher3 runs and the connection handle that
:mod:`~partnerdesk.core.store.native_key` proves; where that handle cannot be proved
:func:`register` returns False (the engine notes it per connection) and search ranks
with ``bm25()`` as before.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from ctypes import (
    CFUNCTYPE,
    POINTER,
    PYFUNCTYPE,
    byref,
    c_char_p,
    c_int,
    c_int64,
    c_void_p,
)

from partnerdesk.core.store.native_key import connection_handle, sqlcipher_library

NAME = "match_stats"
_SQLITE_OK = 0
_SQLITE_TRANSIENT = c_void_p(-1)


class _ExtensionApi(ctypes.Structure):
    """The head of ``Fts5ExtensionApi`` (SQLite appends to it, never reorders)."""

    _fields_ = [
        ("iVersion", c_int),
        ("xUserData", c_void_p),
        ("xColumnCount", c_void_p),
        ("xRowCount", c_void_p),
        ("xColumnTotalSize", c_void_p),
        ("xTokenize", c_void_p),
        ("xPhraseCount", c_void_p),
        ("xPhraseSize", c_void_p),
        ("xInstCount", c_void_p),
        ("xInst", c_void_p),
        ("xRowid", c_void_p),
        ("xColumnText", c_void_p),
        ("xColumnSize", c_void_p),
    ]


# The API's functions, called without releasing the GIL (PYFUNCTYPE): each is a few
# instructions, and a release per call would let other threads in between every row.
_I64 = POINTER(c_int64)
_INT = POINTER(c_int)
_CALLS = {
    "xRowCount": PYFUNCTYPE(c_int, c_void_p, _I64),
    "xColumnTotalSize": PYFUNCTYPE(c_int, c_void_p, c_int, _I64),
    "xPhraseCount": PYFUNCTYPE(c_int, c_void_p),
    "xInstCount": PYFUNCTYPE(c_int, c_void_p, _INT),
    "xInst": PYFUNCTYPE(c_int, c_void_p, c_int, _INT, _INT, _INT),
    "xColumnSize": PYFUNCTYPE(c_int, c_void_p, c_int, _INT),
}
_bound: dict[int, dict[str, Callable[..., int]]] = {}  # per Fts5ExtensionApi address


def _api(address: int) -> dict[str, Callable[..., int]]:
    """The API's functions at ``address`` (one static struct per SQLite library)."""
    calls = _bound.get(address)
    if calls is None:
        table = _ExtensionApi.from_address(address)
        calls = {name: kind(getattr(table, name)) for name, kind in _CALLS.items()}
        _bound[address] = calls
    return calls


_Function = CFUNCTYPE(None, c_void_p, c_void_p, c_void_p, c_int, c_void_p)
_CreateFunction = CFUNCTYPE(c_int, c_void_p, c_char_p, c_void_p, _Function, c_void_p)


class _Fts5Api(ctypes.Structure):
    """The head of ``fts5_api``."""

    _fields_ = [
        ("iVersion", c_int),
        ("xCreateTokenizer", c_void_p),
        ("xFindTokenizer", c_void_p),
        ("xCreateFunction", _CreateFunction),
    ]


def _stats(api: int, ctx: int, result: int, _count: int, _values: int) -> None:
    """The function's body: one row's numbers, or an SQL error for the statement."""
    lib = sqlcipher_library()
    try:
        text = _row_stats(_api(api), ctx)
    except Exception:  # nothing may escape into SQLite's C frames
        text = None
    if text is None:
        lib.sqlite3_result_error(result, b"match_stats: FTS5 could not read the row", -1)
    else:
        lib.sqlite3_result_text(result, text, len(text), _SQLITE_TRANSIENT)


def _row_stats(api: dict[str, Callable[..., int]], ctx: int) -> bytes | None:
    """``b"rows tokens length f0 f1 ..."`` for the current row; None on an FTS5 error."""
    rows, tokens, length, count = c_int64(), c_int64(), c_int(), c_int()
    if (
        api["xRowCount"](ctx, byref(rows))
        or api["xColumnTotalSize"](ctx, -1, byref(tokens))
        or api["xColumnSize"](ctx, -1, byref(length))
        or api["xInstCount"](ctx, byref(count))
    ):
        return None
    phrase, column, offset = c_int(), c_int(), c_int()
    freqs = [0] * api["xPhraseCount"](ctx)
    inst = api["xInst"]
    for at in range(count.value):
        if inst(ctx, at, byref(phrase), byref(column), byref(offset)):
            return None
        if column.value == 0:
            freqs[phrase.value] += 1
    return " ".join(map(str, (rows.value, tokens.value, length.value, *freqs))).encode()


_FUNCTION = _Function(_stats)  # kept for the life of the process: SQLite calls it


def register(conn: object, path: str) -> bool:
    """Add ``match_stats`` to ``conn`` (opened at ``path``); False where it cannot be."""
    lib = sqlcipher_library()
    db = connection_handle(conn, path, lib) if lib is not None else None
    if db is None or lib is None:
        return False
    _declare(lib)
    stmt = c_void_p()
    api = POINTER(_Fts5Api)()
    if lib.sqlite3_prepare_v2(db, b"SELECT fts5(?1)", -1, byref(stmt), None) != _SQLITE_OK:
        return False
    try:
        lib.sqlite3_bind_pointer(stmt, 1, byref(api), b"fts5_api_ptr", None)
        lib.sqlite3_step(stmt)
    finally:
        lib.sqlite3_finalize(stmt)
    if not api or api.contents.iVersion < 2:
        return False
    create = api.contents.xCreateFunction
    return create(ctypes.cast(api, c_void_p), NAME.encode(), None, _FUNCTION, None) == _SQLITE_OK


def _declare(lib: ctypes.CDLL) -> None:
    """The C signatures used here (set once; ctypes would guess ints otherwise)."""
    if getattr(lib, "_fts_stats_declared", False):
        return
    lib.sqlite3_prepare_v2.argtypes = [c_void_p, c_char_p, c_int, POINTER(c_void_p), c_void_p]
    lib.sqlite3_bind_pointer.argtypes = [c_void_p, c_int, c_void_p, c_char_p, c_void_p]
    lib.sqlite3_step.argtypes = [c_void_p]
    lib.sqlite3_finalize.argtypes = [c_void_p]
    lib.sqlite3_result_text.argtypes = [c_void_p, c_char_p, c_int, c_void_p]
    lib.sqlite3_result_error.argtypes = [c_void_p, c_char_p, c_int]
    lib._fts_stats_declared = True
