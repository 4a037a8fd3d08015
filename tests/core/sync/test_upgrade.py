"""A team made before signed member lists upgrades in place: the lead becomes admin, the
others ask again and are approved, everything is sent again signed, old files go away."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from sqlalchemy import delete

from partnerdesk.core.me import create_me
from partnerdesk.core.store.models import SyncEpochKey, SyncLogEntry, SyncTeam
from partnerdesk.core.sync import bundle as bundles
from partnerdesk.core.sync.admin import approve, members, requests
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.team import current_team
from partnerdesk.core.sync.upgrade import upgrade_team

from .helpers import add_note, note


def _as_older_version(stores, folder: Path) -> None:
    """What the previous version left: team.json v1, no member list, unsigned bundles."""
    for path in (folder / "log").iterdir():
        path.unlink()
    record = json.loads((folder / "team.json").read_text())
    record["version"] = 1
    (folder / "team.json").write_text(json.dumps(record))
    for store in stores:
        with store.transaction() as session:
            row = session.get(SyncTeam, current_team(store).team_id)
            row.sign_key = row.box_key = row.root_hash = ""
            session.execute(delete(SyncLogEntry))
            session.execute(delete(SyncEpochKey))
        old = folder / "devices" / store.device_id / bundles.bundle_name(1)
        header = b'{"old":1}'
        old.write_bytes(bundles.MAGIC + struct.pack(">HI", 1, len(header)) + header + bytes(100))
        with store.transaction() as session:
            session.get(SyncTeam, current_team(store).team_id).last_seq = 1


def test_an_older_team_upgrades_in_place(trio):
    a, b, _c = trio
    folder = Path(current_team(a).folder)
    _as_older_version([a, b], folder)
    mine, theirs = add_note(a, "the lead's old note"), add_note(b, "b's old note")
    waiting = sync(b)
    assert waiting.pending and "team upgrade" in waiting.summary()
    upgrade_team(a, "a@example.com")
    sync(a)
    report = sync(b)  # b does not know whom it speaks for yet
    assert "upgrade --as YOUR-WORK-EMAIL" in report.folder_problem
    create_me(b, "B", "b@example.com", is_lead=False)
    report = sync(b)  # now b asks to join by itself
    assert report.pending and "Waiting for a team admin" in report.summary()
    [request] = requests(a)
    assert request.device.email == "b@example.com"
    approve(a)
    sync(b), sync(a)
    assert note(a, theirs).body == "b's old note" and note(b, mine).body == "the lead's old note"
    assert {m.email: m.role for m in members(b)}["a@example.com"] == "admin"
    for store in (a, b):  # the unsigned bundles are gone
        own = folder / "devices" / store.device_id
        assert not (own / bundles.bundle_name(1)).exists()
