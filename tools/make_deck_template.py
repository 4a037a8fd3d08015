"""Build the default slide template, resources/reports/deck-template.pptx.

The deck export (core/reports/deck.py) fills this template's "Title Slide" and "Title
Only" layouts. This script starts from python-pptx's plain template, makes it 16:9,
and gives it Partner Desk's look: a navy title slide, a thin accent rule over every
content slide, left-aligned titles, and a colour theme whose accents are the summary's
colours (navy for meetings held, then one per signal kind, as in the PDF's charts), so
charts and tiles pick them up. A company's own template replaces the file and its theme
recolours the deck.

Run from the repository root:  .venv/bin/python tools/make_deck_template.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "reports" / "deck-template.pptx"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"a": A, "p": P}

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 16:9, 13.33 x 7.5 in
MARGIN = Inches(0.6)
FONT = "Calibri"
# dk2 (text), lt2 (tiles), accent1 (held / headline), accents 2-6 (signal kinds).
COLOURS = {
    "dk2": "1C2430",
    "lt2": "EEF2F6",
    "accent1": "1F4E79",
    "accent2": "C0392B",
    "accent3": "E67E22",
    "accent4": "2E86C1",
    "accent5": "8E44AD",
    "accent6": "16A085",
    "hlink": "1F4E79",
    "folHlink": "5F6B7A",
}


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def theme(prs) -> None:
    """Colour and font scheme of the master's theme."""
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    root.set("name", "Partner Desk")
    scheme = root.find(".//a:clrScheme", NS)
    scheme.set("name", "Partner Desk")
    for name, value in COLOURS.items():
        slot = scheme.find(f"a:{name}", NS)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, _q("a:srgbClr"), val=value)
    fonts = root.find(".//a:fontScheme", NS)
    fonts.set("name", "Partner Desk")
    for latin in fonts.iterfind(".//a:latin", NS):
        latin.set("typeface", FONT)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def widen(shapes) -> None:
    """Stretch the 4:3 geometry of placeholders to 16:9 (horizontal positions and widths)."""
    factor = WIDTH / Inches(10)
    for shape in shapes:
        if shape._element.spPr.find(_q("a:xfrm")) is not None:
            shape.left, shape.width = (
                Emu(round(shape.left * factor)),
                Emu(round(shape.width * factor)),
            )


def place(shape, left, top, width, height) -> None:
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def text_style(element, level: str, size: int, colour: str, bold: bool = False, align="l"):
    """Set a level's paragraph alignment and default run look inside a style element."""
    ppr = element.find(f"a:{level}", NS)
    if ppr is None:
        ppr = etree.SubElement(element, _q(f"a:{level}"))
    ppr.set("algn", align)
    rpr = ppr.find("a:defRPr", NS)
    if rpr is None:
        rpr = etree.SubElement(ppr, _q("a:defRPr"))
    rpr.set("sz", str(size * 100))
    rpr.set("b", "1" if bold else "0")
    for fill in rpr.findall("a:solidFill", NS):
        rpr.remove(fill)
    fill = etree.Element(_q("a:solidFill"))
    if colour.startswith("#"):
        etree.SubElement(fill, _q("a:srgbClr"), val=colour[1:])
    else:
        etree.SubElement(fill, _q("a:schemeClr"), val=colour)
    rpr.insert(0, fill)


def master(prs) -> None:
    """Master: title and body styles, geometry, and a thin accent rule at the top."""
    m = prs.slide_master
    widen(m.placeholders)
    for ph in m.placeholders:
        kind = ph.placeholder_format.type
        if kind == 1:  # title
            place(ph, MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(0.8))
            ph.text_frame._bodyPr.set("anchor", "b")
        elif kind == 2:  # body
            place(ph, MARGIN, Inches(1.45), WIDTH - 2 * MARGIN, Inches(5.3))
    styles = m._element.find("p:txStyles", NS)
    text_style(styles.find("p:titleStyle", NS), "lvl1pPr", 28, "accent1", bold=True)
    body = styles.find("p:bodyStyle", NS)
    for level, size in (("lvl1pPr", 20), ("lvl2pPr", 18), ("lvl3pPr", 16)):
        text_style(body, level, size, "tx2")
    rule = etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="90" name="Accent rule"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{WIDTH}" cy="{Inches(0.09)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        '</a:prstGeom><a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:ln><a:noFill/>'
        "</a:ln></p:spPr></p:sp>"
    )
    m.shapes._spTree.insert(2, rule)  # behind the placeholders


def _rgb(hex_value: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_value)


def layouts(prs) -> None:
    """Every layout to 16:9; the title slide navy with white text."""
    for layout in prs.slide_layouts:
        widen(layout.placeholders)
        for ph in layout.placeholders:
            if ph.placeholder_format.type == 1 and layout.name != "Section Header":
                place(ph, MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(0.8))
    title = next(layout for layout in prs.slide_layouts if layout.name == "Title Slide")
    title.background.fill.solid()
    title.background.fill.fore_color.rgb = _rgb(COLOURS["accent1"])
    for ph in title.placeholders:
        kind = ph.placeholder_format.type
        style = ph.text_frame._txBody.find("a:lstStyle", NS)
        if kind == 3:  # centred title
            place(ph, Inches(0.9), Inches(2.0), WIDTH - Inches(1.8), Inches(1.9))
            ph.text_frame._bodyPr.set("anchor", "b")
            text_style(style, "lvl1pPr", 40, "#FFFFFF", bold=True)
        elif kind == 4:  # subtitle
            place(ph, Inches(0.9), Inches(4.1), WIDTH - Inches(1.8), Inches(1.6))
            ph.text_frame._bodyPr.set("anchor", "t")
            text_style(style, "lvl1pPr", 20, "#D6E2EE")
    # The master's accent rule would be lost on navy: hide master shapes on the title slide.
    title._element.set("showMasterSp", "0")


def build() -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    theme(prs)
    master(prs)
    layouts(prs)
    prs.core_properties.title = "Partner Desk deck template"
    prs.core_properties.author = "Partner Desk"
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(build())
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
