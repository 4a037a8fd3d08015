"""Shared fixtures: every test gets its own profile folder and a fresh, migrated store.

The store is copied from a template built once per session (Anki's trick), so a test
pays for a file copy, not for migrations and key derivation.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import UTC
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
for _var in ("PARTNERDESK_HOME", "PARTNERDESK_PASSPHRASE", "PARTNERDESK_TEAM_PASSPHRASE"):
    os.environ.pop(_var, None)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from partnerdesk.core import clock  # noqa: E402
from partnerdesk.core.profile import open_store, unlock_key  # noqa: E402
from partnerdesk.core.store.engine import Store  # noqa: E402
from partnerdesk.paths import ProfilePaths  # noqa: E402

TEST_PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _real_clock_after_each_test():
    """Whatever a test pinned, the next test starts on the real clock in the real zone."""
    yield
    clock.set_now(None)
    clock.set_zone(None)


@pytest.fixture
def utc_calendar():
    """For tests whose data are stamps written as UTC days: read them on a UTC calendar.

    (How the user's own zone decides the day is tested in tests/core/test_clock.py.)
    """
    clock.set_zone(UTC)


@pytest.fixture(scope="session")
def _template(tmp_path_factory) -> tuple[Path, bytes]:
    root = tmp_path_factory.mktemp("template") / "profile"
    paths = ProfilePaths(root)
    key = unlock_key(paths, TEST_PASSPHRASE)
    open_store(paths, key, new=True).close()
    return root, key


@pytest.fixture
def profile_paths(tmp_path, _template) -> ProfilePaths:
    """A fresh profile folder holding a migrated store (passphrase: TEST_PASSPHRASE)."""
    root, _key = _template
    target = tmp_path / "profile"
    shutil.copytree(root, target)
    return ProfilePaths(target)


@pytest.fixture
def data_key(_template) -> bytes:
    """The data key of the template profile (and so of ``profile_paths``)."""
    return _template[1]


@pytest.fixture
def store(profile_paths, data_key) -> Store:
    """An open store in its own profile folder, closed after the test."""
    opened = open_store(profile_paths, data_key)
    yield opened
    opened.close()


@pytest.fixture
def empty_profile(tmp_path) -> ProfilePaths:
    """A profile folder that does not exist yet."""
    return ProfilePaths(tmp_path / "new-profile")
