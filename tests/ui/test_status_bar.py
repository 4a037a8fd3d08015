"""The status bar's message on a small screen (1280x720 at 150%, 853x480 logical): the
data folder steps aside while a message shows, an everyday message shows whole, a long
one ends in "…" with the whole in its tooltip, and the sync and lock state stay in view."""

from __future__ import annotations

from partnerdesk.ui.geometry import fitted
from partnerdesk.ui.qt import QtCore

SMALL = QtCore.QRect(0, 0, 853, 480)  # 1280x720 at 150%


def small_window(qtbot, main_window):
    main_window.setGeometry(fitted(SMALL))
    bar = main_window.statusBar()
    qtbot.waitUntil(lambda: main_window.width() <= SMALL.width())
    return bar


def test_an_everyday_message_shows_whole_and_the_data_folder_steps_aside(qtbot, main_window):
    bar = small_window(qtbot, main_window)
    assert main_window.where_label.isVisible()
    bar.showMessage("Reading the team's member list — done", 4000)
    qtbot.waitUntil(lambda: not main_window.where_label.isVisible())
    label = bar.message_label
    qtbot.waitUntil(lambda: label.width() > 0)
    assert not label.is_elided(), label.shown_text()
    assert main_window.lock_label.isVisible()
    right = main_window.lock_label.mapTo(main_window, main_window.lock_label.rect().topRight())
    assert right.x() <= main_window.width()
    bar.clearMessage()
    assert bar.currentMessage() == ""
    qtbot.waitUntil(main_window.where_label.isVisible)


def test_a_long_message_ends_in_an_ellipsis_with_the_whole_in_its_tooltip(qtbot, main_window):
    bar = small_window(qtbot, main_window)
    text = "Backup written: " + "/a/very/long/folder/name" * 8 + "/partnerdesk-backup.pdbk"
    bar.showMessage(text, 10_000)
    label = bar.message_label
    qtbot.waitUntil(lambda: label.width() > 0)
    assert label.is_elided() and label.shown_text().endswith("…")
    assert label.toolTip() == text == bar.currentMessage()
    assert label.geometry().right() < main_window.lock_label.geometry().left()


def test_a_message_with_a_timeout_clears_itself(qtbot, main_window):
    bar = main_window.statusBar()
    with qtbot.waitSignal(bar.messageChanged, timeout=2000) as cleared:
        bar.showMessage("Backup restored.", 50)
    assert cleared.args == ["Backup restored."]
    qtbot.waitUntil(lambda: bar.currentMessage() == "", timeout=2000)
    assert main_window.where_label.isVisible()
