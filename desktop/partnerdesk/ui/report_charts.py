"""The summary's charts, drawn with QPainter into images (for the PDF and the preview).

Cadence adherence is a grouped bar chart (meetings held next to meetings due, per
department); open signals are stacked bars (one bar per department, one colour per kind).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from partnerdesk.core.reports.layout import CADENCE_CHART, SIGNALS_CHART
from partnerdesk.core.reports.model import Summary, kind_label
from partnerdesk.ui.qt import QtCore, QtGui

INK = QtGui.QColor("#1c2430")
MUTED = QtGui.QColor("#5f6b7a")
GRID = QtGui.QColor("#dde3ea")
HELD = QtGui.QColor("#1f4e79")
DUE = QtGui.QColor("#a9c4de")
KIND_COLOURS = {
    "flight_risk": "#c0392b",
    "performance": "#e67e22",
    "training": "#2e86c1",
    "headcount": "#8e44ad",
    "pain_point": "#16a085",
    "other": "#7f8c8d",
}
FALLBACK = ("#34495e", "#b7950b", "#6c3483", "#117864")

WIDTH, HEIGHT = 640, 300
FONT = "DejaVu Sans"


def chart_images(summary: Summary, scale: float = 3.0) -> dict[str, QtGui.QImage]:
    """Both charts, keyed by the layout's chart names, at ``scale`` times 640x300 pixels."""
    return {
        CADENCE_CHART: cadence_chart(summary, scale),
        SIGNALS_CHART: signals_chart(summary, scale),
    }


def chart_data_urls(summary: Summary, scale: float = 2.0) -> dict[str, str]:
    """Both charts as ``data:image/png;base64,...`` URLs (a self-contained HTML page)."""
    urls = {}
    for name, image in chart_images(summary, scale).items():
        data = QtCore.QByteArray()
        buffer = QtCore.QBuffer(data)
        buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        urls[name] = "data:image/png;base64," + bytes(data.toBase64()).decode("ascii")
    return urls


def _canvas(scale: float) -> tuple[QtGui.QImage, QtGui.QPainter]:
    image = QtGui.QImage(
        round(WIDTH * scale), round(HEIGHT * scale), QtGui.QImage.Format.Format_ARGB32
    )
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    return image, painter


def _font(size: float, bold: bool = False) -> QtGui.QFont:
    font = QtGui.QFont(FONT)
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    return font


def _nice_max(value: float) -> tuple[int, int]:
    """An axis top at or above ``value`` and a round tick step."""
    if value <= 0:
        return 4, 1
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return step * math.ceil(value / step), step


class _Plot:
    """The plot area of a bar chart: axes, grid, category labels and a legend."""

    left, top, right, bottom = 44, 40, 16, 74

    def __init__(self, painter: QtGui.QPainter, title: str, top_value: float) -> None:
        self.p = painter
        self.area = QtCore.QRectF(
            self.left,
            self.top,
            WIDTH - self.left - self.right,
            HEIGHT - self.top - self.bottom,
        )
        self.max, step = _nice_max(top_value)
        painter.setPen(INK)
        painter.setFont(_font(14, bold=True))
        painter.drawText(QtCore.QPointF(self.left, 20), title)
        painter.setFont(_font(10))
        for tick in range(0, self.max + 1, step):
            y = self.y(tick)
            painter.setPen(QtGui.QPen(GRID, 1))
            painter.drawLine(
                QtCore.QPointF(self.area.left(), y), QtCore.QPointF(self.area.right(), y)
            )
            painter.setPen(MUTED)
            painter.drawText(
                QtCore.QRectF(0, y - 7, self.left - 6, 14),
                QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter,
                str(tick),
            )
        painter.setPen(QtGui.QPen(MUTED, 1))
        painter.drawLine(self.area.bottomLeft(), self.area.bottomRight())

    def y(self, value: float) -> float:
        return self.area.bottom() - self.area.height() * value / self.max

    def slots(self, count: int) -> list[QtCore.QRectF]:
        """One horizontal slot per category."""
        width = self.area.width() / max(count, 1)
        return [
            QtCore.QRectF(self.area.left() + i * width, self.area.top(), width, self.area.height())
            for i in range(count)
        ]

    def category(self, slot: QtCore.QRectF, label: str, note: str = "") -> None:
        """A category's name under its slot (wrapped to two lines), and an optional note."""
        self.p.setPen(INK)
        self.p.setFont(_font(10))
        metrics = QtGui.QFontMetricsF(self.p.font())
        box = QtCore.QRectF(slot.left() + 2, self.area.bottom() + 4, slot.width() - 4, 13)
        flags = (QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignTop).value
        if metrics.horizontalAdvance(label) > box.width():
            if " " in label.strip():
                flags |= QtCore.Qt.TextFlag.TextWordWrap.value
                box.setHeight(26)
            else:
                label = metrics.elidedText(label, QtCore.Qt.TextElideMode.ElideRight, box.width())
        self.p.drawText(box, flags, label)
        if note:
            self.p.setPen(MUTED)
            self.p.setFont(_font(9))
            note_box = QtCore.QRectF(box.left(), box.bottom() + 1, box.width(), 12)
            self.p.drawText(note_box, QtCore.Qt.AlignmentFlag.AlignHCenter, note)

    def value(self, rect: QtCore.QRectF, value: int, colour: QtGui.QColor = INK) -> None:
        self.p.setPen(colour)
        self.p.setFont(_font(9))
        self.p.drawText(
            QtCore.QRectF(rect.left() - 10, rect.top() - 15, rect.width() + 20, 14),
            QtCore.Qt.AlignmentFlag.AlignHCenter | QtCore.Qt.AlignmentFlag.AlignBottom,
            str(value),
        )

    def legend(self, entries: Sequence[tuple[str, QtGui.QColor]]) -> None:
        self.p.setFont(_font(10))
        metrics = QtGui.QFontMetricsF(self.p.font())
        x, y = self.left, HEIGHT - 18
        for label, colour in entries:
            width = 16 + metrics.horizontalAdvance(label) + 18
            if x + width > WIDTH - self.right and x > self.left:
                break
            self.p.fillRect(QtCore.QRectF(x, y - 5, 10, 10), colour)
            self.p.setPen(INK)
            self.p.drawText(QtCore.QPointF(x + 14, y + 4), label)
            x += width

    def empty(self, message: str) -> None:
        self.p.setPen(MUTED)
        self.p.setFont(_font(12))
        self.p.drawText(self.area, QtCore.Qt.AlignmentFlag.AlignCenter, message)


