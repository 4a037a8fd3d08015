"""Bulk writes for imports: many rows in one driver executemany, and ids made in bulk.

SQLAlchemy's executemany processes every row's parameters in Python, and an ORM object
per row costs more still; an import of 100,000 people writes ~200,000 rows. Values given
here must be what the driver stores as SQLAlchemy would: ``str``, ``int``, ``date``
(stored ISO) and :func:`stored_moment` for timestamps. Booleans go in as ``0``/``1``:
the driver (Python 3.11's sqlite3 code, which sqlcipher3 shares) looks for an adapter
for every value that is not exactly ``int``, ``float`` or ``str``. For a ``bool`` that
search used to raise and swallow an AttributeError each time (two per row made the
100,000 people's insert take ~1.4 s of CPU against ~0.9 s); the engine now registers
adapters for bool and None (``engine._quick_binds``), but a plain int still binds
fastest (~0.1 µs against ~0.25 µs).

A big insert into a table that holds fewer rows than it adds (a new team's first import)
builds the table's secondary indexes once afterwards instead of row by row, and keeps its
pages in memory until the commit: see :func:`_bulk`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from partnerdesk.core.store.engine import BULK_CACHE, BULK_CACHE_KIB

#: From this many rows, an insert into a table holding no more rows than it adds builds
#: the table's secondary indexes after the insert.
REBUILD_FROM = 5_000


def insert_rows(
    session: Session,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    same: Mapping[str, str | int] | None = None,
) -> None:
    """Insert ``rows`` (values in ``columns`` order) into ``table`` in one executemany.

    ``same`` gives the columns every row shares (the import's clock stamp and device id):
    written once into the statement, not bound again for each row (~0.03 s less for
    100,000 rows, and no tuple built per row to carry them). Indexes: see :func:`_bulk`.
    """
    same = same or {}
    names = ", ".join((*columns, *same))
    values = ", ".join(("?",) * len(columns) + tuple(map(sql_literal, same.values())))
    with _bulk(session, table, len(rows)) as connection:
        connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({values})", rows)


def insert_selected(
    session: Session, table: str, columns: Sequence[str], select: str, adding: int
) -> None:
    """Insert what ``select`` (SQL giving ``columns``) finds, about ``adding`` rows, into
    ``table`` in one statement; indexes as :func:`insert_rows` treats them."""
    with _bulk(session, table, adding) as connection:
        connection.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) {select}")


@contextmanager
def _bulk(session: Session, table: str, adding: int) -> Iterator[Connection]:
    """The session's connection, ready for a big insert of ``adding`` rows into ``table``.

    When the rows are many and at least as many as the table holds, the table's
    secondary (non-unique) indexes are dropped before the insert and created again after
    it, from their own stored definitions, inside the caller's transaction: SQLite's DDL
    is transactional, so a failure or a kill before the commit leaves the table with its
    indexes as it was. Keys arrive in random order (uuids, dates), so building each index
    once from sorted keys is cheaper than growing it row by row: 100,000 people and
    ~100,000 lifecycle events of a first import, ~0.6-0.8 s less CPU of ~2.4 s.
    """
    connection = session.connection()
    if adding >= REBUILD_FROM:
        _keep_pages(connection)
    indexes = _indexes_to_rebuild(connection, table, adding)
    for name, _create in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield connection
    for _name, create in indexes:
        connection.exec_driver_sql(create)


def _keep_pages(connection: Connection) -> None:
    """Let the connection cache up to BULK_CACHE_KIB of pages until it goes back to the
    pool (the engine shrinks the cache then, giving the pages back to the allocator): a
    big import's pages stay in memory until its commit writes them once, instead of
    spilling to the WAL mid-insert and being written again when touched again (100,000
    people: ~0.15 s less; the first import's peak memory stayed below what it was)."""
    pooled = connection.connection
    if not pooled.info.get(BULK_CACHE):
        pooled.info[BULK_CACHE] = True
        connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")


def sql_literal(value: str | int) -> str:
    """An SQL literal of a value all rows share: an int, or text without a NUL, quoted."""
    if type(value) is int:
        return str(value)
    if type(value) is str and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"a shared column value must be an int or text, not {value!r}")


def _indexes_to_rebuild(connection: Connection, table: str, adding: int) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes to build after adding ``adding`` rows.

    Nothing for a small insert or a table bigger than the insert. Unique indexes stay (they
    check each row as it comes); so do the primary key's, which have no statement.
    """
    if adding < REBUILD_FROM:
        return []
    held = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
    if held > adding:
        return []
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
        (table,),
    ).all()
    if indexes:
        _begin(connection)
    return [(name, create) for name, create in indexes]


def _begin(connection: Connection) -> None:
    """Open the transaction now if the driver has not: it opens one only at the first
    INSERT, UPDATE or DELETE, and a DROP INDEX before that would commit on its own."""
    driver = connection.connection.dbapi_connection
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN")


def stored_moment(moment: datetime) -> str:
    """A naive UTC datetime as SQLAlchemy stores it in SQLite (microseconds always)."""
    return f"{moment:%Y-%m-%d %H:%M:%S.%f}"


#: Byte maps that set a UUID's version (4) and its RFC 4122 variant (bytes 6 and 8).
_VERSION_4 = bytes((b & 0x0F) | 0x40 for b in range(256))
_RFC_4122 = bytes((b & 0x3F) | 0x80 for b in range(256))


def new_ids(count: int) -> list[str]:
    """``count`` new random (version 4) UUID strings, as ``models.new_id`` makes them.

    The version and variant bits are set in all the random bytes at once and the bytes
    turned to hex in one go: 116,667 ids (a 100k import's people and managers) in
    ~0.09-0.11 s of CPU, against ~0.17 s one :func:`uuid_text` at a time.
    """
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = raw[6::16].translate(_VERSION_4)
    raw[8::16] = raw[8::16].translate(_RFC_4122)
    digits = raw.hex()
    return [
        f"{digits[at : at + 8]}-{digits[at + 8 : at + 12]}-{digits[at + 12 : at + 16]}-"
        f"{digits[at + 16 : at + 20]}-{digits[at + 20 : at + 32]}"
        for at in range(0, 32 * count, 32)
    ]


#: The RFC 4122 variant's hex digit for each hex digit (its top two bits set to 10).
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def uuid_text(digits: str, version: int) -> str:
    """A UUID string from 32 hex digits, with the version and RFC 4122 variant set, as
    ``str(uuid.UUID(...))`` prints it (about 4x faster than building UUID objects)."""
    return (
        f"{digits[:8]}-{digits[8:12]}-{version:x}{digits[13:16]}-"
        f"{_VARIANT[digits[16]]}{digits[17:20]}-{digits[20:32]}"
    )
