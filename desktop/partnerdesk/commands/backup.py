"""Backup verbs: ``backup`` (an encrypted copy) and ``restore`` (checked, then swapped in)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser(
        "backup",
        help="write an encrypted backup of the database",
        description="Write an encrypted copy of the database (same key as the profile). "
        "Without --to it goes to the profile's backups folder, where the newest "
        "'backup count' copies are kept.",
    )
    backup.add_argument("--to", metavar="FILE", help="write the backup to FILE instead")
    backup.set_defaults(handler=backup_cmd)
    restore = sub.add_parser(
        "restore",
        help="replace the database with a backup (checked first; the current one is kept)",
        description="Check FILE (it must open with this profile's key and pass the integrity "
        "checks), keep the current database as a backup, then replace it. Close Partner Desk "
        "first.",
    )
    restore.add_argument("file", metavar="FILE", help="a backup written by 'partnerdesk backup'")
    restore.set_defaults(handler=restore_cmd)


def backup_cmd(args: argparse.Namespace, ctx) -> int:
    """Write the backup and print where it went."""
    from partnerdesk.core.settings import Settings
    from partnerdesk.core.store.backup import backup_database, write_backup_file

    store = ctx.open_store(create=False)
    if args.to:
        target = write_backup_file(store.engine, Path(args.to))
    else:
        keep = Settings.load(ctx.paths.settings_file).backup_keep
        target = backup_database(store.engine, ctx.paths.backups, label="manual", keep=keep)
    print(f"Backup written: {target}")
    print("It is encrypted with this profile's key: keep the key file (and passphrase) too.")
    return 0


def restore_cmd(args: argparse.Namespace, ctx) -> int:
    """Restore a backup into this profile."""
    from partnerdesk.core.profile import unlock_key
    from partnerdesk.core.settings import Settings
    from partnerdesk.core.store.backup import restore_database

    paths = ctx.paths
    key = unlock_key(paths, ctx.passphrase(), create=False)
    keep = Settings.load(paths.settings_file).backup_keep
    saved = restore_database(paths.database, Path(args.file), key, paths.backups, keep=keep)
    print(f"Restored {Path(args.file).resolve()} into {paths.database}")
    if saved is not None:
        print(f"The database it replaced is kept as {saved}")
    return 0
