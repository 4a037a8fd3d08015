"""Sync fixtures: several real profiles (each with its own device id) and one shared folder.

Imported by the conftest of every test folder that syncs (core and UI tests).
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable

import pytest

from partnerdesk.core.profile import open_store
from partnerdesk.core.store.engine import Store
from partnerdesk.core.sync.admin import approve
from partnerdesk.core.sync.team import create_team, join_team
from partnerdesk.paths import ProfilePaths

#: Argon2id cheap enough for tests (the real default is RFC 9106's 64 MiB).
FAST_KDF = {"name": "argon2id", "iterations": 1, "memory_kib": 8192, "lanes": 1}
TEAM_PASSPHRASE = "team passphrase for tests"


@pytest.fixture
def make_store(tmp_path, _template) -> Callable[[str], Store]:
    """Build a fresh profile named ``name`` with its own device id; closed after the test."""
    template_root, key = _template
    opened: list[Store] = []

    def make(name: str) -> Store:
        root = tmp_path / name
        shutil.copytree(template_root, root)
        paths = ProfilePaths(root)
        ident = json.loads(paths.profile_file.read_text("utf-8"))
        ident.update(device_id=uuid.uuid4().hex[:16], device_name=f"laptop-{name}")
        paths.profile_file.write_text(json.dumps(ident), "utf-8")
        store = open_store(paths, key)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def shared(tmp_path):
    """The folder a sync service would share."""
    folder = tmp_path / "OneDrive - Example" / "HR"
    folder.mkdir(parents=True)
    return folder


def email_of(store: Store) -> str:
    """The work email a test profile speaks for: ``<profile folder>@example.com``."""
    return f"{store.path.parent.name}@example.com"


def team_of(
    stores: list[Store], folder, name: str = "People Partners", email: str | None = None
) -> None:
    """The first store creates a team in ``folder``; the others ask to join; all approved.

    With ``email`` every store speaks for that one person (one rep, several laptops).
    """
    create_team(
        stores[0], folder, name, TEAM_PASSPHRASE, kdf=FAST_KDF, email=email or email_of(stores[0])
    )
    for store in stores[1:]:
        join_team(store, folder, TEAM_PASSPHRASE, email=email or email_of(store))
    if stores[1:]:
        approve(stores[0])


@pytest.fixture
def trio(make_store, shared) -> tuple[Store, Store, Store]:
    """Three profiles in one team: a (the creator, its admin), b and c (approved members)."""
    a, b, c = make_store("a"), make_store("b"), make_store("c")
    team_of([a, b, c], shared)
    return a, b, c


@pytest.fixture
def laptops(make_store, shared) -> tuple[Store, Store, Store]:
    """Three laptops of one rep (pat@example.com): each may edit every note of the others."""
    a, b, c = make_store("a"), make_store("b"), make_store("c")
    team_of([a, b, c], shared, email="pat@example.com")
    return a, b, c
