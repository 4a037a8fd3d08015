"""The write gate: the main thread's transaction waits for one background transaction at
most (for one step of it, when the background work gives way), and a closed store stops
background work between two transactions."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from partnerdesk.core.store.gate import GiveWay, StoreClosed


def _background_writer(store, started: threading.Event, stop: threading.Event, log: list):
    """Small transactions back to back, each holding the write lock for ~30 ms."""

    def run() -> None:
        try:
            while not stop.is_set():
                with store.transaction() as session:
                    session.execute(text("CREATE TABLE IF NOT EXISTS probe (n INTEGER)"))
                    session.execute(text("INSERT INTO probe VALUES (1)"))
                    started.set()
                    time.sleep(0.03)
                log.append("tx")
        except StoreClosed as exc:
            log.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_main_thread_writes_between_two_background_transactions(store):
    started, stop, log = threading.Event(), threading.Event(), []
    thread = _background_writer(store, started, stop, log)
    try:
        assert started.wait(5)
        waits = []
        for _ in range(10):
            begin = time.perf_counter()
            with store.transaction() as session:
                session.execute(text("INSERT INTO probe VALUES (2)"))
            waits.append(time.perf_counter() - begin)
        assert max(waits) < 0.2  # one background transaction (30 ms) at most, not a queue
    finally:
        stop.set()
        thread.join(5)


def test_closing_the_store_stops_background_work_between_transactions(store):
    started, stop, log = threading.Event(), threading.Event(), []
    thread = _background_writer(store, started, stop, log)
    assert started.wait(5)
    store.close()  # waits for the transaction running, refuses the next
    done = len([entry for entry in log if entry == "tx"])
    thread.join(5)
    assert not thread.is_alive()
    assert isinstance(log[-1], StoreClosed)
    assert len([entry for entry in log if entry == "tx"]) <= done + 1
    with pytest.raises(StoreClosed), store.transaction():
        pass


def test_a_background_transaction_gives_way_to_a_waiting_main_thread(store):
    """A long background transaction that calls give_way between its steps rolls back as
    soon as the main thread waits: the main thread's write goes in at once, and the
    background's uncommitted row is gone."""
    with store.transaction() as session:
        session.execute(text("CREATE TABLE probe (n INTEGER)"))
    started, outcome = threading.Event(), []

    def long_writer() -> None:
        try:
            with store.transaction() as session:
                session.execute(text("INSERT INTO probe VALUES (1)"))
                started.set()
                for _step in range(200):  # 2 s if nobody waits
                    store.writes.give_way()
                    time.sleep(0.01)
            outcome.append("committed")
        except GiveWay:
            outcome.append("gave way")

    thread = threading.Thread(target=long_writer)
    thread.start()
    assert started.wait(5)
    store.writes.give_way()  # the main thread itself never gives way
    begin = time.perf_counter()
    with store.transaction() as session:
        session.execute(text("INSERT INTO probe VALUES (2)"))
    waited = time.perf_counter() - begin
    thread.join(5)
    assert outcome == ["gave way"] and waited < 1.0
    with store.session() as session:
        assert session.execute(text("SELECT n FROM probe")).scalars().all() == [2]
