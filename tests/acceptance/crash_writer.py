"""Writes notes one commit at a time and prints each id after its commit (killed by a test)."""

import sys
from pathlib import Path

from partnerdesk.core.profile import open_store
from partnerdesk.core.store.models import Note
from partnerdesk.paths import ProfilePaths

store = open_store(ProfilePaths(Path(sys.argv[1])), bytes.fromhex(sys.argv[2]))
print("ready", flush=True)
n = 0
while True:
    with store.transaction() as session:
        note = Note(body=f"committed row {n} " * 10)
        session.add(note)
    print(note.id, flush=True)
    n += 1
