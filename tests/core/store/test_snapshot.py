"""The Today snapshot: sealed with the data key, used only while it still holds."""

from __future__ import annotations

import os

import pytest

from partnerdesk.core.profile import open_store
from partnerdesk.core.store import snapshot
from partnerdesk.core.store.models import LocalSetting
from partnerdesk.core.store.snapshot import Snapshot, write_snapshot

CONTENT = {"date": "Sunday 22 November 2026", "sections": {"schedule": {"rows": [["Aisha"]]}}}


@pytest.fixture
def paths(profile_paths):
    return profile_paths


def written(paths, data_key, content=CONTENT) -> bool:
    return write_snapshot(paths.today_snapshot, paths.database, data_key, content)


def current(paths):
    return Snapshot.current(paths.today_snapshot, paths.database)


def test_round_trip_is_encrypted_and_private(paths, data_key):
    assert written(paths, data_key)
    raw = paths.today_snapshot.read_bytes()
    assert b"Aisha" not in raw and b"schedule" not in raw
    assert paths.today_snapshot.stat().st_mode & 0o777 == 0o600
    assert current(paths).open(data_key) == CONTENT


def test_a_write_to_the_database_makes_it_stale(paths, data_key):
    assert written(paths, data_key)
    store = open_store(paths, data_key)
    try:
        assert current(paths) is not None  # opening writes nothing
        with store.transaction() as session:
            session.add(LocalSetting(key="probe", value="1"))
        assert current(paths) is None  # the write-ahead log holds the change
    finally:
        store.close()
    assert current(paths) is None  # and, after the close, the database file


def test_a_touched_database_makes_it_stale(paths, data_key):
    assert written(paths, data_key)
    info = paths.database.stat()
    os.utime(paths.database, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    assert current(paths) is None


def test_another_day_or_version_makes_it_stale(paths, data_key, monkeypatch):
    assert written(paths, data_key)
    monkeypatch.setattr(snapshot, "_days", lambda: ["2099-01-01", "2099-01-01"])
    assert current(paths) is None
    monkeypatch.undo()
    monkeypatch.setattr(snapshot, "__version__", "99.0")
    assert current(paths) is None


def test_a_database_with_a_log_is_not_snapshotted(paths, data_key):
    assert written(paths, data_key)
    wal = paths.database.with_name(paths.database.name + "-wal")
    wal.write_bytes(b"\0" * 32)  # left by a crash, or another process has it open
    assert current(paths) is None
    assert not written(paths, data_key)
    assert not paths.today_snapshot.exists()  # the older one is gone too


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # a flipped bit in the content
        lambda raw: raw[: len(raw) - 40],  # truncated
        lambda raw: raw[: raw.index(b"\n", 8) + 1] + b"\0" * 3,  # nothing after the header
    ],
)
def test_a_damaged_file_does_not_open(paths, data_key, damage):
    assert written(paths, data_key)
    paths.today_snapshot.write_bytes(damage(paths.today_snapshot.read_bytes()))
    found = current(paths)
    assert found is not None  # the header still matches ...
    assert found.open(data_key) is None  # ... but the content is refused


def test_a_changed_header_does_not_match(paths, data_key):
    assert written(paths, data_key)
    raw = paths.today_snapshot.read_bytes()
    paths.today_snapshot.write_bytes(raw.replace(b'"version"', b'"versioN"', 1))
    assert current(paths) is None


def test_another_key_does_not_open_it(paths, data_key):
    assert written(paths, data_key)
    assert current(paths).open(bytes(32)) is None


def test_no_file_or_garbage_is_no_snapshot(paths, data_key):
    assert current(paths) is None
    paths.today_snapshot.write_bytes(b"not a snapshot")
    assert current(paths) is None


def test_a_failed_write_is_logged_and_changes_nothing(paths, data_key, caplog):
    blocked = paths.root / "blocked"
    blocked.write_text("a file where a folder should be")
    target = blocked / "today.snapshot"
    assert not write_snapshot(target, paths.database, data_key, CONTENT)
    assert "not written" in caplog.text
    assert blocked.read_text() == "a file where a folder should be"
