"""The write gate: one writing transaction at a time in this process, the main thread first.

SQLite lets one transaction write at a time; a second writer sleeps in its busy handler
and may be overtaken again and again by a background loop that starts a new transaction
at once. The gate queues writers in the process instead: the main thread (where a person
waits: the GUI, or a CLI verb) goes ahead of background threads, which therefore wait
between their transactions, never a person behind a long background job. Background work
keeps its transactions small (a sync applies a bundle a chunk at a time).

A background transaction may also step aside: :meth:`WriteGate.give_way`, called between
its steps, raises :class:`GiveWay` once the main thread waits; the transaction rolls
back at once (nothing was committed) and its caller runs it again after the main
thread's, instead of making a person wait for the rest of it.

Closing the gate (when the store locks or closes) refuses every later background
transaction with :class:`StoreClosed`: background work stops between two transactions.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from partnerdesk.core.store.errors import StoreError


class StoreClosed(StoreError):
    """The store was locked or closed while background work still wanted to write."""


class GiveWay(Exception):
    """A background transaction stops (rolled back) so the main thread's write goes first."""


class WriteGate:
    """Admits one writing transaction at a time; the main thread's go first."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._owner: int | None = None
        self._depth = 0
        self._main_waiting = 0
        self._closed = False

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Wait for the gate (re-entrant on one thread), hold it while the body runs."""
        me = threading.get_ident()
        main = threading.current_thread() is threading.main_thread()
        with self._cond:
            if self._owner != me:
                self._wait_for_turn(me, main)
            self._depth += 1
        try:
            yield
        finally:
            with self._cond:
                self._depth -= 1
                if not self._depth:
                    self._owner = None
                    self._cond.notify_all()

    def _wait_for_turn(self, me: int, main: bool) -> None:
        if main:
            self._main_waiting += 1
        try:
            while True:
                if self._closed and not main:
                    raise StoreClosed("The notes were locked; this work stopped before it ended.")
                if self._owner is None and (main or not self._main_waiting):
                    break
                self._cond.wait()
        finally:
            if main:
                self._main_waiting -= 1
        self._owner = me

    def give_way(self) -> None:
        """Between two steps of a background transaction: raise :class:`GiveWay` if the
        main thread waits for the gate (the caller rolls back and runs it again)."""
        if self._main_waiting and threading.current_thread() is not threading.main_thread():
            raise GiveWay

    def close(self) -> None:
        """Refuse every later background transaction, and wait for the one running (if
        another thread's) to end: after this, no transaction of this process writes."""
        me = threading.get_ident()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            while self._owner is not None and self._owner != me:
                self._cond.wait()

    def reopen(self) -> None:
        """Admit background transactions again."""
        with self._cond:
            self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed
