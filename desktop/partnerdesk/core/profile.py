"""Open (or create) a profile: its ids, its key, its migrated, encrypted store."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.settings import Settings
from partnerdesk.core.store.errors import DamagedDatabase, StoreError, WrongKey
from partnerdesk.core.store.keys import KeyFile, KeyFileMissing, KeyStoreError, secure_keyring
from partnerdesk.core.store.snapshot import discard_snapshot
from partnerdesk.paths import ProfilePaths

if TYPE_CHECKING:
    from partnerdesk.core.store.engine import Store


class NeedsPassphrase(KeyStoreError):
    """No secure keyring and no passphrase: the profile cannot be created or unlocked."""


@dataclass(frozen=True)
class Identity:
    """The profile's own ids: which profile this is, and which device wrote it."""

    profile_id: str
    device_id: str
    device_name: str

    @classmethod
    def load_or_create(cls, paths: ProfilePaths) -> Identity:
        try:
            raw = json.loads(paths.profile_file.read_text("utf-8"))
            return cls(raw["profile_id"], raw["device_id"], raw.get("device_name", ""))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError) as exc:
            raise StoreError(
                f"{paths.profile_file} is damaged ({exc}); restore it from a backup."
            ) from None
        import platform

        ident = cls(str(uuid.uuid4()), uuid.uuid4().hex[:16], platform.node() or "this computer")
        record = {**ident.__dict__, "created": utcnow().isoformat(timespec="seconds")}
        atomic_write_bytes(paths.profile_file, json.dumps(record, indent=2).encode())
        return ident


def key_storage(paths: ProfilePaths) -> str:
    """How this profile keeps its key: "keyring", "passphrase" or "none yet"."""
    return KeyFile(paths.key_file).mode if paths.key_file.exists() else "none yet"


def unlock_key(
    paths: ProfilePaths,
    passphrase: str | None = None,
    *,
    create: bool = True,
    keyring_backend: Any = None,
    prefer_passphrase: bool = False,
) -> bytes:
    """The data key of this profile, creating the profile's key when it has none yet."""
    key_file = KeyFile(paths.key_file)
    if key_file.exists():
        return key_file.unlock(passphrase, keyring_backend)
    if paths.database.exists():
        key_file.read()  # raises KeyFileMissing with the user-facing message
    if not create:
        raise KeyFileMissing(f"There is no Partner Desk profile in {paths.root}.")
    paths.ensure()
    ident = Identity.load_or_create(paths)
    kr = None if prefer_passphrase else secure_keyring(keyring_backend)
    if kr is not None:
        return key_file.create_with_keyring(kr, ident.profile_id)
    if not passphrase:
        raise NeedsPassphrase(
            "No secure keyring is available, so this profile needs a passphrase. Set "
            "PARTNERDESK_PASSPHRASE or pass --passphrase-file FILE."
        )
    return key_file.create_with_passphrase(passphrase)


def open_store(paths: ProfilePaths, key: bytes, *, readonly: bool = False) -> Store:
    """Open the encrypted database with ``key``, migrating it (after a backup) to head.

    SQLAlchemy is imported here, not with this module, so that a key can be derived
    (``unlock_key``) while it loads.
    """
    from partnerdesk.core.store import migrate
    from partnerdesk.core.store.engine import Store, make_engine

    paths.ensure()
    ident = Identity.load_or_create(paths)
    try:
        engine = make_engine(paths.database, key, readonly=readonly)
    except WrongKey:
        # The key file or keyring already proved this key; the database itself is at fault.
        raise DamagedDatabase(
            f"The database {paths.database} cannot be decrypted with this profile's key: "
            "it is damaged or belongs to another profile. It was left untouched; restore "
            "the latest backup with `partnerdesk restore FILE`."
        ) from None
    if not readonly:  # what Today showed at the last close may no longer hold
        discard_snapshot(paths)
    try:
        if not readonly:
            keep = Settings.load(paths.settings_file).backup_keep
            migrate.upgrade(engine, paths.database, paths.backups, key, keep=keep)
    except BaseException:
        engine.dispose()
        raise
    store = Store(engine, paths.database, ident.device_id, key, readonly=readonly)
    store.prime_clock()
    return store


def open_profile(
    paths: ProfilePaths,
    passphrase: str | None = None,
    *,
    create: bool = True,
    keyring_backend: Any = None,
) -> Store:
    """Unlock and open a profile in one step (what the CLI and the app call)."""
    key = unlock_key(paths, passphrase, create=create, keyring_backend=keyring_backend)
    return open_store(paths, key)
