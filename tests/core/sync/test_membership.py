"""Joining needs an admin's approval; the member list is signed, chained and cannot be rolled back;
a removed computer reads nothing written after its removal."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerdesk.core.sync.admin import (
    approve,
    leave,
    members,
    remove,
    requests,
    set_role,
    team_state,
)
from partnerdesk.core.sync.identity import DeviceKeys, b64
from partnerdesk.core.sync.joining import write_request
from partnerdesk.core.sync.membership import (
    LOG,
    TeamState,
    apply_entry,
    canonical,
    device_record,
    entry_path,
    folder_entries,
    load_state,
    read_entry,
)
from partnerdesk.core.sync.problems import list_problems
from partnerdesk.core.sync.runner import sync
from partnerdesk.core.sync.status import sync_status
from partnerdesk.core.sync.team import (
    TeamError,
    create_team,
    current_team,
    device_keys,
    join_team,
    team_key,
)
from tests.sync_fixtures import FAST_KDF, TEAM_PASSPHRASE

from .helpers import add_note, all_bytes, note, plant


def _folder(store) -> Path:
    return Path(current_team(store).folder)


def test_a_device_reads_nothing_before_an_admin_approves_it(trio, make_store, shared):
    a, _b, _c = trio
    secret = add_note(a, "before the new rep")
    sync(a)
    new = make_store("new")
    join_team(new, shared, TEAM_PASSPHRASE, email="new@example.com")
    report = sync(new)
    assert report.pending and "Waiting for a team admin" in report.summary()
    assert "waiting for a team admin to approve" in sync_status(new).message
    assert device_keys(current_team(new)).fingerprint in report.summary()
    assert note(new, secret) is None
    [request] = requests(a)
    assert request.device.email == "new@example.com"
    assert request.device.fingerprint == device_keys(current_team(new)).fingerprint
    with pytest.raises(TeamError, match="Only a team admin"):
        approve(trio[1])
    approve(a, request.device.device_id[:6])
    assert requests(a) == []
    sync(new)
    assert note(new, secret).body == "before the new rep"
    emails = {m.email: m.role for m in members(new)}
    assert emails["a@example.com"] == "admin" and emails["new@example.com"] == "member"


def test_a_request_without_the_passphrase_is_not_offered(trio, make_store):
    a, _b, _c = trio
    team = current_team(a)
    keys = DeviceKeys.generate()
    record = device_record(keys, "feedfacecafe0003", "mallory@example.com", "intruder")
    write_request(_folder(a), team.team_id, record, keys, invite_key=bytes(32))
    assert requests(a) == []
    assert approve(a) == []


def test_an_entry_signed_by_a_member_is_ignored(trio):
    _a, b, c = trio
    _team, state, _problems = team_state(b)
    keys = device_keys(current_team(b))
    entry = {
        "v": 1,
        "team": state.team_id,
        "i": state.head_idx + 1,
        "prev": state.head_hash,
        "at": "2026-01-01T00:00:00",
        "by": b.device_id,
        "op": "role",
        "email": "b@example.com",
        "role": "admin",
    }
    entry["sig"] = b64(keys.signature(canonical(entry)))
    entry_path(_folder(b), entry).write_bytes(canonical(entry))
    _team, state, problems = team_state(c)
    assert state.roles["b@example.com"] == "member"
    assert problems and "not signed by an admin" in problems[0]
    sync(c)
    assert any("not a valid entry of the team's member list" in p.message for p in list_problems(c))


def test_removal_rotates_the_key_and_cannot_be_rolled_back(trio):
    a, b, c = trio
    before = add_note(a, "before the removal")
    sync(a), sync(c)
    assert note(c, before) is not None
    add_note(c, "written before removal")
    sync(c)
    sync(a)
    remove(a, "c@example.com")
    after = add_note(a, "AFTER-REMOVAL-7731")
    sync(a)
    sync(b)
    assert note(b, after).body == "AFTER-REMOVAL-7731"
    # a folder writer deletes the removal entry: every member that saw it writes it back
    log = sorted((_folder(a) / LOG).iterdir())
    log[-1].unlink()
    sync(b)
    assert sorted((_folder(a) / LOG).iterdir()) == log
    # c cannot read what was written after; its later bundles are refused by the others
    report = sync(c)
    assert report.pending and "removed from the team" in report.summary()
    assert sync_status(c).message == "Not syncing: this computer was removed from the team"
    assert note(c, after) is None
    stamp_note = {"changes": {}}
    plant(c, current_team(c).last_seq + 1, stamp_note, epoch=1)
    report = sync(b)
    assert any("written by a computer removed from the team" in p for p in report.problems)
    assert "c@example.com" not in {m.email for m in members(a)}


def test_leave_then_join_another_team(trio, make_store, shared, tmp_path):
    a, b, _c = trio
    assert "Ask an admin" in leave(b)
    assert current_team(b) is None
    other = tmp_path / "other-share"
    other.mkdir()
    create_team(b, other, "North", TEAM_PASSPHRASE, kdf=FAST_KDF, email="b@example.com")
    assert current_team(b).name == "North"
    remove(a, "b@example.com")
    assert "b@example.com" not in {m.email for m in members(a)}


def test_the_folder_never_holds_a_private_key(trio, shared):
    everything = all_bytes(shared)
    for store in trio:
        team = current_team(store)
        for secret in (team.sign_key, team.box_key, team.team_key):
            assert bytes.fromhex(secret) not in everything and secret.encode() not in everything


def test_the_stored_log_replays_to_the_state_its_verified_chain_gives(trio):
    """Each sync rebuilds the team from the profile's stored entries in one pass; that
    state is the one verifying the folder's chain from entry 0 gives (adds, a role
    change, a removal with its new epoch)."""
    a, b, c = trio
    set_role(a, "b@example.com", "admin")
    remove(a, "c@example.com")
    sync(b)
    team = current_team(a)
    chain = TeamState(team.team_id)
    entries = folder_entries(_folder(a))
    for index in sorted(entries):
        [path] = entries[index]
        chain = apply_entry(chain, read_entry(path), team_key(team))
    assert chain.epoch == 2 and chain.roles["b@example.com"] == "admin"
    assert chain.devices[c.device_id].removed
    for store in (a, b):
        with store.session() as session:
            assert load_state(session, team.team_id) == chain
