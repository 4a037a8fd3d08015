"""A confirmed mapping is remembered by header signature: next month's import is one step."""

from __future__ import annotations

from partnerdesk.core.roster import import_roster
from partnerdesk.core.roster.mappings import header_signature, remembered_mapping
from tests.core.roster.org import DATA
from tests.core.roster.test_import import CUSTOM_MAP, assert_northwind

CUSTOM = DATA / "employees_custom_headers.csv"
HEADERS = ["Staff Ref", "Colleague", "Login", "Role Name", "Org", "Site", "Boss Login"]


def test_signature_ignores_case_spacing_and_punctuation():
    assert header_signature(["Work Email", "Reports To"]) == header_signature(
        ["work_email", " REPORTS-TO "]
    )
    assert header_signature(["Email"]) != header_signature(["Email", "Manager"])


def test_an_applied_mapping_is_used_for_the_same_headers_next_time(store):
    assert remembered_mapping(store, HEADERS) is None
    dry = import_roster(store, CUSTOM, CUSTOM_MAP, dry_run=True)
    assert dry.ok and remembered_mapping(store, HEADERS) is None  # a dry run confirms nothing
    assert import_roster(store, CUSTOM, CUSTOM_MAP).applied
    assert remembered_mapping(store, HEADERS).mapping == CUSTOM_MAP
    again = import_roster(store, CUSTOM)  # no mapping given: the remembered one is used
    assert again.applied and again.remembered is not None
    assert again.counts.unchanged == 7
    assert_northwind(store)
