"""The shipped slide template is what tools/make_deck_template.py builds (the tool still runs)."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from partnerdesk.core.reports.deck import default_template

TOOL = Path(__file__).resolve().parents[3] / "tools" / "make_deck_template.py"


def _tool():
    spec = importlib.util.spec_from_file_location("make_deck_template", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _shape(prs) -> tuple:
    theme = prs.slide_master.part.part_related_by(RT.THEME).blob
    layouts = [layout.name for layout in prs.slide_layouts]
    return prs.slide_width, prs.slide_height, layouts, len(prs.slides), theme.count(b"1F4E79")


def test_the_tool_rebuilds_the_shipped_template():
    tool = _tool()
    built = Presentation(io.BytesIO(tool.build()))
    shipped = Presentation(str(default_template()))
    assert _shape(built) == _shape(shipped)
    width, height, layouts, slides, navy = _shape(shipped)
    assert (width, height) == (12192000, 6858000)  # 16:9
    assert {"Title Slide", "Title Only"} <= set(layouts)
    assert slides == 0 and navy >= 1  # accent 1 is the summary's navy
