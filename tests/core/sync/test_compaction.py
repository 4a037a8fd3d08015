"""Checkpoints: withdrawn or deleted words leave the folder within one sync, and a new
computer reads one checkpoint per computer instead of every edit."""

from __future__ import annotations

import json
from pathlib import Path

from partnerdesk.core.sync import runner
from partnerdesk.core.sync.admin import approve
from partnerdesk.core.sync.bundle import open_bundle, seq_of
from partnerdesk.core.sync.membership import epoch_keys, load_state
from partnerdesk.core.sync.problems import list_problems
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.team import current_team, join_team
from tests.sync_fixtures import TEAM_PASSPHRASE

from .helpers import add_note, edit_note, note, replica

MARKER = "OKAPI-WITHDRAWN-5120"


def _plaintexts(store, shared: Path) -> str:
    """Every bundle in the folder, opened with every key the team ever had."""
    team = current_team(store)
    with store.session() as session:
        keys = epoch_keys(session)
        state = load_state(session, team.team_id)
    texts = []
    for path in sorted(shared.rglob("*.pdsync")):
        device = path.parent.name
        opened = open_bundle(
            path.read_bytes(),
            str(path),
            team.team_id,
            device,
            seq_of(path.name),
            state.devices[device].sign_pub,
            keys,
        )
        texts.append(json.dumps(opened.payload))
    return "\n".join(texts)


def _own_files(store) -> list[str]:
    folder = Path(current_team(store).folder) / "devices" / store.device_id
    return sorted(p.name for p in folder.glob("*.pdsync"))


def test_withdrawn_and_deleted_words_are_gone_from_the_folder_within_one_sync(
    trio, make_store, shared
):
    a, b, _c = trio
    withdrawn = add_note(a, f"{MARKER} flight risk")
    deleted = add_note(a, "DELETED-WORDS-8841 reorg rumour")
    kept = add_note(a, "plain team note")
    sync(a), sync(b)
    assert MARKER in _plaintexts(a, shared)
    edit_note(a, withdrawn, visibility="private")
    edit_note(a, deleted, deleted=True)
    report = sync(a)
    assert report.compacted == 2 and len(_own_files(a)) == 1
    everything = _plaintexts(a, shared)
    assert MARKER not in everything and "DELETED-WORDS-8841" not in everything
    assert "plain team note" in everything
    # a member who had the words gets the withdrawal from the checkpoint
    sync(b)
    assert note(b, withdrawn).deleted and note(b, withdrawn).body == ""
    assert note(b, deleted).deleted and note(b, deleted).body == ""
    # a late joiner never sees them, and no missing updates are reported
    late = make_store("late")
    join_team(late, shared, TEAM_PASSPHRASE, email="late@example.com")
    approve(a)
    sync(late)
    assert note(late, kept).body == "plain team note"
    assert note(late, withdrawn) is None or note(late, withdrawn).body == ""
    assert [p.message for p in list_problems(late)] == []
    assert note(a, withdrawn).body == f"{MARKER} flight risk"  # still a's, privately


def test_a_device_with_many_bundles_replaces_them_with_a_checkpoint(
    trio, make_store, shared, monkeypatch
):
    monkeypatch.setattr(runner, "COMPACT_AFTER", 4)
    a, b, _c = trio
    ids = []
    for index in range(5):
        ids.append(add_note(a, f"note {index}"))
        sync(a)
        if index == 1:
            sync(b)  # b has read some bundles before the checkpoint
    assert len(_own_files(a)) < 4
    late = make_store("late")
    join_team(late, shared, TEAM_PASSPHRASE, email="late@example.com")
    approve(a)
    for store in (b, late):
        sync(store)
        assert [note(store, i).body for i in ids] == [f"note {i}" for i in range(5)]
        assert list_problems(store) == []
    assert replica(b)["note"] == replica(late)["note"]
