"""Store verbs: ``doctor`` (health report) and ``passphrase`` (change it)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:
    doctor = sub.add_parser("doctor", help="check the profile, key storage and database health")
    doctor.set_defaults(handler=doctor_cmd)
    change = sub.add_parser("passphrase", help="change the profile passphrase")
    change.add_argument(
        "--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE"
    )
    change.set_defaults(handler=passphrase_cmd)


def doctor_cmd(args: argparse.Namespace, ctx) -> int:
    """Print where the profile lives, how it is keyed and whether the database is healthy."""
    from sqlalchemy import text

    from partnerdesk.core.profile import key_storage
    from partnerdesk.core.store.backup import integrity_problems, list_backups
    from partnerdesk.core.store.engine import DamagedDatabase, StoreError
    from partnerdesk.core.store.migrate import current_revision, head_revision

    paths = ctx.paths
    print(f"Profile folder:   {paths.root}")
    print(f"Database:         {paths.database}")
    try:
        store = ctx.open_store()
    except DamagedDatabase as exc:
        print(f"Key storage:      {key_storage(paths)}")
        print(f"Health:           DAMAGED - {exc}")
        _print_backup_hint(list_backups(paths.backups))
        return 1
    except StoreError:
        raise
    print(f"Key storage:      {key_storage(paths)}")
    print(f"Schema revision:  {current_revision(store.engine)} (this app: {head_revision()})")
    with store.engine.connect() as conn:
        version = conn.execute(text("PRAGMA cipher_version")).scalar()
    print(f"SQLCipher:        {version}")
    print(f"Device id:        {store.device_id}")
    backups = list_backups(paths.backups)
    print(f"Backups:          {len(backups)} in {paths.backups}")
    try:
        problems = integrity_problems(store.engine)
    except Exception as exc:  # a damaged page can make the check itself fail
        problems = [str(exc)]
    if problems:
        print("Health:           DAMAGED")
        for problem in problems[:20]:
            print(f"  - {problem}")
        _print_backup_hint(backups)
        return 1
    print("Health:           ok (cipher_integrity_check and integrity_check passed)")
    return 0


def _print_backup_hint(backups) -> None:
    if backups:
        print(f"Restore the latest backup with: partnerdesk restore {backups[0]}")
    else:
        print("No backup exists yet; copy the profile folder before trying repairs.")


def passphrase_cmd(args: argparse.Namespace, ctx) -> int:
    """Re-wrap the data key under a new passphrase; the database is not touched."""
    from partnerdesk.core.store.keys import KeyFile

    old = ctx.passphrase()
    if old is None:
        old = getpass.getpass("Current passphrase: ")
    if args.new_passphrase_file:
        with open(args.new_passphrase_file, encoding="utf-8") as fh:
            new = fh.read().rstrip("\r\n")
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
