"""Nothing readable leaves the store: not in the database, its WAL, the key file or the log."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from partnerdesk.commands.context import setup_logging
from partnerdesk.core.store.models import Manager, Note

MARKER = "ZEBRA-MARKER-7f3a91-confidential"


def test_marker_absent_from_every_file(store, profile_paths):
    setup_logging(profile_paths)
    logging.getLogger("partnerdesk").info("opened store for test")
    with store.transaction() as s:
        manager = Manager(name=f"Manager {MARKER}", email="m@example.com")
        s.add(manager)
        s.flush()
        for i in range(200):
            s.add(Note(manager_id=manager.id, body=f"{MARKER} note {i} " * 5, visibility="private"))
    files = [
        profile_paths.database,
        profile_paths.database.with_name("partnerdesk.db-wal"),
        profile_paths.database.with_name("partnerdesk.db-shm"),
        profile_paths.key_file,
        profile_paths.log_file,
    ]
    assert files[1].exists(), "the WAL should hold the fresh writes"
    for path in files:
        if path.exists():
            assert MARKER.encode() not in path.read_bytes(), path.name
    store.close()
    data = profile_paths.database.read_bytes()
    assert MARKER.encode() not in data
    assert not data.startswith(b"SQLite format 3")


def test_plain_sqlite_cannot_open_it(store, profile_paths):
    store.close()
    conn = sqlite3.connect(profile_paths.database)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_wal_and_foreign_keys_are_on(store):
    from sqlalchemy import text

    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_tombstones_instead_of_deletes(store):
    from partnerdesk.core.store.engine import StoreError

    with store.transaction() as s:
        note = Note(body="to be removed")
        s.add(note)
    first_stamp = note.updated_hlc
    with pytest.raises(StoreError, match="tombstone"), store.transaction() as s:
        s.delete(s.get(Note, note.id))
    with store.transaction() as s:
        s.get(Note, note.id).deleted = True
    with store.session() as s:
        kept = s.get(Note, note.id)
    assert kept.deleted and kept.updated_hlc > first_stamp
