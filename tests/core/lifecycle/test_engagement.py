"""Engagement results: CSV and XLSX import, re-import, the privacy floor, departments."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from partnerdesk.core.engagement import (
    TOO_FEW,
    EngagementError,
    by_department,
    import_results,
    team_trend,
)
from partnerdesk.core.store.models import EngagementResult, Manager
from tests.core.lifecycle.org import (
    BORIS,
    ENGAGEMENT,
    engagement_csv,
    import_both,
    pinned,  # noqa: F401 - fixture
)
from tests.core.lifecycle.xlsx import stray_cell_workbook, write_xlsx


def manager_id(store, email: str) -> str:
    with store.session() as session:
        return session.scalar(select(Manager.id).where(Manager.email == email))


def test_csv_import_then_reimport_changes_nothing(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    first = import_results(store, engagement_csv(tmp_path))
    assert (first.added, first.updated, first.unchanged) == (6, 0, 0)
    assert first.unmatched == ["nobody@acme.example"]
    with store.session() as session:
        stamps = session.scalars(select(EngagementResult.updated_hlc)).all()
    again = import_results(store, engagement_csv(tmp_path))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)
    with store.session() as session:
        assert session.scalars(select(EngagementResult.updated_hlc)).all() == stamps


def test_xlsx_gives_the_same_results_as_csv(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    result = import_results(store, write_xlsx(tmp_path / "engagement.xlsx", ENGAGEMENT))
    assert (result.added, result.unchanged) == (6, 0)
    assert import_results(store, engagement_csv(tmp_path)).unchanged == 6


def test_under_five_respondents_is_stored_but_never_a_score(store, tmp_path, pinned):  # noqa: F811
    import_both(store, tmp_path)
    import_results(store, engagement_csv(tmp_path))
    with store.session() as session:
        trend = team_trend(session, manager_id(store, BORIS))
        stored = session.scalar(
            select(EngagementResult.score).where(
                EngagementResult.period == "2026-Q4", EngagementResult.respondents == 4
            )
        )
        departments = {d.department: d for d in by_department(session)}
    assert stored == 93  # kept, for when more people answer
    assert trend.latest.score is None and trend.latest.score_text == TOO_FEW
    assert trend.change is None and trend.change_text == ""
    assert trend.latest.response_rate == "67% responded"
    marketing = departments["Marketing"]
    assert (marketing.period, marketing.score, marketing.score_text) == ("2026-Q4", None, TOO_FEW)
    assert marketing.teams_too_few == 1
    sales = departments["Sales"]
    assert (sales.score_text, sales.previous_text, sales.change_text) == ("70%", "80%", "-10 pts")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Period", "Respondents"], ["2026-Q4", "5"]], "lacks the column"),
        ([["Email", "Period", "Score", "Respondents"], ["a@b.c", "autumn", "4", "5"]], "period"),
        (
            [["Email", "Period", "Favourable %", "Respondents"], ["a@b.c", "2026-Q4", "x", "5"]],
            "not a number",
        ),
        (
            [
                ["Email", "Period", "Favourable %", "Respondents", "Invited"],
                ["a@b.c", "2026-Q4", "50", "9", "5"],
            ],
            "cannot be right",
        ),
        ([["Email", "Period", "Favourable %", "Respondents"]], "no result rows"),
    ],
)
def test_bad_files_are_one_clear_line_and_change_nothing(store, tmp_path, rows, message):
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", "utf-8")
    with pytest.raises(EngagementError, match=message) as raised:
        import_results(store, path)
    assert "\n" not in str(raised.value)
    with store.session() as session:
        assert session.scalars(select(EngagementResult)).all() == []


def test_a_broken_spreadsheet_is_one_clear_line(store, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(EngagementError, match="cannot be read as a spreadsheet"):
        import_results(store, path)


def test_a_workbook_with_a_stray_far_cell_is_refused_not_a_crash(store, tmp_path):
    """The survey export's reader would ask for 500 GB for one cell at XFD1000000 and
    abort the process (the app with it)."""
    rows = [["Manager email", "Period", "Score", "Respondents"]]
    path = stray_cell_workbook(tmp_path / "survey.xlsx", rows, b"")
    with pytest.raises(EngagementError, match="spans 1,000,000 rows by 16,000 columns"):
        import_results(store, path)
    with store.session() as session:
        assert session.scalars(select(EngagementResult)).first() is None
