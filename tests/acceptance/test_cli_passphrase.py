"""Weak passphrases through the real CLI: one line, nothing created or changed."""

from __future__ import annotations

from tests.helpers import run_cli


def test_cli_refuses_weak_passphrases_in_one_line(tmp_path, profile_paths):
    created = run_cli("rep", "list", profile=tmp_path / "new", passphrase="a")
    assert created.returncode == 1
    assert created.stderr.count("\n") == 1 and "too easy to guess" in created.stderr
    made = {p.name for p in (tmp_path / "new").iterdir()} if (tmp_path / "new").exists() else set()
    assert made <= {"logs", "backups"}  # no key file, profile record or database

    before = profile_paths.key_file.read_bytes()
    changed = run_cli(
        "passphrase", profile=profile_paths.root, env={"PARTNERDESK_NEW_PASSPHRASE": "1"}
    )
    assert changed.returncode == 1 and "too easy to guess" in changed.stderr
    assert profile_paths.key_file.read_bytes() == before
