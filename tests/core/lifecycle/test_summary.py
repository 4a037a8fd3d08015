"""Summaries: joiners and leavers, cases by kind and age, time to close, engagement.

Every number is recomputed here from the raw records, independently of the builder.
"""

from __future__ import annotations

import csv
import io
import statistics
from datetime import UTC, date, datetime

from sqlalchemy import select

from partnerdesk.core import clock
from partnerdesk.core.cases import CaseSpec, close_case, open_case
from partnerdesk.core.engagement import import_results
from partnerdesk.core.reports.csv_export import tables
from partnerdesk.core.reports.html import render_html
from partnerdesk.core.reports.markdown import render_markdown
from partnerdesk.core.reports.period import Period
from partnerdesk.core.reports.scope import Scope
from partnerdesk.core.reports.summary import build_summary
from partnerdesk.core.store.models import Case, LifecycleEvent, Manager
from tests.core.lifecycle.org import (
    ANNA,
    HIDDEN_SCORE,
    engagement_csv,
    import_both,
    pinned,  # noqa: F401 - fixture
)


def _setup(store, tmp_path) -> None:
    import_both(store, tmp_path)  # opens Mina's onboarding and Lea's exit case on 16 Nov
    import_results(store, engagement_csv(tmp_path))
    with store.session() as session:
        anna = session.scalar(select(Manager.id).where(Manager.email == ANNA))
    clock.set_now(datetime(2026, 10, 2, 9, tzinfo=UTC))
    review = open_case(store, CaseSpec(kind="review", manager_id=anna, person="Tariq Aziz"))
    perf = open_case(store, CaseSpec(kind="performance", manager_id=anna, person="Omar Said"))
    clock.set_now(datetime(2026, 11, 20, 9, tzinfo=UTC))
    close_case(store, review, "Promoted")
    clock.set_now(datetime(2026, 12, 20, 9, tzinfo=UTC))
    close_case(store, perf, "Improved")
    clock.set_now(datetime(2027, 1, 10, 9, tzinfo=UTC))


def test_summary_numbers_match_the_records(store, tmp_path, pinned):  # noqa: F811
    _setup(store, tmp_path)
    period = Period.parse("2026-Q4")
    summary = build_summary(store, period, today=date(2027, 1, 10))
    start, end = datetime(2026, 10, 1), datetime(2027, 1, 1)
    with store.session() as session:
        events = session.scalars(select(LifecycleEvent)).all()
        cases = session.scalars(select(Case)).all()
    expected_moves = {}
    for e in events:
        if e.kind in ("joined", "left") and date(2026, 10, 1) <= e.on_date < date(2027, 1, 1):
            joiners, leavers = expected_moves.get(e.department, (0, 0))
            expected_moves[e.department] = (
                joiners + (e.kind == "joined"),
                leavers + (e.kind == "left"),
            )
    assert {m.department: (m.joiners, m.leavers) for m in summary.people_moves} == expected_moves
    assert expected_moves == {"Sales": (1, 1)}
    expected_cases = {}
    for c in cases:
        closed_in = c.closed_at is not None and start <= c.closed_at < end
        still_open = c.closed_at is None or c.closed_at >= end
        row = expected_cases.setdefault(c.kind, [0, 0, 0, []])
        row[0] += start <= c.opened_at < end
        row[1] += closed_in
        row[2] += still_open
        if closed_in:
            row[3].append((c.closed_at - c.opened_at).days)
    got = {g.kind: [g.opened, g.closed, g.open, g.median_close_days] for g in summary.case_groups}
    assert got == {
        kind: [o, c, n, round(statistics.median(days)) if days else None]
        for kind, (o, c, n, days) in expected_cases.items()
    }
    assert got["review"][:3] == [1, 1, 0] and got["performance"][:3] == [1, 1, 0]
    assert got["review"][3] in (48, 49) and got["performance"][3] in (78, 79)
    ages = {g.kind: g.oldest_open_days for g in summary.case_groups}
    assert ages["onboarding"] == (date(2026, 12, 31) - date(2026, 11, 16)).days
    sales = next(e for e in summary.engagement if e.department == "Sales")
    assert (sales.score, sales.previous) == (70, 80)


def test_the_engagement_floor_holds_in_every_format(store, tmp_path, pinned):  # noqa: F811
    _setup(store, tmp_path)
    summary = build_summary(store, Period.parse("2026-Q4"), today=date(2027, 1, 10))
    markdown = render_markdown(summary)
    page = render_html(summary)
    sheets = {name: io.StringIO(newline="") for name in tables(summary)}
    for name, (headers, rows) in tables(summary).items():
        csv.writer(sheets[name]).writerows([headers, *rows])
    engagement_csv_text = sheets["engagement"].getvalue()
    for text in (markdown, page, engagement_csv_text):
        assert "too few responses" in text
        assert f"{HIDDEN_SCORE}%" not in text and f",{HIDDEN_SCORE}" not in text
    assert "| Marketing | 2026-Q4 | too few responses | 2026-Q3: 66% |" in markdown
    assert "Moreau" not in markdown and "Mina" not in markdown  # counted, never named


def test_a_department_summary_counts_only_its_managers(store, tmp_path, pinned):  # noqa: F811
    _setup(store, tmp_path)
    summary = build_summary(
        store, Period.parse("2026-Q4"), Scope("department", "Marketing"), today=date(2027, 1, 10)
    )
    assert summary.people_moves == []
    assert summary.case_groups == []
    assert [e.department for e in summary.engagement] == ["Marketing"]
