"""A typist for the crash-safety test: types into a real NoteEditor until it is killed.

``python -m tests.ui.widgets.typist`` is a small fork server: it imports the app once,
then for every ``PROFILE_DIR KEY_HEX LOG_FILE`` line on stdin forks a typist and prints
``<pid>``. A typist opens the store, shows a NoteEditor on the profile's note (a draft
the first time) and types a known pattern one key event at a time. Each keystroke
appends ``T <time> <length>`` to the log, and each completed autosave ``S <time>
<length>``; the test kills typists with SIGKILL and checks the store against the log.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

PATTERN = "the quick brown fox jumps over the lazy dog 0123456789\n"


def type_until_killed(profile: str, key_hex: str, log_file: str) -> None:
    """Open the store and type into a NoteEditor forever."""
    from sqlalchemy import select

    from partnerdesk.core.notes import NoteDraft
    from partnerdesk.core.profile import open_store
    from partnerdesk.core.store.models import Note
    from partnerdesk.paths import ProfilePaths
    from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
    from partnerdesk.ui.state import AppState
    from partnerdesk.ui.widgets.note_editor import NoteEditor

    paths = ProfilePaths(Path(profile))
    store = open_store(paths, bytes.fromhex(key_hex))
    with store.session() as session:
        note_id = session.scalars(select(Note.id).where(Note.deleted.is_(False))).first()
    app = QtWidgets.QApplication([])
    state = AppState(store, paths)
    editor = NoteEditor(state, note_id, draft=NoteDraft())
    editor.setMinimumSize(400, 300)
    editor.show()
    editor.edit.moveCursor(QtGui.QTextCursor.MoveOperation.End)
    log = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def record(tag: str) -> None:
        stamp = time.time()  # noqa: TID251 - read by the test process, across processes
        os.write(log, f"{tag} {stamp:.6f} {len(editor.text())}\n".encode())

    editor.saved.connect(lambda _id: record("S"))

    def type_one() -> None:
        char = PATTERN[len(editor.text()) % len(PATTERN)]
        if char == "\n":
            key, text = QtCore.Qt.Key.Key_Return, "\r"
        else:
            key, text = QtCore.Qt.Key.Key_A, char
        for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
            event = QtGui.QKeyEvent(kind, key, QtCore.Qt.KeyboardModifier.NoModifier, text)
            QtWidgets.QApplication.sendEvent(editor.edit, event)
        record("T")

    timer = QtCore.QTimer()
    timer.timeout.connect(type_one)
    timer.start(5)
    record("R")
    app.exec()


def serve() -> None:
    """Fork one typist per request line; children are reaped automatically."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "desktop"))
    import partnerdesk.core.notes
    import partnerdesk.core.profile
    import partnerdesk.ui.widgets.note_editor  # noqa: F401 - warm the imports once

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    for line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            try:
                type_until_killed(*line.split())
            finally:
                os._exit(1)
        print(pid, flush=True)


if __name__ == "__main__":
    serve()
