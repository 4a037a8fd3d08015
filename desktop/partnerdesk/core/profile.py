"""Open (or create) a profile: its ids, its key, its migrated, encrypted store."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from partnerdesk.core.clock import utcnow
from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.settings import Settings
from partnerdesk.core.store.errors import (
    DISK_FULL,
    DamagedDatabase,
    DiskFull,
    StoreError,
    WrongKey,
    translate,
)
from partnerdesk.core.store.keys import (
    KeyFile,
    KeyFileMissing,
    KeyStoreError,
    require_strong,
    secure_keyring,
)
from partnerdesk.core.store.snapshot import discard_snapshot
from partnerdesk.paths import ProfilePaths

if TYPE_CHECKING:
    from collections.abc import Callable

    from partnerdesk.core.store.engine import Store
    from partnerdesk.core.store.secret import KeyBuffer


class NeedsPassphrase(KeyStoreError):
    """No secure keyring and no passphrase: the profile cannot be created or unlocked."""


class MissingDatabase(StoreError):
    """The profile had a database, and it is gone or empty: it is never silently replaced."""


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
    kr = None if prefer_passphrase else secure_keyring(keyring_backend)
    if kr is None:  # refused before anything is written
        if not passphrase:
            raise NeedsPassphrase(
                "No secure keyring is available, so this profile needs a passphrase. Set "
                "PARTNERDESK_PASSPHRASE or pass --passphrase-file FILE."
            )
        require_strong(passphrase)
    paths.ensure()
    ident = Identity.load_or_create(paths)
    if kr is not None:
        return key_file.create_with_keyring(kr, ident.profile_id)
    return key_file.create_with_passphrase(passphrase)


def database_expected(paths: ProfilePaths) -> bool:
    """True when the profile's own files (key file, profile record, backups) say it had a
    database."""
    from partnerdesk.core.store.backup import list_backups

    return (
        paths.key_file.exists() or paths.profile_file.exists() or bool(list_backups(paths.backups))
    )


def _missing_or_empty(paths: ProfilePaths) -> bool:
    try:
        return paths.database.stat().st_size == 0
    except FileNotFoundError:
        return True


def _refuse_missing(paths: ProfilePaths) -> None:
    """Raise MissingDatabase naming the backups to restore from."""
    from partnerdesk.core.store.backup import list_backups

    state = "is empty (0 bytes)" if paths.database.exists() else "is missing"
    backups = list_backups(paths.backups)
    if backups:
        advice = f"Restore the newest backup: partnerdesk restore {backups[0]}"
        if len(backups) > 1:
            advice += f" ({len(backups) - 1} older in {paths.backups})"
    else:
        advice = "No backup is in the profile; restore the profile folder from your own copies"
    raise MissingDatabase(
        f"The database {paths.database} {state}, but this profile had one. Nothing was "
        f"created over it. {advice}, or start over with an empty database: "
        "partnerdesk --new ..."
    )


def _set_aside_empty(paths: ProfilePaths) -> None:
    """Move an empty database file (and any sidecars) out of the way of a new one."""
    from partnerdesk.core.store.backup import sidecars

    stamp = f"{utcnow():%Y%m%dT%H%M%S}"
    for old in (paths.database, *sidecars(paths.database)):
        if old.exists():
            old.rename(paths.backups / f"{old.name}.set-aside-{stamp}")


def open_store(
    paths: ProfilePaths,
    key: bytes | bytearray | KeyBuffer,
    *,
    readonly: bool = False,
    new: bool = False,
    check: bool = False,
    on_upgrade: Callable[[], None] | None = None,
) -> Store:
    """Open the encrypted database with ``key``, migrating it (after a backup) to head
    (``on_upgrade`` is called first when a migration is due).

    A missing or empty database is created only when ``new`` is given or nothing in the
    profile says it had one. With ``check``, every page is verified first; a damaged
    database is opened read-only (``store.damage`` says what is wrong) and not migrated.
    SQLAlchemy is imported here, not with this module, so that a key can be derived
    (``unlock_key``) while it loads.
    """
    from partnerdesk.core.store.backup import clean_leftovers

    if _missing_or_empty(paths):
        if not new and database_expected(paths):
            _refuse_missing(paths)
        paths.ensure()
        _set_aside_empty(paths)
    from partnerdesk.core.store.secret import KeyBuffer

    paths.ensure()
    ident = Identity.load_or_create(paths)
    key = key if isinstance(key, KeyBuffer) else KeyBuffer(key)  # one buffer, wiped on lock
    damage = _damage(paths, key) if check else None
    readonly = readonly or damage is not None
    engine = _engine(paths, key, readonly)
    if not readonly:  # what Today showed at the last close may no longer hold
        discard_snapshot(paths)
        from partnerdesk.core.instance import app_has_profile

        if not app_has_profile(paths):  # never a file the running app is writing
            clean_leftovers(paths.database, paths.backups)
    try:
        if not readonly:
            from partnerdesk.core.store import migrate

            keep = Settings.load(paths.settings_file).backup_keep
            migrate.upgrade(
                engine, paths.database, paths.backups, key, keep=keep, on_start=on_upgrade
            )
    except BaseException:
        engine.dispose()
        raise
    from partnerdesk.core.store.engine import Store

    store = Store(engine, paths.database, ident.device_id, key, readonly=readonly)
    store.damage = damage
    if damage is None:
        store.prime_clock()
    return store


def _engine(paths: ProfilePaths, key: KeyBuffer, readonly: bool):
    from partnerdesk.core.store.engine import make_engine

    try:
        return make_engine(paths.database, key, readonly=readonly)
    except WrongKey:
        # The key file or keyring already proved this key; the database itself is at fault.
        raise DamagedDatabase(
            f"The database {paths.database} cannot be decrypted with this profile's key: "
            "it is damaged or belongs to another profile. It was left untouched; restore "
            "the latest backup with `partnerdesk restore FILE`."
        ) from None


def _damage(paths: ProfilePaths, key: KeyBuffer) -> str | None:
    """The first problem SQLCipher's page check finds (read-only, so nothing is written)."""
    from partnerdesk.core.store.backup import integrity_problems

    engine = _engine(paths, key, readonly=True)
    try:
        problems = integrity_problems(engine, full=False)
    except Exception as exc:  # a damaged page can make the check itself fail
        if isinstance(translate(exc, paths.root), DiskFull):  # not damage: nothing can be written
            raise DiskFull(DISK_FULL) from None
        problems = [str(getattr(exc, "orig", None) or exc)]
    finally:
        engine.dispose()
    return problems[0] if problems else None


def open_profile(
    paths: ProfilePaths,
    passphrase: str | None = None,
    *,
    create: bool = True,
    keyring_backend: Any = None,
    new: bool = False,
    check: bool = False,
) -> Store:
    """Unlock and open a profile in one step (what the CLI and the app call).

    A profile created by this call starts with a new database; otherwise a new one over a
    missing one needs ``new`` (see :func:`open_store`).
    """
    if not new and _missing_or_empty(paths) and database_expected(paths):
        _refuse_missing(paths)  # before unlocking: nothing is created, not even a key
    first_run = not database_expected(paths)
    from partnerdesk.core.store.secret import KeyBuffer, wipe

    key = unlock_key(paths, passphrase, create=create, keyring_backend=keyring_backend)
    secret = KeyBuffer(key)
    wipe(key)  # this call owns the unwrapped key: only the buffer keeps it
    return open_store(paths, secret, new=new or first_run, check=check)
