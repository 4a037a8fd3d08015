"""A demo profile built once per test session and copied per test (like the store template)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from partnerdesk.core import clock
from partnerdesk.core.demo import load_demo
from partnerdesk.core.profile import open_store
from partnerdesk.paths import ProfilePaths
from tests.helpers import pin_day

#: The day the demo is built for; tests that use it pin the app's clock to it.
DEMO_TODAY = date(2026, 5, 20)


@pytest.fixture(scope="session")
def demo_template(_template, tmp_path_factory) -> Path:
    """A profile folder holding the demo company as of DEMO_TODAY (do not modify it)."""
    root = tmp_path_factory.mktemp("demo-template") / "profile"
    shutil.copytree(_template[0], root)
    store = open_store(ProfilePaths(root), _template[1])
    pin_day(DEMO_TODAY)
    try:
        load_demo(store)
    finally:
        store.close()
        clock.set_now(None)
    return root


@pytest.fixture
def demo_paths(demo_template, tmp_path) -> ProfilePaths:
    """A private copy of the demo profile for one test, on the demo's day."""
    pin_day(DEMO_TODAY)
    target = tmp_path / "demo-profile"
    shutil.copytree(demo_template, target)
    return ProfilePaths(target)
