"""Passphrase strength: weak ones are refused at creation and change, with an estimate."""

from __future__ import annotations

import pytest

from partnerdesk.core.profile import unlock_key
from partnerdesk.core.store.keys import KeyFile, WeakPassphrase
from partnerdesk.core.strength import estimate
from tests.conftest import TEST_PASSPHRASE


@pytest.mark.parametrize("weak", ["", "a", "1", "password1", "aaaaaaaaaaaaaaaa", "Summer2024"])
def test_weak_passphrases_are_estimated_weak(weak):
    strength = estimate(weak)
    assert not strength.ok
    assert "could be guessed in" in strength.describe()


def test_a_few_uncommon_words_are_strong():
    strength = estimate("copper lantern quietly orbits")
    assert strength.ok and strength.label in ("strong", "very strong")
    assert estimate("copper lantern quietly orbits " * 10).ok  # judged by its start
    assert not estimate("x" * 300).ok


def test_a_weak_passphrase_creates_nothing(empty_profile):
    with pytest.raises(WeakPassphrase, match="too easy to guess"):
        unlock_key(empty_profile, "a")
    assert not empty_profile.root.exists()


def test_a_weak_new_passphrase_changes_nothing(profile_paths):
    before = profile_paths.key_file.read_bytes()
    with pytest.raises(WeakPassphrase, match="less than a second"):
        KeyFile(profile_paths.key_file).change_passphrase(TEST_PASSPHRASE, "1")
    assert profile_paths.key_file.read_bytes() == before
