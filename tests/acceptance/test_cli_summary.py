"""``partnerdesk summary`` end to end: the real CLI in a subprocess, Markdown and PDF."""

from __future__ import annotations

import subprocess

import pytest

from tests import reports_data as data
from tests.helpers import run_cli


@pytest.fixture
def profile(store, profile_paths):
    with store.transaction() as session:
        data.build(session)
    return profile_paths.root


def _sales_summary(profile, fmt: str, out):
    """``partnerdesk summary`` of Q2 for the Sales department, as ``fmt``, to ``out``."""
    return run_cli(
        "summary", "--period", "2026-Q2", "--department", "Sales", "--format", fmt,
        "-o", str(out), profile=profile,
    )  # fmt: skip


def test_markdown_for_a_department(profile, tmp_path):
    out = tmp_path / "sales.md"
    result = _sales_summary(profile, "md", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = out.read_text("utf-8")
    assert "Department: Sales" in text
    assert "| Sales | 4 | 12 | 5 | 33% | 2 | 2 |" in text
    assert data.PRIVATE_MARKER not in text and data.TEAM_MARKER not in text
    assert f"{data.EXEC_MARKER}06" in text and f"{data.EXEC_MARKER}00" not in text


def test_pdf_for_the_company_with_names(profile, tmp_path):
    result = run_cli(
        "summary",
        "--period",
        "2026-Q2",
        "--format",
        "pdf",
        "-o",
        str(tmp_path),
        "--name-individuals",
        profile=profile,
        env={"DISPLAY": ""},
    )
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "partnerdesk-summary-2026-Q2.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())  # table cells wrap names onto two lines
    assert data.PERSON_MARKER in text
    assert data.PRIVATE_MARKER not in text


def test_html_for_an_executive_embeds_the_charts(profile, tmp_path):
    out = tmp_path / "erin.html"
    result = run_cli(
        "summary",
        "--period",
        "2026-Q2",
        "--exec",
        "erin@example.com",
        "--format",
        "html",
        "-o",
        str(out),
        profile=profile,
        env={"DISPLAY": ""},
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    assert "Executive org: Erin Exec" in page
    assert page.count('src="data:image/png;base64,') == 2
    assert data.PRIVATE_MARKER not in page and data.TEAM_MARKER not in page


def test_csv_writes_every_table(profile, tmp_path):
    result = run_cli(
        "summary",
        "--period",
        "2026-Q2",
        "--rep",
        "bob@hr.example.com",
        "--format",
        "csv",
        "-o",
        str(tmp_path / "bob"),
        profile=profile,
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("bob-*.csv"))
    tables = ["cadence", "followups", "quotes", "signals", "themes"]
    tables += ["people", "cases", "engagement"]
    assert names == sorted(f"bob-{table}.csv" for table in tables)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-14"], "is not a period"),
        (["--period", "2026-Q2", "--department", "Marketing"], "No department called"),
        (["--period", "2026-Q2", "--template", "brand.pptx"], "--template is for the slide deck"),
    ],
)
def test_bad_input_says_what_to_do(profile, tmp_path, args, message):
    out = tmp_path / "x.md"
    result = run_cli("summary", *args, "--format", "md", "-o", str(out), profile=profile)
    assert result.returncode == 1
    assert message in result.stderr
    assert not out.exists()


def test_pptx_deck_for_a_department_is_the_quarterly_exec_update(profile, tmp_path):
    import io
    import zipfile

    from pptx import Presentation

    out = tmp_path / "sales.pptx"
    result = _sales_summary(profile, "pptx", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    prs = Presentation(str(out))
    assert prs.slides[0].shapes.title.text == "Quarterly people update — Q2 2026"
    assert 5 <= len(prs.slides) <= 12
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as deck:
        text = "".join(deck.read(name).decode("utf-8", "replace") for name in deck.namelist())
    assert "Department: Sales" in text
    assert data.PRIVATE_MARKER not in text and data.TEAM_MARKER not in text


def test_a_bad_slide_template_is_one_line(profile, tmp_path):
    template = tmp_path / "brand.pptx"
    template.write_text("not a deck")
    out = tmp_path / "x.pptx"
    result = run_cli(
        "summary",
        "--period",
        "2026-Q2",
        "--format",
        "pptx",
        "--template",
        str(template),
        "-o",
        str(out),
        profile=profile,
    )
    assert result.returncode == 1
    assert "is not a PowerPoint template" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_xlsx_workbook_for_the_company(profile, tmp_path):
    from openpyxl import load_workbook

    result = run_cli(
        "summary", "--period", "2026-Q2", "--format", "xlsx", "-o", str(tmp_path), profile=profile
    )
    assert result.returncode == 0, result.stderr
    book = load_workbook(tmp_path / "partnerdesk-summary-2026-Q2.xlsx")
    assert "Cadence by department" in book.sheetnames
    assert book["Cadence by department"]["F2"].number_format == "0%"
