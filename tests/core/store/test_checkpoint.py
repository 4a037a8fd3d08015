"""The WAL checkpoint policy: never inside a commit, on a thread of its own once the WAL
has grown past its limit or a sync has imported, and one at a time."""

from __future__ import annotations

import threading

from sqlalchemy import event, text

from partnerdesk.core.store import engine as engine_module
from partnerdesk.core.store.backup import database_in_use
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Rep


def test_no_connection_checkpoints_on_its_own(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0


def test_a_commit_past_the_limit_checkpoints_on_another_thread(store, monkeypatch):
    monkeypatch.setattr(engine_module, "CHECKPOINT_BYTES", 1)
    ran, done = [], threading.Event()
    real = Store._checkpoint

    def spied(self) -> None:
        ran.append(threading.current_thread())
        real(self)
        done.set()

    monkeypatch.setattr(Store, "_checkpoint", spied)
    with store.transaction() as session:
        session.add(Rep(name="Wal Writer", email="wal@example.com"))
    assert done.wait(10)
    assert ran and all(thread is not threading.main_thread() for thread in ran)
    with store.engine.connect() as conn:  # every frame of the WAL is in the database now
        _busy, frames, copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    assert frames == copied


def test_a_small_wal_asks_for_nothing_and_close_waits_for_a_running_checkpoint(store):
    calls = []
    store.checkpoint_later = lambda: calls.append(1)  # the limit is far away
    with store.transaction() as session:
        session.execute(text("SELECT 1"))
    assert calls == []
    del store.checkpoint_later
    store.checkpoint_later()
    store.close()  # waits for it, then closes
    assert store.engine is None


def wait_for_checkpoints(store) -> None:
    """Return once no checkpoint thread runs."""
    assert store._checkpointing.acquire(timeout=10)
    store._checkpointing.release()


def test_a_checkpoint_asked_for_while_the_store_locks_connects_nothing(store, monkeypatch):
    """A sync that ends just as the store locks asks for a checkpoint between the engine's
    disposal and the key's wipe: no connection is opened, none outlives the lock."""
    key, engine, connects, started = bytes(store.key), store.engine, [], []
    dispose = engine.dispose

    class Recorded(threading.Thread):
        def start(self) -> None:
            started.append(self)
            super().start()

    def dispose_then_ask(*args, **kwargs) -> None:
        dispose(*args, **kwargs)
        store.checkpoint_later()
        for thread in started:  # a checkpoint started here has run before close goes on
            thread.join(10)

    monkeypatch.setattr(threading, "Thread", Recorded)

    monkeypatch.setattr(engine, "dispose", dispose_then_ask)
    event.listen(engine, "connect", lambda *_args: connects.append(1))
    store.close()
    wait_for_checkpoints(store)
    assert connects == []
    assert not database_in_use(store.path, key)


def test_the_wal_is_cut_back_after_a_checkpoint(store):
    """SQLite reuses a WAL without shrinking it: after a big write and its checkpoint the
    next commit cuts the file back, so later commits do not all ask for a checkpoint."""
    wal = store.path.with_name(store.path.name + "-wal")
    with store.transaction() as session:
        session.execute(text("CREATE TABLE scratch (x BLOB)"))
        session.execute(text("INSERT INTO scratch VALUES (randomblob(8000000))"))
    assert wal.stat().st_size > engine_module.WAL_KEEP_BYTES
    store.checkpoint_later()
    wait_for_checkpoints(store)
    with store.transaction() as session:
        session.add(Rep(name="After The Checkpoint", email="after@example.com"))
    assert wal.stat().st_size <= engine_module.WAL_KEEP_BYTES
