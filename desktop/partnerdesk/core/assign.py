"""Which rep supports which manager: assignment strategies, their diff, manual moves.

Strategies (the seeds' list):

- ``org``: every manager under the same executive goes to the same rep;
- ``department``: a department -> rep map (stored); unmapped departments are spread;
- ``tier``: senior tiers (Senior Director and above by default) go to the HR lead, the
  other managers are spread over the remaining reps;
- ``region``: a region -> rep map, else the reps whose own region matches;
- ``blended``: senior tiers to the HR lead, everyone else by department.

"Spread" means balanced: each group goes to the rep whose headcount per unit of
capacity stays lowest, so an 80% rep carries about 80% of a full-timer's people. A
proposal lists who moves from whom to whom; nothing changes until it is applied.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from partnerdesk.core.reps import RepError, RepInfo, list_reps
from partnerdesk.core.roster.rules import TierRules
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import AssignmentRule, Manager

STRATEGIES = ("org", "department", "tier", "region", "blended")
MAP_KINDS = ("department", "region", "tier")
NO_DEPARTMENT = "(no department)"
NO_REGION = "(no region)"


@dataclass(frozen=True)
class Move:
    """One manager changing rep (from None: was unassigned)."""

    manager_id: str
    manager_name: str
    manager_email: str
    from_rep_id: str | None
    from_rep: str
    to_rep_id: str
    to_rep: str
    reason: str


@dataclass(frozen=True)
class RepLoadAfter:
    """A rep's managers and headcount once the proposal is applied."""

    rep_id: str
    name: str
    capacity: float
    managers: int
    headcount: int


