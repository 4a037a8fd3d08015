"""Team setup: team.json holds no secret, the passphrase is checked, bad folders are refused."""

from __future__ import annotations

import json

import pytest

from partnerdesk.core.sync.team import (
    TeamError,
    check_folder,
    create_team,
    current_team,
    join_team,
    team_key,
)
from tests.sync_fixtures import FAST_KDF, TEAM_PASSPHRASE

EMAIL = "rep@example.com"


def test_create_writes_team_json_without_secrets(make_store, shared):
    a = make_store("a")
    team = create_team(a, shared, "People Partners", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    folder = shared / "PartnerDesk" / team.team_id
    record = json.loads((folder / "team.json").read_text())
    assert record["format"] == "partnerdesk-team" and record["version"] == 2
    assert record["name"] == "People Partners" and record["team_id"] == team.team_id
    assert record["kdf"]["name"] == "argon2id" and record["kdf"]["salt"]
    assert len(record["check"]) == 32
    raw = (folder / "team.json").read_bytes()
    assert TEAM_PASSPHRASE.encode() not in raw and team.team_key.encode() not in raw
    everything = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    for secret in (team.team_key, team.sign_key, team.box_key):  # nothing private in the folder
        assert secret.encode() not in everything and bytes.fromhex(secret) not in everything
    assert (folder / "devices" / a.device_id).is_dir()
    assert check_folder(current_team(a)).team_id == team.team_id


def test_join_derives_the_same_key(make_store, shared):
    a, b = make_store("a"), make_store("b")
    create_team(a, shared, "PP", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    join_team(b, shared / "PartnerDesk", TEAM_PASSPHRASE, email=EMAIL)
    assert team_key(current_team(a)) == team_key(current_team(b))
    join_team(
        b, shared, TEAM_PASSPHRASE, email=EMAIL
    )  # joining again (e.g. a moved folder) is fine


def test_wrong_passphrase_is_refused_and_changes_nothing(make_store, shared):
    a, b = make_store("a"), make_store("b")
    create_team(a, shared, "PP", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    with pytest.raises(TeamError, match="team passphrase for 'PP' is wrong"):
        join_team(b, shared, "not the passphrase", email=EMAIL)
    assert current_team(b) is None


@pytest.mark.parametrize(
    ("name", "passphrase", "message"),
    [("", TEAM_PASSPHRASE, "Give the team a name"), ("PP", "short", "at least 8 characters")],
)
def test_bad_create_input(make_store, shared, name, passphrase, message):
    a = make_store("a")
    with pytest.raises(TeamError, match=message):
        create_team(a, shared, name, passphrase, kdf=FAST_KDF, email=EMAIL)
    assert current_team(a) is None
    assert not (shared / "PartnerDesk").exists()


def test_missing_folders_and_folders_without_a_team(make_store, tmp_path, shared):
    a = make_store("a")
    with pytest.raises(TeamError, match="does not exist"):
        create_team(a, tmp_path / "nowhere", "PP", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    with pytest.raises(TeamError, match="does not exist or cannot be reached"):
        join_team(a, tmp_path / "nowhere", TEAM_PASSPHRASE, email=EMAIL)
    with pytest.raises(TeamError, match="No Partner Desk team was found"):
        join_team(a, shared, TEAM_PASSPHRASE, email=EMAIL)
    damaged = shared / "PartnerDesk" / "abc"
    damaged.mkdir(parents=True)
    (damaged / "team.json").write_text("{not json")
    with pytest.raises(TeamError, match=r"team\.json is damaged"):
        join_team(a, shared, TEAM_PASSPHRASE, email=EMAIL)
    assert current_team(a) is None


def test_a_folder_with_two_teams_needs_a_choice(make_store, shared):
    a, b, c = make_store("a"), make_store("b"), make_store("c")
    first = create_team(a, shared, "North", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    create_team(b, shared, "South", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    with pytest.raises(TeamError, match=r"several teams.*--team ID"):
        join_team(c, shared, TEAM_PASSPHRASE, email=EMAIL)
    assert join_team(c, shared, TEAM_PASSPHRASE, first.team_id[:8], EMAIL).name == "North"


def test_one_team_per_profile(make_store, shared):
    a, b = make_store("a"), make_store("b")
    create_team(a, shared, "North", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    create_team(b, shared, "South", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    with pytest.raises(TeamError, match="already syncs with the team 'North'"):
        join_team(a, shared / "PartnerDesk" / current_team(b).team_id, TEAM_PASSPHRASE)
    with pytest.raises(TeamError, match="already syncs"):
        create_team(a, shared, "Third", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    assert current_team(a).name == "North"


def test_a_replaced_team_folder_is_noticed(make_store, shared):
    a = make_store("a")
    team = create_team(a, shared, "PP", TEAM_PASSPHRASE, kdf=FAST_KDF, email=EMAIL)
    path = shared / "PartnerDesk" / team.team_id / "team.json"
    record = json.loads(path.read_text())
    record["check"] = "0" * 32
    path.write_text(json.dumps(record))
    with pytest.raises(TeamError, match="describes another team"):
        check_folder(current_team(a))
