"""Settings dialog: edits reach settings.json through the main window; Cancel changes nothing."""

from __future__ import annotations

import json

import pytest

from partnerdesk.core.cases import auto_cases_on
from partnerdesk.core.settings import Settings
from partnerdesk.ui import theme
from partnerdesk.ui.dialogs.settings import SettingsDialog
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets


@pytest.fixture(autouse=True)
def _light_again(qapp):
    """Whatever a test chose, the next test runs in the plain light look."""
    yield
    theme.apply(qapp, "light")
    qapp.setStyleSheet("")


def test_edits_are_saved(qtbot, main_window, app_state, profile_paths, monkeypatch):
    def edit(dialog: SettingsDialog) -> int:
        qtbot.addWidget(dialog)
        assert dialog.folder.text() == str(profile_paths.root)
        assert dialog.folder.isReadOnly()
        dialog.visibility.setCurrentIndex(dialog.visibility.findData("private"))
        dialog.autosave.setCurrentIndex(dialog.autosave.findData(300))
        dialog.appearance.setCurrentIndex(dialog.appearance.findData("dark"))
        assert "ms" not in " ".join(
            combo.itemText(i) for combo in (dialog.autosave,) for i in range(combo.count())
        )
        for box, value in (
            (dialog.idle_lock, "5"),
            (dialog.backup_keep, "9"),
            (dialog.theme_managers, "4"),
        ):
            box.selectAll()
            qtbot.keyClicks(box, value)
        dialog.lifecycle_cases.click()
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", edit)
    main_window.open_settings()
    saved = json.loads(profile_paths.settings_file.read_text("utf-8"))
    assert saved["default_visibility"] == "private"
    assert saved["autosave_ms"] == 300
    assert saved["appearance"] == "dark"
    window = QtGui.QColor(QtWidgets.QApplication.instance().palette().window().color())
    assert window.lightness() < 80  # the app is dark at once
    assert saved["idle_lock_minutes"] == 5
    assert saved["backup_keep"] == 9
    assert saved["recurring_theme_managers"] == 4
    assert app_state.settings.idle_lock_minutes == 5
    assert main_window.idle_lock.limit_seconds() == 5 * 60
    assert saved["lifecycle_cases"] is False
    with app_state.store.session() as session:
        assert not auto_cases_on(session)  # the roster import reads it from the store


def test_cancel_changes_nothing(qtbot, profile_paths, monkeypatch):
    original = Settings()

    def fiddle(dialog: SettingsDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.idle_lock.setValue(0)
        assert dialog.idle_lock.text() == "Never"
        return QtWidgets.QDialog.DialogCode.Rejected

    monkeypatch.setattr(SettingsDialog, "exec", fiddle)
    value, ok = SettingsDialog.get_settings(None, original, profile_paths)
    assert not ok
    assert value == Settings()


def test_open_folder_button(qtbot, profile_paths, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(
        QtGui.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    dialog = SettingsDialog(Settings(), profile_paths)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.open_folder_button, QtCore.Qt.MouseButton.LeftButton)
    assert opened == [str(profile_paths.root)]


def test_tab_order_follows_the_form(qtbot, profile_paths):
    dialog = SettingsDialog(Settings(), profile_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.visibility.setFocus()
    expected = [
        dialog.visibility,
        dialog.appearance,
        dialog.autosave,
        dialog.idle_lock,
        dialog.theme_managers,
        dialog.backup_keep,
        dialog.lifecycle_cases,
        dialog.folder,
        dialog.open_folder_button,
    ]
    reached = [dialog.focusWidget()]
    for _ in expected[1:]:
        qtbot.keyClick(dialog, QtCore.Qt.Key.Key_Tab)
        reached.append(dialog.focusWidget())
    assert reached == expected
