"""Write tests/core/store/data/revNNNN.db: the revision-0001 fixture upgraded to each revision.

Each file is a profile database as an older Partner Desk left it (same fixture key as
rev0001.db), so the tests can prove that every earlier revision upgrades to head.
Run it once after adding a migration: ``python tools/make_revision_fixtures.py``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from alembic import command  # noqa: E402
from alembic.script import ScriptDirectory  # noqa: E402

from partnerdesk.core.store import migrate  # noqa: E402
from partnerdesk.core.store.engine import make_engine  # noqa: E402

DATA = ROOT / "tests" / "core" / "store" / "data"
FIXTURE_KEY = bytes.fromhex("5d" * 32)


def write_fixture(revision: str) -> Path:
    """Copy rev0001.db and upgrade the copy to ``revision``."""
    target = DATA / f"rev{revision}.db"
    shutil.copyfile(DATA / "rev0001.db", target)
    engine = make_engine(target, FIXTURE_KEY)
    try:
        config = migrate._config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    return target


def main() -> None:
    script = ScriptDirectory.from_config(migrate._config())
    head = script.get_current_head()
    for rev in script.walk_revisions():
        if rev.revision not in ("0001", head):
            print(write_fixture(rev.revision))


if __name__ == "__main__":
    main()
