"""Typing and saving while the app is busy: a 10,000-change sync import and searches.

A rep types in a meeting answer (the real meeting screen, offscreen) while the app's
sync imports another device's bundle of 10,000 changes and searches run on another
thread. Each keystroke is timed from the key event to its repaint (``keystroke``);
every ~100 ms the answer's autosave is timed to its commit (``autosave``). Both run on
the GUI thread, as in the app: they wait for at most one sync chunk (the store's write
gate) and for the GIL the busy threads share with it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from tests.bench import bench_sync
from tests.bench.harness import Result

#: Between keystrokes: a quick typist (about 65 words a minute).
KEY_GAP_S = 0.015
#: How often the autosave is timed while typing.
SAVE_EVERY = 6


def measure(bench) -> list[Result]:
    """Rows ``keystroke_during_sync`` and ``autosave_during_sync`` (p95 and max limits)."""
    from partnerdesk.core.sync.runner import sync

    root = Path(bench.scratch) / "load"
    scenario = bench_sync.prepare(root / "base")
    writer = scenario.open(scenario.a)
    try:
        sync(writer)  # a's bundle of 10,000 changes waits in the shared folder
    finally:
        writer.close()
    keys: list[float] = []
    saves: list[float] = []
    save_cpu: list[float] = []
    imports: list[float] = []
    for run in range(1 if bench.quick else max(2, bench.runs // 2)):
        run_keys, run_saves, run_cpu, took = _type_during_sync(scenario.copy(root / f"run{run}"))
        keys += run_keys
        saves += run_saves
        save_cpu += run_cpu
        imports.append(took)
    note = f"import took {max(imports):.2f} s at most"
    return [
        Result("keystroke_during_sync", "ms", keys, limit=16, max_limit=50, note=note),
        Result(
            "autosave_during_sync", "ms", saves, limit=20, max_limit=100, cpu=save_cpu, note=note
        ),
    ]


def _type_during_sync(
    scenario: bench_sync.Scenario,
) -> tuple[list[float], list[float], list[float], float]:
    """One run on profile b: open a meeting, start the sync and the searches, type."""
    from partnerdesk.core.meetings import MeetingService
    from partnerdesk.core.search import search
    from partnerdesk.ui.app import make_application
    from partnerdesk.ui.qt import QtCore, QtGui
    from partnerdesk.ui.state import AppState
    from partnerdesk.ui.sync_controller import controller_for
    from partnerdesk.ui.views.meeting import MeetingView
    from tests.core.notes.data import add_manager

    app = make_application()
    store = scenario.open(scenario.b)
    try:
        manager = add_manager(store, "Dana Reyes", "Customer Success")
        meeting_id = MeetingService(store).plan(manager.id, time_today())
        state = AppState(store, scenario.b)
        view = MeetingView(state, meeting_id)
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        edit = view.other_editor.edit
        edit.setFocus()
        controller = controller_for(state)
        searching = threading.Event()
        searcher = threading.Thread(target=_search_loop, args=(search, store, searching))
        began = time.perf_counter()
        assert controller.sync_now()
        searcher.start()
        keys: list[float] = []
        saves: list[float] = []
        save_cpu: list[float] = []
        letters = "workload is high in the support team "
        while controller.running:
            letter = letters[len(keys) % len(letters)]
            start = time.perf_counter()
            for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
                event = QtGui.QKeyEvent(kind, 0, QtCore.Qt.KeyboardModifier.NoModifier, letter)
                QtCore.QCoreApplication.sendEvent(edit, event)
            edit.viewport().repaint()
            keys.append((time.perf_counter() - start) * 1000)
            if len(keys) % SAVE_EVERY == 0:
                start, cpu = time.perf_counter(), time.thread_time()
                assert view.other_editor.flush()
                saves.append((time.perf_counter() - start) * 1000)
                save_cpu.append((time.thread_time() - cpu) * 1000)
            time.sleep(KEY_GAP_S)
            app.processEvents()
        took = time.perf_counter() - began
        searching.set()
        searcher.join()
        controller.stop()
        QtCore.QThreadPool.globalInstance().waitForDone()
        view.close()
        view.deleteLater()
        app.processEvents()
    finally:
        store.close()
    return keys, saves, save_cpu, took


def _search_loop(search, store, stop: threading.Event) -> None:
    """Search-as-you-type on another thread until told to stop."""
    words = ("workload", "training", "hiring", "meeting note", "follow up")
    index = 0
    while not stop.is_set():
        search(store, words[index % len(words)])
        index += 1


def time_today():
    """The rep's local day (the meeting is planned for it)."""
    from partnerdesk.core.clock import today

    return today()
