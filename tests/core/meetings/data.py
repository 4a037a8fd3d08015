"""A small realistic org for agenda and meeting tests: reps, managers, the May agenda."""

from __future__ import annotations

from dataclasses import dataclass

from partnerdesk.core.agenda import AgendaService
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Manager, Rep
from partnerdesk.paths import resource_path


@dataclass
class Org:
    """Ids of the people in the test org."""

    lead: str
    rep: str
    cs_manager: str
    eng_manager: str
    vp: str


def make_org(store: Store) -> Org:
    """Two reps (one the HR lead) and three managers in two departments and two tiers."""
    with store.transaction() as session:
        lead = Rep(name="Alana Fallis", email="alana@example.com", is_lead=True)
        rep = Rep(name="Terry Moss", email="terry@example.com")
        session.add_all([lead, rep])
        session.flush()
        cs = Manager(
            name="Priya Shah",
            email="priya@example.com",
            title="Customer Success Manager",
            tier="Manager",
            department="Customer Success",
            team_size=7,
            rep_id=rep.id,
        )
        eng = Manager(
            name="Marco Rossi",
            email="marco@example.com",
            title="Engineering Manager",
            tier="Manager",
            department="Engineering",
            team_size=2,
            rep_id=rep.id,
        )
        vp = Manager(
            name="Dana Lee",
            email="dana@example.com",
            title="VP Engineering",
            tier="VP",
            department="Engineering",
            team_size=6,
            rep_id=lead.id,
        )
        session.add_all([cs, eng, vp])
        session.flush()
        return Org(lead.id, rep.id, cs.id, eng.id, vp.id)


def publish_may(store: Store, org: Org) -> None:
    """Import the shipped May sample agenda and publish it as the HR lead."""
    service = AgendaService(store)
    service.import_file(resource_path("agendas", "2026-05.toml"))
    service.publish("2026-05", org.lead)


def published_org(store: Store) -> Org:
    """The small company with May's agenda published (what the meeting tests start from)."""
    found = make_org(store)
    publish_may(store, found)
    return found
