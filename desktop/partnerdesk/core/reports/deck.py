"""A PowerPoint deck filled from a template: slides, text, number tiles, native charts, tables.

The template is a ``.pptx`` (the shipped ``resources/reports/deck-template.pptx``, or a
company's own). Its layouts are found by name with fallbacks, so a branded template
works as long as it has some layout with a title; its slides are dropped, its theme
colours and fonts carry through: every colour here is a theme colour (accent 1 for the
main series, accents 2 to 6 for signal kinds), never a fixed RGB value.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from partnerdesk.core.files import read_bounded
from partnerdesk.core.store.engine import StoreError
from partnerdesk.paths import resource_path

TEMPLATE_LIMIT = 50 * 1024 * 1024
TITLE_LAYOUTS = ("Title Slide", "Title")
CONTENT_LAYOUTS = ("Title Only", "Title and Content", "Title, Content", "Title and Text")
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
INCH = 914400
TABLE_ROW = 0.42  # inches per table row
DEFAULT_INSET = 91440  # a text box's left inset when the template does not set one
ACCENTS = (
    MSO_THEME_COLOR.ACCENT_1,
    MSO_THEME_COLOR.ACCENT_2,
    MSO_THEME_COLOR.ACCENT_3,
    MSO_THEME_COLOR.ACCENT_4,
    MSO_THEME_COLOR.ACCENT_5,
    MSO_THEME_COLOR.ACCENT_6,
)
INK = MSO_THEME_COLOR.TEXT_2
TILE = MSO_THEME_COLOR.BACKGROUND_2


def default_template() -> Path:
    """The template shipped with Partner Desk."""
    return resource_path("reports", "deck-template.pptx")


@dataclass(frozen=True)
class Colour:
    """A theme colour, optionally lightened (``brightness`` 0 to 1)."""

    theme: MSO_THEME_COLOR
    brightness: float = 0.0

    def apply(self, target) -> None:
        """Paint a ``ColorFormat`` (of a fill or a font) with this colour."""
        target.theme_color = self.theme
        if self.brightness:
            target.brightness = self.brightness


MUTED = Colour(INK, 0.35)
MAIN = Colour(ACCENTS[0])
INK_COLOUR = Colour(INK)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


@dataclass(frozen=True)
class Box:
    """A rectangle on a slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def bottom(self) -> int:
        return self.top + self.height

    def columns(self, count: int, gap: float = 0.3, weights: Sequence[float] = ()) -> list[Box]:
        """Side-by-side parts, ``gap`` inches apart, widths in proportion to ``weights``."""
        weights = list(weights) or [1.0] * count
        space = int(gap * INCH)
        usable = self.width - space * (count - 1)
        out, left = [], self.left
        for weight in weights:
            width = int(usable * weight / sum(weights))
            out.append(Box(left, self.top, width, self.height))
            left += width + space
        return out

    def rows(self, heights: Sequence[float], gap: float = 0.2) -> list[Box]:
        """Stacked parts: fixed heights in inches; a height of 0 takes what is left."""
        space = int(gap * INCH)
        fixed = sum(int(h * INCH) for h in heights) + space * (len(heights) - 1)
        rest = max(self.height - fixed, 0)
        out, top = [], self.top
        for h in heights:
            height = int(h * INCH) if h else rest
            out.append(Box(self.left, top, self.width, height))
            top += height + space
        return out


@dataclass(frozen=True)
class Run:
    """A piece of text with its own look (``size`` in points)."""

    text: str
    size: float = 16
    bold: bool = False
    italic: bool = False
    colour: Colour = INK_COLOUR


@dataclass(frozen=True)
class Line:
    """A paragraph: runs, optionally bulleted, with space before it (points)."""

    runs: tuple[Run, ...]
    bullet: bool = False
    space_before: float = 0
    align: PP_ALIGN = PP_ALIGN.LEFT


def line(text: str, size: float = 16, **look) -> Line:
    """A one-run paragraph; ``look`` takes Run's and Line's keywords."""
    paragraph = {k: look.pop(k) for k in ("bullet", "space_before", "align") if k in look}
    return Line((Run(text, size, **look),), **paragraph)


@dataclass(frozen=True)
class Series:
    """One chart series: its name, one value per category and its colour."""

    name: str
    values: tuple[int | float, ...]
    colour: Colour


