"""Sync through the real CLI: demo data on the lead's profile reaches a rep's profile."""

from __future__ import annotations

import shutil

from sqlalchemy import func, select

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
    lead, rep, shared = tmp_path / "lead", tmp_path / "rep", tmp_path / "OneDrive"
    shared.mkdir()
    assert run_cli("demo", profile=lead).returncode == 0

    created = run_cli(
        "team",
        "create",
        "--folder",
        str(shared),
        "--name",
        "People Partners",
        profile=lead,
        env=TEAM,
    )
    assert created.returncode == 0, created.stderr
    assert "Created team 'People Partners'" in created.stdout

    wrong = run_cli(
        "team",
        "join",
        "--folder",
        str(shared),
        profile=rep,
        env={"PARTNERDESK_TEAM_PASSPHRASE": "not the one"},
    )
    assert wrong.returncode == 1 and "passphrase for 'People Partners' is wrong" in wrong.stderr
    no_passphrase = run_cli("team", "join", "--folder", str(shared), profile=rep)
    assert no_passphrase.returncode == 1
    assert "PARTNERDESK_TEAM_PASSPHRASE" in no_passphrase.stderr
    not_in_team = run_cli("sync", profile=rep)
    assert not_in_team.returncode == 1 and "not in a team yet" in not_in_team.stderr

    joined = run_cli("team", "join", "--folder", str(shared), profile=rep, env=TEAM)
    assert joined.returncode == 0, joined.stderr

    sent = run_cli("sync", profile=lead)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("Sent ") and ".pdsync" in sent.stdout
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
    assert "Team:      People Partners" in status.stdout
    assert "(this device)" in status.stdout and "bundle 1" in status.stdout

    shutil.move(str(shared), str(tmp_path / "offline"))
    offline = run_cli("sync", profile=lead)
    assert offline.returncode == 1
    assert "shared folder not reachable" in offline.stdout
    assert "not reachable" in offline.stderr
