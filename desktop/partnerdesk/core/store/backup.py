"""Encrypted backup copies of the database (same key), newest kept, oldest pruned.

A backup is a compacted copy written with ``VACUUM INTO``, encrypted with the same key.
Restoring one checks it first, keeps the current database as a backup, and then swaps
the verified copy in atomically (removing the old database's WAL and shared-memory
files so they can never be applied to the restored one).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError as SADatabaseError

from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import fsync_dir
from partnerdesk.core.store.engine import DamagedDatabase, StoreError, WrongKey, make_engine

SUFFIX = ".pdbackup"


def list_backups(folder: Path) -> list[Path]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.name, reverse=True)


def backup_database(engine: Engine, folder: Path, label: str = "manual", keep: int = 5) -> Path:
    """Write a consistent encrypted copy into ``folder`` and prune to the newest ``keep``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = backup_path(folder, label)
    write_copy(engine, target)
    prune(folder, keep)
    return target


def backup_path(folder: Path, label: str) -> Path:
    """A new backup's file name in ``folder``: stamped, so the newest sorts first."""
    return folder / f"partnerdesk-{utcnow():%Y%m%dT%H%M%S%f}-{label}{SUFFIX}"


def prune(folder: Path, keep: int, spare: Path | None = None) -> None:
    """Delete all but the newest ``keep`` backups in ``folder`` (never ``spare``)."""
    backups = [p for p in list_backups(folder) if spare is None or p.resolve() != spare]
    for old in backups[max(keep, 1) :]:
        old.unlink(missing_ok=True)