@dataclass
class Proposal:
    """A strategy's answer: the new rep of every active manager and the diff to get there."""

    strategy: str
    assignments: dict[str, str]
    moves: list[Move]
    unchanged: int
    load_after: list[RepLoadAfter]
    maps: dict[str, dict[str, str | None]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _fold(key: str) -> str:
    return key.strip().casefold()


def load_maps(store: Store) -> dict[str, dict[str, str]]:
    """The stored department/region/tier -> rep id maps."""
    maps: dict[str, dict[str, str]] = {kind: {} for kind in MAP_KINDS}
    with store.session() as session:
        query = select(AssignmentRule).where(AssignmentRule.deleted.is_(False))
        for rule in session.scalars(query):
            if rule.kind in maps and rule.rep_id:
                maps[rule.kind][rule.key] = rule.rep_id
    return maps


def save_maps(store: Store, maps: Mapping[str, Mapping[str, str | None]]) -> None:
    """Store map entries (``{"department": {"Sales": rep_id}}``); None removes an entry."""
    with store.transaction() as session:
        rules = session.scalars(select(AssignmentRule).where(AssignmentRule.deleted.is_(False)))
        existing = {(r.kind, _fold(r.key)): r for r in rules}
        for kind, entries in maps.items():
            if kind not in MAP_KINDS:
                raise RepError(f"Unknown map {kind!r}; use one of {', '.join(MAP_KINDS)}.")
            for key, rep_id in entries.items():
                rule = existing.get((kind, _fold(key)))
                if rep_id is None:
                    if rule is not None:
                        rule.deleted = True
                elif rule is None:
                    session.add(AssignmentRule(kind=kind, key=key.strip(), rep_id=rep_id))
                elif rule.rep_id != rep_id or rule.key != key.strip():
                    rule.rep_id, rule.key = rep_id, key.strip()


class _Balancer:
    """Hands groups of managers to the rep with the lowest headcount per capacity."""

    def __init__(self, reps: Iterable[RepInfo]):
        self.reps = {r.id: r for r in reps}
        self.load = dict.fromkeys(self.reps, 0.0)

    def add(self, rep_id: str, weight: float) -> None:
        self.load[rep_id] += weight

    def pick(self, weight: float, among: list[str], prefer: str | None = None) -> str:
        def cost(rep_id: str) -> tuple[float, bool, str]:
            ratio = (self.load[rep_id] + weight) / self.reps[rep_id].capacity
            return (round(ratio, 9), rep_id != prefer, self.reps[rep_id].name.lower())

        chosen = min(among, key=cost)
        self.add(chosen, weight)
        return chosen


def _weight(manager: Manager) -> int:
    return max(manager.team_size, 1)


def _assign_groups(
    groups: dict[str, list[Manager]],
    balancer: _Balancer,
    among: list[str],
    preset: Mapping[str, str],
    describe: Callable[[str], str],
    out: dict[str, tuple[str, str]],
) -> None:
    """Give each group one rep: its preset rep when mapped, else the balanced choice."""
    folded = {_fold(k): v for k, v in preset.items() if v in balancer.reps}
    pending = []
    for key, members in groups.items():
        rep_id = folded.get(_fold(key))
        if rep_id is None:
            pending.append((key, members))
            continue
        for m in members:
            balancer.add(rep_id, _weight(m))
            out[m.id] = (rep_id, f"{describe(key)} (map)")
    pending.sort(key=lambda item: (-sum(_weight(m) for m in item[1]), item[0]))
    for key, members in pending:
        current = defaultdict(int)
        for m in members:
            if m.rep_id:
                current[m.rep_id] += _weight(m)
        prefer = max(current, key=current.get) if current else None
        rep_id = balancer.pick(sum(_weight(m) for m in members), among, prefer)
        for m in members:
            out[m.id] = (rep_id, f"{describe(key)} (balanced)")


def _group(managers: Iterable[Manager], key: Callable[[Manager], str]) -> dict[str, list[Manager]]:
    groups: dict[str, list[Manager]] = defaultdict(list)
    for m in managers:
        groups[key(m)].append(m)
    return dict(groups)


def propose_assignment(
    store: Store,
    strategy: str,
    *,
    department_map: Mapping[str, str | None] | None = None,
    region_map: Mapping[str, str | None] | None = None,
    tier_map: Mapping[str, str | None] | None = None,
    tiers: TierRules | None = None,
) -> Proposal:
    """Work out the rep of every active manager under ``strategy`` (nothing is written).

    The maps given here (key -> rep id, or None for "balance it") add to and override
    the stored ones and are stored when the proposal is applied.
    """
    if strategy not in STRATEGIES:
        raise RepError(f"Unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}.")
    reps = list_reps(store)
    if not reps:
        raise RepError(
            "There are no reps yet: add the People Partners first (Managers > Team workload > "
            "Add rep…, or `partnerdesk rep add NAME EMAIL`)."
        )
    tiers = tiers or TierRules.load()
    stored = load_maps(store)
    given = {"department": department_map or {}, "region": region_map or {}, "tier": tier_map or {}}
    maps = {kind: {**stored[kind], **given[kind]} for kind in MAP_KINDS}
    with store.session() as session:
        managers = list(
            session.scalars(
                select(Manager).where(Manager.deleted.is_(False), Manager.active.is_(True))
            )
        )
    names = {m.id: m.name for m in managers}
    rep_ids = [r.id for r in reps]
    lead = next((r for r in reps if r.is_lead), None)
    others = [r.id for r in reps if not r.is_lead] or rep_ids
    balancer = _Balancer(reps)
    out: dict[str, tuple[str, str]] = {}
    notes: list[str] = []

    def department(m: Manager) -> str:
        return m.department or NO_DEPARTMENT

    def senior_first(pool: list[Manager]) -> list[Manager]:
        """Place senior managers (tier map, else the lead); return the rest."""
        rest = []
        for m in pool:
            rep_id = maps["tier"].get(m.tier)
            if rep_id in balancer.reps:
                balancer.add(rep_id, _weight(m))
                out[m.id] = (rep_id, f"tier {m.tier} (map)")
            elif tiers.is_senior(m.tier) and lead is not None:
                balancer.add(lead.id, _weight(m))
                out[m.id] = (lead.id, f"tier {m.tier}: {tiers.senior_from} and above -> HR lead")
            else:
                rest.append(m)
        return rest

    if strategy in ("tier", "blended") and lead is None:
        notes.append("No rep is marked as the HR lead, so senior tiers are spread like the rest.")
    if strategy == "org":
        groups = _group(managers, lambda m: m.executive_id or m.id)
        _assign_groups(groups, balancer, rep_ids, {}, lambda k: f"org of {names.get(k, '?')}", out)
    elif strategy == "department":
        groups = _group(managers, department)
        _assign_groups(groups, balancer, rep_ids, maps["department"], _labeller("department"), out)
    elif strategy == "region":
        _assign_regions(managers, reps, balancer, maps["region"], out)
    elif strategy == "tier":
        rest = senior_first(managers)
        groups = {m.id: [m] for m in rest}
        _assign_groups(groups, balancer, others, {}, lambda k: f"tier {_tier(k, rest)}", out)
    else:
        rest = senior_first(managers)
        groups = _group(rest, department)
        _assign_groups(groups, balancer, others, maps["department"], _labeller("department"), out)
    return _proposal(strategy, managers, reps, out, given, notes)


def _tier(manager_id: str, pool: list[Manager]) -> str:
    return next(m.tier for m in pool if m.id == manager_id)


def _labeller(kind: str) -> Callable[[str], str]:
    return lambda key: f"{kind} {key}"


def _assign_regions(
    managers: list[Manager],
    reps: list[RepInfo],
    balancer: _Balancer,
    region_map: Mapping[str, str],
    out: dict[str, tuple[str, str]],
) -> None:
    """Mapped regions first, then regions matching reps' own regions, then the rest spread."""
    groups = _group(managers, lambda m: m.region or NO_REGION)
    by_region: dict[str, list[str]] = defaultdict(list)
    for rep in reps:
        if rep.region:
            by_region[_fold(rep.region)].append(rep.id)
    folded_map = {_fold(k) for k, v in region_map.items() if v}
    leftover = {}
    for key, members in groups.items():
        local = by_region.get(_fold(key))
        if _fold(key) in folded_map or not local:
            leftover[key] = members
            continue
        for m in sorted(members, key=lambda m: (-_weight(m), m.name)):
            prefer = m.rep_id if m.rep_id in local else None
            out[m.id] = (balancer.pick(_weight(m), local, prefer), f"region {key} (rep's region)")
    _assign_groups(leftover, balancer, [r.id for r in reps], region_map, _labeller("region"), out)


def _proposal(
    strategy: str,
    managers: list[Manager],
    reps: list[RepInfo],
    out: dict[str, tuple[str, str]],
    given: dict[str, Mapping[str, str]],
    notes: list[str],
) -> Proposal:
    rep_names = {r.id: r.name for r in reps}
    moves, unchanged = [], 0
    after: dict[str, list[int]] = {r.id: [0, 0] for r in reps}
    for m in sorted(managers, key=lambda m: m.name.lower()):
        rep_id, reason = out[m.id]
        after[rep_id][0] += 1
        after[rep_id][1] += m.team_size
        if m.rep_id == rep_id:
            unchanged += 1
            continue
        moves.append(
            Move(
                m.id,
                m.name,
                m.email,
                m.rep_id,
                rep_names.get(m.rep_id or "", "unassigned" if not m.rep_id else "former rep"),
                rep_id,
                rep_names[rep_id],
                reason,
            )
        )
    loads = [RepLoadAfter(r.id, r.name, r.capacity, after[r.id][0], after[r.id][1]) for r in reps]
    return Proposal(
        strategy=strategy,
        assignments={mid: rep for mid, (rep, _why) in out.items()},
        moves=moves,
        unchanged=unchanged,
        load_after=loads,
        maps={kind: dict(entries) for kind, entries in given.items() if entries},
        notes=notes,
    )


def map_keys(store: Store, kind: str) -> list[str]:
    """The departments (or regions, or tiers) of the active managers, for a map editor."""
    column = {"department": Manager.department, "region": Manager.region, "tier": Manager.tier}
    with store.session() as session:
        values = session.scalars(
            select(column[kind])
            .where(Manager.deleted.is_(False), Manager.active.is_(True))
            .distinct()
        ).all()
    empty = {"department": NO_DEPARTMENT, "region": NO_REGION, "tier": ""}[kind]
    return sorted({v or empty for v in values} - {""}, key=str.casefold)


def apply_assignment(store: Store, proposal: Proposal) -> int:
    """Apply a proposal's moves (and store its maps) in one transaction; returns moves made."""
    moved = {m.manager_id: m.to_rep_id for m in proposal.moves}
    with store.transaction() as session:
        rows = session.scalars(select(Manager).where(Manager.id.in_(list(moved)))).all()
        for row in rows:
            if row.rep_id != moved[row.id]:
                row.rep_id = moved[row.id]
    if proposal.maps:
        save_maps(store, proposal.maps)
    return len(rows)


def reassign(store: Store, manager_id: str, rep_id: str | None) -> None:
    """Give one manager to another rep (None: unassigned)."""
    with store.transaction() as session:
        manager = session.get_live(
            Manager, manager_id, "That manager is no longer on the roster.", RepError
        )
        if rep_id is not None and rep_id not in {r.id for r in list_reps(store)}:
            raise RepError("That rep does not exist or is inactive.")
        if manager.rep_id != rep_id:
            manager.rep_id = rep_id
