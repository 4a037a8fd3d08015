"""Render a summary as a self-contained HTML page; every piece of text is escaped.

The same markup feeds the Reports view's preview and the PDF (Qt's rich-text engine
understands this subset of HTML and CSS); a caller that can draw charts passes
``chart_src`` (chart name -> image URL) and gets ``<img>`` tags where the charts go.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape as _escape

from partnerdesk.core.reports import layout
from partnerdesk.core.reports.model import Summary

ACCENT = "#1f4e79"
MUTED = "#5f6b7a"
RULE = "#c9d3df"
STRIPE = "#f3f6fa"

STYLE = f"""
body {{ font-family: 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; color: #1c2430;
       font-size: 10pt; }}
h1 {{ color: {ACCENT}; font-size: 20pt; margin-bottom: 2px; }}
h2 {{ color: {ACCENT}; font-size: 14pt; margin-top: 18px; margin-bottom: 6px; }}
h3 {{ color: #1c2430; font-size: 11pt; margin-top: 12px; margin-bottom: 4px; }}
p {{ margin-top: 4px; margin-bottom: 6px; }}
p.sub {{ color: {MUTED}; margin: 0px; }}
p.muted {{ color: {MUTED}; font-size: 9pt; }}
table.data {{ border-collapse: collapse; margin-top: 4px; margin-bottom: 8px; }}
table.data th {{ background-color: {ACCENT}; color: white; font-weight: bold;
                 padding: 4px 8px; text-align: left; border: 1px solid {ACCENT}; }}
table.data td {{ padding: 3px 8px; border: 1px solid {RULE}; }}
table.data tr.odd td {{ background-color: {STRIPE}; }}
table.data .num {{ text-align: right; }}
table.figures {{ border-collapse: collapse; margin-top: 10px; margin-bottom: 6px;
                 background-color: {STRIPE}; border: 1px solid {RULE}; }}
table.figures td {{ padding: 8px 10px; vertical-align: top; }}
.value {{ font-size: 18pt; font-weight: bold; color: {ACCENT}; }}
.label {{ font-weight: bold; }}
.detail {{ color: {MUTED}; font-size: 8.5pt; }}
blockquote {{ margin-left: 12px; margin-top: 4px; margin-bottom: 6px; padding-left: 8px;
              border-left: 3px solid {RULE}; font-style: italic; }}
.source {{ color: {MUTED}; font-style: normal; font-size: 8.5pt; }}
p.caption {{ color: {MUTED}; font-size: 8.5pt; margin-top: 0px; }}
"""


def escape(text: object) -> str:
    """Text safe inside HTML element content and quoted attributes."""
    return _escape(str(text), quote=True)


def render_html(
    summary: Summary,
    *,
    chart_src: Mapping[str, str] | None = None,
    chart_width: int = 640,
    standalone: bool = True,
) -> str:
    """The summary as HTML; ``standalone`` wraps it in a full page with its stylesheet."""
    body = "\n".join(
        _block(block, chart_src or {}, chart_width) for block in layout.blocks(summary)
    )
    if not standalone:
        return body
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(summary.title)}</title><style>{STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def _block(block: layout.Block, charts: Mapping[str, str], width: int) -> str:
    match block:
        case layout.Title(text, lines):
            subs = "".join(f'<p class="sub">{escape(line)}</p>' for line in lines)
            return f"<h1>{escape(text)}</h1>{subs}"
        case layout.Heading(text, level):
            return f"<h{level}>{escape(text)}</h{level}>"
        case layout.Paragraph(text, muted):
            css = ' class="muted"' if muted else ""
            return f"<p{css}>{escape(text)}</p>"
        case layout.Figures(items):
            return _figures(items)
        case layout.Table():
            return _table(block)
        case layout.QuoteBlock(text, source):
            lines = "<br>".join(escape(line) for line in text.splitlines() if line.strip())
            cite = f'<span class="source">— {escape(source)}</span>'
            return f"<blockquote>“{lines}”<br>{cite}</blockquote>"
        case layout.Chart(name, caption):
            if name not in charts:
                return ""
            return (
                f'<p><img src="{escape(charts[name])}" width="{width}" alt="{escape(caption)}"></p>'
                f'<p class="caption">{escape(caption)}</p>'
            )
    raise TypeError(f"unknown block {block!r}")


def _figures(items) -> str:
    width = f"{100 // max(1, len(items))}%"
    cells = "".join(
        f'<td width="{width}"><span class="value">{escape(value)}</span><br>'
        f'<span class="label">{escape(label)}</span><br>'
        f'<span class="detail">{escape(detail)}</span></td>'
        for value, label, detail in items
    )
    return f'<table class="figures" width="100%" cellspacing="0"><tr>{cells}</tr></table>'


def _table(table: layout.Table) -> str:
    def cell(tag: str, index: int, text: str) -> str:
        css = ' class="num"' if index in table.numeric else ""
        align = ' align="right"' if index in table.numeric else ""
        return f"<{tag}{css}{align}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, text) for i, text in enumerate(table.headers))
    rows = "".join(
        f'<tr class="{"odd" if n % 2 else "even"}">'
        + "".join(cell("td", i, text) for i, text in enumerate(row))
        + "</tr>"
        for n, row in enumerate(table.rows)
    )
    return (
        '<table class="data" width="100%" cellspacing="0" cellpadding="4">'
        f"<thead><tr>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
