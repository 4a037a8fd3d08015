"""What every verb gets: the profile's paths, its passphrase source and a lazily opened store."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from partnerdesk.paths import ProfilePaths

ENV_PASSPHRASE = "PARTNERDESK_PASSPHRASE"


@dataclass
class Context:
    """The profile a command works on, and the store once it is opened."""

    paths: ProfilePaths
    passphrase_file: str | None = None
    _store: object | None = field(default=None, repr=False)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        return cls(ProfilePaths.resolve(args.profile), args.passphrase_file)

    def passphrase(self) -> str | None:
        """The passphrase from ``--passphrase-file`` or ``PARTNERDESK_PASSPHRASE``, if any."""
        if self.passphrase_file:
            try:
                return Path(self.passphrase_file).read_text("utf-8").rstrip("\r\n")
            except OSError as exc:
                from partnerdesk.core.store.engine import StoreError

                raise StoreError(f"Cannot read the passphrase file: {exc}") from None
        return os.environ.get(ENV_PASSPHRASE)

    def open_store(self, *, create: bool = True):
        """The profile's store, unlocked non-interactively (created when it does not exist)."""
        if self._store is None:
            from partnerdesk.core.profile import open_profile

            setup_logging(self.paths)
            self._store = open_profile(self.paths, self.passphrase(), create=create)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


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
    """Run a verb's handler; a user-caused error prints one clear line and exits 1."""
    from partnerdesk.core.store.engine import StoreError

    try:
        return int(args.handler(args, ctx) or 0)
    except StoreError as exc:
        print(f"partnerdesk: {exc}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
