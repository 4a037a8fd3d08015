"""Dates in every form HRIS exports write them, and the day/month order decided per file."""

from __future__ import annotations

from datetime import date

import pytest

from partnerdesk.core.roster.dates import DAY_FIRST, MONTH_FIRST, decide_order, parse_date

MARCH_1 = date(2024, 3, 1)


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("2024-03-01", MONTH_FIRST),
        ("2024-03-01 00:00:00", DAY_FIRST),
        ("2024/03/01", DAY_FIRST),
        ("03/01/2024", MONTH_FIRST),
        ("3/1/24", MONTH_FIRST),
        ("01.03.2024", DAY_FIRST),
        ("01/03/2024", DAY_FIRST),
        ("1-Mar-2024", MONTH_FIRST),
        ("March 1, 2024", DAY_FIRST),
        ("1. März 2024", DAY_FIRST),
        ("1 mars 2024", DAY_FIRST),
        ("45352", MONTH_FIRST),
    ],
)
def test_every_form_of_the_same_day(text, order):
    assert parse_date(text, order) == MARCH_1


def test_no_date_is_a_value_error():
    with pytest.raises(ValueError, match="not a date"):
        parse_date("next Tuesday")
    with pytest.raises(ValueError):
        parse_date("31/31/2024", DAY_FIRST)


def test_the_order_is_decided_by_a_value_that_can_only_be_read_one_way():
    assert decide_order(["01/02/2024", "23/04/2024"]) == (
        DAY_FIRST,
        "dates read as day/month/year (23/04/2024 can only be day first)",
    )
    assert decide_order(["01/02/2024", "04/23/2024"])[0] == MONTH_FIRST
    assert decide_order(["2024-01-02", ""])[1] == ""  # ISO dates leave nothing to decide


def test_an_undecided_order_is_stated():
    order, reason = decide_order(["01.02.2024", "03.04.2024"])
    assert order == DAY_FIRST and "no date in the file decides it (dots, European style)" in reason
    order, reason = decide_order(["01/02/2024"])
    assert order == MONTH_FIRST and "slashes, US style" in reason
    order, reason = decide_order(["13/01/2024", "01/13/2024", "14/01/2024"])
    assert order == DAY_FIRST and "mix day-first and month-first" in reason


def test_undecided_slashed_dates_under_localised_headers_are_day_first():
    order, reason = decide_order(["01/12/2026", "03/04/2018"], "French")
    assert order == DAY_FIRST and "no date in the file decides it (French headers)" in reason
    assert decide_order(["01/01/2024"], "German")[0] == DAY_FIRST


def test_one_localised_header_among_english_ones_does_not_make_the_file_day_first():
    """One "Vorname" column in an English export is not a German file: its undecided
    slashed dates stay month first, as the rest of its headers suggest."""
    from partnerdesk.core.roster.vocabulary import vocabulary

    vocab = vocabulary()
    mixed = ["Vorname", "Last Name", "Work Email", "Hire Date", "Manager Email"]
    assert vocab.language_of(mixed) is None
    german = ["Vorname", "Nachname", "E-Mail", "Abteilung", "Eintrittsdatum"]
    assert vocab.language_of(german) == "German"
