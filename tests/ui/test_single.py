"""A second start on the same profile brings the running window to the front."""

from __future__ import annotations

import pytest

from partnerdesk.core.instance import ProfileLock, app_has_profile
from partnerdesk.ui.qt import QtWidgets
from partnerdesk.ui.single import RaiseServer, ask_running_app_to_raise


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen platform
def test_a_second_start_raises_the_running_window(qtbot, profile_paths):
    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    server = RaiseServer(profile_paths, window)
    assert server.server.isListening()
    assert not window.isVisible()
    assert ask_running_app_to_raise(profile_paths)
    qtbot.waitUntil(window.isVisible, timeout=5000)


def test_the_profile_lock_is_taken_once_and_seen_from_outside(profile_paths):
    lock = ProfileLock(profile_paths)
    assert lock.acquire()
    assert not app_has_profile(profile_paths)  # this process is the app
    lock.release()
    assert not app_has_profile(profile_paths)
