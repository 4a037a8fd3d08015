"""Smoke test of the store fixture: a write is stamped and read back."""

from sqlalchemy import select

from partnerdesk.core.store.models import Rep


def test_write_is_stamped(store):
    with store.transaction() as s:
        s.add(Rep(name="Terry", email="terry@example.com", capacity=0.8))
    with store.session() as s:
        rep = s.scalars(select(Rep)).one()
    assert rep.device_id == store.device_id
    assert rep.updated_hlc.endswith(store.device_id)
