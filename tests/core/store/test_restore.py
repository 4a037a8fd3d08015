"""Restore: a checked backup replaces the database; a bad file changes nothing."""

from __future__ import annotations

import hashlib
import os

import pytest
from sqlalchemy import select, text

from partnerdesk.core.profile import open_store
from partnerdesk.core.store.backup import (
    BackupError,
    backup_database,
    list_backups,
    restore_database,
    write_backup_file,
)
from partnerdesk.core.store.models import Rep


def add_rep(store, name: str) -> None:
    with store.transaction() as session:
        session.add(Rep(name=name, email=f"{name.lower()}@example.com"))


def rep_names(paths, key) -> list[str]:
    store = open_store(paths, key)
    try:
        with store.session() as session:
            return sorted(r.name for r in session.scalars(select(Rep)))
    finally:
        store.close()


def digest(paths) -> dict[str, str]:
    """The database and its sidecar files, by content."""
    out = {}
    for path in sorted(paths.root.glob("partnerdesk.db*")):
        out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def backup_file(store, tmp_path):
    """A backup holding one rep, Ada; the store then gains Bo and is closed."""
    add_rep(store, "Ada")
    target = write_backup_file(store.engine, tmp_path / "ada.pdbackup")
    add_rep(store, "Bo")
    store.close()
    return target


def test_round_trip_keeps_the_replaced_database(backup_file, profile_paths, data_key):
    saved = restore_database(
        profile_paths.database, backup_file, data_key, profile_paths.backups, keep=3
    )
    assert rep_names(profile_paths, data_key) == ["Ada"]
    assert saved is not None and saved in list_backups(profile_paths.backups)
    assert not list(profile_paths.root.glob("*.restoring*"))
    os.replace(saved, profile_paths.database)
    assert rep_names(profile_paths, data_key) == ["Ada", "Bo"]


def test_backup_into_the_profile_folder_and_back(store, profile_paths, data_key):
    add_rep(store, "Ada")
    made = backup_database(store.engine, profile_paths.backups, keep=2)
    add_rep(store, "Bo")
    store.close()
    restore_database(profile_paths.database, made, data_key, profile_paths.backups, keep=2)
    assert rep_names(profile_paths, data_key) == ["Ada"]


def test_write_backup_file_refuses_to_overwrite(store, tmp_path):
    target = tmp_path / "taken.pdbackup"
    target.write_bytes(b"mine")
    with pytest.raises(BackupError, match="already exists"):
        write_backup_file(store.engine, target)
    assert target.read_bytes() == b"mine"
    with pytest.raises(BackupError, match="does not exist"):
        write_backup_file(store.engine, tmp_path / "missing" / "x.pdbackup")


def _truncated(backup_file, tmp_path):
    path = tmp_path / "truncated.pdbackup"
    path.write_bytes(backup_file.read_bytes()[: 4096 * 3 + 100])
    return path


def _flipped(backup_file, tmp_path):
    data = bytearray(backup_file.read_bytes())
    data[5000] ^= 0x40
    path = tmp_path / "flipped.pdbackup"
    path.write_bytes(bytes(data))
    return path


def _other_key(_backup_file, tmp_path):
    from partnerdesk.core.profile import unlock_key
    from partnerdesk.paths import ProfilePaths

    other = ProfilePaths(tmp_path / "other")
    other_store = open_store(other, unlock_key(other, "another passphrase"), new=True)
    try:
        return write_backup_file(other_store.engine, tmp_path / "other.pdbackup")
    finally:
        other_store.close()


def _write(data: bytes):
    def make(_backup_file, tmp_path):
        path = tmp_path / "bad.pdbackup"
        path.write_bytes(data)
        return path

    return make


@pytest.mark.parametrize(
    ("make_bad", "message"),
    [
        (_write(b""), "holds no Partner Desk data"),
        (_write(b"name,email\nAda,ada@example.com\n"), "does not open with this profile's key"),
        (_write(os.urandom(8192)), "does not open with this profile's key"),
        (_truncated, "damaged|does not open"),
        (_flipped, "damaged|does not open"),
        (_other_key, "does not open with this profile's key"),
        (lambda _b, tmp: tmp / "nowhere.pdbackup", "no backup file"),
    ],
    ids=["empty", "csv", "random", "truncated", "flipped-bit", "other-profile", "missing"],
)
def test_bad_file_changes_nothing(
    make_bad, message, backup_file, profile_paths, data_key, tmp_path
):
    bad = make_bad(backup_file, tmp_path)
    before = digest(profile_paths)
    backups_before = list_backups(profile_paths.backups)
    with pytest.raises(BackupError, match=message) as caught:
        restore_database(profile_paths.database, bad, data_key, profile_paths.backups)
    assert "nothing was changed" in str(caught.value).lower()
    assert digest(profile_paths) == before
    assert list_backups(profile_paths.backups) == backups_before
    assert rep_names(profile_paths, data_key) == ["Ada", "Bo"]


def test_newer_schema_is_refused(backup_file, profile_paths, data_key, tmp_path):
    from partnerdesk.core.store.engine import make_engine

    newer = tmp_path / "newer.pdbackup"
    newer.write_bytes(backup_file.read_bytes())
    engine = make_engine(newer, data_key)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(BackupError, match="newer Partner Desk"):
        restore_database(profile_paths.database, newer, data_key, profile_paths.backups)
    assert rep_names(profile_paths, data_key) == ["Ada", "Bo"]


def test_refused_while_the_database_is_open(backup_file, profile_paths, data_key):
    running = open_store(profile_paths, data_key)
    try:
        with running.session() as session:
            session.execute(select(Rep)).all()
        before = digest(profile_paths)
        with pytest.raises(BackupError, match="running"):
            restore_database(profile_paths.database, backup_file, data_key, profile_paths.backups)
        assert digest(profile_paths) == before
    finally:
        running.close()


def test_restore_over_a_damaged_database_keeps_its_raw_files(backup_file, profile_paths, data_key):
    profile_paths.database.write_bytes(b"\0" * 8192)
    profile_paths.database.with_name("partnerdesk.db-wal").write_bytes(b"stale wal")
    saved = restore_database(profile_paths.database, backup_file, data_key, profile_paths.backups)
    assert saved is not None and saved.read_bytes() == b"\0" * 8192
    assert saved.with_name(saved.name + "-wal").read_bytes() == b"stale wal"
    assert not profile_paths.database.with_name("partnerdesk.db-wal").exists()
    assert rep_names(profile_paths, data_key) == ["Ada"]


def test_restoring_the_oldest_backup_keeps_that_file(store, profile_paths, data_key):
    add_rep(store, "Ada")
    oldest = backup_database(store.engine, profile_paths.backups, keep=2)
    add_rep(store, "Bo")
    backup_database(store.engine, profile_paths.backups, keep=2)
    store.close()
    restore_database(profile_paths.database, oldest, data_key, profile_paths.backups, keep=2)
    kept = list_backups(profile_paths.backups)
    assert oldest in kept
    assert len(kept) == 3  # the newest two, plus the one restored from
    assert rep_names(profile_paths, data_key) == ["Ada"]
