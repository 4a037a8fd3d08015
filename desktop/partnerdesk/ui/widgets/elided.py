"""A one-line label that ends in "…" (or leaves out its middle) when the room is short
and keeps its whole text in the tooltip."""

from __future__ import annotations

from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets

_ELIDED_ALIGN = int(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter)


class ElidedLabel(QtWidgets.QLabel):
    """One line of plain text, elided to the width, whole in its tooltip (cheap to lay out:
    no word-wrap height-for-width passes; the elided text is kept until text or width
    change)."""

    def __init__(
        self,
        text: str,
        name: str,
        tooltip: str = "",
        mode: QtCore.Qt.TextElideMode = QtCore.Qt.TextElideMode.ElideRight,
    ) -> None:
        super().__init__(text)
        self.setObjectName(name)
        self.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(80)
        self.setToolTip(tooltip or text)
        self.mode = mode
        self._elided = ("", -1, "")  # (text, width, elided text)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._elided = ("", -1, "")
        super().changeEvent(event)

    def _underlined(self) -> bool:
        return False

    def shown_text(self) -> str:
        """The text as it shows at the label's width (with "…" where it is cut)."""
        text, width = self.text(), self.contentsRect().width()
        if self._elided[0] != text or self._elided[1] != width:
            self._elided = (text, width, self.fontMetrics().elidedText(text, self.mode, width))
        return self._elided[2]

    def is_elided(self) -> bool:
        """Whether the label is too narrow for its whole text."""
        return self.shown_text() != self.text()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        shown = self.shown_text()
        painter = QtGui.QPainter(self)
        if self._underlined():
            font = self.font()
            font.setUnderline(True)
            painter.setFont(font)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            _ELIDED_ALIGN,
            self.palette(),
            self.isEnabled(),
            shown,
            QtGui.QPalette.ColorRole.WindowText,
        )
        painter.end()
