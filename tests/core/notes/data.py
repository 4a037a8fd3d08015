"""Small builders of managers, meetings and reps for the notes/follow-ups/signals tests."""

from __future__ import annotations

from datetime import date

from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Manager, Meeting, Rep


def add_manager(store: Store, name: str, department: str = "Customer Success", **extra) -> Manager:
    """A stored manager with an email made from the name."""
    email = extra.pop("email", name.lower().replace(" ", ".") + "@example.com")
    with store.transaction() as session:
        manager = Manager(name=name, email=email, department=department, **extra)
        session.add(manager)
    return manager


def add_meeting(store: Store, manager_id: str, planned_for: date, **extra) -> Meeting:
    """A stored meeting with a manager."""
    with store.transaction() as session:
        meeting = Meeting(manager_id=manager_id, planned_for=planned_for, **extra)
        session.add(meeting)
    return meeting


def add_rep(store: Store, name: str, email: str) -> Rep:
    """A stored HR rep."""
    with store.transaction() as session:
        rep = Rep(name=name, email=email)
        session.add(rep)
    return rep
