"""Each rep's share of the managers and headcount, against their share of the team's time.

A rep working 80% should carry about 80% of what a full-timer carries. The target
headcount of a rep is the assigned headcount times their capacity over the team's
total capacity; a rep more than ``TOLERANCE`` above or below target is flagged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from partnerdesk.core.reps import list_reps
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Manager

TOLERANCE = 0.2


@dataclass(frozen=True)
class RepLoad:
    """One rep's managers and headcount against their capacity-proportional target."""

    rep_id: str
    name: str
    is_lead: bool
    capacity: float
    managers: int
    headcount: int
    target: float

    @property
    def ratio(self) -> float:
        """Headcount over target (1.0 = exactly their share)."""
        return self.headcount / self.target if self.target else 0.0

    @property
    def imbalance(self) -> float:
        """How far off target, as a fraction: +0.3 is 30% over, -0.3 30% under."""
        return self.ratio - 1.0 if self.target else 0.0

    @property
    def flagged(self) -> bool:
        return self.target > 0 and abs(self.imbalance) > TOLERANCE


@dataclass(frozen=True)
class Workload:
    """Every active rep's load, plus the managers nobody supports yet."""

    reps: list[RepLoad]
    unassigned_managers: int
    unassigned_headcount: int

    @property
    def total_headcount(self) -> int:
        return sum(r.headcount for r in self.reps) + self.unassigned_headcount

    @property
    def balanced(self) -> bool:
        return not any(r.flagged for r in self.reps)


def workload(store: Store) -> Workload:
    """Compute the workload of every active rep from the active managers."""
    reps = list_reps(store)
    with store.session() as session:
        rows = session.execute(
            select(Manager.rep_id, Manager.team_size).where(
                Manager.deleted.is_(False), Manager.active.is_(True)
            )
        ).all()
    counts: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for rep_id, team_size in rows:
        counts[rep_id][0] += 1
        counts[rep_id][1] += team_size
    known = {r.id for r in reps}
    unassigned = [0, 0]
    for rep_id, (managers, headcount) in counts.items():
        if rep_id not in known:
            unassigned[0] += managers
            unassigned[1] += headcount
    assigned = sum(counts[r.id][1] for r in reps)
    capacity = sum(r.capacity for r in reps) or 1.0
    loads = [
        RepLoad(
            r.id,
            r.name,
            r.is_lead,
            r.capacity,
            counts[r.id][0],
            counts[r.id][1],
            assigned * r.capacity / capacity,
        )
        for r in reps
    ]
    return Workload(loads, unassigned[0], unassigned[1])
