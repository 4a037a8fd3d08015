"""Store verbs: ``doctor`` (health report) and ``passphrase`` (change it)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:
    doctor = sub.add_parser("doctor", help="check the profile, key storage and database health")
    doctor.set_defaults(handler=doctor_cmd, reads_only=True)
    change = sub.add_parser("passphrase", help="change the profile passphrase")
    change.add_argument(
        "--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE"
    )
    change.set_defaults(handler=passphrase_cmd)


def doctor_cmd(args: argparse.Namespace, ctx) -> int:
    """Print where the profile lives, how it is keyed and whether the database is healthy.

    It never writes: a damaged database is only read, and any failure of a check is
    reported as what it found.
    """
    from partnerdesk.core.profile import key_storage
    from partnerdesk.core.store.backup import integrity_problems, list_backups
    from partnerdesk.core.store.engine import DamagedDatabase

    paths = ctx.paths
    print(f"Profile folder:   {paths.root}")
    print(f"Database:         {paths.database}")
    try:
        store = ctx.open_store()
    except DamagedDatabase as exc:
        print(f"Key storage:      {key_storage(paths)}")
        print(f"Health:           DAMAGED - {exc}")  # it names the backup to restore
        return 1
    print(f"Key storage:      {key_storage(paths)}")
    print(f"Schema revision:  {_read(lambda: _revisions(store))}")
    print(f"SQLCipher:        {_read(lambda: _cipher_version(store))}")
    print(f"Device id:        {store.device_id}")
    backups = list_backups(paths.backups)
    print(f"Backups:          {len(backups)} in {paths.backups}")
    try:
        problems = integrity_problems(store.engine)
    except Exception as exc:  # a damaged page can make the check itself fail
        problems = [str(getattr(exc, "orig", None) or exc)]
    if store.damage and store.damage not in problems:
        problems.insert(0, store.damage)
    if problems:
        print("Health:           DAMAGED (opened read-only; nothing was written)")
        for problem in problems[:20]:
            print(f"  - {problem}")
        from partnerdesk.core.store.backup import newest_good_backup

        good = newest_good_backup(paths.backups, store.key)
        _print_backup_hint([good] if good else [])
        return 1
    print("Health:           ok (cipher_integrity_check and integrity_check passed)")
    return 0


def _read(probe) -> str:
    """What ``probe`` returns, or why it could not be read (a damaged page)."""
    try:
        return str(probe())
    except Exception as exc:
        return f"unreadable ({getattr(exc, 'orig', None) or exc})"


def _revisions(store) -> str:
    from partnerdesk.core.store.migrate import current_revision, head_revision

    return f"{current_revision(store.engine)} (this app: {head_revision()})"


def _cipher_version(store) -> str:
    with store.engine.connect() as conn:
        return str(conn.exec_driver_sql("PRAGMA cipher_version").scalar())


def _print_backup_hint(backups) -> None:
    if backups:
        print(f"Restore the newest good backup with: partnerdesk restore {backups[0]}")
    else:
        print("No good backup exists; copy the profile folder before trying repairs.")


def passphrase_cmd(args: argparse.Namespace, ctx) -> int:
    """Re-wrap the data key under a new passphrase; the database is not touched."""
    from partnerdesk.core.store.keys import KeyFile

    old = ctx.passphrase()
    if old is None:
        old = getpass.getpass("Current passphrase: ")
    if args.new_passphrase_file:
        from partnerdesk.core.files import read_text_bounded

        new = read_text_bounded(args.new_passphrase_file, 4096, "passphrase file").rstrip("\r\n")
    elif os.environ.get("PARTNERDESK_NEW_PASSPHRASE"):
        new = os.environ["PARTNERDESK_NEW_PASSPHRASE"]
    elif sys.stdin.isatty():
        new = getpass.getpass("New passphrase: ")
        if getpass.getpass("Repeat new passphrase: ") != new:
            print("partnerdesk: the two new passphrases differ; nothing changed.", file=sys.stderr)
            return 1
    else:
        print(
            "partnerdesk: give the new passphrase with --new-passphrase-file FILE or "
            "PARTNERDESK_NEW_PASSPHRASE.",
            file=sys.stderr,
        )
        return 1
    KeyFile(ctx.paths.key_file).change_passphrase(old, new)
    print("Passphrase changed. The old passphrase no longer opens this profile.")
    return 0
