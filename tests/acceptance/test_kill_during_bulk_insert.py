"""kill -9 in the middle of a bulk insert that rebuilds the table's indexes afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from partnerdesk.core.profile import open_store
from partnerdesk.paths import ProfilePaths
from tests.helpers import ROOT

WRITER = Path(__file__).with_name("bulk_writer.py")
INDEXES = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name"


def _schema_and_rows(profile: Path, key: bytes) -> tuple[list, int, str]:
    store = open_store(ProfilePaths(profile), key)
    try:
        with store.session() as session:
            run = session.connection().exec_driver_sql
            indexes = run(INDEXES, ("lifecycle_event",)).all()
            rows = run("SELECT count(*) FROM lifecycle_event").scalar_one()
            check = run("PRAGMA integrity_check").scalar_one()
    finally:
        store.close()
    return indexes, rows, check


def test_a_kill_with_the_indexes_dropped_leaves_them_in_place(profile_paths, data_key):
    indexes, rows, _check = _schema_and_rows(profile_paths.root, data_key)
    assert len(indexes) >= 4 and rows == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop") + os.pathsep + str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(profile_paths.root), data_key.hex()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "halfway"
        wal = profile_paths.root / "partnerdesk.db-wal"
        assert wal.stat().st_size > 100_000  # the uncommitted pages went to the WAL
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
    assert _schema_and_rows(profile_paths.root, data_key) == (indexes, 0, "ok")
