"""Property: re-importing any vendor's export (any row order, CSV or XLSX) changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerdesk.core.roster import import_roster
from tests.core.roster.exports import ORG, VENDORS, write_export
from tests.core.roster.test_reimport_property import snapshot


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    vendor=st.sampled_from(VENDORS),
    kind=st.sampled_from(["csv", "xlsx"]),
    order=st.permutations(range(len(ORG))),
)
def test_reimporting_a_vendor_export_is_a_no_op(store, vendor, kind, order):
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(vendor, Path(folder), kind, list(order))
        first = import_roster(store, path, allow_mass_leave=True)
        assert first.ok and first.applied
        before = snapshot(store)
        second = import_roster(store, path)
        assert second.applied
        assert (second.counts.new, second.counts.changed, second.counts.leaving) == (0, 0, 0)
        assert (second.people.new, second.people.changed, second.people.leaving) == (0, 0, 0)
        assert snapshot(store) == before
