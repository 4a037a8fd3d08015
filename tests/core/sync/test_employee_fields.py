"""Employment status and dates travel with the employee record through a real sync."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from partnerdesk.core.roster import import_roster
from partnerdesk.core.store.models import Employee
from partnerdesk.core.sync.runner import sync
from tests.core.roster.exports import BY_KEY, TRIAL_END, write_export
from tests.sync_fixtures import team_of


def people(store) -> dict[str, tuple]:
    with store.session() as session:
        return {
            e.email: (e.status, e.active, e.hire_date, e.termination_date, e.trial_end_date)
            for e in session.scalars(select(Employee))
        }


def test_an_imported_roster_reaches_the_co_rep_with_status_and_dates(make_store, shared, tmp_path):
    a, b = make_store("a"), make_store("b")
    team_of([a, b], shared)
    import_roster(a, write_export(BY_KEY["personio"], tmp_path, "xlsx"))
    sync(a)
    sync(b)
    got = people(b)
    assert got == people(a)
    assert got["grace.kim@northwind.example"][:2] == ("leave", True)
    assert got["peter.olsen@northwind.example"][:2] == ("terminated", False)
    assert got["peter.olsen@northwind.example"][3] == date(2024, 12, 13)
    assert got["noor.rahman@northwind.example"][4] == TRIAL_END
