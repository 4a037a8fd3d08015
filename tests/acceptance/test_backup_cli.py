"""`partnerdesk backup` and `partnerdesk restore` through the real CLI."""

from __future__ import annotations

from tests.helpers import run_cli


def test_backup_then_bad_restore_then_round_trip(tmp_path):
    profile = tmp_path / "profile"
    target = tmp_path / "copy.pdbackup"
    missing = run_cli("backup", "--to", str(target), profile=profile)
    assert missing.returncode == 1 and "There is no Partner Desk profile" in missing.stderr
    assert not target.exists() and not (profile / "partnerdesk.db").exists()
    assert run_cli("doctor", profile=profile).returncode == 0
    made = run_cli("backup", "--to", str(target), profile=profile)
    assert made.returncode == 0, made.stderr
    assert target.is_file() and str(target) in made.stdout
    again = run_cli("backup", "--to", str(target), profile=profile)
    assert again.returncode == 1 and "already exists" in again.stderr

    database = profile / "partnerdesk.db"
    before = database.read_bytes()
    bad = tmp_path / "notes.txt"
    bad.write_text("not a backup")
    refused = run_cli("restore", str(bad), profile=profile)
    assert refused.returncode == 1
    assert "does not open with this profile's key" in refused.stderr
    assert "Nothing was changed" in refused.stderr
    assert database.read_bytes() == before
    wrong = run_cli("restore", str(target), profile=profile, passphrase="wrong")
    assert wrong.returncode == 1 and "passphrase is wrong" in wrong.stderr

    restored = run_cli("restore", str(target), profile=profile)
    assert restored.returncode == 0, restored.stderr
    assert "kept as" in restored.stdout
    assert list((profile / "backups").glob("*before-restore.pdbackup"))