def cadence_chart(summary: Summary, scale: float = 3.0) -> QtGui.QImage:
    """Grouped bars: meetings held and meetings due, per department."""
    image, painter = _canvas(scale)
    rows = summary.cadence_by_department
    top = max([max(r.held, r.due) for r in rows] or [0])
    plot = _Plot(painter, "Cadence adherence: meetings held vs due", top * 1.1)
    if not rows:
        plot.empty("No active managers in this scope")
    for slot, row in zip(plot.slots(len(rows)), rows, strict=True):
        bar = min(34.0, slot.width() * 0.3)
        gap = 4.0
        x = slot.center().x() - bar - gap / 2
        for offset, value, colour in ((0, row.held, HELD), (bar + gap, row.due, DUE)):
            rect = QtCore.QRectF(x + offset, plot.y(value), bar, plot.area.bottom() - plot.y(value))
            painter.fillRect(rect, colour)
            plot.value(rect, value)
        plot.category(slot, row.label, f"{row.adherence} adherence")
    plot.legend((("Held", HELD), ("Due", DUE)))
    painter.end()
    return image


def signals_chart(summary: Summary, scale: float = 3.0) -> QtGui.QImage:
    """Stacked bars: open signals at the period's end per department, one segment per kind."""
    image, painter = _canvas(scale)
    table = summary.open_signals_by_department()
    departments = sorted(table, key=str.casefold)
    kinds = [k for k in summary.signal_kinds() if any(k in row for row in table.values())]
    colours = {
        kind: QtGui.QColor(KIND_COLOURS.get(kind, FALLBACK[i % len(FALLBACK)]))
        for i, kind in enumerate(kinds)
    }
    totals = [sum(table[d].values()) for d in departments]
    plot = _Plot(painter, "Open signals by kind and department", max(totals or [0]) * 1.1)
    if not departments:
        plot.empty("No open signals at the end of the period")
    for slot, department, total in zip(
        plot.slots(len(departments)), departments, totals, strict=True
    ):
        bar = min(56.0, slot.width() * 0.5)
        x, base = slot.center().x() - bar / 2, 0
        for kind in kinds:
            count = table[department].get(kind, 0)
            if not count:
                continue
            rect = QtCore.QRectF(x, plot.y(base + count), bar, plot.y(base) - plot.y(base + count))
            painter.fillRect(rect, colours[kind])
            painter.setPen(QtGui.QPen(QtGui.QColor("white"), 1))
            painter.drawLine(rect.topLeft(), rect.topRight())
            if rect.height() >= 13:
                painter.setFont(_font(9, bold=True))
                painter.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, str(count))
            base += count
        plot.value(QtCore.QRectF(x, plot.y(total), bar, 0), total)
        plot.category(slot, department)
    plot.legend([(kind_label(kind), colours[kind]) for kind in kinds])
    painter.end()
    return image
