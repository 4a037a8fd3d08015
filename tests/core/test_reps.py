"""The rep service: add, validate, edit, list, one lead at a time."""

from __future__ import annotations

import pytest

from partnerdesk.core.reps import (
    RepError,
    add_rep,
    find_rep,
    list_reps,
    parse_capacity,
    require_rep,
    update_rep,
)


@pytest.mark.parametrize(
    ("text", "value"), [("100%", 1.0), ("80%", 0.8), ("80", 0.8), ("0.8", 0.8), (1, 1.0)]
)
def test_capacity_forms(text, value):
    assert parse_capacity(text) == value


@pytest.mark.parametrize("text", ["0", "150%", "-10%", "lots"])
def test_bad_capacity_is_refused(text):
    with pytest.raises(RepError):
        parse_capacity(text)


def test_add_and_list_lead_first(store):
    add_rep(store, "Terry Lane", "Terry@HR.example", "80%", "Europe/Paris", "EMEA")
    add_rep(store, "Vera Lind", "vera@hr.example", is_lead=True)
    reps = list_reps(store)
    assert [r.name for r in reps] == ["Vera Lind", "Terry Lane"]
    assert reps[1].email == "terry@hr.example" and reps[1].capacity == 0.8
    assert find_rep(store, "TERRY@hr.example").region == "EMEA"


def test_only_one_lead(store):
    first = add_rep(store, "A Lead", "a@hr.example", is_lead=True)
    second = add_rep(store, "B Lead", "b@hr.example", is_lead=True)
    leads = [r.id for r in list_reps(store) if r.is_lead]
    assert leads == [second.id]
    update_rep(store, first.id, is_lead=True)
    assert [r.id for r in list_reps(store) if r.is_lead] == [first.id]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "", "email": "x@hr.example"}, "needs a name"),
        ({"name": "X", "email": "not-an-email"}, "not an email"),
        ({"name": "X", "email": "x@hr.example", "timezone": "Mars/Base"}, "not a time zone"),
    ],
)
def test_invalid_reps_are_refused_and_nothing_is_added(store, kwargs, message):
    with pytest.raises(RepError, match=message):
        add_rep(store, **kwargs)
    assert list_reps(store) == []


def test_duplicate_email_is_refused(store):
    add_rep(store, "Terry", "terry@hr.example")
    with pytest.raises(RepError, match="already a rep"):
        add_rep(store, "Terry Again", "TERRY@hr.example")


def test_update_and_deactivate(store):
    rep = add_rep(store, "Rick", "rick@hr.example")
    update_rep(store, rep.id, capacity="60%", region="APAC")
    assert find_rep(store, "rick@hr.example").capacity == 0.6
    update_rep(store, rep.id, active=False)
    assert list_reps(store) == []
    assert list_reps(store, include_inactive=True)[0].region == "APAC"
    with pytest.raises(RepError, match="Unknown rep fields"):
        update_rep(store, rep.id, colour="blue")


def test_require_rep_explains_how_to_add_one(store):
    with pytest.raises(RepError, match="rep add"):
        require_rep(store, "nobody@hr.example")
