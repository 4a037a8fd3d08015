"""Who the user of this device is: their rep record, kept as a device-local setting."""

from __future__ import annotations

from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import LocalSetting, Rep

ME_KEY = "me_rep_id"


def get_me(store: Store) -> Rep | None:
    """The current user's rep, or None before the first-run setup."""
    with store.session() as session:
        row = session.get(LocalSetting, ME_KEY)
        return session.get(Rep, row.value) if row and row.value else None


def set_me(store: Store, rep_id: str) -> None:
    """Make ``rep_id`` the current user of this device."""
    with store.transaction() as session:
        session.merge(LocalSetting(key=ME_KEY, value=rep_id))


def create_me(store: Store, name: str, email: str, is_lead: bool) -> Rep:
    """Create the user's own rep record (first run) and make it the current user."""
    with store.transaction() as session:
        rep = Rep(name=name.strip(), email=email.strip().lower(), is_lead=is_lead)
        session.add(rep)
    set_me(store, rep.id)
    return rep


def adopt_demo_rep(store: Store, name: str, email: str, *, lead: bool) -> Rep | None:
    """In a demo company the user plays its HR lead (or its first rep) under their own name."""
    from sqlalchemy import select

    with store.transaction() as session:
        rep = session.scalars(
            select(Rep)
            .where(Rep.deleted.is_(False), Rep.active.is_(True), Rep.is_lead.is_(lead))
            .order_by(Rep.name)
        ).first()
        if rep is None:
            return None
        rep.name, rep.email = name.strip(), email.strip().lower()
    set_me(store, rep.id)
    return rep
