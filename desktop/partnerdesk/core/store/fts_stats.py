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
:mod:`~partnerdesk.core.store.native_key` proves; where that handle cannot be proved the
function is missing and :func:`registered` says so.
"""

from __future__ import annotations

import ctypes
from ctypes import CFUNCTYPE, POINTER, byref, c_char_p, c_int, c_int64, c_void_p

from partnerdesk.core.store.native_key import _handle, _library

NAME = "match_stats"
_SQLITE_OK = 0
_SQLITE_TRANSIENT = c_void_p(-1)


class _ExtensionApi(ctypes.Structure):
    """The head of ``Fts5ExtensionApi`` (SQLite appends to it, never reorders)."""

    _fields_ = [
        ("iVersion", c_int),
        ("xUserData", c_void_p),
        ("xColumnCount", c_void_p),
        ("xRowCount", CFUNCTYPE(c_int, c_void_p, POINTER(c_int64))),
        ("xColumnTotalSize", CFUNCTYPE(c_int, c_void_p, c_int, POINTER(c_int64))),
        ("xTokenize", c_void_p),
        ("xPhraseCount", CFUNCTYPE(c_int, c_void_p)),
        ("xPhraseSize", c_void_p),
        ("xInstCount", CFUNCTYPE(c_int, c_void_p, POINTER(c_int))),
        (
            "xInst",
            CFUNCTYPE(c_int, c_void_p, c_int, POINTER(c_int), POINTER(c_int), POINTER(c_int)),
        ),
        ("xRowid", c_void_p),
        ("xColumnText", c_void_p),
        ("xColumnSize", CFUNCTYPE(c_int, c_void_p, c_int, POINTER(c_int))),
    ]


_Function = CFUNCTYPE(None, POINTER(_ExtensionApi), c_void_p, c_void_p, c_int, POINTER(c_void_p))
_CreateFunction = CFUNCTYPE(c_int, c_void_p, c_char_p, c_void_p, _Function, c_void_p)


class _Fts5Api(ctypes.Structure):
    """The head of ``fts5_api``."""

    _fields_ = [
        ("iVersion", c_int),
        ("xCreateTokenizer", c_void_p),
        ("xFindTokenizer", c_void_p),
        ("xCreateFunction", _CreateFunction),
    ]


def _stats(api_ptr, ctx, result, _count, _values) -> None:
    """The function's body: one row's numbers, or an SQL error for the statement."""
    lib = _library()
    try:
        text = _row_stats(api_ptr.contents, ctx)
    except Exception:  # nothing may escape into SQLite's C frames
        text = None
    if text is None:
        lib.sqlite3_result_error(result, b"match_stats: FTS5 could not read the row", -1)
    else:
        lib.sqlite3_result_text(result, text, len(text), _SQLITE_TRANSIENT)


def _row_stats(api: _ExtensionApi, ctx: int) -> bytes | None:
    """``b"rows tokens length f0 f1 ..."`` for the current row; None on an FTS5 error."""
    rows, tokens, length, count = c_int64(), c_int64(), c_int(), c_int()
    if (
        api.xRowCount(ctx, byref(rows))
        or api.xColumnTotalSize(ctx, -1, byref(tokens))
        or api.xColumnSize(ctx, -1, byref(length))
        or api.xInstCount(ctx, byref(count))
    ):
        return None
    phrase, column, offset = c_int(), c_int(), c_int()
    freqs = [0] * api.xPhraseCount(ctx)
    for at in range(count.value):
        if api.xInst(ctx, at, byref(phrase), byref(column), byref(offset)):
            return None
        if column.value == 0:
            freqs[phrase.value] += 1
    return " ".join(map(str, (rows.value, tokens.value, length.value, *freqs))).encode()


_FUNCTION = _Function(_stats)  # kept for the life of the process: SQLite calls it


def register(conn: object, path: str) -> bool:
    """Add ``match_stats`` to ``conn`` (opened at ``path``); False where it cannot be."""
    lib = _library()
    db = _handle(conn, path, lib) if lib is not None else None
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