def write_copy(engine: Engine, target: Path) -> None:
    """Write an encrypted, compacted copy of the database to ``target`` atomically."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM INTO ?", (str(partial),))
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def integrity_problems(engine: Engine, *, full: bool = True) -> list[str]:
    """What ``cipher_integrity_check`` and ``integrity_check`` report (empty when healthy).

    The cipher check verifies every page's HMAC, so it finds any damaged byte; the full
    check also walks SQLite's b-trees, which takes several times longer on a large store.
    """
    problems: list[str] = []
    with engine.connect() as conn:
        problems += [row[0] for row in conn.execute(text("PRAGMA cipher_integrity_check"))]
        if full:
            problems += [
                row[0] for row in conn.execute(text("PRAGMA integrity_check")) if row[0] != "ok"
            ]
    return problems


class BackupError(StoreError):
    """A backup that cannot be written or restored; nothing was changed."""


def write_backup_file(engine: Engine, target: Path) -> Path:
    """Write an encrypted copy to a file the user named; refuses to overwrite one."""
    target = target.expanduser().resolve()
    if target.exists():
        raise BackupError(f"{target} already exists. Choose a new file name; nothing was written.")
    if not target.parent.is_dir():
        raise BackupError(
            f"The folder {target.parent} does not exist. Create it or choose another place."
        )
    write_copy(engine, target)
    return target


def restore_database(
    db: Path, source: Path, key: bytes, backups: Path, keep: int = 5
) -> Path | None:
    """Replace the database at ``db`` with the backup ``source``, safely.

    The backup is checked first (it must open with ``key``, pass the integrity checks and
    hold a schema this app knows). The current database is kept as a backup (returned),
    then the verified copy replaces it atomically. Any failure changes nothing.
    """
    source = source.expanduser().resolve()
    if not source.is_file():
        raise BackupError(
            f"There is no backup file at {source}. Check the path; nothing was changed."
        )
    if db.exists() and source == db.resolve():
        raise BackupError("That file is the profile's own database; choose a backup file.")
    staged = db.with_name(db.name + ".restoring")
    remove_with_sidecars(staged)
    try:
        shutil.copyfile(source, staged)
        check_backup(staged, key, source)
        saved = _keep_current(db, key, backups, keep, spare=source)
        with open(staged, "rb+") as fh:
            os.fsync(fh.fileno())
        for sidecar in sidecars(db):
            sidecar.unlink(missing_ok=True)
        os.replace(staged, db)
        fsync_dir(db.parent)
    finally:
        remove_with_sidecars(staged)
    return saved


def check_backup(path: Path, key: bytes, shown_as: Path | None = None) -> None:
    """Raise BackupError unless ``path`` is a healthy Partner Desk database for ``key``."""
    from partnerdesk.core.store.migrate import current_revision, known_revisions

    name = shown_as or path
    try:
        engine = make_engine(path, key, readonly=True)
    except WrongKey:
        raise BackupError(
            f"{name} does not open with this profile's key: it is a backup of another profile, "
            "or not a Partner Desk backup at all. Nothing was changed."
        ) from None
    except StoreError as exc:
        raise BackupError(f"{name} is damaged ({exc}). Nothing was changed.") from None
    try:
        try:
            problems = integrity_problems(engine)
            revision = current_revision(engine)
        except SADatabaseError as exc:
            problems, revision = [str(exc.orig)], None
        if problems:
            raise BackupError(
                f"{name} is damaged ({problems[0]}). Try an older backup; nothing was changed."
            )
        if revision is None:
            raise BackupError(f"{name} holds no Partner Desk data. Nothing was changed.")
        if revision not in known_revisions():
            raise BackupError(
                f"{name} was written by a newer Partner Desk (schema {revision}). Install the "
                "newer version to restore it; nothing was changed."
            )
    finally:
        engine.dispose()


def database_in_use(db: Path, key: bytes) -> bool:
    """True when another connection (a running Partner Desk) holds the database open."""
    import sqlcipher3

    from partnerdesk.core.store.secret import KeyBuffer

    conn = sqlcipher3.connect(str(db), timeout=0.2, isolation_level=None)
    secret = KeyBuffer(key)
    try:
        secret.key_connection(conn)
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlcipher3.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    except sqlcipher3.DatabaseError:
        return False
    finally:
        secret.wipe()
        conn.close()
    return False


def _keep_current(db: Path, key: bytes, backups: Path, keep: int, spare: Path) -> Path | None:
    """Save the database about to be replaced: a clean copy, or its raw files if unreadable.

    The raw files are copied before anything opens the database, because opening an
    unreadable database can discard its WAL.
    """
    if not db.exists():
        return None
    raw = _copy_raw(db, backups)
    try:
        if database_in_use(db, key):
            raise BackupError(
                "Partner Desk is running with this profile. Close it, then restore again; "
                "nothing was changed."
            )
        engine = make_engine(db, key)
    except (DamagedDatabase, WrongKey):
        return raw
    except BaseException:
        remove_with_sidecars(raw)
        raise
    try:
        saved = backup_path(backups, "before-restore")
        backups.mkdir(parents=True, exist_ok=True)
        write_copy(engine, saved)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    remove_with_sidecars(raw)
    prune(backups, keep, spare=spare)  # the file being restored stays, even if oldest
    return saved


def _copy_raw(db: Path, backups: Path) -> Path:
    """Copy a database and its WAL as they are (a damaged one may still hold data)."""
    backups.mkdir(parents=True, exist_ok=True)
    target = backup_path(backups, "before-restore-raw")
    shutil.copyfile(db, target)
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    return target


def clean_leftovers(db: Path, backups: Path) -> list[Path]:
    """Remove what interrupted backups, restores and upgrades left (returns what went)."""
    found = [*backups.glob("*.partial"), db.with_name(db.name + ".restoring")]
    found.append(db.with_name(db.name + ".upgrading"))
    removed = []
    for leftover in found:
        for path in (leftover, *sidecars(leftover)):
            if path.exists():
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def newest_good_backup(backups: Path, key: bytes) -> Path | None:
    """The newest backup in ``backups`` that opens with ``key`` and passes every check."""
    for candidate in list_backups(backups):
        try:
            check_backup(candidate, key)
        except StoreError:
            continue
        return candidate
    return None


def sidecars(db: Path) -> list[Path]:
    return [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def remove_with_sidecars(path: Path) -> None:
    for candidate in (path, *sidecars(path)):
        candidate.unlink(missing_ok=True)
