"""The store's errors, apart from the engine so that unlocking needs no SQLAlchemy."""


class StoreError(Exception):
    """A problem opening or using the store, with a message meant for the user."""


class WrongKey(StoreError):
    """The key (or passphrase) does not open this database."""


class DamagedDatabase(StoreError):
    """The database file fails SQLCipher's or SQLite's integrity checks."""


class DiskFull(StoreError):
    """The disk (or the user's quota) is full; the write was not made, nothing was lost."""


#: The one message for a full disk, in the CLI and the app alike.
DISK_FULL = "The disk is full: free some space; nothing was lost."

_FULL = ("database or disk is full", "no space left on device", "disk quota exceeded")
_DAMAGED = ("malformed", "file is not a database", "disk i/o error", "hmac check failed")


def disk_is_full(folder) -> bool:
    """True when the file system holding ``folder`` has (almost) no space left.

    SQLite reports a full disk as "disk I/O error" when it cannot even create the
    shared-memory file of a WAL database; the free space tells the two apart.
    """
    import shutil

    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def translate(exc: BaseException, folder=None) -> StoreError | None:
    """The user-facing error for a low-level one (SQLite/SQLCipher or the OS), if known.

    A full disk becomes :class:`DiskFull` (an I/O error counts as one when ``folder``'s
    file system has no space left); a damaged page :class:`DamagedDatabase`; a
    write refused by a read-only (damaged) store says so. Anything else: None.
    """
    import errno

    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(DISK_FULL)
    text = str(getattr(exc, "orig", None) or exc).lower()
    if any(mark in text for mark in _FULL):
        return DiskFull(DISK_FULL)
    if folder is not None and "i/o error" in text and disk_is_full(folder):
        return DiskFull(DISK_FULL)
    if "readonly database" in text or "read-only" in text:
        return DamagedDatabase(
            "The database is open read-only (it is damaged), so nothing was changed; "
            "run `partnerdesk doctor` to see which backup to restore."
        )
    if any(mark in text for mark in _DAMAGED):
        return DamagedDatabase(
            "The database is damaged, so nothing was changed; run `partnerdesk doctor` to "
            "see which backup to restore."
        )
    return None
