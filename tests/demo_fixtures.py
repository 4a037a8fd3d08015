"""A demo profile built once per test session and copied per test (like the store template)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from partnerdesk.core.demo import load_demo
from partnerdesk.core.profile import open_store
from partnerdesk.paths import ProfilePaths

#: The demo ends today, as the app (which reads the real date) expects.
DEMO_TODAY = date.today()


@pytest.fixture(scope="session")
def demo_template(_template, tmp_path_factory) -> Path:
    """A profile folder holding the demo company as of DEMO_TODAY (do not modify it)."""
    root = tmp_path_factory.mktemp("demo-template") / "profile"
    shutil.copytree(_template[0], root)
    store = open_store(ProfilePaths(root), _template[1])
    try:
        load_demo(store, today=DEMO_TODAY)
    finally:
        store.close()
    return root


@pytest.fixture
def demo_paths(demo_template, tmp_path) -> ProfilePaths:
    """A private copy of the demo profile for one test."""
    target = tmp_path / "demo-profile"
    shutil.copytree(demo_template, target)
    return ProfilePaths(target)
