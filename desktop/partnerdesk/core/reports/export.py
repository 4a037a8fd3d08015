"""Build a summary and write it to disk in one of the export formats (Qt-free).

The PDF and the charts need Qt, so the caller (CLI or GUI) passes those renderers in;
everything else is rendered here. Files are written atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from partnerdesk.core.fsutil import atomic_write_bytes
from partnerdesk.core.reports import FORMATS
from partnerdesk.core.reports.csv_export import write_csv
from partnerdesk.core.reports.html import render_html
from partnerdesk.core.reports.markdown import render_markdown
from partnerdesk.core.reports.model import Summary
from partnerdesk.core.reports.period import Period
from partnerdesk.core.reports.scope import Scope
from partnerdesk.core.reports.summary import build_summary
from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.textsafe import strip_controls

SUFFIXES = {"pdf": ".pdf", "md": ".md", "html": ".html", "pptx": ".pptx", "xlsx": ".xlsx"}


@dataclass(frozen=True)
class Renderers:
    """What the Qt layer lends the export: a PDF writer, and charts as image URLs for HTML."""

    pdf: Callable[[Summary, Path], None] | None = None
    chart_urls: Callable[[Summary], dict[str, str]] | None = None


def default_name(summary: Summary, fmt: str) -> str:
    """A file name for the summary: ``partnerdesk-summary-2026-Q2.pdf``."""
    return f"partnerdesk-summary-{summary.period.code}{SUFFIXES.get(fmt, '')}"


def write_summary(
    summary: Summary,
    fmt: str,
    target: Path,
    renderers: Renderers | None = None,
    template: Path | None = None,
) -> list[Path]:
    """Write an already built summary; a folder as ``target`` gets the default file name.

    ``template`` is the slide template for ``pptx`` (the shipped one when None).
    """
    if fmt not in FORMATS:
        raise StoreError(f"Unknown format '{fmt}': use one of {', '.join(FORMATS)}.")
    if fmt == "csv":
        return write_csv(summary, target)
    path = target / default_name(summary, fmt) if target.is_dir() else target
    if not path.parent.is_dir():
        raise StoreError(f"The folder {path.parent} does not exist: create it or pick another.")
    renderers = renderers or Renderers()
    if fmt == "pdf":
        if renderers.pdf is None:
            raise StoreError("PDF export needs the Qt renderer, which is not available here.")
        renderers.pdf(summary, path)
    elif fmt == "pptx":
        from partnerdesk.core.reports.slides import write_deck  # python-pptx: only when asked

        write_deck(summary, path, template)
    elif fmt == "xlsx":
        from partnerdesk.core.reports.workbook import write_workbook

        write_workbook(summary, path)
    elif fmt == "md":
        atomic_write_bytes(path, strip_controls(render_markdown(summary)).encode("utf-8"))
    else:
        charts = renderers.chart_urls(summary) if renderers.chart_urls else None
        html = strip_controls(render_html(summary, chart_src=charts))
        atomic_write_bytes(path, html.encode("utf-8"))
    return [path]


def export_summary(
    store: Store,
    period: Period,
    scope: Scope,
    fmt: str,
    target: Path,
    *,
    name_individuals: bool = False,
    theme_threshold: int = 3,
    renderers: Renderers | None = None,
    template: Path | None = None,
    today: date | None = None,
) -> list[Path]:
    """Build the summary of ``period`` for ``scope`` and write it; returns the files written."""
    summary = build_summary(
        store,
        period,
        scope,
        name_individuals=name_individuals,
        theme_threshold=theme_threshold,
        today=today,
    )
    return write_summary(summary, fmt, target, renderers, template)
