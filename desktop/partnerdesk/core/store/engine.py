"""The one engine: SQLCipher through SQLAlchemy, and the sessions that stamp changes.

The database is encrypted with a raw 256-bit key (no per-connect KDF), runs in WAL
mode with ``synchronous=NORMAL`` and foreign keys on. Every flush stamps changed
synced records with the device's hybrid-logical-clock stamp.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from partnerdesk.core.clock import HybridClock
from partnerdesk.core.store import fts_stats
from partnerdesk.core.store.errors import (
    DamagedDatabase,
    DiskFull,
    StoreError,
    WrongKey,
    translate,
)
from partnerdesk.core.store.gate import StoreClosed, WriteGate
from partnerdesk.core.store.keys import KEY_BYTES
from partnerdesk.core.store.models import Synced
from partnerdesk.core.store.native_key import key_connection
from partnerdesk.core.store.secret import KeyBuffer

T = TypeVar("T")
log = logging.getLogger(__name__)

#: The WAL size past which a commit asks for a checkpoint (Store._after_commit). SQLite's
#: own automatic one (4 MB) ran inside whichever commit crossed it, a GUI autosave's too,
#: and 50 times in a 10,000-change import; a sync asks for one when it ends.
CHECKPOINT_BYTES = 64_000_000

#: The size the WAL file is cut back to when a writer starts it over after a checkpoint
#: (SQLite reuses the file but never shrinks it): otherwise, once past the limit, every
#: later commit would find it "past the limit" and ask for a checkpoint.
WAL_KEEP_BYTES = 4_000_000

#: Page cache per connection, in KiB (SQLite's default is 8 MB). SQLCipher decrypts each
#: page as it enters the cache, so a cache that holds a rep's working set is what keeps
#: encryption cheap (tests/bench: the SQLCipher/plain ratio ~1.22x -> ~1.13x).
CACHE_KIB = 32_000

#: The page cache a transaction that bulk writes keeps (KiB), until its connection goes
#: back to the pool: see :func:`partnerdesk.core.store.bulk._keep_pages`.
BULK_CACHE_KIB = 256_000
#: The connection's ``info`` key that marks a cache grown for a bulk write.
BULK_CACHE = "bulk_cache"


def _quiet_sqlcipher() -> None:
    """Stop SQLCipher printing HMAC failures (a wrong key) to stderr; the setting is global."""
    import sqlcipher3

    probe = sqlcipher3.connect(":memory:")
    try:
        probe.execute("PRAGMA cipher_log_level = NONE")
    finally:
        probe.close()


def _quick_binds() -> None:
    """Bind ``None``, booleans and dates with the least work in the driver; global.

    sqlcipher3 (Python 3.11's sqlite3 code) looks up an adapter for every value that is
    not exactly an int, float, str or bytearray. For ``None`` and a bool it finds none,
    and the search raises and swallows an AttributeError each time: ~1.2 µs a value,
    ~0.25 µs with these adapters (the 100,000 people of a first import bind 200,000
    empty dates). A date's own adapter is a Python function calling ``isoformat``;
    ``date.isoformat`` itself is ~0.8 µs a date quicker (a first import of 100,000 people
    binds ~200,000 dates). What is stored does not change: NULL, 1/0 and ISO days.
    """
    import sqlcipher3

    sqlcipher3.register_adapter(type(None), _as_null)
    sqlcipher3.register_adapter(bool, int)
    sqlcipher3.register_adapter(date, date.isoformat)


def _as_null(_value: None) -> None:
    return None


def make_engine(
    path: Path, key: bytes | bytearray | KeyBuffer, *, readonly: bool = False
) -> Engine:
    """Create the SQLCipher engine for ``path`` and prove the key opens it.

    No URL or connect argument holds the key: each new connection gets it from ``key``
    (a :class:`KeyBuffer`, or a private copy of the bytes given), so wiping the buffer
    leaves nothing in the engine that could reconnect.
    """
    import sqlcipher3

    if len(key) != KEY_BYTES:
        raise StoreError("The data key has the wrong length.")
    _quiet_sqlcipher()
    _quick_binds()
    secret = key if isinstance(key, KeyBuffer) else KeyBuffer(key)
    target = str(path)

    def _connect():
        conn = sqlcipher3.connect(target, check_same_thread=False)
        # Keyed through sqlite3_key_v2, not PRAGMA key: no SQL text holds the key, so
        # memory security (3x slower bulk writes) can stay off. See native_key.py.
        key_connection(conn, target, secret)
        return conn

    # One connection per use, handed between threads (the GUI and its background tasks):
    # SQLAlchemy's default here (SingletonThreadPool) closes connections that other
    # threads are still using once more than five threads have touched the engine.
    engine = create_engine("sqlite://", module=sqlcipher3, creator=_connect, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn, record) -> None:  # pragma: no branch - runs per connection
        # Search's ranking statistics (bm25 without its pass over every match): see fts_stats.
        record.info[fts_stats.NAME] = fts_stats.register(dbapi_conn, target)
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA busy_timeout = 5000")
            cur.execute("SELECT count(*) FROM sqlite_master")
            if not readonly:
                cur.execute("PRAGMA journal_mode = WAL")
                # No checkpoint inside whichever commit crosses the limit (a GUI autosave
                # could pay ~100 ms for it): Store._after_commit runs it off the GUI thread.
                cur.execute("PRAGMA wal_autocheckpoint = 0")
                cur.execute(f"PRAGMA journal_size_limit = {WAL_KEEP_BYTES}")
            cur.execute("PRAGMA synchronous = NORMAL")
            cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            cur.execute("PRAGMA foreign_keys = ON")
            if readonly:
                cur.execute("PRAGMA query_only = ON")
        finally:
            cur.close()

    @event.listens_for(engine, "checkin")
    def _shrink_cache(dbapi_conn, record) -> None:
        """A connection back from a bulk write gives its extra cache back."""
        if record.info.pop(BULK_CACHE, False) and dbapi_conn is not None:
            try:
                dbapi_conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            except sqlcipher3.Error:  # a closed connection: nothing to give back
                log.warning("A connection's page cache could not be shrunk", exc_info=True)

    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SADatabaseError as exc:
        engine.dispose()
        if "not a database" in str(exc.orig):
            raise WrongKey(
                "The key does not open this database: the passphrase is wrong, or the key "
                "file belongs to another database."
            ) from None
        full = translate(exc, path.parent)
        if isinstance(full, DiskFull):
            raise full from None
        raise DamagedDatabase(f"The database cannot be read: {exc.orig}") from None
    return engine


class StoreSession(Session):
    """A session that stamps synced records and refuses hard deletes of them."""

    def get_live(self, model: type[T], ident: str | None, missing: str, error=None) -> T:
        """The record ``ident`` unless it is absent or a tombstone; else raise ``missing``."""
        row = self.get(model, ident) if ident else None
        if row is None or row.deleted:
            raise (error or StoreError)(missing)
        return row


@event.listens_for(StoreSession, "before_flush")
def _stamp_changes(session: Session, _ctx, _instances) -> None:
    if session.info.get("importing"):
        return
    for obj in session.deleted:
        if isinstance(obj, Synced):
            raise StoreError(
                f"{type(obj).__name__} rows are never deleted; set deleted=True (a tombstone)."
            )
    clock: HybridClock | None = session.info.get("clock")
    if clock is None:
        return
    new = session.new  # built once: the property copies the whole set on every access
    for obj in list(new) + list(session.dirty):
        if isinstance(obj, Synced) and (obj in new or session.is_modified(obj)):
            obj.updated_hlc = clock.tick()
            obj.device_id = clock.device_id


class Store:
    """An open, unlocked store: the engine plus a session factory bound to this device."""

    def __init__(
        self,
        engine: Engine,
        path: Path,
        device_id: str,
        key: bytes | bytearray | KeyBuffer,
        *,
        readonly: bool = False,
    ):
        self.engine: Engine | None = engine
        self._key: KeyBuffer | None = key if isinstance(key, KeyBuffer) else KeyBuffer(key)
        self.path = path
        self.device_id = device_id
        self.readonly = readonly
        #: What the page check found wrong when the store was opened (then it is read-only).
        self.damage: str | None = None
        self.clock = HybridClock(device_id)
        #: One writing transaction at a time, the main thread's first (see gate.py).
        self.writes = WriteGate()
        #: Held while a checkpoint runs (one at a time; close waits for it).
        self._checkpointing = threading.Lock()
        self._sessions = sessionmaker(
            bind=engine,
            class_=StoreSession,
            expire_on_commit=False,
            info={"clock": self.clock},
        )

    def session(self) -> StoreSession:
        """A new session; use it as a context manager. Refused once the store is closed."""
        if self._key is None:
            raise StoreClosed("The profile is locked; unlock it to go on.")
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[StoreSession]:
        """A session inside one transaction: committed on success, rolled back on error.

        Writing transactions take turns through :attr:`writes`; none starts once the
        store is closed."""
        with self.writes.hold():
            if self._key is None:
                raise StoreClosed("The notes are locked.")
            with self.session() as session, session.begin():
                yield session
        self._after_commit()

    def _after_commit(self) -> None:
        """The WAL has grown past :data:`CHECKPOINT_BYTES`: ask for a checkpoint."""
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            if wal.stat().st_size >= CHECKPOINT_BYTES:
                self.checkpoint_later()
        except OSError:
            return

    def checkpoint_later(self) -> None:
        """Copy the WAL back into the database on a thread of its own, never in a commit
        (PASSIVE: writers and readers go on); one at a time. The checkpoint policy is this,
        after a sync, and closing the last connection (SQLite checkpoints then)."""
        if self._checkpointing.acquire(blocking=False):
            threading.Thread(target=self._checkpoint, daemon=True).start()

    def _checkpoint(self) -> None:
        """Run a PASSIVE checkpoint, then let the next one start (called holding the lock)."""
        try:
            engine = self.engine
            if engine is not None and self._key is not None and not self.writes.closed:
                with engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except SADatabaseError:
            log.warning("A WAL checkpoint failed; the next commit tries again", exc_info=True)
        finally:
            self._checkpointing.release()

    def prime_clock(self) -> None:
        """Move the device's clock past every stamp already stored (within the allowed drift).

        The clock starts from the wall time; if that is behind the newest stored stamp (the
        wall clock was corrected, or another device runs a little ahead), new edits would be
        stamped older than the versions they replace and lose the merge.
        """
        from sqlalchemy import func, select

        from partnerdesk.core.store.models import SYNCED_MODELS

        with self.session() as session:
            stamps = [session.scalar(select(func.max(m.updated_hlc))) for m in SYNCED_MODELS]
        newest = max((s for s in stamps if s), default="")
        if newest:
            self.clock.observe(newest)

    @property
    def key(self) -> bytearray | None:
        """The data key while the store is open (its buffer: zeroed, then None, once closed)."""
        return self._key.buffer if self._key is not None else None

    def reopen_readonly(self) -> None:
        """Switch to a read-only engine (a damaged database must never be written over)."""
        if self._key is None or self.engine is None:
            raise StoreError("The store is locked.")
        with self._checkpointing:  # no checkpoint connects to the engine being replaced
            self.engine.dispose()
            self.engine = make_engine(self.path, self._key, readonly=True)
            self._sessions.configure(bind=self.engine)
        self.readonly = True

    def close(self) -> None:
        """Lock: stop background writers (the transaction running ends first), close
        every connection, drop the engine and wipe the key.

        Afterwards no session can be made and nothing in the store can reconnect.
        """
        self.writes.close()
        # A running checkpoint ends first, and none starts until the key is wiped (one
        # asked for meanwhile finds no engine): no connection outlives the lock.
        with self._checkpointing:
            if self.engine is not None:
                self.engine.dispose()
                self._sessions.configure(bind=None)
                self.engine = None
            if self._key is not None:
                self._key.wipe()
                self._key = None
