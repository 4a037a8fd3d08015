"""Crash safety: a real NoteEditor typing in a subprocess, killed with SIGKILL 50+ times.

After every kill the store must open, hold a clean prefix of the typed pattern, hold
everything the editor reported saved, and lose at most the last second of typing.
Typists are forked from a warm server so 50 kills fit in well under a minute.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from partnerdesk.core.profile import open_store
from partnerdesk.core.store.models import Note
from partnerdesk.paths import ProfilePaths
from tests.ui.widgets.typist import PATTERN

ROOT = Path(__file__).resolve().parents[3]
KILLS = 50
LANES = 5


def _read_log(log: Path) -> list[tuple[str, float, int]]:
    entries = []
    for line in log.read_text().splitlines() if log.exists() else ():
        parts = line.split()
        if len(parts) == 3:  # a line cut by the kill is ignored
            entries.append((parts[0], float(parts[1]), int(parts[2])))
    return entries


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.005)
    raise AssertionError(f"typist {pid} survived SIGKILL")


def _check(paths: ProfilePaths, key: bytes, log: Path, killed_at: float) -> int:
    store = open_store(paths, key)
    try:
        with store.session() as session:
            bodies = session.scalars(select(Note.body).where(Note.deleted.is_(False))).all()
            assert session.execute(text("PRAGMA quick_check")).scalar() == "ok"
    finally:
        store.close()
    assert len(bodies) <= 1, "the editor created a second note"
    body = bodies[0] if bodies else ""
    expected = (PATTERN * (len(body) // len(PATTERN) + 1))[: len(body)]
    assert body == expected, "the stored text is not what was typed"
    entries = _read_log(log)
    saved = max((n for tag, _t, n in entries if tag == "S"), default=0)
    assert len(body) >= saved, f"lost saved text: store {len(body)} < saved {saved}"
    typed_long_ago = max(
        (n for tag, t, n in entries if tag == "T" and t < killed_at - 1.0), default=0
    )
    assert len(body) >= typed_long_ago, (
        f"lost more than a second of typing: store {len(body)} < {typed_long_ago}"
    )
    return len(body)


@pytest.fixture
def typist_server():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.widgets.typist"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    yield server
    server.stdin.close()
    server.wait(timeout=30)
    server.stdout.close()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="the typist server forks (POSIX only)")
def test_sigkill_while_typing_loses_at_most_a_second(
    profile_paths, data_key, tmp_path, typist_server
):
    rng = random.Random(5)
    lanes = []
    for lane in range(LANES):
        shutil.copytree(profile_paths.root, tmp_path / f"lane{lane}")
        lanes.append(ProfilePaths(tmp_path / f"lane{lane}"))
    kills = 0
    lengths = [0] * LANES
    saves_seen = 0
    while kills < KILLS:
        running = []
        for lane, paths in enumerate(lanes):
            paths.settings_file.write_text(json.dumps({"autosave_ms": rng.choice([30, 200, 800])}))
            log = tmp_path / f"lane{lane}-{kills}.log"
            typist_server.stdin.write(f"{paths.root} {data_key.hex()} {log}\n")
            typist_server.stdin.flush()
            pid = int(typist_server.stdout.readline())
            running.append((lane, paths, log, pid, rng.uniform(0.02, 1.4)))
        killed = []
        for _lane, _paths, log, _pid, _delay in running:
            deadline = time.monotonic() + 30
            while not any(tag == "R" for tag, _t, _n in _read_log(log)):
                assert time.monotonic() < deadline, "the typist never started typing"
                time.sleep(0.01)
        start = time.time()  # noqa: TID251 - compared with the typist process's log
        for lane, paths, log, pid, delay in sorted(running, key=lambda r: r[4]):
            time.sleep(max(0.0, start + delay - time.time()))  # noqa: TID251
            killed_at = time.time()  # noqa: TID251
            os.kill(pid, signal.SIGKILL)
            killed.append((lane, paths, log, pid, killed_at))
        for lane, paths, log, pid, killed_at in killed:
            _wait_gone(pid)
            length = _check(paths, data_key, log, killed_at)
            assert length >= lengths[lane], "text saved by an earlier run disappeared"
            lengths[lane] = length
            saves_seen += sum(tag == "S" for tag, _t, _n in _read_log(log))
            kills += 1
    assert kills >= 50
    assert saves_seen > KILLS and min(lengths) > 0  # the kills really hit a saving editor