class Deck:
    """A presentation built from a template, one slide at a time."""

    def __init__(self, template: Path | None = None) -> None:
        path = template or default_template()
        data = read_bounded(path, TEMPLATE_LIMIT, "slide template")
        try:
            self.prs = Presentation(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
            raise StoreError(
                f"{path} is not a PowerPoint template (.pptx): save your template from "
                "PowerPoint as a .pptx presentation, or remove it to use the built-in look."
            ) from None
        self._drop_existing_slides()
        self.title_layout = self._layout(TITLE_LAYOUTS)
        self.content_layout = self._layout(CONTENT_LAYOUTS)
        self.width, self.height = int(self.prs.slide_width), int(self.prs.slide_height)
        self.footer = ""

    # ----- template ------------------------------------------------------------------------

    def _drop_existing_slides(self) -> None:
        """A template may carry example slides: the deck starts empty."""
        ids = self.prs.slides._sldIdLst
        for entry in list(ids):
            self.prs.part.drop_rel(entry.get(qn("r:id")))
            ids.remove(entry)

    def _layout(self, names: Sequence[str]):
        """The first layout called one of ``names``, else the first with a title, else any."""
        layouts = list(self.prs.slide_layouts)
        by_name = {layout.name.casefold(): layout for layout in layouts}
        for name in names:
            if name.casefold() in by_name:
                return by_name[name.casefold()]
        for layout in layouts:
            if any(ph.placeholder_format.type in TITLE_TYPES for ph in layout.placeholders):
                return layout
        return layouts[0]

    @staticmethod
    def _title_shape(slide):
        return next(
            (ph for ph in slide.placeholders if ph.placeholder_format.type in TITLE_TYPES), None
        )

    @staticmethod
    def _clear_placeholders(slide, keep) -> None:
        """Remove the layout's other placeholders (empty ones show "Click to add text")."""
        for ph in list(slide.placeholders):
            if ph not in keep:
                ph._element.getparent().remove(ph._element)

    # ----- slides --------------------------------------------------------------------------

    def title_slide(self, title: str, subtitle: str):
        """The opening slide: title and subtitle in the template's title layout."""
        slide = self.prs.slides.add_slide(self.title_layout)
        heading = self._title_shape(slide)
        subtitle_shape = next(
            (
                ph
                for ph in slide.placeholders
                if ph.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE
            ),
            None,
        )
        self._clear_placeholders(slide, [heading, subtitle_shape])
        if heading is not None:
            heading.text = title
        else:
            box = Box(INCH // 2, self.height // 3, self.width - INCH, INCH)
            self.text(slide, box, [line(title, 36, bold=True)])
        if subtitle_shape is not None:
            subtitle_shape.text = subtitle
        else:
            box = Box(INCH // 2, self.height // 3 + INCH, self.width - INCH, INCH)
            self.text(slide, box, [line(subtitle, 18)])
        return slide

    def content_slide(self, title: str, message: str, notes: str):
        """A titled slide with a one-line key message under the title and speaker notes.

        Returns the slide and the box left for its content.
        """
        slide = self.prs.slides.add_slide(self.content_layout)
        heading = self._title_shape(slide)
        self._clear_placeholders(slide, [heading])
        margin = _text_left(heading) if heading is not None else INCH // 2
        top = heading.top + heading.height if heading is not None else INCH // 3
        if heading is not None:
            heading.text = title
        else:
            self.text(slide, Box(margin, top, self.width - 2 * margin, INCH), [line(title, 28)])
            top += INCH
        width = self.width - 2 * margin
        message_box = Box(margin, top + INCH // 12, width, int(0.5 * INCH))
        self.text(slide, message_box, [line(message, 18, bold=True, colour=MAIN)])
        foot = Box(margin, self.height - int(0.45 * INCH), width, int(0.3 * INCH))
        number = str(len(self.prs.slides))
        self.text(slide, foot, [line(self.footer, 10, colour=MUTED)])
        self.text(slide, foot, [line(number, 10, colour=MUTED, align=PP_ALIGN.RIGHT)])
        slide.notes_slide.notes_text_frame.text = notes
        content_top = message_box.bottom + INCH // 6
        return slide, Box(margin, content_top, width, foot.top - content_top - INCH // 8)

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()

    # ----- content -------------------------------------------------------------------------

    def text(self, slide, box: Box, lines: Sequence[Line], anchor=MSO_ANCHOR.TOP):
        """A text box holding ``lines``; words wrap, the box does not grow."""
        shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = anchor
        frame.margin_left = frame.margin_right = 0
        for index, spec in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = spec.align
            if spec.space_before:
                paragraph.space_before = Pt(spec.space_before)
            if spec.bullet:
                _bullet(paragraph)
            for spec_run in spec.runs:
                run = paragraph.add_run()
                run.text = spec_run.text
                font = run.font
                font.size = Pt(spec_run.size)
                font.bold = spec_run.bold
                font.italic = spec_run.italic
                spec_run.colour.apply(font.color)
        return shape

    def tiles(self, slide, box: Box, items: Sequence[tuple[str, str, str]]) -> None:
        """Headline numbers: one rounded tile per (value, label, detail)."""
        for part, (value, label, detail) in zip(box.columns(len(items), 0.25), items, strict=True):
            shape = slide.shapes.add_shape(
                MSO_SHAPE.ROUNDED_RECTANGLE, part.left, part.top, part.width, part.height
            )
            shape.adjustments[0] = 0.06
            shape.fill.solid()
            Colour(TILE).apply(shape.fill.fore_color)
            shape.line.fill.background()
            shape.shadow.inherit = False
            frame = shape.text_frame
            frame.word_wrap = True
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE
            frame.margin_left = frame.margin_right = Emu(INCH // 8)
            inches = part.width / INCH  # narrow tiles (a 4:3 template) get smaller type
            specs = (
                (value, min(40, 17 * inches), True, MAIN),
                (label, min(16, 8 * inches), True, Colour(INK)),
                (detail, min(12, 6.5 * inches), False, MUTED),
            )
            for index, (text, size, bold, colour) in enumerate(specs):
                paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
                paragraph.alignment = PP_ALIGN.CENTER
                paragraph.space_before = Pt(6 if index == 2 else 0)
                run = paragraph.add_run()
                run.text = text
                run.font.size, run.font.bold = Pt(size), bold
                colour.apply(run.font.color)

    def bar_chart(
        self,
        slide,
        box: Box,
        categories: Sequence[str],
        series: Sequence[Series],
        *,
        stacked: bool = False,
    ):
        """A native, editable horizontal bar chart (first category on top), values labelled.

        Few categories get a shorter chart (at the top of ``box``), not fat bars.
        """
        band = 0.3 + 0.32 * (1 if stacked else len(series))
        height = min(box.height, int((len(categories) * band + 0.9) * INCH))
        data = CategoryChartData(number_format="0")
        data.categories = list(categories)
        for one in series:
            data.add_series(one.name, one.values)
        kind = XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
        frame = slide.shapes.add_chart(kind, box.left, box.top, box.width, height, data)
        chart = frame.chart
        chart.font.size = Pt(13)
        INK_COLOUR.apply(chart.font.color)
        chart.has_title = False  # the slide's title says what it shows
        chart.has_legend = len(series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        plot = chart.plots[0]
        plot.gap_width = 60
        plot.overlap = 100 if stacked else -5
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = "0;-0;;"  # zeros (empty stack segments) stay unlabelled
        labels.number_format_is_linked = False
        labels.font.size = Pt(12)
        if stacked:
            labels.font.bold = True
            labels.font.color.rgb = WHITE
        for one, shown in zip(plot.series, series, strict=True):
            one.format.fill.solid()
            shown.colour.apply(one.format.fill.fore_color)
        axis = chart.category_axis
        axis.reverse_order = True
        axis.format.line.fill.background()
        axis.tick_labels.font.size = Pt(13)
        values = chart.value_axis
        values.visible = False
        values.has_major_gridlines = False
        return chart

    def table(
        self,
        slide,
        box: Box,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        numeric: frozenset[int] = frozenset(),
        widths: Sequence[float] = (),
        size: float = 14,
    ):
        """A native table: header row in the theme's accent, numbers right-aligned."""
        height = int(TABLE_ROW * INCH) * (len(rows) + 1)
        shape = slide.shapes.add_table(
            len(rows) + 1, len(headers), box.left, box.top, box.width, min(height, box.height)
        )
        table = shape.table
        for column, part in zip(table.columns, box.columns(len(headers), 0, widths), strict=True):
            column.width = part.width
        for r, values in enumerate([headers, *rows]):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = value
                cell.margin_top = cell.margin_bottom = Emu(INCH // 20)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                paragraph = cell.text_frame.paragraphs[0]
                paragraph.alignment = PP_ALIGN.RIGHT if c in numeric else PP_ALIGN.LEFT
                font = paragraph.runs[0].font if paragraph.runs else paragraph.font
                font.size = Pt(size)
                font.bold = r == 0
        return table


def _text_left(shape) -> int:
    """Where a placeholder's text starts: its left edge plus its left inset."""
    inset = shape.text_frame._bodyPr.get("lIns")
    return int(shape.left or 0) + (int(inset) if inset is not None else DEFAULT_INSET)


def _bullet(paragraph) -> None:
    """A round bullet with a hanging indent."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.set("marL", str(INCH // 4))
    ppr.set("indent", str(-INCH // 4))
    for old in ppr.findall(qn("a:buNone")):
        ppr.remove(old)
    char = ppr.makeelement(qn("a:buChar"), {"char": "•"})
    ppr.append(char)
