"""Keying through sqlite3_key_v2: used on real stores, refused when the handle is unproved."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlcipher3

from partnerdesk.core.store.native_key import key_natively
from partnerdesk.core.store.secret import KeyBuffer


def _count_tables(conn) -> int:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]


def test_a_store_is_keyed_natively_without_memory_security(profile_paths, data_key):
    path = str(profile_paths.database)
    conn = sqlcipher3.connect(path)
    try:
        assert key_natively(conn, path, KeyBuffer(data_key))
        assert _count_tables(conn) > 10  # the key opens the migrated store
        assert conn.execute("PRAGMA cipher_memory_security").fetchone()[0] == "0"
    finally:
        conn.close()


def test_an_unproved_handle_is_not_keyed(profile_paths, data_key, tmp_path):
    path = str(profile_paths.database)
    conn = sqlcipher3.connect(path)
    try:
        assert not key_natively(conn, str(tmp_path / "other.db"), KeyBuffer(data_key))
        conn.execute(f"PRAGMA key = \"x'{bytes(32).hex()}'\"")  # still unkeyed: a key fits
        with pytest.raises(sqlcipher3.DatabaseError, match="not a database"):
            _count_tables(conn)
    finally:
        conn.close()
    memory = sqlcipher3.connect(":memory:")
    try:
        assert not key_natively(memory, ":memory:", KeyBuffer(data_key))
    finally:
        memory.close()


FALLBACK = """
import sys
import sqlcipher3
from partnerdesk.core.store.native_key import key_connection
from partnerdesk.core.store.secret import KeyBuffer
conn = sqlcipher3.connect(sys.argv[1])
key_connection(conn, sys.argv[1] + ".elsewhere", KeyBuffer(bytes.fromhex(sys.argv[2])))
tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
print(tables, conn.execute("PRAGMA cipher_memory_security").fetchone()[0])
"""


def test_an_unproved_handle_falls_back_to_pragma_key_under_memory_security(profile_paths, data_key):
    """In a child process: memory security, once on, stays on for the whole process."""
    done = subprocess.run(
        [sys.executable, "-c", FALLBACK, str(profile_paths.database), data_key.hex()],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    tables, security = done.stdout.split()
    assert int(tables) > 10 and security == "1"
