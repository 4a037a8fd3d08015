"""A full disk (a small tmpfs): one clear message, nothing lost, no traceback, no leftovers."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from partnerdesk.core.store.errors import DISK_FULL
from tests.helpers import run_cli


@pytest.fixture
def small_disk(tmp_path):
    """A 16 MB tmpfs (CI runs as root); skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder) -> None:
    """Take every free byte of the file system holding ``folder``."""
    with open(folder / "filler", "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * (1 << 16))
                fh.flush()
        except OSError:
            pass


def test_every_writer_says_the_disk_is_full_and_loses_nothing(profile_paths, small_disk):
    profile = small_disk / "profile"
    shutil.copytree(profile_paths.root, profile)
    assert run_cli("rep", "add", "Kept Rep", "kept@example.com", profile=profile).returncode == 0
    key_before = (profile / "keyfile.json").read_bytes()
    _fill(small_disk)

    for verb, env in (
        (("rep", "add", "Lost Rep", "lost@example.com"), {}),
        (("backup",), {}),
        (("passphrase",), {"PARTNERDESK_NEW_PASSPHRASE": "copper lantern quietly orbits"}),
    ):
        result = run_cli(*verb, profile=profile, env=env)
        assert result.returncode == 1, (verb, result.stdout, result.stderr)
        assert result.stderr.strip() == f"partnerdesk: {DISK_FULL}", (verb, result.stderr)

    assert (profile / "keyfile.json").read_bytes() == key_before
    assert not list(profile.rglob("*.partial")) and not list(profile.glob(".*.tmp"))
    (small_disk / "filler").unlink()
    listed = run_cli("rep", "list", profile=profile)
    assert listed.returncode == 0 and "Kept Rep" in listed.stdout
    assert run_cli("doctor", profile=profile).returncode == 0


def test_leftovers_of_interrupted_backups_and_restores_are_cleaned(profile_paths):
    leftovers = [
        profile_paths.backups / "partnerdesk-20260101T000000-manual.pdbackup.partial",
        profile_paths.root / "partnerdesk.db.restoring",
        profile_paths.root / "partnerdesk.db.restoring-wal",
        profile_paths.root / "partnerdesk.db.upgrading",
    ]
    for path in leftovers:
        path.write_bytes(b"half a copy")
    assert run_cli("rep", "list", profile=profile_paths.root).returncode == 0
    assert [p for p in leftovers if p.exists()] == []
