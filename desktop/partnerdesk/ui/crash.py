"""An unexpected error: a calm dialog, a crash log without note text, and the app goes on.

:func:`install` sets ``sys.excepthook`` (Qt calls it for an exception escaping a slot).
The report names the error's type and where it happened (files, lines, functions), never
the exception's message or any local value: either may hold the words of a note. The
same text goes to ``logs/crash-<date>.log`` in the profile and behind "Copy details".
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from partnerdesk import APP_NAME, __version__
from partnerdesk.ui.qt import QtCore, QtWidgets

log = logging.getLogger(__name__)


def crash_report(kind: type[BaseException], tb: TracebackType | None) -> str:
    """What went wrong, as far as it can be told without any of the user's words."""
    lines = [f"{APP_NAME} {__version__}", f"{kind.__module__}.{kind.__qualname__}"]
    for frame in traceback.extract_tb(tb):
        lines.append(f'  File "{Path(frame.filename).name}", line {frame.lineno}, in {frame.name}')
    return "\n".join(lines)


def write_crash_log(folder: Path, report: str) -> Path | None:
    """Append ``report`` to today's crash log in ``folder``; None when it cannot be written."""
    from partnerdesk.core.clock import local_now

    stamp = local_now()
    path = folder / f"crash-{stamp:%Y-%m-%d}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(f"--- {stamp:%Y-%m-%d %H:%M:%S}\n{report}\n")
    except OSError:
        return None
    return path


class CrashDialog(QtWidgets.QDialog):
    """Says calmly that something failed, that the notes are safe, and offers the details."""

    def __init__(self, report: str, log_path: Path | None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(APP_NAME)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report = report
        title = QtWidgets.QLabel("Something went wrong in Partner Desk.")
        title.setObjectName("sectionTitle")
        where = f" The details are in {log_path}." if log_path else ""
        body = QtWidgets.QLabel(
            "What you typed is saved as you type, and Partner Desk keeps running. If this "
            f"happens again, send the details to your IT contact (they hold no note text).{where}"
        )
        body.setWordWrap(True)
        body.setMinimumWidth(420)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        self.copy_button = buttons.addButton(
            "Copy details", QtWidgets.QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.clicked.connect(self.copy_details)
        buttons.accepted.connect(self.accept)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QtWidgets.QApplication.clipboard().setText(self.report)


class ExceptHook:
    """``sys.excepthook`` for the GUI: log, write the crash log, show one dialog at a time."""

    def __init__(self, logs: Callable[[], Path], parent: Callable[[], QtWidgets.QWidget | None]):
        self.logs = logs
        self.parent = parent
        self.dialog: CrashDialog | None = None
        self.previous = sys.excepthook

    def __call__(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, exc, tb)
            return
        report = crash_report(kind, tb)
        log.error("Unexpected error:\n%s", report)
        path = write_crash_log(self.logs(), report)
        if self.dialog is not None:  # one dialog at a time; the log has every one
            return
        self.dialog = CrashDialog(report, path, self.parent())
        self.dialog.destroyed.connect(self._closed)
        self.dialog.open()

    def _closed(self) -> None:
        self.dialog = None


def install(logs: Callable[[], Path], parent: Callable[[], QtWidgets.QWidget | None]) -> ExceptHook:
    """Make ``sys.excepthook`` the calm dialog (``logs``: the folder for crash logs)."""
    hook = ExceptHook(logs, parent)
    sys.excepthook = hook
    return hook
