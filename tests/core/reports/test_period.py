"""Reporting periods: months and quarters, and clear errors for anything else."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerdesk.core.reports.period import Period
from partnerdesk.core.store.engine import StoreError


def test_month_and_quarter():
    may = Period.parse("2026-05")
    assert (may.start, may.end, may.months, may.code) == (
        date(2026, 5, 1),
        date(2026, 6, 1),
        1,
        "2026-05",
    )
    assert may.label == "May 2026"
    q4 = Period.parse("2026-q4")
    assert (q4.start, q4.end, q4.code) == (date(2026, 10, 1), date(2027, 1, 1), "2026-Q4")
    assert q4.label == "Q4 2026"
    assert q4.span == "1 October – 31 December 2026"
    assert Period.parse("2026-06").ends_quarter() and not may.ends_quarter()
    assert Period.parse("2026-06").quarter_start() == date(2026, 4, 1)
    assert Period.parse("2026-Q1").previous().code == "2025-Q4"
    assert Period.parse("2027-01").previous().code == "2026-12"


@pytest.mark.parametrize("text", ["", "2026", "2026-13", "2026-00", "2026-Q5", "May 2026", "26-05"])
def test_bad_period_says_what_to_type(text):
    with pytest.raises(StoreError, match="like 2026-05 or a quarter like 2026-Q2"):
        Period.parse(text)


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31)),
    st.sampled_from(["month", "quarter"]),
)
def test_containing_round_trips(day, kind):
    period = Period.containing(day, kind)
    assert period.start <= day < period.end
    assert Period.parse(period.code) == period
