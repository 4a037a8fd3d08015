"""Property: importing the same file twice leaves the store exactly as the first import did."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from partnerdesk.core.roster import import_roster
from partnerdesk.core.store.models import Employee, Manager
from tests.core.roster.org import HEADER, to_csv

NAMES = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "Zs"], exclude_characters="\x00"),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
TITLES = st.sampled_from(["VP Sales", "Director", "Engineer", "Senior Manager", "CEO", ""])
DEPTS = st.sampled_from(["Sales", "Engineering", "People", "Finance; Ops", "R&D, Labs", ""])


@st.composite
def orgs(draw):
    """A random tree of people written in a random real-world CSV dialect."""
    size = draw(st.integers(min_value=1, max_value=25))
    rows = []
    for index in range(size):
        boss = "" if index == 0 else f"X{draw(st.integers(0, index - 1)):03d}"
        email = f"person{index}@Org.example"
        email = email.upper() if draw(st.booleans()) else email
        rows.append(
            [
                f"X{index:03d}",
                draw(NAMES),
                email,
                draw(TITLES),
                draw(DEPTS),
                "Berlin, Germany",
                boss,
            ]
        )
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    line_end = draw(st.sampled_from(["\n", "\r\n"]))
    text = to_csv(rows, HEADER, delimiter, line_end)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    data = text.encode(encoding)
    return data if encoding != "utf-8-sig" else codecs.BOM_UTF8 + text.encode("utf-8")


def snapshot(store) -> list[tuple]:
    with store.session() as session:
        out = []
        for model in (Manager, Employee):
            for row in session.scalars(select(model).order_by(model.id)):
                out.append(tuple(getattr(row, c.key) for c in model.__table__.columns))
        return out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=orgs())
def test_reimporting_the_same_file_is_a_no_op(store, tmp_path, data):
    path = tmp_path / "org.csv"
    path.write_bytes(data)
    # The store is shared by the examples: the previous org may all leave, and that is meant.
    first = import_roster(store, path, allow_mass_leave=True)
    assert first.ok and first.applied
    before = snapshot(store)
    second = import_roster(store, path)
    assert second.applied
    assert (second.counts.new, second.counts.changed, second.counts.leaving) == (0, 0, 0)
    assert (second.people.new, second.people.changed, second.people.leaving) == (0, 0, 0)
    assert snapshot(store) == before
