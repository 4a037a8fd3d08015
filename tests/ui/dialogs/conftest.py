"""Dialog fixtures: the app under GNOME's dialog button order."""

from __future__ import annotations

import pytest

from partnerdesk.ui.qt import QtWidgets


class _GnomeButtons(QtWidgets.QProxyStyle):
    """Fusion with GNOME's dialog button order (action buttons first, OK last)."""

    def styleHint(self, hint, option=None, widget=None, data=None):
        if hint == QtWidgets.QStyle.StyleHint.SH_DialogButtonLayout:
            return QtWidgets.QDialogButtonBox.ButtonLayout.GnomeLayout.value
        return super().styleHint(hint, option, widget, data)


@pytest.fixture
def gnome_buttons(qapp):
    """The whole app under GNOME's button order, for one test."""
    qapp.setStyle(_GnomeButtons("Fusion"))
    yield
    qapp.setStyle("Fusion")
