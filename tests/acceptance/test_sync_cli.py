"""Sync through the real CLI: the demo lead's data reaches a rep who joins the demo team."""

from __future__ import annotations

import shutil

from sqlalchemy import func, select

from partnerdesk.core.demo import DEMO_TEAM_PASSPHRASE
from partnerdesk.core.profile import open_profile
from partnerdesk.core.store.models import Manager, Note, Rep
from partnerdesk.paths import ProfilePaths
from tests.helpers import run_cli

PASSPHRASE = "correct horse battery staple"
TEAM = {"PARTNERDESK_TEAM_PASSPHRASE": "our team passphrase"}


def _counts(profile, author: str | None = None):
    """Managers, shared notes (by ``author`` only, when given) and private note bodies."""
    store = open_profile(ProfilePaths(profile), PASSPHRASE, create=False)
    try:
        with store.session() as session:
            managers = session.scalar(select(func.count()).select_from(Manager))
            shared_notes = (
                select(func.count())
                .select_from(Note)
                .where(Note.visibility != "private", Note.deleted.is_(False))
            )
            if author is not None:
                shared_notes = shared_notes.where(Note.author_rep_id == author)
            shared = session.scalar(shared_notes)
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

    joined = run_cli(
        "team",
        "join",
        "--folder",
        str(shared),
        "--as",
        "rep@example.com",
        profile=rep,
        env=demo_team,
    )
    assert joined.returncode == 0, joined.stderr
    assert "Asked to join team" in joined.stdout and "fingerprint" in joined.stdout
    waiting = run_cli("sync", profile=rep)
    assert waiting.returncode == 1 and "Waiting for a team admin" in waiting.stdout
    approved = run_cli("team", "approve", "--all", profile=lead)
    assert approved.returncode == 0, approved.stderr
    assert "Approved rep@example.com" in approved.stdout

    sent = run_cli("sync", profile=lead)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("Nothing to send")  # the demo synced its data already
    received = run_cli("sync", profile=rep)
    assert received.returncode == 0, received.stderr
    assert "received" in received.stdout

    # the demo profile holds every rep's notes, but a note travels only from its author:
    # the rep receives the lead's own (the others are listed as refused)
    lead_rep = _me(lead)
    lead_managers, lead_shared, private = _counts(lead, author=lead_rep)
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
    assert "were refused" in status.stdout  # the other reps' notes, written on the lead's

    elsewhere = tmp_path / "OneDrive"
    elsewhere.mkdir()
    created = run_cli(
        "team",
        "create",
        "--folder",
        str(elsewhere),
        "--name",
        "North",
        "--as",
        "o@example.com",
        profile=other,
        env=TEAM,
    )
    assert created.returncode == 0, created.stderr
    assert "Created team 'North'" in created.stdout
    assert len(list((elsewhere / "PartnerDesk").glob("*/team.json"))) == 1

    shutil.move(str(shared), str(tmp_path / "offline"))
    offline = run_cli("sync", profile=rep)
    assert offline.returncode == 1
    assert "shared folder not reachable" in offline.stdout
    assert "not reachable" in offline.stderr


def _me(profile) -> str:
    from partnerdesk.core.me import get_me

    store = open_profile(ProfilePaths(profile), PASSPHRASE, create=False)
    try:
        return get_me(store).id
    finally:
        store.close()


def _cli(*args: str, profile, env=None):
    result = run_cli(*args, profile=profile, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _reps(profile) -> set[str]:
    store = open_profile(ProfilePaths(profile), PASSPHRASE, create=False)
    try:
        with store.session() as session:
            return set(session.scalars(select(Rep.email).where(Rep.deleted.is_(False))))
    finally:
        store.close()


def test_create_join_approve_sync_remove_sync(tmp_path):
    """The trust scenario end to end: a removed rep's computer receives nothing new."""
    lead, rep, gone = tmp_path / "lead", tmp_path / "rep", tmp_path / "gone"
    shared = tmp_path / "OneDrive"
    shared.mkdir()
    _cli(
        "team",
        "create",
        "--folder",
        str(shared),
        "--name",
        "PP",
        "--as",
        "lead@example.com",
        profile=lead,
        env=TEAM,
    )
    for profile, email in ((rep, "rep@example.com"), (gone, "gone@example.com")):
        _cli("team", "join", "--folder", str(shared), "--as", email, profile=profile, env=TEAM)
    listed = _cli("team", "requests", profile=lead)
    assert "rep@example.com" in listed and "gone@example.com" in listed
    refused = run_cli("team", "approve", "--all", profile=rep)
    assert refused.returncode == 1 and "Only a team admin" in refused.stderr
    _cli("team", "approve", "--all", profile=lead)
    members = _cli("team", "members", profile=rep)
    assert "lead@example.com (admin)" in members and "gone@example.com (member)" in members

    _cli("rep", "add", "Rita Before", "rita@example.com", profile=lead)
    _cli("sync", profile=lead)
    assert "received" in _cli("sync", profile=rep)
    _cli("sync", profile=gone)
    assert "rita@example.com" in _reps(rep) and "rita@example.com" in _reps(gone)

    removed = _cli("team", "remove", "gone@example.com", profile=lead)
    assert "A new team key is in use" in removed
    _cli("rep", "add", "Sam After", "sam@example.com", profile=lead)
    _cli("sync", profile=lead)
    _cli("sync", profile=rep)
    cut_off = run_cli("sync", profile=gone)
    assert cut_off.returncode == 1 and "removed from the team" in cut_off.stdout
    assert "sam@example.com" in _reps(rep)
    assert "sam@example.com" not in _reps(gone)
    members = _cli("team", "members", profile=lead)
    assert "gone@example.com" not in members
    assert b"Sam After" not in b"".join(p.read_bytes() for p in shared.rglob("*") if p.is_file())
