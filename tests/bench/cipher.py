"""What encryption costs: one mixed store workload on SQLCipher and on plain SQLite.

The plain database is the large store exported with ``sqlcipher_export`` into an
unencrypted file (same schema, search triggers and data), opened through the same
``sqlcipher3`` library without a key, so the SQLite version and every connection
setting (WAL, ``synchronous=NORMAL``, the page cache size, foreign keys) are identical and only
encryption differs. The workload goes through the same :class:`Store` sessions:
notes and follow-ups inserted in meeting-sized transactions (the search triggers
index them), indexed selects (a manager's latest notes, open follow-ups),
autosave-style single-row updates each committed, and one aggregate. Each run starts
from fresh copies of both files and the runs alternate, so noise hits both alike.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
from datetime import datetime, timedelta
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, func, select

from partnerdesk.core.store.engine import CACHE_KIB, Store, make_engine
from partnerdesk.core.store.models import FollowUp, Manager, Note
from tests.bench.harness import Result, Stopwatch

PLAIN_NAME = "plain.db"


def plain_engine(path: Path) -> Engine:
    """A plain (unencrypted) SQLite engine with the store's connection settings."""
    engine = create_engine(f"sqlite:///{path}", module=sqlcipher3)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    return engine


def export_plain(encrypted: Path, key: bytes, target: Path) -> None:
    """Write an unencrypted copy of the store (once per generated store)."""
    if target.exists():
        return
    scratch = target.with_suffix(".tmp")
    scratch.unlink(missing_ok=True)
    engine = make_engine(encrypted, key)
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            raw.execute(f"ATTACH DATABASE '{scratch}' AS plaintext KEY ''")
            raw.execute("SELECT sqlcipher_export('plaintext')")
            raw.execute("DETACH DATABASE plaintext")
    finally:
        engine.dispose()
    scratch.rename(target)


def workload(store: Store, managers: list[str], rng: random.Random, scale: float = 1.0) -> None:
    """The mixed workload: about one busy meeting-day of a rep (``scale`` shrinks it)."""
    start = datetime(2026, 1, 1)
    note_ids: list[str] = []
    for batch in range(max(1, int(20 * scale))):
        manager = rng.choice(managers)
        meeting = f"bench-meeting-{batch}"
        notes = [
            Note(
                meeting_id=meeting,
                manager_id=manager,
                kind="free",
                body="Discussed workload and hiring for the team; " * rng.randint(1, 8),
                position=pos,
                created_at=start + timedelta(minutes=batch * 60 + pos),
            )
            for pos in range(25)
        ]
        with store.transaction() as session:
            session.add_all(notes)
            session.add_all(
                FollowUp(manager_id=manager, meeting_id=meeting, text=f"Follow up {i}")
                for i in range(5)
            )
        note_ids += [n.id for n in notes]
    for _ in range(int(200 * scale)):
        manager = rng.choice(managers)
        with store.session() as session:
            session.scalars(
                select(Note)
                .where(Note.manager_id == manager, Note.deleted.is_(False))
                .order_by(Note.created_at.desc())
                .limit(20)
            ).all()
            session.scalars(
                select(FollowUp).where(FollowUp.manager_id == manager, FollowUp.status == "open")
            ).all()
    for _ in range(int(150 * scale)):
        with store.transaction() as session:
            session.get(Note, rng.choice(note_ids)).body += " more typing"
    with store.session() as session:
        session.execute(select(Note.manager_id, func.count()).group_by(Note.manager_id)).all()


def measure(
    database: Path, key: bytes, cache: Path, scratch: Path, runs: int, scale: float = 1.0
) -> list[Result]:
    """SQLCipher over plain SQLite: the median of each run's ratio (both sides of a run
    do the same workload, alternating which goes first, on fresh copies)."""
    plain_source = cache / PLAIN_NAME
    export_plain(database, key, plain_source)
    watches = {"cipher": Stopwatch(), "plain": Stopwatch()}
    for run in range(runs + 1):
        folder = scratch / f"cipher-{run}"
        folder.mkdir(parents=True)
        shutil.copyfile(database, folder / "enc.db")
        shutil.copyfile(plain_source, folder / "plain.db")
        os.sync()  # the copies' write-back would otherwise land in whichever runs first
        pair = {
            "cipher": Store(make_engine(folder / "enc.db", key), folder / "enc.db", "bench", key),
            "plain": Store(plain_engine(folder / "plain.db"), folder / "plain.db", "bench", key),
        }
        with pair["plain"].session() as session:
            managers = list(session.scalars(select(Manager.id)))
        order = ["cipher", "plain"] if run % 2 else ["plain", "cipher"]
        for name in order:
            with watches[name]():
                workload(pair[name], managers, random.Random(run), scale)
            pair[name].close()
        shutil.rmtree(folder)
        if not run:  # the first pair warms imports and the file cache
            watches = {"cipher": Stopwatch(), "plain": Stopwatch()}
    cipher, plain = watches["cipher"], watches["plain"]
    cpu = statistics.median(c / p for c, p in zip(cipher.cpu, plain.cpu, strict=True))
    return [
        Result(
            "sqlcipher_overhead",
            "s",
            cipher.wall,
            limit=1.3,
            baseline=plain.wall,
            on="ratio",
            cpu=cipher.cpu,
            note=f"CPU time {cpu:.2f}x",
            paired=True,  # each run's pair does the same workload (same seed)
        )
    ]
