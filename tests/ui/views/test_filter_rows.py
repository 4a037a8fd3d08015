"""Filter rows on a small screen (1280x720 at 150%, 853x480 logical): they wrap onto a
second line rather than cut a combo box's text; on a 1280x800 screen they keep one line."""

from __future__ import annotations

import pytest

from partnerdesk.core.demo import load_demo
from partnerdesk.ui.geometry import fitted
from partnerdesk.ui.ops import Changes
from partnerdesk.ui.qt import QtCore, QtWidgets
from partnerdesk.ui.widgets.flow import FlowRow


@pytest.fixture
def demo_window(main_window, store):
    load_demo(store)
    main_window.state.ops.announce(Changes.everything())
    return main_window


FILTERS = {
    "managers": ("rep_filter", "status_filter"),
    "signals": ("status_box", "department_box", "kind_box"),
    "followups": ("manager_box", "owner_box"),
}


def filters_of(view) -> dict[str, QtWidgets.QWidget]:
    key = view.objectName().removeprefix("view-")
    return {name: getattr(view, name) for name in FILTERS[key]}


def on_screen(qtbot, window, key: str, width: int, height: int):
    window.setGeometry(fitted(QtCore.QRect(0, 0, width, height)))
    view = window.show_view(key)
    qtbot.waitUntil(lambda: view.table.model().rowCount() > 0)
    QtCore.QCoreApplication.processEvents()
    return view


def tops(boxes) -> set[int]:
    return {box.mapTo(box.window(), QtCore.QPoint(0, 0)).y() for box in boxes}


@pytest.mark.parametrize("key", ["managers", "signals", "followups"])
def test_no_combo_is_cut_on_a_small_screen_at_150(qtbot, demo_window, key):
    view = on_screen(qtbot, demo_window, key, 853, 480)
    for name, box in filters_of(view).items():
        assert box.isVisible(), name
        assert box.width() >= box.sizeHint().width(), f"{key}: the {name} filter is cut"
        right = box.mapTo(view, QtCore.QPoint(box.width(), 0)).x()
        assert right <= view.width(), f"{key}: the {name} filter is off the view"
        assert (
            box.mapTo(view, QtCore.QPoint(0, 0)).y() < view.table.mapTo(view, QtCore.QPoint()).y()
        )


def test_the_signals_filters_wrap_when_narrow_and_keep_one_line_when_wide(qtbot, demo_window):
    view = on_screen(qtbot, demo_window, "signals", 853, 480)
    assert len(tops(filters_of(view).values())) == 2
    view = on_screen(qtbot, demo_window, "signals", 1280, 800)
    assert len(tops(filters_of(view).values())) == 1


def test_a_flow_row_shares_its_spare_room_with_the_field_that_expands(qtbot):
    page = QtWidgets.QWidget()
    qtbot.addWidget(page)
    row = FlowRow(page)
    combo, field = QtWidgets.QComboBox(), QtWidgets.QLineEdit()
    combo.addItems(["All managers", "Ana Russo"])
    row.addWidget(combo)
    row.addWidget(field)
    page.resize(600, 100)
    page.show()
    qtbot.waitExposed(page)
    assert combo.width() == combo.sizeHint().width()
    assert field.geometry().right() == 599  # the field takes the rest of the line
    assert row.heightForWidth(600) == max(combo.sizeHint().height(), field.sizeHint().height())
    assert len(row.lines(combo.sizeHint().width() + 20)) == 2
