"""The PowerPoint deck: opened back with python-pptx, its charts and notes against the summary."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from partnerdesk.core.reports import slides
from partnerdesk.core.reports.export import write_summary
from partnerdesk.core.reports.model import kind_label
from partnerdesk.core.reports.period import Period
from partnerdesk.core.reports.scope import Scope
from partnerdesk.core.reports.slides import render_deck
from partnerdesk.core.reports.summary import build_summary
from partnerdesk.core.store.engine import StoreError
from tests import reports_data as data

SECRETS = (data.PRIVATE_MARKER, data.TEAM_MARKER, "secret-theme")
TITLES = [
    "Quarterly people update — Q2 2026",
    "Headline numbers",
    "Cadence adherence by department",
    "Signals by kind and department",
    "Recurring themes",
    "Agenda feedback across managers",
    "Asks for leadership",
    "About these figures",
]


@pytest.fixture
def built(store):
    with store.transaction() as session:
        data.build(session)
    return lambda scope=None, **kw: build_summary(
        store, Period.parse(data.PERIOD), scope, today=data.TODAY, **kw
    )


def _open(deck: bytes):
    return Presentation(io.BytesIO(deck))


def _title(slide) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def _charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _series(chart) -> dict[str, tuple[float, ...]]:
    return {series.name: tuple(series.values) for series in chart.plots[0].series}


def _xml_text(package: bytes) -> str:
    """Every part of an Office file (XML and the charts' embedded workbooks), as text."""
    out = []
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in archive.namelist():
            blob = archive.read(name)
            if name.endswith(".xlsx"):
                out.append(_xml_text(blob))
            else:
                out.append(blob.decode("utf-8", errors="replace"))
    return "\n".join(out)


def test_deck_has_the_exec_slides_with_titles_and_notes(built):
    summary = built()
    prs = _open(render_deck(summary))
    assert 5 <= len(prs.slides) <= slides.MAX_SLIDES
    assert [_title(s) for s in prs.slides] == TITLES
    for slide in list(prs.slides)[1:]:
        notes = slide.notes_slide.notes_text_frame.text
        sentences = [s for s in notes.replace("?", ".").split(". ") if s.strip()]
        assert 2 <= len(sentences) <= 4, notes
    first = prs.slides[0]
    texts = " ".join(shape.text_frame.text for shape in first.shapes if shape.has_text_frame)
    assert "Whole company" in texts and "1 April – 30 June 2026" in texts
    assert prs.slide_width > prs.slide_height  # 16:9 from the shipped template
    assert {s.slide_layout.name for s in list(prs.slides)[1:]} == {"Title Only"}


def test_charts_are_native_and_carry_the_summarys_numbers(built):
    summary = built()
    prs = _open(render_deck(summary))
    by_title = {_title(s): s for s in prs.slides}
    [cadence] = _charts(by_title["Cadence adherence by department"])
    rows = summary.cadence_by_department
    assert list(cadence.plots[0].categories) == [f"{r.label} · {r.adherence}" for r in rows]
    assert _series(cadence) == {
        "Held": tuple(float(r.held) for r in rows),
        "Due": tuple(float(r.due) for r in rows),
    }
    [signals] = _charts(by_title["Signals by kind and department"])
    table = summary.open_signals_by_department()
    departments = sorted(table, key=str.casefold)
    assert list(signals.plots[0].categories) == departments
    expected = {
        kind_label(kind): tuple(float(table[d].get(kind, 0)) for d in departments)
        for kind in summary.signal_kinds()
        if any(kind in row for row in table.values())
    }
    assert _series(signals) == expected
    assert sum(sum(v) for v in expected.values()) == summary.headline.signals_open
    for slide in prs.slides:  # charts, never pictures
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_headline_tiles_and_themes_table_show_the_numbers(built):
    summary = built()
    prs = _open(render_deck(summary))
    by_title = {_title(s): s for s in prs.slides}
    tiles = [
        shape.text_frame.text
        for shape in by_title["Headline numbers"].shapes
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
    ]
    h = summary.headline
    assert tiles[0].startswith(h.adherence) and tiles[2].startswith(str(h.signals_open))
    [table] = [s.table for s in by_title["Recurring themes"].shapes if s.has_table]
    first = summary.themes[0]
    assert [c.text for c in table.rows[1].cells] == [
        first.department,
        f"#{first.tag}",
        str(first.managers),
        str(first.mentions),
    ]


def test_no_private_or_team_text_in_any_part_of_the_deck(built):
    text = _xml_text(render_deck(built()))
    for secret in SECRETS:
        assert secret not in text
    assert data.PERSON_MARKER not in text
    assert f"{data.EXEC_MARKER}00" in text  # exec notes are quoted
    assert "comp-bands" not in text  # below the recurring threshold


def test_naming_individuals_is_opt_in(built):
    text = _xml_text(render_deck(built(name_individuals=True)))
    assert data.PERSON_MARKER in text  # the open flight risk's person, on the asks slide
    for secret in SECRETS:
        assert secret not in text


def test_department_deck_is_the_quarterly_exec_update(built):
    summary = built(Scope("department", "Sales"))
    prs = _open(render_deck(summary))
    titles = [_title(s) for s in prs.slides]
    assert titles[0] == "Quarterly people update — Q2 2026"
    assert "Cadence adherence by HR rep" in titles  # one department: split by rep instead
    [chart] = _charts(prs.slides[titles.index("Cadence adherence by HR rep")])
    assert _series(chart)["Due"] == tuple(float(r.due) for r in summary.cadence_by_rep)
    [signals] = _charts(prs.slides[titles.index("Signals by kind in Sales")])
    order = summary.signal_kinds()  # the app's usual order of kinds
    groups = sorted((g for g in summary.signal_groups if g.open), key=lambda g: order.index(g.kind))
    assert list(signals.plots[0].categories) == [kind_label(g.kind) for g in groups]
    assert _series(signals) == {"Open": tuple(float(g.open) for g in groups)}
    text = _xml_text(render_deck(summary))
    assert "Department: Sales" in text and f"{data.EXEC_MARKER}00" not in text


def test_an_empty_scope_still_makes_a_short_deck(store):
    summary = build_summary(store, Period.parse(data.PERIOD), today=data.TODAY)
    prs = _open(render_deck(summary))
    assert [_title(s) for s in prs.slides] == [
        "Quarterly people update — Q2 2026",
        "Headline numbers",
        "Cadence adherence by department",
        "Asks for leadership",
        "About these figures",
    ]


def test_sections_leave_room_for_new_ones():
    # Title + every section at most one slide each: three more sections still fit.
    assert 1 + len(slides.SECTIONS) + 3 <= slides.MAX_SLIDES


def test_a_company_template_is_used_by_layout_name(built, tmp_path):
    from pptx.util import Inches

    branded = Presentation()  # python-pptx's own 4:3 template stands in for a company's
    branded.slides.add_slide(branded.slide_layouts[0]).shapes.title.text = "Example slide"
    path = tmp_path / "brand.pptx"
    branded.save(path)
    prs = _open(render_deck(built(), path))
    assert prs.slide_width == Inches(10)
    assert [_title(s) for s in prs.slides] == TITLES  # the template's example slide is gone
    assert prs.slides[1].slide_layout.name == "Title Only"


def test_a_bad_template_is_one_clear_line(built, tmp_path):
    bad = tmp_path / "not-a-deck.pptx"
    bad.write_text("hello")
    with pytest.raises(StoreError, match="is not a PowerPoint template"):
        render_deck(built(), bad)
    with pytest.raises(StoreError, match="There is no file"):
        render_deck(built(), tmp_path / "missing.pptx")


def test_write_summary_writes_the_deck(built, tmp_path):
    [path] = write_summary(built(), "pptx", tmp_path)
    assert path == tmp_path / "partnerdesk-summary-2026-Q2.pptx"
    assert len(_open(path.read_bytes()).slides) == len(TITLES)
    assert Path(path).stat().st_size > 20_000
