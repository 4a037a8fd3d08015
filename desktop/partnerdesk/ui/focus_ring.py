"""A visible focus ring on every control, drawn over the native look.

:class:`FocusRingStyle` wraps the app's style (Fusion) and, where a control has the
keyboard focus, draws a two-tone ring over what the style drew: an outer line in the
palette's ``focus`` colour and an inner line in the ``base`` colour, so the ring shows on
any background (a selected row's highlight too). Buttons keep their native bevel: the
ring is added after it, nothing of the button is restyled. Text fields (line edits, text
areas, editable combo and spin boxes) show it whenever they have the focus; buttons,
check boxes, tabs and the current item of a list or table when the focus came from the
keyboard, as native apps do. Check boxes and radio buttons also get an edge that shows
on the window (``control_edge``, 3:1 in both looks), and their mark (the tick, the dot)
in the palette's ``check`` colour: Fusion draws it in a shade of the text colour, a grey
dot on a dark window that reads as "off".
"""

from __future__ import annotations

from partnerdesk.ui import theme
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets

Style = QtWidgets.QStyle
State = Style.StateFlag
#: Width of the ring's outer (focus-coloured) line, in device-independent pixels.
RING = 2.0

_installed: list[QtWidgets.QStyle] = []
_TYPING = (
    QtWidgets.QLineEdit,
    QtWidgets.QAbstractSpinBox,
    QtWidgets.QPlainTextEdit,
    QtWidgets.QTextEdit,
)


def _typing(widget: QtWidgets.QWidget | None) -> bool:
    """Whether ``widget`` takes typing, and so shows its ring for any kind of focus."""
    if isinstance(widget, QtWidgets.QComboBox):
        return widget.isEditable()
    if isinstance(widget, QtWidgets.QTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, _TYPING)


def draw_ring(painter: QtGui.QPainter, rect: QtCore.QRect, radius: float = 4.0) -> None:
    """The two-tone ring just inside ``rect``."""
    painter.save()
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    outer = QtCore.QRectF(rect).adjusted(RING / 2, RING / 2, -RING / 2, -RING / 2)
    painter.setPen(QtGui.QPen(theme.colour("focus"), RING))
    painter.drawRoundedRect(outer, radius, radius)
    inner = outer.adjusted(RING / 2 + 0.5, RING / 2 + 0.5, -RING / 2 - 0.5, -RING / 2 - 0.5)
    painter.setPen(QtGui.QPen(theme.colour("base"), 1.0))
    painter.drawRoundedRect(inner, max(0.0, radius - 1.5), max(0.0, radius - 1.5))
    painter.restore()


def _wants_ring(option: QtWidgets.QStyleOption, widget: QtWidgets.QWidget | None) -> bool:
    """Whether what is drawn has the focus, and shows it (see the module's docstring)."""
    if not option.state & State.State_HasFocus:
        return False
    if _typing(widget):
        return True
    if widget is None:
        return bool(option.state & State.State_KeyboardFocusChange)
    # the window's own record: an item view marks every focus frame as from the keyboard
    return widget.window().testAttribute(QtCore.Qt.WidgetAttribute.WA_KeyboardFocusChange)


def _item_rect(option: QtWidgets.QStyleOption, widget: QtWidgets.QWidget | None) -> QtCore.QRect:
    """Where a list's current item is ringed: around the whole item (its style sheet may
    have drawn it as a pill with padding), not only around its text."""
    if isinstance(widget, QtWidgets.QListView) and widget.currentIndex().isValid():
        return widget.visualRect(widget.currentIndex())
    return option.rect


#: Check boxes and radio buttons get an edge that shows on the window (Fusion's own is a
#: shade of the window colour: lost on a dark one).
_EDGED = (
    Style.PrimitiveElement.PE_IndicatorCheckBox,
    Style.PrimitiveElement.PE_IndicatorRadioButton,
)


def draw_edge(painter: QtGui.QPainter, rect: QtCore.QRect, round_: bool) -> None:
    """A 1 px edge in the palette's ``control_edge`` colour around a check box (or, when
    ``round_``, a radio button) that the style drew in ``rect``."""
    painter.save()
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    painter.setPen(QtGui.QPen(theme.colour("control_edge"), 1.0))
    box = QtCore.QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5)
    if round_:
        painter.drawEllipse(box.adjusted(0.5, 0.5, -0.5, -0.5))
    else:
        painter.drawRoundedRect(box, 2.0, 2.0)
    painter.restore()


#: Controls ringed after the style drew them (Fusion draws no focus frame of its own
#: around these, or a faint one).
_RINGED = (Style.ControlElement.CE_PushButton, Style.ControlElement.CE_TabBarTab)


def _marked(option: QtWidgets.QStyleOption) -> QtWidgets.QStyleOption:
    """``option`` for a check box or radio button, its mark (Fusion draws it in the
    ``Text`` colour) in the palette's ``check`` colour when it is on."""
    if not option.state & (State.State_On | State.State_NoChange):
        return option
    marked = type(option)(option)
    palette = QtGui.QPalette(option.palette)
    # a disabled control keeps its dimmed mark (the Disabled group is left as it is)
    for group in (QtGui.QPalette.ColorGroup.Active, QtGui.QPalette.ColorGroup.Inactive):
        palette.setColor(group, QtGui.QPalette.ColorRole.Text, theme.colour("check"))
    marked.palette = palette
    return marked


class FocusRingStyle(QtWidgets.QProxyStyle):
    """The app's style with a visible two-tone focus ring over every focused control."""

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element == Style.PrimitiveElement.PE_FrameFocusRect:
            if _wants_ring(option, widget):
                draw_ring(painter, _item_rect(option, widget), 4.0)
            return
        if element in _EDGED:
            option = _marked(option)
        super().drawPrimitive(element, option, painter, widget)
        if element in _EDGED:
            draw_edge(
                painter, option.rect, element == Style.PrimitiveElement.PE_IndicatorRadioButton
            )
        if element == Style.PrimitiveElement.PE_FrameLineEdit and _wants_ring(option, widget):
            draw_ring(painter, option.rect)

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        ring = (Style.ComplexControl.CC_ComboBox, Style.ComplexControl.CC_SpinBox)
        if control in ring and _wants_ring(option, widget):
            draw_ring(painter, option.rect)

    def drawControl(self, element, option, painter, widget=None) -> None:
        super().drawControl(element, option, painter, widget)
        if element in _RINGED and _wants_ring(option, widget):
            draw_ring(painter, option.rect, 4.0)
        if (
            element == Style.ControlElement.CE_ShapedFrame
            and _typing(widget)
            and _wants_ring(option, widget)
        ):
            draw_ring(painter, option.rect, 2.0)


def with_focus_ring(app: QtWidgets.QApplication) -> None:
    """Put :class:`FocusRingStyle` over the app's style, once."""
    if app.property("focusRing"):
        return
    style = FocusRingStyle(app.style().name())
    _installed.append(style)  # Python keeps its wrapper alive as long as Qt uses it
    app.setStyle(style)
    app.setProperty("focusRing", True)
