"""The PDF summary: a valid A4 file with both charts, the exec quotes and no private text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from partnerdesk.core.reports.period import Period
from partnerdesk.core.reports.summary import build_summary
from partnerdesk.core.store.engine import StoreError
from partnerdesk.ui.report_pdf import render_pdf
from tests import reports_data as data


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def pdf(store, qapp, tmp_path):
    with store.transaction() as session:
        data.build(session)

    def make(**kw):
        summary = build_summary(store, Period.parse(data.PERIOD), today=data.TODAY, **kw)
        path = tmp_path / ("named.pdf" if kw else "summary.pdf")
        render_pdf(summary, path)
        return path

    return make


def test_pdf_is_valid_a4_with_two_charts(pdf):
    path = pdf()
    info = _run("pdfinfo", str(path))
    assert "Page size:       595 x 842 pts (A4)" in info
    assert "Title:           People Partner summary — Q2 2026" in info
    images = _run("pdfimages", "-list", str(path)).splitlines()[2:]
    assert len(images) >= 2
    assert not list(path.parent.glob(".*.tmp"))


def test_pdf_text_keeps_private_and_team_notes_out(pdf):
    text = _run("pdftotext", "-layout", str(pdf()), "-")
    for secret in (data.PRIVATE_MARKER, data.TEAM_MARKER, data.PERSON_MARKER, "secret-theme"):
        assert secret not in text
    assert f"{data.EXEC_MARKER}00" in text
    for heading in ("Cadence adherence", "Signals", "Recurring themes", "Agenda feedback"):
        assert heading in text
    assert "Page 1 of" in text


def test_pdf_names_individuals_only_when_asked(pdf):
    text = " ".join(_run("pdftotext", str(pdf(name_individuals=True)), "-").split())
    assert data.PERSON_MARKER in text
    assert data.PRIVATE_MARKER not in text


def test_page_one_renders(pdf, tmp_path):
    path = pdf()
    _run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page"))
    [png] = tmp_path.glob("page*.png")
    assert png.stat().st_size > 10_000


def test_unwritable_target_gives_a_clear_message(store, qapp):
    summary = build_summary(store, Period.parse(data.PERIOD), today=data.TODAY)
    target = Path("/proc/partnerdesk-summary.pdf")  # no one may create files here
    with pytest.raises(StoreError, match="pick a folder you can write to"):
        render_pdf(summary, target)
    assert not target.exists()
