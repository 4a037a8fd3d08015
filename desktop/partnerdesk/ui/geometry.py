"""The window's size and place: fitted to the screen on first start, then remembered per
screen (a laptop alone and the same laptop on a dock each keep their own)."""

from __future__ import annotations

from pathlib import Path

from partnerdesk.ui.qt import QtCore, QtWidgets

#: What the window asks for on a screen with room for it.
PREFERRED = (1280, 800)
#: Small enough for 1280x720 at 150% (853x480 logical pixels, less the panels).
MINIMUM = (760, 420)
#: What a dialog's title bar and borders take, roughly, beyond its own size.
DIALOG_FRAME = (16, 48)


def _screen_key(screen) -> str:
    size = screen.size()
    return f"window/{screen.name() or 'screen'}-{size.width()}x{size.height()}"


def fitted(available: QtCore.QRect) -> QtCore.QRect:
    """The preferred size, shrunk to fit ``available`` (the screen less its panels), centred."""
    width = min(PREFERRED[0], available.width())
    height = min(PREFERRED[1], available.height())
    rect = QtCore.QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def window_settings(root: Path) -> QtCore.QSettings:
    """Where a profile keeps its window places (a small file in the profile folder)."""
    return QtCore.QSettings(str(root / "window.ini"), QtCore.QSettings.Format.IniFormat)


def restore(window: QtWidgets.QWidget, settings: QtCore.QSettings) -> None:
    """Place ``window``: as last left on this screen, else fitted to it."""
    screen = window.screen() or QtWidgets.QApplication.primaryScreen()
    window.setMinimumSize(*MINIMUM)
    if screen is None:
        window.resize(*PREFERRED)
        return
    saved = settings.value(_screen_key(screen))
    if (
        isinstance(saved, QtCore.QByteArray)
        and window.restoreGeometry(saved)
        and screen.availableGeometry().intersects(window.frameGeometry())
    ):
        return
    window.setGeometry(fitted(screen.availableGeometry()))


def remember(window: QtWidgets.QWidget, settings: QtCore.QSettings) -> None:
    """Keep the window's geometry for the screen it is on."""
    screen = window.screen()
    if screen is not None:
        settings.setValue(_screen_key(screen), window.saveGeometry())


def sized_for_screen(dialog: QtWidgets.QWidget, width: int, height: int) -> None:
    """Give ``dialog`` its preferred ``width`` x ``height``, but no more than its screen
    has room for (less its frame): a 1040 px dialog would run off 1280x720 at 150%."""
    screen = dialog.screen() or QtWidgets.QApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - DIALOG_FRAME[0])
        height = min(height, room.height() - DIALOG_FRAME[1])
    dialog.resize(width, height)
