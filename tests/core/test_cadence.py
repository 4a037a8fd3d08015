"""Cadence rules: monthly by default, quarterly for teams of two or fewer, preference wins."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from partnerdesk.core.cadence import (
    DEFAULT,
    PREFERENCE,
    SMALL_TEAM,
    effective_cadence,
    set_cadence_preference,
)
from partnerdesk.core.reps import RepError
from partnerdesk.core.store.models import Manager
from tests.core.roster.org import load_northwind


@pytest.mark.parametrize(
    ("team", "preference", "cadence", "source"),
    [
        (8, None, "monthly", DEFAULT),
        (3, None, "monthly", DEFAULT),
        (2, None, "quarterly", SMALL_TEAM),
        (1, None, "quarterly", SMALL_TEAM),
        (0, None, "quarterly", SMALL_TEAM),
        (1, "monthly", "monthly", PREFERENCE),
        (12, "quarterly", "quarterly", PREFERENCE),
    ],
)
def test_rules(team, preference, cadence, source):
    got = effective_cadence(team, preference)
    assert (got.cadence, got.source) == (cadence, source)
    assert got.months == (1 if cadence == "monthly" else 3)


def test_describe():
    assert effective_cadence(5, None).describe() == "monthly"
    assert effective_cadence(1, None).describe() == "quarterly (small team)"


def test_preference_is_stored_and_cleared(store):
    ids = load_northwind(store)
    maya = ids["maya.chen@northwind.example"]
    set_cadence_preference(store, maya, "quarterly")
    with store.session() as session:
        assert session.get(Manager, maya).cadence_pref == "quarterly"
    set_cadence_preference(store, maya, None)
    with store.session() as session:
        assert session.scalars(select(Manager.cadence_pref).where(Manager.id == maya)).one() is None
    with pytest.raises(RepError, match="Cadence must be one of"):
        set_cadence_preference(store, maya, "weekly")
