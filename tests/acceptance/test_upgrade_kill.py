"""kill -9 during a schema upgrade: the profile opens at the old or the new revision, whole.

A revision-0002 profile with 20,000 notes is built once per test session; the real CLI
upgrades a copy of it and is killed at 30 moments spread over the upgrade's run time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from partnerdesk.core.profile import open_store, unlock_key
from partnerdesk.core.store import migrate
from partnerdesk.core.store.engine import make_engine
from partnerdesk.paths import ProfilePaths
from tests.conftest import TEST_PASSPHRASE
from tests.helpers import ROOT

DATA = ROOT / "tests" / "core" / "store" / "data"
FIXTURE_KEY = bytes.fromhex("5d" * 32)
NOTES = 20_000
KILLS = 30


def _count(db: Path, key: bytes) -> tuple[str | None, int]:
    """The revision and the number of notes of ``db``, read without changing it."""
    engine = make_engine(db, key, readonly=True)
    try:
        with engine.connect() as conn:
            revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            notes = conn.exec_driver_sql("SELECT count(*) FROM note").scalar()
    finally:
        engine.dispose()
    return revision, notes


@pytest.fixture(scope="session")
def old_profile(tmp_path_factory) -> tuple[Path, bytes]:
    """A passphrase profile whose database is at revision 0002 and holds 20,001 notes."""
    root = tmp_path_factory.mktemp("old-profile") / "profile"
    paths = ProfilePaths(root)
    key = unlock_key(paths, TEST_PASSPHRASE)
    import sqlcipher3

    conn = sqlcipher3.connect(str(DATA / "rev0002.db"), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{FIXTURE_KEY.hex()}'\"")
        conn.execute(f"ATTACH DATABASE ? AS profile KEY \"x'{key.hex()}'\"", (str(paths.database),))
        conn.execute("SELECT sqlcipher_export('profile')")
        conn.execute("BEGIN")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO profile.note (meeting_id, manager_id, agenda_item_id, kind, body, "
            "visibility, tags, position, created_at, author_rep_id, conflict_body, id, "
            "updated_hlc, device_id, deleted) "
            "SELECT meeting_id, manager_id, agenda_item_id, kind, "
            "'Bulk note ' || i || ': ' || substr(body, 1, 200), visibility, tags, i, "
            "created_at, author_rep_id, NULL, printf('bulk-%08d', i), updated_hlc, "
            "device_id, 0 FROM n, (SELECT * FROM main.note LIMIT 1)",
            (NOTES,),
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA profile.journal_mode = WAL")
    finally:
        conn.close()
    assert _count(paths.database, key) == ("0002", NOTES + 1)
    return root, key


def _start_cli(profile: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERDESK_")}
    env["PYTHONPATH"] = str(ROOT / "desktop")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["PARTNERDESK_PASSPHRASE"] = TEST_PASSPHRASE
    return subprocess.Popen(
        [sys.executable, "-m", "partnerdesk", "--profile", str(profile), "rep", "list"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )


def test_sigkill_during_an_upgrade_never_breaks_the_profile(old_profile, tmp_path):
    template, key = old_profile
    head = migrate.head_revision()
    timed = tmp_path / "timed"
    shutil.copytree(template, timed)
    started = time.monotonic()
    assert _start_cli(timed).wait(timeout=300) == 0
    run_time = time.monotonic() - started
    assert _count(ProfilePaths(timed).database, key) == (head, NOTES + 1)

    outcomes = []
    for i in range(KILLS):
        root = tmp_path / f"kill-{i}"
        shutil.copytree(template, root)
        proc = _start_cli(root)
        time.sleep(run_time * i / KILLS)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        revision, notes = _count(ProfilePaths(root).database, key)
        assert revision in ("0002", head) and notes == NOTES + 1, (i, revision, notes)
        outcomes.append(revision)
        if i % 3 == 0:  # and it opens (upgrading now if it was left at the old revision)
            store = open_store(ProfilePaths(root), key)
            store.close()
            assert _count(ProfilePaths(root).database, key) == (head, NOTES + 1)
        shutil.rmtree(root)
    print(f"upgrade run {run_time:.2f}s; kills left old={outcomes.count('0002')}")
    assert "0002" in outcomes  # the kills did land during the upgrade
