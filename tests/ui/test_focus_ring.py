"""Every kind of control shows a visible focus ring in the palette's focus colour, in the
light and the dark look, drawn over the native style (buttons keep their bevel); check
boxes and radio buttons keep an edge that shows on the window."""

from __future__ import annotations

import pytest

from partnerdesk.ui import theme
from partnerdesk.ui.focus_ring import FocusRingStyle
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets


@pytest.fixture(params=["light", "dark"])
def scheme(request, qapp):
    """The app in the light or dark look, with the focus ring over Fusion."""
    theme.apply(qapp, request.param)
    qapp.setStyle(FocusRingStyle("Fusion"))
    yield request.param
    theme.apply(qapp, "light")
    qapp.setStyleSheet("")
    qapp.setStyle("Fusion")


def ring_pixels(widget: QtWidgets.QWidget, scheme: str) -> int:
    """How many pixels of ``widget`` are (nearly) the scheme's focus colour."""
    image = widget.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    focus = theme.colour("focus", scheme)
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            distance = (
                abs(pixel.red() - focus.red())
                + abs(pixel.green() - focus.green())
                + abs(pixel.blue() - focus.blue())
            )
            count += distance <= 24
    return count


def shown(qtbot, window: QtWidgets.QWidget) -> None:
    """Show ``window`` as the active one (keys go to it)."""
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()


def form() -> tuple[QtWidgets.QWidget, dict[str, QtWidgets.QWidget]]:
    """One control of each kind, in tab order after a starting button."""
    window = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(window)
    combo = QtWidgets.QComboBox()
    combo.addItems(["Monthly", "Quarterly"])
    editable = QtWidgets.QComboBox()
    editable.setEditable(True)
    editable.addItems(["Sales"])
    text = QtWidgets.QPlainTextEdit("notes")
    text.setTabChangesFocus(True)
    tabs = QtWidgets.QTabBar()
    tabs.addTab("Managers")
    tabs.addTab("Team workload")
    table = QtWidgets.QTableWidget(3, 2)
    table.setTabKeyNavigation(False)
    table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    for row in range(3):
        for column in range(2):
            table.setItem(row, column, QtWidgets.QTableWidgetItem(f"cell {row} {column}"))
    listing = QtWidgets.QListWidget()
    listing.addItems(["Today", "Managers"])
    listing.setCurrentRow(0)
    date = QtWidgets.QDateEdit()
    controls = {
        "button": QtWidgets.QPushButton("Open meeting"),
        "line edit": QtWidgets.QLineEdit("Ana"),
        "combo box": combo,
        "editable combo box": editable,
        "check box": QtWidgets.QCheckBox("Show former managers"),
        "text edit": text,
        "tab bar": tabs,
        "table": table,
        "list": listing,
        "date edit": date,
    }
    start = QtWidgets.QPushButton("Start")
    layout.addWidget(start)
    for widget in controls.values():
        layout.addWidget(widget)
    controls = {"start": start, **controls}
    return window, controls


def test_every_kind_of_control_shows_a_ring_in_the_focus_colour(qtbot, scheme):
    window, controls = form()
    qtbot.addWidget(window)
    window.resize(360, 720)
    shown(qtbot, window)
    start = controls.pop("start")
    start.setFocus()
    before = {kind: ring_pixels(widget, scheme) for kind, widget in controls.items()}
    for kind, widget in controls.items():
        qtbot.keyClick(QtWidgets.QApplication.focusWidget(), QtCore.Qt.Key.Key_Tab)
        assert QtWidgets.QApplication.focusWidget() is widget, kind
        grown = ring_pixels(widget, scheme) - before[kind]
        # a ring: at least half the widget's perimeter (or the list item's) in focus colour
        side = min(widget.width(), 120)
        assert grown >= side, f"{kind}: {grown} more focus-coloured pixels"


