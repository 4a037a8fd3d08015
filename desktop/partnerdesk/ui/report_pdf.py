"""Render a summary to PDF with Qt: the HTML rendering laid out by QTextDocument on A4.

The charts are drawn into images and added to the document as resources; each page gets
a small running footer (title, scope, page n of N). Works without a window: the CLI
creates an offscreen QGuiApplication when none exists.
"""

from __future__ import annotations

import os
from pathlib import Path

from partnerdesk.core.reports.export import Renderers
from partnerdesk.core.reports.html import STYLE, render_html
from partnerdesk.core.reports.model import Summary
from partnerdesk.core.store.engine import StoreError
from partnerdesk.ui.qt import QtCore, QtGui
from partnerdesk.ui.report_charts import FONT, chart_data_urls, chart_images

RESOLUTION = 300
MARGIN_MM = (18.0, 16.0, 18.0, 20.0)  # left, top, right, bottom (footer sits in the bottom)
CHART_WIDTH = 620
_APP: QtGui.QGuiApplication | None = None


def ensure_gui_application() -> QtCore.QCoreApplication:
    """The running Qt application, or a new offscreen QGuiApplication when there is none."""
    global _APP
    app = QtCore.QCoreApplication.instance()
    if app is not None:
        return app
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _APP = QtGui.QGuiApplication(["partnerdesk"])
    return _APP


def qt_renderers() -> Renderers:
    """The PDF writer and the chart images (as data URLs) for the core's export."""
    return Renderers(pdf=render_pdf, chart_urls=chart_data_urls)


def summary_document(summary: Summary, chart_scale: float = 3.0) -> QtGui.QTextDocument:
    """The summary as a QTextDocument with its charts attached as image resources."""
    doc = QtGui.QTextDocument()
    doc.setDefaultFont(QtGui.QFont(FONT, 10))
    doc.setDefaultStyleSheet(STYLE)
    doc.setDocumentMargin(0)
    sources = {}
    for name, image in chart_images(summary, chart_scale).items():
        url = f"chart://{name}"
        doc.addResource(QtGui.QTextDocument.ResourceType.ImageResource, QtCore.QUrl(url), image)
        sources[name] = url
    doc.setHtml(render_html(summary, chart_src=sources, chart_width=CHART_WIDTH, standalone=False))
    return doc


def render_pdf(summary: Summary, path: Path) -> None:
    """Write the summary as an A4 PDF at ``path`` (via a temporary file, then renamed)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.touch()
    except OSError as exc:
        message = f"Cannot write {path}: {exc.strerror}; pick a folder you can write to."
        raise StoreError(message) from None
    try:
        _print(summary, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _print(summary: Summary, target: Path) -> None:
    writer = QtGui.QPdfWriter(str(target))
    writer.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A4))
    writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
    writer.setResolution(RESOLUTION)
    writer.setTitle(summary.title)
    writer.setCreator("Partner Desk")
    doc = summary_document(summary)
    doc.documentLayout().setPaintDevice(writer)
    dots = RESOLUTION / 25.4
    left, top, right, bottom = (m * dots for m in MARGIN_MM)
    page = QtCore.QSizeF(writer.width(), writer.height())
    body = QtCore.QSizeF(page.width() - left - right, page.height() - top - bottom)
    doc.setPageSize(body)
    keep_headings_with_next(doc, body.height())
    painter = QtGui.QPainter()
    if not painter.begin(writer):
        raise StoreError(f"Cannot write {target.parent}: pick a folder you can write to.")
    try:
        pages = doc.pageCount()
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(left, top - number * body.height())
            doc.drawContents(
                painter, QtCore.QRectF(0, number * body.height(), body.width(), body.height())
            )
            painter.restore()
            _footer(painter, summary, number + 1, pages, left, page, right, bottom)
    finally:
        painter.end()
        doc.documentLayout().setPaintDevice(None)


def keep_headings_with_next(doc: QtGui.QTextDocument, page_height: float) -> None:
    """Move a heading that would sit at the very bottom of a page to the next page."""
    layout = doc.documentLayout()
    reserve = page_height * 0.12
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() in (2, 3):
            rect = layout.blockBoundingRect(block)
            room = page_height - rect.top() % page_height
            if room < rect.height() + reserve:
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(QtGui.QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QtGui.QTextCursor(block).setBlockFormat(fmt)
                doc.markContentsDirty(block.position(), doc.characterCount() - block.position())
        block = block.next()


def _footer(painter, summary: Summary, number: int, pages: int, left, page, right, bottom) -> None:
    font = QtGui.QFont(FONT)
    font.setPointSizeF(7.5)
    painter.setFont(font)
    painter.setPen(QtGui.QColor("#5f6b7a"))
    y = page.height() - bottom * 0.55
    line_y = y - RESOLUTION * 0.06
    painter.setPen(QtGui.QPen(QtGui.QColor("#c9d3df"), RESOLUTION / 150))
    painter.drawLine(QtCore.QPointF(left, line_y), QtCore.QPointF(page.width() - right, line_y))
    painter.setPen(QtGui.QColor("#5f6b7a"))
    box = QtCore.QRectF(left, y, page.width() - left - right, RESOLUTION * 0.2)
    align = QtCore.Qt.AlignmentFlag
    painter.drawText(
        box, align.AlignLeft | align.AlignTop, f"{summary.title} · {summary.scope_label}"
    )
    painter.drawText(box, align.AlignRight | align.AlignTop, f"Page {number} of {pages}")
