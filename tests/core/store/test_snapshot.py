"""The Today snapshot: sealed with the data key, used only while it still holds."""

from __future__ import annotations

import os
import shutil

import pytest

from partnerdesk.core.profile import open_store
from partnerdesk.core.settings import Settings
from partnerdesk.core.store import snapshot
from partnerdesk.core.store.snapshot import Snapshot, write_snapshot

CONTENT = {"sections": {"schedule": {"rows": [["Aisha Bello", "tip", "m-1"]]}}}
LAYOUT = "today-1"


def written(paths, key, content=CONTENT) -> bool:
    return write_snapshot(paths, LAYOUT, key, content)


def current(paths, layout=LAYOUT):
    return Snapshot.current(paths, layout)


def test_round_trip_is_encrypted_and_private(profile_paths, data_key):
    assert written(profile_paths, data_key)
    raw = profile_paths.today_snapshot.read_bytes()
    assert b"Aisha" not in raw and b"schedule" not in raw
    assert profile_paths.today_snapshot.stat().st_mode & 0o777 == 0o600
    found = current(profile_paths)
    assert found.holds()
    assert found.open(data_key) == CONTENT


def test_opening_the_store_to_write_discards_it(profile_paths, data_key):
    """The app reads it before it opens the store; anything else that opens it (the
    command line, a second start) leaves no snapshot behind."""
    assert written(profile_paths, data_key)
    open_store(profile_paths, data_key, readonly=True).close()
    assert current(profile_paths) is not None
    open_store(profile_paths, data_key).close()
    assert not profile_paths.today_snapshot.exists()


@pytest.mark.parametrize(
    "change",
    [
        # a newer modification time (touch), though size and inode are the same
        lambda db: os.utime(db, ns=(db.stat().st_atime_ns, db.stat().st_mtime_ns + 1)),
        # the same times put back after a change (cp -p, rsync -t): the change time moves
        lambda db: shutil.copystat(db, db),
        # another file in its place (a restore), with the same size and times
        lambda db: (
            shutil.copy2(db, db.with_suffix(".new")),
            os.replace(db.with_suffix(".new"), db),
        ),
        # one byte more
        lambda db: db.open("ab").write(b"\0"),
    ],
    ids=["mtime", "ctime", "inode", "size"],
)
def test_a_changed_database_makes_it_stale(profile_paths, data_key, change):
    assert written(profile_paths, data_key)
    found = current(profile_paths)
    change(profile_paths.database)
    assert current(profile_paths) is None
    assert not found.holds()  # what a start checks again before it shows it


def test_a_changed_settings_file_makes_it_stale(profile_paths, data_key):
    assert written(profile_paths, data_key)
    Settings(recurring_theme_managers=5).save(profile_paths.settings_file)
    assert current(profile_paths) is None


def test_another_month_makes_it_stale(profile_paths, data_key, monkeypatch):
    assert written(profile_paths, data_key)
    monkeypatch.setattr(snapshot, "_months", lambda: ["2099-01"])
    assert current(profile_paths) is None


def test_another_version_or_layout_makes_it_stale(profile_paths, data_key, monkeypatch):
    assert written(profile_paths, data_key)
    assert current(profile_paths, "today-2") is None
    monkeypatch.setattr(snapshot, "__version__", "99.0")
    assert current(profile_paths) is None


def test_a_database_with_a_log_is_not_snapshotted(profile_paths, data_key):
    wal = profile_paths.database.with_name(profile_paths.database.name + "-wal")
    wal.write_bytes(b"")  # an empty log: nothing in it
    assert written(profile_paths, data_key)
    wal.write_bytes(b"\0" * 32)  # left by a crash, or another process has it open
    assert current(profile_paths) is None
    assert not written(profile_paths, data_key)
    assert not profile_paths.today_snapshot.exists()  # the older one is gone too


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # a flipped bit in the content
        lambda raw: raw[: len(raw) - 40],  # truncated
        lambda raw: raw[: raw.index(b"\n", 8) + 1] + b"\0" * 3,  # nothing after the header
    ],
    ids=["flipped", "truncated", "headless"],
)
def test_a_damaged_file_does_not_open(profile_paths, data_key, damage, caplog):
    assert written(profile_paths, data_key)
    path = profile_paths.today_snapshot
    path.write_bytes(damage(path.read_bytes()))
    found = current(profile_paths)
    assert found is not None  # the header still matches ...
    assert found.open(data_key) is None  # ... but the content is refused
    assert "did not open" in caplog.text


def test_a_changed_header_does_not_match(profile_paths, data_key):
    assert written(profile_paths, data_key)
    raw = profile_paths.today_snapshot.read_bytes()
    profile_paths.today_snapshot.write_bytes(raw.replace(b'"version"', b'"versioN"', 1))
    assert current(profile_paths) is None


def test_another_key_does_not_open_it(profile_paths, data_key):
    assert written(profile_paths, data_key)
    assert current(profile_paths).open(bytes(32)) is None


def test_no_file_or_garbage_is_no_snapshot(profile_paths):
    assert current(profile_paths) is None
    profile_paths.today_snapshot.write_bytes(b"not a snapshot")
    assert current(profile_paths) is None


def test_a_failed_write_is_logged_and_leaves_no_snapshot(profile_paths, data_key, caplog):
    assert written(profile_paths, data_key)
    profile_paths.today_snapshot.unlink()
    profile_paths.today_snapshot.mkdir()  # nothing can be written over a folder
    assert not written(profile_paths, data_key)
    assert "not written" in caplog.text
    assert current(profile_paths) is None
