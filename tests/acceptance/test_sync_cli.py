"""Sync through the real CLI: the demo lead's data reaches a rep who joins the demo team."""

from __future__ import annotations

import shutil

from sqlalchemy import func, select

from partnerdesk.core.demo import DEMO_TEAM_PASSPHRASE
from partnerdesk.core.profile import open_profile
from partnerdesk.core.store.models import Manager, Note
from partnerdesk.paths import ProfilePaths
from tests.helpers import run_cli

PASSPHRASE = "correct horse battery staple"
TEAM = {"PARTNERDESK_TEAM_PASSPHRASE": "our team passphrase"}


def _counts(profile):
    store = open_profile(ProfilePaths(profile), PASSPHRASE, create=False)
    try:
        with store.session() as session:
            managers = session.scalar(select(func.count()).select_from(Manager))
            shared = session.scalar(
                select(func.count())
                .select_from(Note)
                .where(Note.visibility != "private", Note.deleted.is_(False))
            )
            private = session.scalars(
                select(Note.body).where(Note.visibility == "private", Note.deleted.is_(False))
            ).all()
        return managers, shared, private
    finally:
        store.close()


def test_team_create_join_sync_and_status(tmp_path):
    lead, rep, other = tmp_path / "lead", tmp_path / "rep", tmp_path / "other"
    assert run_cli("demo", profile=lead).returncode == 0
    shared = lead / "demo-shared"  # the demo profile's own team folder
    demo_team = {"PARTNERDESK_TEAM_PASSPHRASE": DEMO_TEAM_PASSPHRASE}

    again = run_cli(
        "team", "create", "--folder", str(tmp_path), "--name", "X", profile=lead, env=TEAM
    )
    assert again.returncode == 1 and "already syncs with the team" in again.stderr

    wrong = run_cli(
        "team",
        "join",
        "--folder",
        str(shared),
        profile=rep,
        env={"PARTNERDESK_TEAM_PASSPHRASE": "not the one"},
    )
    assert wrong.returncode == 1 and "passphrase for" in wrong.stderr and "is wrong" in wrong.stderr
    no_passphrase = run_cli("team", "join", "--folder", str(shared), profile=rep)
    assert no_passphrase.returncode == 1
    assert "PARTNERDESK_TEAM_PASSPHRASE" in no_passphrase.stderr
    not_in_team = run_cli("sync", profile=rep)
    assert not_in_team.returncode == 1 and "not in a team yet" in not_in_team.stderr

    joined = run_cli("team", "join", "--folder", str(shared), profile=rep, env=demo_team)
    assert joined.returncode == 0, joined.stderr
    assert "Joined team" in joined.stdout

    sent = run_cli("sync", profile=lead)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("Nothing to send")  # the demo synced its data already
    received = run_cli("sync", profile=rep)
    assert received.returncode == 0, received.stderr
    assert "received" in received.stdout

    lead_managers, lead_shared, private = _counts(lead)
    rep_managers, rep_shared, rep_private = _counts(rep)
    assert lead_managers == rep_managers > 0
    assert lead_shared == rep_shared > 0
    assert private and rep_private == []
    folder_bytes = b"".join(p.read_bytes() for p in shared.rglob("*") if p.is_file())
    for body in private:
        assert body.encode() not in folder_bytes

    status = run_cli("team", "status", profile=rep)
    assert status.returncode == 0, status.stderr
    assert "(this device)" in status.stdout and "bundle 1" in status.stdout

    elsewhere = tmp_path / "OneDrive"
    elsewhere.mkdir()
    created = run_cli(
        "team", "create", "--folder", str(elsewhere), "--name", "North", profile=other, env=TEAM
    )
    assert created.returncode == 0, created.stderr
    assert "Created team 'North'" in created.stdout
    assert len(list((elsewhere / "PartnerDesk").glob("*/team.json"))) == 1

    shutil.move(str(shared), str(tmp_path / "offline"))
    offline = run_cli("sync", profile=rep)
    assert offline.returncode == 1
    assert "shared folder not reachable" in offline.stdout
    assert "not reachable" in offline.stderr
