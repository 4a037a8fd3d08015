"""Schema migrations: Alembic scripts shipped in the package, run at start.

Before an existing database is upgraded, an encrypted backup copy is taken; the
upgrade runs on a copy that replaces the database atomically once it is complete. A
database whose revision this app does not know was written by a newer Partner Desk
and is refused, naming both versions.

Alembic is imported only when a migration (or a revision lookup) is needed: a start
compares the database's ``alembic_version`` with :data:`HEAD`, the newest revision this
app ships (a test checks it against Alembic's own head), which saves about half a second
of start-up.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError

from partnerdesk import __version__
from partnerdesk.core.fsutil import fsync_dir
from partnerdesk.core.store.backup import (
    backup_path,
    prune,
    remove_with_sidecars,
    sidecars,
    write_copy,
)
from partnerdesk.core.store.engine import StoreError, make_engine
from partnerdesk.core.store.models import LocalSetting

if TYPE_CHECKING:
    from collections.abc import Callable

    from alembic.config import Config

WRITTEN_BY = "schema_written_by"
#: The newest revision in migrations/versions: a new migration changes it too
#: (tests/core/store/test_migrate_fast_path.py says so when it does not).
HEAD = "0012"


class NewerDatabase(StoreError):
    """The database was written by a newer version of Partner Desk."""


def include_object(_obj, name, type_, _reflected, _compare_to) -> bool:
    """Keep autogenerate away from the FTS5 index, which migrations manage by hand."""
    return not (type_ == "table" and name and name.startswith("search_fts"))


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    return config


def head_revision() -> str:
    """The newest schema revision this app knows."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def known_revisions() -> set[str]:
    """Every schema revision this app knows (a database at any of them can be opened)."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stored_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:
            return None


def _written_by(engine: Engine) -> str:
    with engine.connect() as conn:
        try:
            row = conn.execute(
                select(LocalSetting.value).where(LocalSetting.key == WRITTEN_BY)
            ).first()
        except Exception:
            return "an unknown version"
    return row[0] if row else "an unknown version"


def upgrade(
    engine: Engine,
    db_path: Path,
    backups: Path,
    key: bytes | bytearray,
    keep: int = 5,
    on_start: Callable[[], None] | None = None,
) -> Path | None:
    """Bring the schema to head; returns the backup taken first, if one was needed.
    ``on_start`` is called once an upgrade is due, before anything is copied (a large
    store takes a while: the app says what it is doing).

    The upgrade never touches the database itself: a copy (``partnerdesk.db.upgrading``)
    is upgraded, made durable and then renamed over the database in one atomic step, so
    an upgrade killed at any moment leaves the database exactly as it was, or upgraded.
    The backup taken first is never pruned by the attempt; only after the swap are old
    backups pruned (the new one is kept).
    """
    stored = _stored_revision(engine)
    if stored == HEAD:
        return None
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    head = script.get_current_head()
    current = current_revision(engine)
    if current == head:
        return None
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise NewerDatabase(
            f"This database was written by Partner Desk {_written_by(engine)} (schema "
            f"{current}); this is Partner Desk {__version__}, which knows schemas up to "
            f"{head}. Install the newer Partner Desk to open it."
        )
    if on_start is not None:
        on_start()
    staged = staged_upgrade_path(db_path)
    remove_with_sidecars(staged)
    backup = None
    try:
        if current is not None:
            backup = backup_path(backups, f"before-{head}")
            backups.mkdir(parents=True, exist_ok=True)
            write_copy(engine, backup)
            shutil.copyfile(backup, staged)
        else:
            write_copy(engine, staged)
        _upgrade_file(staged, key)
        _swap_in(engine, staged, db_path)
    finally:
        remove_with_sidecars(staged)
    if backup is not None:
        prune(backups, keep)  # the new backup is the newest: it stays
    return backup


def staged_upgrade_path(db_path: Path) -> Path:
    """Where the copy being upgraded is written (removed again, whatever happens)."""
    return db_path.with_name(db_path.name + ".upgrading")


def _upgrade_file(path: Path, key: bytes | bytearray) -> None:
    """Run every migration on the database at ``path`` and make the result durable."""
    from alembic import command

    config = _config()
    staged = make_engine(path, key)
    try:
        with staged.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        with staged.begin() as conn:
            conn.execute(LocalSetting.__table__.delete().where(LocalSetting.key == WRITTEN_BY))
            conn.execute(LocalSetting.__table__.insert().values(key=WRITTEN_BY, value=__version__))
        with staged.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        staged.dispose()
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _swap_in(engine: Engine, staged: Path, db_path: Path) -> None:
    """Close the old database and rename the upgraded copy over it (atomic, durable)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        raise StoreError(
            "Another program has this database open, so it cannot be upgraded now. Close "
            "Partner Desk everywhere and start it again; nothing was changed."
        )
    os.replace(staged, db_path)
    fsync_dir(db_path.parent)
    for sidecar in sidecars(db_path):
        sidecar.unlink(missing_ok=True)
