"""kill -9 while writing: every committed row is there after a restart."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from partnerdesk.core.profile import open_store
from partnerdesk.core.store.models import Note
from partnerdesk.paths import ProfilePaths
from tests.helpers import ROOT

WRITER = Path(__file__).with_name("crash_writer.py")


def _run_and_kill(profile: Path, key: bytes, rows_before_kill: int) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop") + os.pathsep + str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(profile), key.hex()],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout.readline().strip() == "ready"
    committed = [proc.stdout.readline().strip() for _ in range(rows_before_kill)]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return committed


def test_committed_rows_survive_sigkill(profile_paths, data_key):
    rng = random.Random(20261122)
    committed: list[str] = []
    for _ in range(8):
        committed += _run_and_kill(profile_paths.root, data_key, rng.randint(1, 60))
        store = open_store(ProfilePaths(profile_paths.root), data_key)
        with store.session() as s:
            present = set(s.scalars(select(Note.id)))
        store.close()
        missing = [row for row in committed if row not in present]
        assert missing == []
