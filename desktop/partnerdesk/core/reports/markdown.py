"""Render a summary as Markdown (paste into an email, a wiki page or a deck)."""

from __future__ import annotations

import re

from partnerdesk.core.reports import layout
from partnerdesk.core.reports.model import Summary

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|])")


def escape(text: str) -> str:
    """Text safe inside a Markdown line: specials backslashed, line breaks flattened."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def escape_line(text: str) -> str:
    """Text safe at the start of a line, where ``#``, ``>``, ``-`` or ``+`` start a block."""
    flat = escape(text)
    return "\\" + flat if flat.startswith(("#", ">", "-", "+")) else flat


def render_markdown(summary: Summary) -> str:
    """The whole summary as one Markdown document."""
    out: list[str] = []
    for block in layout.blocks(summary):
        lines = _block(block)
        if lines:
            out.extend([*lines, ""])
    return "\n".join(out).rstrip() + "\n"


def _block(block: layout.Block) -> list[str]:
    match block:
        case layout.Title(text, lines):
            return [f"# {escape(text)}", "", *(f"{escape(line)}  " for line in lines)]
        case layout.Heading(text, level):
            return [f"{'#' * level} {escape(text)}"]
        case layout.Paragraph(text, muted):
            return [f"_{escape(text)}_" if muted else escape_line(text)]
        case layout.Figures(items):
            return [
                f"- {escape(label.capitalize())}: **{escape(value)}** ({escape(detail)})"
                for value, label, detail in items
            ]
        case layout.Table():
            return _table(block)
        case layout.QuoteBlock(text, source):
            lines = [f"> {escape_line(line)}" for line in text.splitlines() if line.strip()]
            return [*lines, f"> — _{escape(source)}_"]
        case layout.Chart():
            return []
    raise TypeError(f"unknown block {block!r}")


def _table(table: layout.Table) -> list[str]:
    def row(cells) -> str:
        return "| " + " | ".join(escape(cell) or " " for cell in cells) + " |"

    rule = ["---:" if i in table.numeric else "---" for i in range(len(table.headers))]
    return [row(table.headers), "| " + " | ".join(rule) + " |", *(row(r) for r in table.rows)]
