"""Count copies of a profile's data key in the memory of a process that has locked.

    python tools/key_copies.py PROFILE_DIR        (PARTNERDESK_PASSPHRASE set)

A child process unlocks the profile, reads from it, locks it (``Store.close()``) and
waits; this script then reads the child's memory through /proc/PID/mem (Linux, same
user or root) and counts the raw key and its hex spelling (lower and upper case).
The target is 0 of each. Prints one line: ``raw=N hex=N``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import gc, sys
sys.path.insert(0, sys.argv[2])
from partnerdesk.core.profile import open_profile
from partnerdesk.paths import ProfilePaths
from sqlalchemy import func, select
from partnerdesk.core.store.models import Note, Rep
from pathlib import Path
store = open_profile(ProfilePaths(Path(sys.argv[1])), sys.argv[3], create=False)
with store.session() as s:
    s.scalar(select(func.count(Note.id))); list(s.scalars(select(Rep)))
with store.transaction() as s:
    s.add(Rep(name="Lock Probe", email="probe@example.com"))
store.close()
del store
gc.collect()
print("locked", flush=True)
sys.stdin.readline()
"""


def _memory(pid: int) -> bytes:
    """Every readable mapping of process ``pid``, concatenated."""
    chunks = []
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
        for line in maps:
            fields = line.split()
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if "r" not in fields[1] or (len(fields) > 5 and fields[5] == "[vvar]"):
                continue
            try:
                mem.seek(start)
                chunks.append(mem.read(end - start))
            except (OSError, ValueError, OverflowError):
                continue
    return b"\0".join(chunks)


def count_copies(profile: Path, passphrase: str, key: bytes) -> tuple[int, int]:
    """(raw, hex) copies of ``key`` left in a child process after it locked ``profile``."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(profile), str(ROOT / "desktop"), passphrase],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        memory = _memory(child.pid)
    finally:
        child.stdin.write("\n")
        child.stdin.flush()
        child.wait(timeout=30)
    raw = memory.count(key)
    hexes = len(re.findall(re.escape(key.hex().encode()), memory, re.IGNORECASE))
    return raw, hexes


def main() -> int:
    sys.path.insert(0, str(ROOT / "desktop"))
    from partnerdesk.core.profile import unlock_key
    from partnerdesk.paths import ProfilePaths

    profile = Path(sys.argv[1])
    passphrase = os.environ["PARTNERDESK_PASSPHRASE"]
    key = bytes(unlock_key(ProfilePaths(profile.resolve()), passphrase, create=False))
    raw, hexes = count_copies(profile, passphrase, key)
    print(f"raw={raw} hex={hexes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