def test_a_button_keeps_its_native_bevel_under_the_ring(qtbot, scheme):
    window, controls = form()
    qtbot.addWidget(window)
    shown(qtbot, window)
    button = controls["button"]
    plain = button.grab().toImage()
    controls["start"].setFocus()
    qtbot.keyClick(controls["start"], QtCore.Qt.Key.Key_Tab)
    ringed = button.grab().toImage()
    centre = QtCore.QPoint(plain.width() // 2, 2 + plain.height() // 4)
    # inside the ring the button is what the native style drew (its fill, its label)
    assert ringed.pixelColor(centre) == plain.pixelColor(centre)


def test_the_sidebar_rings_its_current_view(qtbot, main_window, scheme):
    sidebar = main_window.sidebar
    with qtbot.waitActive(main_window):
        main_window.activateWindow()
    sidebar.setFocus()
    before = ring_pixels(sidebar, scheme)  # focused by a click: no ring
    qtbot.keyClick(sidebar, QtCore.Qt.Key.Key_Tab)  # into the view, and back by keyboard
    qtbot.keyClick(QtWidgets.QApplication.focusWidget(), QtCore.Qt.Key.Key_Backtab)
    assert sidebar.hasFocus()
    assert ring_pixels(sidebar, scheme) - before >= sidebar.width()


@pytest.mark.parametrize("kind", [QtWidgets.QCheckBox, QtWidgets.QRadioButton])
def test_check_boxes_and_radio_buttons_show_their_edge_on_the_window(qtbot, scheme, kind):
    control = kind("Show former managers")
    qtbot.addWidget(control)
    control.show()
    qtbot.waitExposed(control)
    assert not control.hasFocus()
    option = QtWidgets.QStyleOptionButton()
    control.initStyleOption(option)
    element = (
        QtWidgets.QStyle.SubElement.SE_CheckBoxIndicator
        if kind is QtWidgets.QCheckBox
        else QtWidgets.QStyle.SubElement.SE_RadioButtonIndicator
    )
    box = control.style().subElementRect(element, option, control)
    image = control.grab(box).toImage()
    window = theme.colour("window", scheme)
    edge = [
        QtGui.QColor(image.pixel(x, y))
        for y in range(image.height())
        for x in range(image.width())
        if theme.contrast(QtGui.QColor(image.pixel(x, y)), window) >= 2.5
    ]
    assert len(edge) >= 12, "the box's outline is lost on the window"


def _indicator(control: QtWidgets.QAbstractButton) -> QtGui.QImage:
    """What the style drew for ``control``'s box or circle."""
    option = QtWidgets.QStyleOptionButton()
    control.initStyleOption(option)
    element = (
        QtWidgets.QStyle.SubElement.SE_CheckBoxIndicator
        if isinstance(control, QtWidgets.QCheckBox)
        else QtWidgets.QStyle.SubElement.SE_RadioButtonIndicator
    )
    return control.grab(control.style().subElementRect(element, option, control)).toImage()


@pytest.mark.parametrize("kind", [QtWidgets.QCheckBox, QtWidgets.QRadioButton])
def test_a_checked_mark_is_in_the_check_colour_and_reads_on_the_field(qtbot, scheme, kind):
    """The tick or dot of a control that is on is drawn in the palette's check colour (not
    Fusion's grey, which on a dark window reads as "off") and stands out on the field."""
    control = kind("Me")
    qtbot.addWidget(control)
    control.show()
    qtbot.waitExposed(control)
    off = _indicator(control)
    control.setChecked(True)
    on = _indicator(control)
    check, base = theme.colour("check", scheme), theme.colour("base", scheme)
    mark = [
        QtGui.QColor(on.pixel(x, y))
        for y in range(on.height())
        for x in range(on.width())
        if on.pixel(x, y) != off.pixel(x, y)
    ]
    bluish = [c for c in mark if c.blue() - c.red() >= 40 and theme.contrast(c, base) >= 3]
    assert len(bluish) >= 6, f"{len(mark)} pixels of the mark, {len(bluish)} in the check colour"
    assert check.blue() - check.red() >= 40


def test_a_disabled_checked_mark_stays_dimmed(qtbot, scheme):
    """A control that cannot be changed does not show its mark in the check colour."""
    control = QtWidgets.QRadioButton("Me")
    qtbot.addWidget(control)
    control.setChecked(True)
    control.setEnabled(False)
    control.show()
    qtbot.waitExposed(control)
    image = _indicator(control)
    check = theme.colour("check", scheme)
    near = [
        (x, y)
        for y in range(image.height())
        for x in range(image.width())
        if sum(
            abs(a - b)
            for a, b in zip(
                QtGui.QColor(image.pixel(x, y)).getRgb()[:3], check.getRgb()[:3], strict=True
            )
        )
        <= 60
    ]
    assert not near
