"""The WAL checkpoint policy: never inside a commit, on a thread of its own once the WAL
has grown past its limit or a sync has imported, and one at a time."""

from __future__ import annotations

import threading

from sqlalchemy import text

from partnerdesk.core.store import engine as engine_module
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
