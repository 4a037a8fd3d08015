"""Key storage: keyring when secure, passphrase otherwise; changing and losing the key file."""

from __future__ import annotations

import os

import keyring.backends.fail
import keyring.backends.null
import pytest
from keyrings.alt.file import PlaintextKeyring

from partnerdesk.core.profile import NeedsPassphrase, key_storage, open_store, unlock_key
from partnerdesk.core.store.keys import KeyFile, KeyFileMissing, WrongPassphrase, secure_keyring
from tests.conftest import TEST_PASSPHRASE


@pytest.mark.parametrize(
    "backend",
    [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring(), PlaintextKeyring()],
    ids=["fail", "null", "plaintext"],
)
def test_insecure_keyrings_lead_to_passphrase(empty_profile, backend, tmp_path, monkeypatch):
    monkeypatch.setattr(PlaintextKeyring, "file_path", str(tmp_path / "plain.cfg"), raising=False)
    assert secure_keyring(backend) is None
    with pytest.raises(NeedsPassphrase, match="PARTNERDESK_PASSPHRASE"):
        unlock_key(empty_profile, None, keyring_backend=backend)
    key = unlock_key(empty_profile, "a good passphrase", keyring_backend=backend)
    assert key_storage(empty_profile) == "passphrase"
    assert key.hex() not in empty_profile.key_file.read_text()
    assert unlock_key(empty_profile, "a good passphrase", keyring_backend=backend) == key


def _secret_service():
    from keyring.backends.SecretService import Keyring

    backend = Keyring()
    try:
        backend.priority  # noqa: B018 - raises when no Secret Service is reachable
    except Exception as exc:
        if os.environ.get("PARTNERDESK_REQUIRE_SECRET_SERVICE"):
            pytest.fail(f"CI must provide a Secret Service: {exc}")
        pytest.skip(f"no Secret Service on this machine: {exc}")
    return backend


@pytest.mark.keyring
def test_real_secret_service_round_trips_the_key(empty_profile):
    backend = _secret_service()
    key = unlock_key(empty_profile, None, keyring_backend=backend)
    assert key_storage(empty_profile) == "keyring"
    assert key.hex() not in empty_profile.key_file.read_text()
    assert unlock_key(empty_profile, None, keyring_backend=backend) == key
    store = open_store(empty_profile, key, new=True)  # the first run creates the database
    store.close()
    record = KeyFile(empty_profile.key_file).read()
    backend.delete_password(record["service"], record["account"])


def test_wrong_passphrase_changes_nothing(profile_paths):
    before = profile_paths.database.read_bytes(), profile_paths.key_file.read_bytes()
    with pytest.raises(WrongPassphrase, match="passphrase is wrong"):
        unlock_key(profile_paths, "not the passphrase")
    after = profile_paths.database.read_bytes(), profile_paths.key_file.read_bytes()
    assert before == after


def test_passphrase_change_rewrites_only_the_key_file(profile_paths, data_key):
    db_before = profile_paths.database.read_bytes()
    KeyFile(profile_paths.key_file).change_passphrase(TEST_PASSPHRASE, "a brand new passphrase")
    assert profile_paths.database.read_bytes() == db_before
    with pytest.raises(WrongPassphrase):
        unlock_key(profile_paths, TEST_PASSPHRASE)
    assert unlock_key(profile_paths, "a brand new passphrase") == data_key
    leftovers = [p.name for p in profile_paths.root.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_change_with_wrong_old_passphrase_keeps_file(profile_paths):
    before = profile_paths.key_file.read_bytes()
    with pytest.raises(WrongPassphrase):
        KeyFile(profile_paths.key_file).change_passphrase("wrong", "new passphrase here")
    assert profile_paths.key_file.read_bytes() == before


def test_missing_key_file_never_creates_a_new_database(profile_paths):
    db_before = profile_paths.database.read_bytes()
    profile_paths.key_file.unlink()
    with pytest.raises(KeyFileMissing, match="missing"):
        unlock_key(profile_paths, TEST_PASSPHRASE)
    assert not profile_paths.key_file.exists()
    assert profile_paths.database.read_bytes() == db_before


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": "other"}', b"[]"])
def test_damaged_key_file_is_reported(profile_paths, content):
    profile_paths.key_file.write_bytes(content)
    with pytest.raises(KeyFileMissing, match="damaged"):
        unlock_key(profile_paths, TEST_PASSPHRASE)
    assert profile_paths.key_file.read_bytes() == content


def test_tampered_wrapped_key_is_refused(profile_paths):
    import json

    record = json.loads(profile_paths.key_file.read_text())
    wrapped = bytearray(record["wrapped"].encode())
    wrapped[5] = ord("A") if wrapped[5] != ord("A") else ord("B")
    record["wrapped"] = wrapped.decode()
    profile_paths.key_file.write_text(json.dumps(record))
    with pytest.raises((WrongPassphrase, KeyFileMissing)):
        unlock_key(profile_paths, TEST_PASSPHRASE)
