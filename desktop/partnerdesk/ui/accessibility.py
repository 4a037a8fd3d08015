"""Names and descriptions for screen readers, from what a sighted user reads.

A control's accessible name comes, in this order, from what it was given, its own text
(buttons, tabs), its form label, its placeholder, its tooltip's first sentence, or (lists
and tables) the section heading above it; its description from what it was given, its
tooltip or placeholder, else its name. ``describe`` fills in what is missing under a
widget once it is built; names set in code always win.
"""

from __future__ import annotations

from partnerdesk.ui.qt import QtWidgets

INTERACTIVE = (
    QtWidgets.QAbstractButton,
    QtWidgets.QLineEdit,
    QtWidgets.QComboBox,
    QtWidgets.QAbstractSpinBox,
    QtWidgets.QAbstractItemView,
    QtWidgets.QPlainTextEdit,
    QtWidgets.QTextEdit,
    QtWidgets.QTabBar,
)


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _form_label(widget: QtWidgets.QWidget) -> str:
    """The text of the label naming ``widget``: its form row's, or one it is the buddy of."""
    parent = widget.parentWidget()
    for form in parent.findChildren(QtWidgets.QFormLayout) if parent else ():
        label = form.labelForField(widget)
        if isinstance(label, QtWidgets.QLabel):
            return _plain(label.text()).rstrip(":")
    window = widget.window()
    for label in window.findChildren(QtWidgets.QLabel):
        if label.buddy() is widget:
            return _plain(label.text()).rstrip(":")
    return ""


def _choices(combo: QtWidgets.QComboBox) -> str:
    items = [combo.itemText(i) for i in range(min(combo.count(), 4))]
    more = ", …" if combo.count() > 4 else ""
    return f"Choose one of: {', '.join(items)}{more}" if items else "A list to choose from"


def _heading_above(widget: QtWidgets.QWidget) -> str:
    """The nearest section or card title among the widget's ancestors' labels."""
    parent = widget.parentWidget()
    while parent is not None:
        for label in parent.findChildren(QtWidgets.QLabel):
            if label.objectName() in ("sectionTitle", "viewTitle") or label.font().bold():
                text = _plain(label.text())
                if text and "<" not in text:
                    return text
        parent = parent.parentWidget()
    return ""


def _name(widget: QtWidgets.QWidget) -> str:
    text = ""
    if isinstance(widget, QtWidgets.QAbstractButton):
        text = _plain(widget.text())
    text = text or _form_label(widget)
    if not text and isinstance(widget, QtWidgets.QLineEdit | QtWidgets.QPlainTextEdit):
        text = widget.placeholderText()
    in_field = isinstance(widget.parentWidget(), QtWidgets.QLineEdit)
    if not text and isinstance(widget, QtWidgets.QToolButton) and in_field:
        text = "Clear the field"  # a line edit's own clear button
    if not text and widget.toolTip():
        text = widget.toolTip().split("\n")[0].split(". ")[0]
    if not text and isinstance(widget, QtWidgets.QAbstractItemView | QtWidgets.QTabBar):
        text = _heading_above(widget)
    return text.strip()


def describe(root: QtWidgets.QWidget) -> None:
    """Give every interactive widget under ``root`` a name and a description."""
    for widget in root.findChildren(QtWidgets.QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QtWidgets.QScrollBar):
            continue
        if widget.objectName().startswith("qt_"):
            continue
        if not widget.accessibleName():
            name = _name(widget)
            if name:
                widget.setAccessibleName(name)
        if not widget.accessibleDescription():
            placeholder = getattr(widget, "placeholderText", lambda: "")()
            choices = _choices(widget) if isinstance(widget, QtWidgets.QComboBox) else ""
            widget.setAccessibleDescription(
                widget.toolTip() or placeholder or choices or widget.accessibleName()
            )
