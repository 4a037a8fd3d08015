"""What every verb gets: the profile's paths, its passphrase source and a lazily opened store."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from dataclasses import dataclass, field

from partnerdesk.paths import ProfilePaths

ENV_PASSPHRASE = "PARTNERDESK_PASSPHRASE"


@dataclass
class Context:
    """The profile a command works on, and the store once it is opened."""

    paths: ProfilePaths
    passphrase_file: str | None = None
    #: ``--new``: start an empty database even though the profile had one.
    new: bool = False
    #: The verb only reads: it may run on a damaged (read-only) database.
    reads_only: bool = False
    _store: object | None = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        return cls(
            ProfilePaths.resolve(args.profile),
            args.passphrase_file,
            new=bool(getattr(args, "new", False)),
            reads_only=bool(getattr(args, "reads_only", False)),
        )

    def passphrase(self) -> str | None:
        """The passphrase from ``--passphrase-file`` or ``PARTNERDESK_PASSPHRASE``, if any."""
        if self.passphrase_file:
            from partnerdesk.core.files import InputFileError, read_text_bounded

            try:
                text = read_text_bounded(self.passphrase_file, 4096, "passphrase file")
            except InputFileError as exc:
                raise InputFileError(f"Cannot read the passphrase file: {exc}") from None
            return text.rstrip("\r\n")
        return os.environ.get(ENV_PASSPHRASE)

    def open_store(self, *, create: bool = True):
        """The profile's store, unlocked non-interactively (created when it does not exist).

        Every page is checked first: a damaged database opens read-only, and a verb that
        writes is refused with the backup to restore.
        """
        if self._store is None:
            from partnerdesk.core.instance import app_has_profile
            from partnerdesk.core.profile import open_profile, unlock_key
            from partnerdesk.core.store.errors import DamagedDatabase, StoreError

            if not self.reads_only and app_has_profile(self.paths):
                raise StoreError(
                    "Partner Desk (the app) has this profile open; make the change there, or "
                    "close the app and run this again. Nothing was changed."
                )

            setup_logging(self.paths)
            try:
                self._store = open_profile(
                    self.paths, self.passphrase(), create=create, new=self.new, check=True
                )
            except DamagedDatabase:  # not even readable: name the backup to restore
                key = unlock_key(self.paths, self.passphrase(), create=False)
                raise damaged_refusal(self.paths, key) from None
        if self._store.damage is not None and not self.reads_only:
            raise damaged_refusal(self.paths, self._store.key)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def damaged_refusal(paths: ProfilePaths, key: bytes):
    """The error a writing verb gets on a damaged database: what to restore, by name."""
    from partnerdesk.core.store.backup import newest_good_backup
    from partnerdesk.core.store.errors import DamagedDatabase

    good = newest_good_backup(paths.backups, key)
    advice = (
        f"restore the newest good backup: partnerdesk restore {good}"
        if good
        else "no good backup exists: copy the profile folder before trying repairs"
    )
    return DamagedDatabase(
        f"The database is damaged; Partner Desk will not write to it and nothing was "
        f"changed. To go on, {advice}"
    )


def setup_logging(paths: ProfilePaths) -> None:
    """Log to the profile's log file (never note text: only events and counts)."""
    import logging  # not needed before the window has painted

    log = logging.getLogger("partnerdesk")
    target = str(paths.log_file)
    for old in list(log.handlers):
        if getattr(old, "baseFilename", None) == target:
            return
        log.removeHandler(old)
        old.close()
    paths.ensure()
    handler = logging.FileHandler(target, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def run_handler(args: argparse.Namespace, ctx: Context) -> int:
    """Run a verb's handler; a user-caused error prints one clear line and exits 1 (2 for a
    file that is not what it should be). A closed pipe (``| head``) ends quietly."""
    from partnerdesk.core.files import InputFileError
    from partnerdesk.core.store.errors import translate

    try:
        return int(args.handler(args, ctx) or 0)
    except BrokenPipeError:
        return quiet_broken_pipe()
    except InputFileError as exc:
        return _fail(exc, 2)
    except Exception as exc:
        low_level = _is_database_or_os(exc) or _is_store(exc)
        known = translate(exc, ctx.paths.root) if low_level else None
        if known is None:
            raise
        return _fail(known, 1)
    finally:
        ctx.close()


def _is_store(exc: BaseException) -> bool:
    from partnerdesk.core.store.errors import StoreError

    return isinstance(exc, StoreError)


def _is_database_or_os(exc: BaseException) -> bool:
    """An OS error, or one of SQLite/SQLCipher (raw or wrapped by SQLAlchemy)."""
    if isinstance(exc, OSError):
        return True
    module = type(getattr(exc, "orig", None) or exc).__module__
    return module.startswith(("sqlite3", "sqlcipher3", "sqlalchemy"))


def _fail(exc: BaseException, code: int) -> int:
    with contextlib.suppress(BrokenPipeError):
        print(f"partnerdesk: {plain(str(exc))}", file=sys.stderr)
    return code


def quiet_broken_pipe() -> int:
    """The reader of stdout went away (``| head -1``): stop without a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


def plain(text: str) -> str:
    """``text`` without control characters (ESC, NUL...) that a terminal would obey."""
    from partnerdesk.core.textsafe import strip_controls

    return strip_controls(text)


class PlainStream:
    """A text stream that drops control characters (ESC, NUL...) before they reach a
    terminal: a note or a roster cell cannot recolour, retitle or rewrite the screen."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from partnerdesk.core.textsafe import strip_controls

        self._stream.write(strip_controls(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
