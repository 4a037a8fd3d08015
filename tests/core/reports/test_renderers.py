"""Markdown, HTML and CSV renderings: privacy markers, escaping and Excel safety."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from partnerdesk.core.reports.csv_export import TABLES, neutralise, to_csv_bytes, write_csv
from partnerdesk.core.reports.export import write_summary
from partnerdesk.core.reports.html import render_html
from partnerdesk.core.reports.markdown import render_markdown
from partnerdesk.core.reports.period import Period
from partnerdesk.core.reports.summary import build_summary
from partnerdesk.core.store.engine import StoreError
from partnerdesk.core.store.models import Note
from tests import reports_data as data

SECRETS = (data.PRIVATE_MARKER, data.TEAM_MARKER, "secret-theme")


@pytest.fixture
def built(store):
    with store.transaction() as session:
        data.build(session)
    return lambda **kw: build_summary(store, Period.parse(data.PERIOD), today=data.TODAY, **kw)


def _csv_text(tmp_path, summary) -> str:
    paths = write_csv(summary, tmp_path)
    return "\n".join(p.read_bytes().decode("utf-8-sig") for p in paths)


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_private_and_team_notes_never_appear(built, tmp_path, fmt):
    summary = built()
    text = {
        "md": lambda: render_markdown(summary),
        "html": lambda: render_html(summary),
        "csv": lambda: _csv_text(tmp_path, summary),
    }[fmt]()
    for secret in SECRETS:
        assert secret not in text
    assert data.PERSON_MARKER not in text
    if fmt != "csv":  # the signals table lists each signal's own tags; no theme table does
        assert "comp-bands" not in text  # below the recurring threshold
    assert f"{data.EXEC_MARKER}00" in text
    assert "product-knowledge" in text


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_naming_individuals_is_opt_in(built, tmp_path, fmt):
    summary = built(name_individuals=True)
    text = {
        "md": lambda: render_markdown(summary),
        "html": lambda: render_html(summary),
        "csv": lambda: _csv_text(tmp_path, summary),
    }[fmt]()
    assert data.PERSON_MARKER in text
    for secret in SECRETS:
        assert secret not in text


def test_markdown_has_every_section(built):
    text = render_markdown(built())
    for heading in (
        "# People Partner summary — Q2 2026",
        "## Cadence adherence",
        "### By rep",
        "## Signals",
        "## Recurring themes",
        "## Agenda feedback",
        "## Follow-ups",
    ):
        assert heading in text
    assert "| Engineering | 5 | 11 | 7 | 64% | 1 | 0 |" in text
    assert "Answered by 14 managers; 7 marked for executives." in text
    h = built().headline
    assert f"{h.meetings_met} held of {h.meetings_due} due up to 30 Jun 2026" in text
    assert "counts as due up to 30 June 2026 once it has ended or its meeting was held" in text


def test_html_escapes_note_text(store):
    with store.transaction() as session:
        fx = data.build(session)
        fx.notes[2].body = '<script>alert("x")</script> & <b>bold</b>'
    summary = build_summary(store, Period.parse(data.PERIOD), today=data.TODAY)
    page = render_html(summary)
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    assert "\\<script\\>" in render_markdown(summary)


def test_csv_neutralises_formulas_and_opens_in_excel(built, tmp_path):
    paths = write_csv(built(name_individuals=True), tmp_path)
    assert sorted(p.name for p in paths) == [
        f"partnerdesk-summary-2026-Q2-{name}.csv"
        for name in sorted(
            (
                "cadence",
                "followups",
                "quotes",
                "signals",
                "themes",
                "people",
                "cases",
                "engagement",
            )
        )
    ]
    quotes = next(p for p in paths if p.name.endswith("quotes.csv")).read_bytes()
    assert quotes.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in quotes
    rows = list(csv.reader(io.StringIO(quotes.decode("utf-8-sig"))))
    assert ["'" + data.HYPERLINK] in [row[-1:] for row in rows]
    for path in paths:
        for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    followups = next(p for p in paths if p.name.endswith("followups.csv")).read_text("utf-8-sig")
    assert "'=HYPERLINK" in followups


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_each_formula_start(value):
    assert neutralise(value) == "'" + value
    assert to_csv_bytes(["h"], [[value]]).decode("utf-8-sig").splitlines()[1].lstrip('"')[0] == "'"


def test_csv_prefix_and_missing_folder(built, tmp_path):
    summary = built()
    written = write_csv(summary, tmp_path / "q2.csv")
    assert {p.name for p in written} == {f"q2-{n}.csv" for n in TABLES}
    assert {"cadence", "signals", "people", "cases", "engagement"} <= set(TABLES)
    with pytest.raises(StoreError, match="does not exist"):
        write_csv(summary, tmp_path / "missing" / "x")
    assert not (tmp_path / "missing").exists()


def test_write_summary_formats_and_errors(built, tmp_path):
    summary = built()
    [md] = write_summary(summary, "md", tmp_path)
    assert md.name == "partnerdesk-summary-2026-Q2.md"
    [page] = write_summary(summary, "html", tmp_path / "page.html")
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(StoreError, match="Unknown format"):
        write_summary(summary, "docx", tmp_path)
    with pytest.raises(StoreError, match="needs the Qt renderer"):
        write_summary(summary, "pdf", tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        write_summary(summary, "md", tmp_path / "nope" / "a.md")


def test_identical_exec_quotes_are_shown_once_with_their_sources(store):
    with store.transaction() as session:
        fx = data.build(session)
        for manager in (fx.managers[1], fx.managers[7], fx.managers[10]):
            session.add(
                Note(
                    manager_id=manager.id,
                    body="Same words  from several managers",
                    visibility="exec",
                    created_at=datetime(2026, 6, 2),
                )
            )
    summary = build_summary(store, Period.parse(data.PERIOD), today=data.TODAY)
    text = render_markdown(summary)
    assert text.count("Same words from several managers") == 1
    assert "Engineering, Sales, Customer Success · 2 Jun 2026 · said by 3 managers" in text
    assert sum(q.text.startswith("Same words") for q in summary.other_quotes) == 3
