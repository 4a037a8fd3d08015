"""Which managers a summary covers: the company, a department, an executive's org or a rep's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, or_, select, true
from sqlalchemy.orm import Session

from partnerdesk.core.store.engine import Store, StoreError
from partnerdesk.core.store.models import Employee, Manager, Rep

SCOPE_KINDS = ("company", "department", "executive", "rep")


@dataclass(frozen=True)
class Scope:
    """What the user asked for: a kind and its value (department name or email)."""

    kind: str = "company"
    value: str = ""

    def resolve(self, session: Session) -> ResolvedScope:
        """Look the value up; an unknown department or email raises a StoreError."""
        if self.kind == "company":
            return ResolvedScope(self, "Whole company", true())
        if self.kind == "department":
            return self._department(session)
        if self.kind == "executive":
            return self._executive(session)
        if self.kind == "rep":
            return self._rep(session)
        raise StoreError(f"Unknown scope '{self.kind}': use one of {', '.join(SCOPE_KINDS)}.")

    def _department(self, session: Session) -> ResolvedScope:
        wanted = self.value.strip().casefold()
        names = department_names(session)
        match = next((name for name in names if name.casefold() == wanted), None)
        if match is None:
            known = ", ".join(names) or "none yet (import the roster first)"
            raise StoreError(f"No department called '{self.value}'. Known departments: {known}.")
        return ResolvedScope(self, f"Department: {match}", Manager.department == match)

    def _executive(self, session: Session) -> ResolvedScope:
        email = self.value.strip().lower()
        ids = set(
            session.scalars(
                select(Manager.id).where(
                    func.lower(Manager.email) == email, Manager.deleted.is_(False)
                )
            )
        )
        ids |= set(
            session.scalars(
                select(Employee.id).where(
                    func.lower(Employee.email) == email, Employee.deleted.is_(False)
                )
            )
        )
        if not ids & executive_ids(session):
            raise StoreError(
                f"No executive with the email '{self.value}': give the email of someone "
                "at the top of a reporting chain (see the Reports view's executive list)."
            )
        name = _name_for(session, ids)
        condition = or_(Manager.executive_id.in_(ids), Manager.id.in_(ids))
        return ResolvedScope(self, f"Executive org: {name}", condition)

    def _rep(self, session: Session) -> ResolvedScope:
        email = self.value.strip().lower()
        rep = session.scalars(
            select(Rep).where(func.lower(Rep.email) == email, Rep.deleted.is_(False))
        ).first()
        if rep is None:
            raise StoreError(f"No rep with the email '{self.value}': check it with the roster.")
        return ResolvedScope(self, f"Managers supported by {rep.name}", Manager.rep_id == rep.id)


@dataclass(frozen=True)
class ResolvedScope:
    """A scope looked up in the store: a label and the SQL condition that picks its managers."""

    scope: Scope
    label: str
    condition: ColumnElement[bool]

    def manager_ids(self) -> Select[tuple[str]]:
        """A subquery of the ids of the (non-deleted) managers in scope."""
        return select(Manager.id).where(Manager.deleted.is_(False), self.condition)


@dataclass(frozen=True)
class Choice:
    """One entry of a scope picker: what to show and the value to pass."""

    label: str
    value: str


def department_names(session: Session) -> list[str]:
    """Departments of the active managers, sorted."""
    rows = session.scalars(
        select(Manager.department)
        .where(Manager.deleted.is_(False), Manager.department != "")
        .distinct()
        .order_by(Manager.department)
    )
    return list(rows)


def executive_ids(session: Session) -> set[str]:
    """Ids (of managers or employees) named as some manager's executive."""
    return set(
        session.scalars(
            select(Manager.executive_id)
            .where(Manager.deleted.is_(False), Manager.executive_id.is_not(None))
            .distinct()
        )
    )


def executives(session: Session) -> list[Choice]:
    """The people named as a manager's executive: name and email to show, email as value."""
    ids = executive_ids(session)
    found: dict[str, Choice] = {}
    for model in (Employee, Manager):
        for row in session.execute(
            select(model.name, model.email).where(model.id.in_(ids), model.deleted.is_(False))
        ):
            if row.email:
                found[row.email.lower()] = Choice(f"{row.name} <{row.email}>", row.email)
    return sorted(found.values(), key=lambda c: c.label.casefold())


def reps(session: Session) -> list[Choice]:
    """Active reps: name and email to show, email as value."""
    rows = session.execute(
        select(Rep.name, Rep.email)
        .where(Rep.deleted.is_(False), Rep.active.is_(True))
        .order_by(Rep.name)
    )
    return [Choice(f"{row.name} <{row.email}>", row.email) for row in rows]


def picker_choices(store: Store) -> tuple[list[Choice], list[Choice], list[Choice]]:
    """What a scope picker offers: departments, executives and reps, in one read."""
    with store.session() as session:
        departments = [Choice(name, name) for name in department_names(session)]
        return departments, executives(session), reps(session)


def _name_for(session: Session, ids: set[str]) -> str:
    for model in (Manager, Employee):
        name = session.scalars(select(model.name).where(model.id.in_(ids))).first()
        if name:
            return name
    return "unknown"
