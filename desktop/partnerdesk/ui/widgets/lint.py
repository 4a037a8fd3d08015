"""Live question linting in the UI: wavy underlines, and findings with one-click rewrites."""

from __future__ import annotations

from collections.abc import Callable

from partnerdesk.core.linter import Finding, Linter
from partnerdesk.ui import theme
from partnerdesk.ui.qt import QtGui, QtWidgets


def flagged() -> QtGui.QColor:
    """The colour of a linter flag: the palette's warning colour (legible as text on the
    page in either look, unlike the bright orange it was)."""
    return theme.colour("warning")


class LintHighlighter(QtGui.QSyntaxHighlighter):
    """Underlines opinion-collecting and yes/no questions as the text is typed."""

    def __init__(self, document: QtGui.QTextDocument, linter: Linter) -> None:
        super().__init__(document)
        self.linter = linter
        self.format = QtGui.QTextCharFormat()
        self.format.setUnderlineStyle(QtGui.QTextCharFormat.UnderlineStyle.WaveUnderline)
        self.format.setUnderlineColor(flagged())

    def highlightBlock(self, text: str) -> None:
        for finding in self.linter.lint(text):
            self.setFormat(finding.start, finding.end - finding.start, self.format)


#: Called with (finding, chosen rewrite) when the rep clicks a rewrite.
ApplyRewrite = Callable[[Finding, str], None]


class FindingsPanel(QtWidgets.QWidget):
    """Explains each finding and offers its rewrites as buttons."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findingsPanel")
        self.column = QtWidgets.QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(6)
        self.rewrite_buttons: list[QtWidgets.QPushButton] = []

    def show_findings(self, groups: list[tuple[str, list[Finding], ApplyRewrite]]) -> None:
        """``groups``: (where, its findings, how to apply a rewrite there)."""
        while self.column.count():
            widget = self.column.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.rewrite_buttons = []
        for where, findings, apply in groups:
            for finding in findings:
                self.column.addWidget(self._card(where, finding, apply))
        self.setVisible(bool(self.rewrite_buttons) or self.column.count() > 0)

    def _card(self, where: str, finding: Finding, apply: ApplyRewrite) -> QtWidgets.QFrame:
        card = QtWidgets.QFrame()
        card.setObjectName("lintFinding")
        layout = QtWidgets.QVBoxLayout(card)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        title = QtWidgets.QLabel(f"{where}: “{finding.excerpt}”")
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        why = QtWidgets.QLabel(finding.explanation)
        why.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(why)
        for rewrite in finding.rewrites:
            button = QtWidgets.QPushButton(f"Use: {rewrite}")
            button.setObjectName("rewriteButton")
            button.setToolTip("Replace the flagged question with this one")
            button.clicked.connect(lambda _checked=False, f=finding, r=rewrite: apply(f, r))
            layout.addWidget(button)
            self.rewrite_buttons.append(button)
        card.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Maximum
        )
        return card
