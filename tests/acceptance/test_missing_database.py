"""A deleted or emptied database is reported with its backups, never silently replaced."""

from __future__ import annotations

import pytest

from tests.helpers import run_cli


@pytest.mark.parametrize("damage", ["deleted", "emptied"])
def test_a_missing_database_is_reported_not_recreated(tmp_path, damage):
    profile = tmp_path / "profile"
    assert run_cli("rep", "add", "Pat Rep", "pat@example.com", profile=profile).returncode == 0
    made = run_cli("backup", profile=profile)
    assert made.returncode == 0, made.stderr
    backup = made.stdout.split("Backup written: ")[1].splitlines()[0]
    database = profile / "partnerdesk.db"
    if damage == "deleted":
        database.unlink()
    else:
        database.write_bytes(b"")

    for verb in (("rep", "list"), ("rep", "add", "Sam Rep", "sam@example.com"), ("doctor",)):
        refused = run_cli(*verb, profile=profile)
        assert refused.returncode == 1, refused.stdout
        line = refused.stderr.strip()
        assert len(line.splitlines()) == 1 and "Traceback" not in line
        assert "this profile had one" in line and f"partnerdesk restore {backup}" in line
        assert "--new" in line
        assert database.exists() == (damage == "emptied")
        assert not database.exists() or database.stat().st_size == 0

    restored = run_cli("restore", backup, profile=profile)
    assert restored.returncode == 0, restored.stderr
    listed = run_cli("rep", "list", profile=profile)
    assert listed.returncode == 0 and "Pat Rep" in listed.stdout


def test_new_starts_an_empty_database_on_request(tmp_path):
    profile = tmp_path / "profile"
    assert run_cli("rep", "add", "Pat Rep", "pat@example.com", profile=profile).returncode == 0
    (profile / "partnerdesk.db").write_bytes(b"")
    fresh = run_cli("--new", "rep", "list", profile=profile)
    assert fresh.returncode == 0, fresh.stderr
    assert "Pat Rep" not in fresh.stdout
    assert (profile / "partnerdesk.db").stat().st_size > 0
    assert list((profile / "backups").glob("partnerdesk.db.set-aside-*"))
