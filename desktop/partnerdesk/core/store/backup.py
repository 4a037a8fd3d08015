"""Encrypted backup copies of the database (same key), newest kept, oldest pruned."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, text

from partnerdesk.core.clock import utcnow

SUFFIX = ".pdbackup"


def list_backups(folder: Path) -> list[Path]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.name, reverse=True)


def backup_database(engine: Engine, folder: Path, label: str = "manual", keep: int = 5) -> Path:
    """Write a consistent encrypted copy into ``folder`` and prune to the newest ``keep``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    target = folder / f"partnerdesk-{stamp}-{label}{SUFFIX}"
    write_copy(engine, target)
    for old in list_backups(folder)[max(keep, 1) :]:
        old.unlink(missing_ok=True)
    return target


def write_copy(engine: Engine, target: Path) -> None:
    """Write an encrypted, compacted copy of the database to ``target`` atomically."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM INTO ?", (str(partial),))
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def integrity_problems(engine: Engine) -> list[str]:
    """What ``cipher_integrity_check`` and ``integrity_check`` report (empty when healthy)."""
    problems: list[str] = []
    with engine.connect() as conn:
        problems += [row[0] for row in conn.execute(text("PRAGMA cipher_integrity_check"))]
        problems += [
            row[0] for row in conn.execute(text("PRAGMA integrity_check")) if row[0] != "ok"
        ]
    return problems
