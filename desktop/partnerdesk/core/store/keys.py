"""Where the random data key lives: the OS keyring, or a passphrase-wrapped key file.

The key file (``keyfile.json`` in the profile) never holds the key in the clear. In
keyring mode it names the keyring entry and holds a check value; in passphrase mode it
holds the data key wrapped with AES-256-GCM under a key derived from the passphrase
with Argon2id (RFC 9106, second recommended option). A passphrase change rewrites only
this file, atomically.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.store.errors import StoreError

#: The data key: 256 random bits, used raw by SQLCipher.
KEY_BYTES = 32
KEYRING_SERVICE = "Partner Desk"
FORMAT = "partnerdesk-keyfile"

#: Keyring backends that keep secrets encrypted by the OS; anything else counts as "no keyring".
SECURE_BACKENDS = frozenset(
    {
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.macOS.Keyring",
    }
)

#: A key file is under 1 KB; anything larger is not one.
KEY_FILE_LIMIT = 64 * 1024
#: What a key file may ask of Argon2id: our own choice lies well inside; anything outside
#: is a damaged or hostile file (64 GiB of memory would end the app, not unlock it).
KDF_LIMITS = {"iterations": (1, 20), "memory_kib": (8 * 1024, 1024 * 1024), "lanes": (1, 16)}

#: RFC 9106 second recommendation: 3 passes, 64 MiB, 4 lanes, 128-bit salt, 256-bit tag.
DEFAULT_KDF = {"name": "argon2id", "iterations": 3, "memory_kib": 65536, "lanes": 4}


class KeyStoreError(StoreError):
    """A problem with the key file or the keyring, with a message meant for the user."""


class WrongPassphrase(KeyStoreError):
    """The passphrase does not unwrap the key."""


class KeyFileMissing(KeyStoreError):
    """The database exists but its key file does not (or cannot be read)."""


class WeakPassphrase(KeyStoreError):
    """A new passphrase that is too easy to guess; nothing was changed."""


def require_strong(passphrase: str) -> None:
    """Raise WeakPassphrase (saying how weak, and what helps) unless ``passphrase`` is strong."""
    from partnerdesk.core.strength import estimate

    strength = estimate(passphrase)
    if not strength.ok:
        raise WeakPassphrase(
            f"That passphrase is too easy to guess. {strength.describe()} Choose a longer "
            "one (several uncommon words); nothing was changed."
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def checked_kdf(params: Any) -> dict[str, int]:
    """The Argon2id parameters of a key file, refused unless each lies in KDF_LIMITS."""
    from partnerdesk.core.files import InputFileError

    if not isinstance(params, dict) or params.get("name", "argon2id") != "argon2id":
        raise KeyStoreError("The key file names an unknown key derivation; it is damaged.")
    checked = {}
    for name, (low, high) in KDF_LIMITS.items():
        value = params.get(name)
        if type(value) is not int or not low <= value <= high:
            raise InputFileError(
                f"The key file asks for Argon2 {name} = {value!r} (allowed {low} to {high}): "
                "it is damaged or was not written by Partner Desk. Restore it from a backup "
                "of the profile folder; nothing was changed."
            )
        checked[name] = value
    return checked


def derive_key(passphrase: str, salt: bytes, params: dict[str, Any] | None = None) -> bytes:
    """Argon2id key from a passphrase (32 bytes)."""
    p = checked_kdf(params or DEFAULT_KDF)
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=int(p["iterations"]),
        lanes=int(p["lanes"]),
        memory_cost=int(p["memory_kib"]),
    )
    return kdf.derive(passphrase.encode("utf-8"))


def wrap_secret(secret: bytes, passphrase: str, purpose: str) -> dict[str, Any]:
    """Wrap ``secret`` under a passphrase; returns the JSON-able record to store."""
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = derive_key(passphrase, salt)
    wrapped = AESGCM(kek).encrypt(nonce, secret, purpose.encode())
    return {
        "kdf": {**DEFAULT_KDF, "salt": _b64(salt)},
        "nonce": _b64(nonce),
        "wrapped": _b64(wrapped),
    }


def unwrap_secret(record: dict[str, Any], passphrase: str, purpose: str) -> bytes:
    """Unwrap a record made by :func:`wrap_secret`; raises WrongPassphrase."""
    kdf = record["kdf"]
    kek = derive_key(passphrase, _unb64(kdf["salt"]), kdf)
    try:
        return AESGCM(kek).decrypt(
            _unb64(record["nonce"]), _unb64(record["wrapped"]), purpose.encode()
        )
    except InvalidTag:
        raise WrongPassphrase("The passphrase is wrong. Check it and try again.") from None


def key_check(key: bytes) -> str:
    """A value that identifies a key without revealing it."""
    return hmac.new(key, b"partnerdesk key check v1", hashlib.sha256).hexdigest()[:32]


def secure_keyring(backend: Any = None) -> Any | None:
    """The first allow-listed keyring backend available, or None (then use a passphrase)."""
    import keyring
    from keyring.backends.chainer import ChainerBackend

    backend = backend if backend is not None else keyring.get_keyring()
    candidates = backend.backends if isinstance(backend, ChainerBackend) else [backend]
    for candidate in candidates:
        name = f"{type(candidate).__module__}.{type(candidate).__name__}"
        if name in SECURE_BACKENDS:
            return candidate
    return None


def keyring_name(backend: Any) -> str:
    """A short human name of a keyring backend."""
    return getattr(backend, "name", type(backend).__name__)


@dataclass
class KeyFile:
    """The profile's key file: how the data key is stored, and how to get it back."""

    path: Path

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> dict[str, Any]:
        """The key file's record; raises KeyFileMissing when absent or unreadable."""
        from partnerdesk.core.files import InputFileError, read_text_bounded

        try:
            if not self.path.exists():
                raise FileNotFoundError(self.path)
            record = json.loads(read_text_bounded(self.path, KEY_FILE_LIMIT, "key file"))
        except FileNotFoundError:
            raise KeyFileMissing(
                f"The key file {self.path} is missing, so the database cannot be opened. "
                "Restore the key file from a backup of this profile folder; Partner Desk "
                "will not create a new database over the existing one."
            ) from None
        except (InputFileError, RecursionError, ValueError) as exc:
            raise KeyFileMissing(
                f"The key file {self.path} is damaged ({exc}). Restore it from a backup of "
                "this profile folder; the database was left untouched."
            ) from None
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            raise KeyFileMissing(
                f"The key file {self.path} is damaged (not a Partner Desk key file). Restore "
                "it from a backup of this profile folder; the database was left untouched."
            )
        return record

    @property
    def mode(self) -> str:
        """ "keyring" or "passphrase"."""
        return str(self.read().get("mode"))

    def _write(self, record: dict[str, Any]) -> None:
        record = {"format": FORMAT, "version": 1, **record}
        atomic_write_bytes(self.path, json.dumps(record, indent=2).encode("utf-8"))

    def create_with_keyring(self, backend: Any, account: str) -> bytes:
        """New random data key kept in ``backend``; read back before trusting it."""
        return self.keep_in_keyring(os.urandom(KEY_BYTES), backend, account)

    def keep_in_keyring(self, key: bytes, backend: Any, account: str) -> bytes:
        """Keep ``key`` in ``backend`` (read back before trusting it); this file then names
        the keyring entry instead of holding the key wrapped."""
        backend.set_password(KEYRING_SERVICE, account, key.hex())
        if backend.get_password(KEYRING_SERVICE, account) != key.hex():
            raise KeyStoreError(
                "The keyring did not return the key it was given; use a passphrase."
            )
        self._write(
            {
                "mode": "keyring",
                "backend": keyring_name(backend),
                "service": KEYRING_SERVICE,
                "account": account,
                "check": key_check(key),
            }
        )
        return key

    def create_with_passphrase(self, passphrase: str) -> bytes:
        """New random data key wrapped under ``passphrase``."""
        require_strong(passphrase)
        key = os.urandom(KEY_BYTES)
        self._write({"mode": "passphrase", **wrap_secret(key, passphrase, "data-key")})
        return key

    def unlock(self, passphrase: str | None = None, backend: Any = None) -> bytes:
        """The data key, from the keyring or by unwrapping it with ``passphrase``."""
        record = self.read()
        if record.get("mode") == "keyring":
            kr = secure_keyring(backend)
            secret = kr.get_password(record["service"], record["account"]) if kr else None
            if not secret:
                raise KeyStoreError(
                    "The data key is not in this computer's keyring (it may be locked or "
                    "unavailable). Unlock the keyring and start Partner Desk again."
                )
            key = bytes.fromhex(secret)
            if key_check(key) != record.get("check"):
                raise KeyStoreError("The keyring holds a key for another database.")
            return key
        if passphrase is None:
            raise WrongPassphrase("This profile is protected by a passphrase; enter it to unlock.")
        try:
            return unwrap_secret(record, passphrase, "data-key")
        except (KeyError, ValueError):
            raise KeyFileMissing(
                f"The key file {self.path} is damaged. Restore it from a backup of this "
                "profile folder; the database was left untouched."
            ) from None

    def change_passphrase(self, old: str, new: str) -> None:
        """Re-wrap the same data key under a new passphrase (only this file changes)."""
        if self.mode != "passphrase":
            raise KeyStoreError(
                "This profile keeps its key in the keyring; there is no passphrase."
            )
        require_strong(new)
        key = self.unlock(old)
        self._write({"mode": "passphrase", **wrap_secret(key, new, "data-key")})
