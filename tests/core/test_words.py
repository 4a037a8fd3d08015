"""Counts printed with the right plural."""

from __future__ import annotations

from partnerdesk.core.words import plural


def test_plural():
    assert plural(1, "manager") == "1 manager"
    assert plural(0, "manager") == "0 managers"
    assert plural(3, "bad row") == "3 bad rows"
    assert plural(1, "person", "people") == "1 person"
    assert plural(2, "person", "people") == "2 people"
