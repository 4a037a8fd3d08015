"""The HR reps (People Partners): add, edit, list; one of them is the HR lead / VP.

Capacity is the rep's share of full time (1.0 = full time, 0.8 = four days a week);
the workload view and the assignment strategies split headcount in proportion to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.models import Rep

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RepError(StoreError):
    """A rep cannot be added or changed as asked."""


@dataclass(frozen=True)
class RepInfo:
    """A rep as the views and commands show it."""

    id: str
    name: str
    email: str
    capacity: float
    timezone: str
    region: str
    is_lead: bool
    active: bool

    @classmethod
    def of(cls, rep: Rep) -> RepInfo:
        return cls(
            rep.id,
            rep.name,
            rep.email,
            rep.capacity,
            rep.timezone,
            rep.region,
            rep.is_lead,
            rep.active,
        )


def parse_capacity(text: str | float) -> float:
    """ "80%", "80", "0.8" or 0.8 -> 0.8; refuses anything outside (0, 100%]."""
    raw = str(text).strip().rstrip("%").strip()
    try:
        value = float(raw)
    except ValueError:
        raise RepError(f"Capacity {text!r} is not a number; write e.g. 100% or 80%.") from None
    if value > 1.0 or str(text).strip().endswith("%"):
        value /= 100.0
    if not 0.0 < value <= 1.0:
        raise RepError(f"Capacity {text!r} must be more than 0% and at most 100%.")
    return round(value, 4)


def _check(name: str, email: str, timezone: str) -> None:
    if not name.strip():
        raise RepError("A rep needs a name.")
    if not _EMAIL.match(email):
        raise RepError(f"{email!r} is not an email address.")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise RepError(
            f"{timezone!r} is not a time zone; use a name like Europe/Paris or Asia/Singapore."
        ) from None


def add_rep(
    store: Store,
    name: str,
    email: str,
    capacity: float | str = 1.0,
    timezone: str = "UTC",
    region: str = "",
    is_lead: bool = False,
) -> RepInfo:
    """Create a rep; making them the lead takes the lead role from anyone else."""
    email = email.strip().lower()
    _check(name, email, timezone)
    cap = parse_capacity(capacity)
    with store.transaction() as session:
        reps = session.scalars(select(Rep).where(Rep.deleted.is_(False))).all()
        if any(r.email.lower() == email for r in reps):
            raise RepError(f"{email} is already a rep; use `partnerdesk rep list` to see them.")
        if is_lead:
            for other in reps:
                if other.is_lead:
                    other.is_lead = False
        rep = Rep(
            name=name.strip(),
            email=email,
            capacity=cap,
            timezone=timezone,
            region=region.strip(),
            is_lead=is_lead,
        )
        session.add(rep)
        session.flush()
        return RepInfo.of(rep)


def update_rep(store: Store, rep_id: str, **changes: object) -> RepInfo:
    """Change a rep's name, email, capacity, timezone, region, lead flag or active flag."""
    allowed = {"name", "email", "capacity", "timezone", "region", "is_lead", "active"}
    unknown = set(changes) - allowed
    if unknown:
        raise RepError(f"Unknown rep fields: {', '.join(sorted(unknown))}.")
    with store.transaction() as session:
        rep = session.get_live(Rep, rep_id, "That rep no longer exists.", RepError)
        if "capacity" in changes:
            changes["capacity"] = parse_capacity(changes["capacity"])  # type: ignore[arg-type]
        if "email" in changes:
            changes["email"] = str(changes["email"]).strip().lower()
        _check(
            str(changes.get("name", rep.name)),
            str(changes.get("email", rep.email)),
            str(changes.get("timezone", rep.timezone)),
        )
        if changes.get("is_lead"):
            for other in session.scalars(select(Rep).where(Rep.is_lead.is_(True))):
                if other.id != rep.id:
                    other.is_lead = False
        for name, value in changes.items():
            if getattr(rep, name) != value:
                setattr(rep, name, value)
        session.flush()
        return RepInfo.of(rep)


def list_reps(store: Store, *, include_inactive: bool = False) -> list[RepInfo]:
    """Reps sorted lead first, then by name."""
    query = select(Rep).where(Rep.deleted.is_(False))
    if not include_inactive:
        query = query.where(Rep.active.is_(True))
    with store.session() as session:
        reps = [RepInfo.of(r) for r in session.scalars(query)]
    return sorted(reps, key=lambda r: (not r.is_lead, r.name.lower()))


def find_rep(store: Store, email: str) -> RepInfo | None:
    """The (non-deleted) rep with this email, case-insensitively."""
    email = email.strip().lower()
    return next((r for r in list_reps(store, include_inactive=True) if r.email == email), None)


def require_rep(store: Store, email: str) -> RepInfo:
    """Like :func:`find_rep`, but a missing rep is a user error with a hint."""
    rep = find_rep(store, email)
    if rep is None:
        raise RepError(
            f"No rep has the email {email}. Add them with `partnerdesk rep add` or check "
            "`partnerdesk rep list`."
        )
    return rep
