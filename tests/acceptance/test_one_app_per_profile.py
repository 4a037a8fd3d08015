"""One app per profile: CLI writers refuse while the app holds it; a closed pipe is quiet."""

from __future__ import annotations

import os
import subprocess
import sys

from partnerdesk.core.store.models import Rep
from tests.helpers import ROOT, run_cli

HOLDER = """
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from partnerdesk.core.instance import ProfileLock
from partnerdesk.paths import ProfilePaths
assert ProfileLock(ProfilePaths(Path(sys.argv[1]))).acquire()
print("holding", flush=True)
sys.stdin.readline()
"""


def test_cli_writers_refuse_while_the_app_has_the_profile(profile_paths):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(profile_paths.root), str(ROOT / "desktop")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        before = profile_paths.database.read_bytes()
        refused = run_cli("rep", "add", "Pat Rep", "pat@example.com", profile=profile_paths.root)
        assert refused.returncode == 1
        assert refused.stderr.strip().splitlines() == [
            "partnerdesk: Partner Desk (the app) has this profile open; make the change "
            "there, or close the app and run this again. Nothing was changed."
        ]
        assert profile_paths.database.read_bytes() == before
        assert run_cli("rep", "list", profile=profile_paths.root).returncode == 0
    finally:
        holder.communicate("\n", timeout=30)
    added = run_cli("rep", "add", "Pat Rep", "pat@example.com", profile=profile_paths.root)
    assert added.returncode == 0, added.stderr


def test_a_closed_pipe_ends_quietly(store, profile_paths):
    with store.transaction() as s:  # far more output than a pipe buffers (64 KB)
        for i in range(3000):
            s.add(Rep(name=f"Rep {i:04d} with a long enough name", email=f"r{i}@example.com"))
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARTNERDESK_")}
    env.update(
        PYTHONPATH=str(ROOT / "desktop"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PARTNERDESK_PASSPHRASE="correct horse battery staple",
    )
    cmd = f"'{sys.executable}' -m partnerdesk --profile '{profile_paths.root}' rep list | head -1"
    result = subprocess.run(
        ["bash", "-c", cmd], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == ""
