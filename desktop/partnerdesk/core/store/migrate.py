"""Schema migrations: Alembic scripts shipped in the package, run at start.

Before an existing database is upgraded, an encrypted backup copy is taken. A
database whose revision this app does not know was written by a newer Partner Desk
and is refused, naming both versions.

Alembic is imported only when a migration (or a revision lookup) is needed: a start
with the database already at head reads ``alembic_version`` and the revision files'
ids directly, which saves about half a second of start-up.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import OperationalError

from partnerdesk import __version__
from partnerdesk.core.store.backup import backup_database
from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.store.models import LocalSetting

if TYPE_CHECKING:
    from alembic.config import Config

WRITTEN_BY = "schema_written_by"
_REVISION = re.compile(
    r"^(down_revision|revision)\s*(?::[^=\n]*)?=\s*['\"]?([\w-]*)['\"]?", re.MULTILINE
)


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


def _quick_head() -> str | None:
    """The head read from the revision files' ``revision``/``down_revision`` lines.

    None unless every file names its revision and exactly one head is found (then the
    caller asks Alembic).
    """
    revisions, parents = set(), set()
    for path in Path(__file__).with_name("migrations").joinpath("versions").glob("*.py"):
        if path.name == "__init__.py":
            continue
        found = dict(_REVISION.findall(path.read_text("utf-8")))
        if "revision" not in found:
            return None
        revisions.add(found["revision"])
        parents.add(found.get("down_revision", ""))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


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


def upgrade(engine: Engine, db_path: Path, backups: Path, keep: int = 5) -> Path | None:
    """Bring the schema to head; returns the backup taken first, if one was needed."""
    stored = _stored_revision(engine)
    if stored is not None and stored == _quick_head():
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
    backup = None
    if current is not None:
        backup = backup_database(engine, backups, label=f"before-{head}", keep=keep)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        from alembic import command

        command.upgrade(config, "head")
    with engine.begin() as conn:
        conn.execute(LocalSetting.__table__.delete().where(LocalSetting.key == WRITTEN_BY))
        conn.execute(LocalSetting.__table__.insert().values(key=WRITTEN_BY, value=__version__))
    return backup
