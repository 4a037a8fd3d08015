"""Build an executive summary from the store, aggregating in SQL.

Privacy by construction: private notes are never read; team notes count towards
answers and themes but their text is never selected; only notes marked "exec" are
quoted; the person named in a signal, a signal's summary and a follow-up's text and
owner name are read only when the caller asks to name individuals; a theme raised by
fewer managers than the threshold is not reported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, func, literal_column, or_, select, true
from sqlalchemy.orm import Session

from partnerdesk.core import engagement as engagement_results
from partnerdesk.core.cadence import MONTHLY, effective_cadence
from partnerdesk.core.clock import local_day, utcnow
from partnerdesk.core.notes import split_tags
from partnerdesk.core.reports.model import (
    NO_DEPARTMENT,
    UNASSIGNED,
    AgendaRollup,
    CadenceRow,
    CaseGroup,
    FollowUpGroup,
    FollowUpRow,
    Headline,
    ManagerCadence,
    PeopleMoves,
    Quote,
    SignalGroup,
    SignalRow,
    Summary,
    Theme,
)
from partnerdesk.core.reports.period import Period
from partnerdesk.core.reports.scope import ResolvedScope, Scope
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import (
    CASE_KINDS,
    AgendaItem,
    Case,
    FollowUp,
    LifecycleEvent,
    Manager,
    Meeting,
    Note,
    Rep,
    Signal,
)

RESOLVED_SIGNAL = ("resolved", "closed")
SHARED_VISIBILITIES = ("team", "exec")
_OWNER_LABELS = {"me": "HR rep", "manager": "Manager"}


@dataclass(frozen=True)
class _Person:
    """A manager in scope, as the summary needs them."""

    name: str
    department: str


def build_summary(
    store: Store,
    period: Period,
    scope: Scope | None = None,
    *,
    name_individuals: bool = False,
    theme_threshold: int = 3,
    today: date | None = None,
) -> Summary:
    """The summary of ``period`` for ``scope`` (the whole company by default)."""
    with store.session() as session:
        return _Builder(session, period, scope or Scope(), name_individuals, today).build(
            max(1, theme_threshold)
        )


def tag_set(text: str) -> set[str]:
    """The distinct tags of a stored tags field, in the notes service's form."""
    return set(split_tags(text))


class _Builder:
    """One summary's queries, sharing the period, the scope and the managers in it."""

    def __init__(
        self,
        session: Session,
        period: Period,
        scope: Scope,
        name_individuals: bool,
        today: date | None,
    ) -> None:
        self.session = session
        self.db = session.connection()  # Core rows: no ORM loading overhead on large results
        self.period = period
        self.resolved: ResolvedScope = scope.resolve(session)
        self.named = name_individuals
        self.generated_at = utcnow()
        today = today or local_day(self.generated_at)
        self.as_of = min(period.end - timedelta(days=1), today)
        self.people = self._people()

    # -- helpers ---------------------------------------------------------------------------

    def _people(self) -> dict[str, _Person]:
        rows = self.db.execute(
            select(Manager.id, Manager.name, Manager.department).where(
                Manager.deleted.is_(False), self.resolved.condition
            )
        )
        return {row.id: _Person(row.name, row.department or NO_DEPARTMENT) for row in rows}

    def _in_scope(self, column: ColumnElement[str | None]) -> ColumnElement[bool]:
        """Condition on a record's manager id: everything for the company, else scope's ids."""
        if self.resolved.scope.kind == "company":
            return true()
        return column.in_(self.resolved.manager_ids())

    def _department(self, manager_id: str | None) -> str:
        person = self.people.get(manager_id or "")
        return person.department if person else NO_DEPARTMENT

    def _manager_name(self, manager_id: str | None) -> str:
        person = self.people.get(manager_id or "")
        return person.name if person else ""

    def _in_period(self, column: ColumnElement[datetime]) -> ColumnElement[bool]:
        return and_(column >= self.period.start_dt, column < self.period.end_dt)

    def _age(self, since: datetime) -> int:
        return max(0, (self.as_of - local_day(since)).days)

    # -- sections --------------------------------------------------------------------------

    def build(self, threshold: int) -> Summary:
        managers = self._cadence()
        by_department = _group_cadence(managers, lambda m: m.department)
        by_rep = _group_cadence(managers, lambda m: m.rep)
        signal_groups, signals = self._signals()
        themes, agenda, other_quotes = self._notes(threshold)
        followup_groups, followups = self._followups()
        scoped = None if self.resolved.scope.kind == "company" else set(self.people)
        engagement = engagement_results.by_department(self.session, scoped, until=self.period.end)
        headline = Headline(
            managers=len(managers),
            managers_met=sum(1 for m in managers if m.held),
            meetings_due=sum(m.due for m in managers),
            meetings_held=sum(m.held for m in managers),
            meetings_met=sum(min(m.held, m.due) for m in managers),
            rescheduled=sum(m.rescheduled for m in managers),
            never_met=sum(1 for m in managers if m.never_met),
            signals_opened=sum(g.opened for g in signal_groups),
            signals_open=sum(g.open for g in signal_groups),
            signals_resolved=sum(g.resolved for g in signal_groups),
            followups_opened=sum(g.opened for g in followup_groups),
            followups_done=sum(g.done for g in followup_groups),
            followups_overdue=sum(g.overdue for g in followup_groups),
            recurring_themes=len(themes),
            exec_quotes=len(other_quotes) + sum(len(a.quotes) for a in agenda),
        )
        return Summary(
            period=self.period,
            scope_label=self.resolved.label,
            generated_at=self.generated_at,
            as_of=self.as_of,
            name_individuals=self.named,
            theme_threshold=threshold,
            headline=headline,
            cadence_by_department=by_department,
            cadence_by_rep=by_rep,
            managers=managers,
            signal_groups=signal_groups,
            signals=signals,
            themes=themes,
            agenda=agenda,
            other_quotes=other_quotes,
            followup_groups=followup_groups,
            followups=followups,
            people_moves=self._people_moves(),
            case_groups=self._cases(),
            engagement=engagement,
        )

    def _cadence(self) -> list[ManagerCadence]:
        period = self.period
        active = self.db.execute(
            select(
                Manager.id,
                Manager.name,
                Manager.email,
                Manager.department,
                Manager.team_size,
                Manager.cadence_pref,
                Manager.rep_id,
            ).where(Manager.deleted.is_(False), Manager.active.is_(True), self.resolved.condition)
        ).all()
        reps = dict(self.db.execute(select(Rep.id, Rep.name).where(Rep.deleted.is_(False))).all())
        live = and_(Meeting.deleted.is_(False), self._in_scope(Meeting.manager_id))
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for manager_id, status, count in self.db.execute(
            select(Meeting.manager_id, Meeting.status, func.count())
            .where(live, Meeting.planned_for >= period.start, Meeting.planned_for < period.end)
            .group_by(Meeting.manager_id, Meeting.status)
        ):
            counts[manager_id][status] = count
        last_held = dict(
            self.db.execute(
                select(Meeting.manager_id, func.max(Meeting.planned_for))
                .where(live, Meeting.status == "held", Meeting.planned_for < period.end)
                .group_by(Meeting.manager_id)
            ).all()
        )
        earlier_in_quarter: set[str] = set()
        if period.kind == "month" and period.ends_quarter():
            earlier_in_quarter = set(
                self.db.scalars(
                    select(Meeting.manager_id)
                    .where(
                        live,
                        Meeting.status == "held",
                        Meeting.planned_for >= period.quarter_start(),
                        Meeting.planned_for < period.start,
                    )
                    .distinct()
                )
            )
        ended, held_months = self._months_due(live)
        period_ended = ended == period.months
        rows = []
        for row in active:
            cadence = effective_cadence(row.team_size or 0, row.cadence_pref).cadence
            held = counts[row.id]
            # Due up to ``as_of``: a month (or quarter) once it has ended or its meeting was held.
            if cadence == MONTHLY:
                due = ended + held_months.get(row.id, 0)
            elif period.kind == "month" and (
                not period.ends_quarter() or row.id in earlier_in_quarter
            ):
                due = 0  # a quarterly manager is due by the quarter's last month, once
            else:
                due = int(period_ended or held.get("held", 0) > 0)
            last = last_held.get(row.id)
            rows.append(
                ManagerCadence(
                    name=row.name,
                    email=row.email,
                    department=row.department or NO_DEPARTMENT,
                    rep=reps.get(row.rep_id, UNASSIGNED) if row.rep_id else UNASSIGNED,
                    cadence=cadence,
                    due=due,
                    held=held.get("held", 0),
                    rescheduled=held.get("rescheduled", 0),
                    cancelled=held.get("cancelled", 0),
                    last_held=date.fromisoformat(str(last)) if last else None,
                )
            )
        rows.sort(key=lambda m: (m.department.casefold(), m.name.casefold()))
        return rows

    def _months_due(self, live: ColumnElement[bool]) -> tuple[int, dict[str, int]]:
        """Months of the period ended by ``as_of``, and per manager the later months held."""
        ended = 0
        cutoff = self.period.start
        while cutoff < self.period.end and _add_month(cutoff) - timedelta(days=1) <= self.as_of:
            ended += 1
            cutoff = _add_month(cutoff)
        month = func.strftime("%Y-%m", Meeting.planned_for)
        held = self.db.execute(
            select(Meeting.manager_id, func.count(month.distinct()))
            .where(
                live,
                Meeting.status == "held",
                Meeting.planned_for >= cutoff,
                Meeting.planned_for < self.period.end,
            )
            .group_by(Meeting.manager_id)
        ).all()
        return ended, dict(held)

    def _signals(self) -> tuple[list[SignalGroup], list[SignalRow]]:
        start, end = self.period.start_dt, self.period.end_dt
        columns = [
            Signal.manager_id,
            Signal.kind,
            Signal.severity,
            Signal.status,
            Signal.opened_at,
            Signal.resolved_at,
            Signal.tags,
        ]
        if self.named:
            columns += [Signal.person, Signal.summary]
        rows = self.db.execute(
            select(*columns)
            .where(
                Signal.deleted.is_(False),
                self._in_scope(Signal.manager_id),
                Signal.opened_at < end,
                or_(
                    and_(Signal.resolved_at.is_(None), Signal.status.not_in(RESOLVED_SIGNAL)),
                    Signal.resolved_at >= start,
                ),
            )
            .order_by(Signal.opened_at)
        )
        groups: dict[tuple[str, str], SignalGroup] = {}
        signals = []
        for row in rows:
            department = self._department(row.manager_id)
            group = groups.setdefault(
                (department, row.kind), SignalGroup(department, row.kind or "other")
            )
            resolved = row.resolved_at is not None and row.resolved_at < end
            resolved = resolved or (row.resolved_at is None and row.status in RESOLVED_SIGNAL)
            group.opened += row.opened_at >= start
            group.resolved += _within(row.resolved_at, start, end)
            age = self._age(row.opened_at)
            if not resolved:
                group.open += 1
                group.open_ages.append(age)
            signals.append(
                SignalRow(
                    department=department,
                    kind=group.kind,
                    severity=row.severity,
                    status="resolved" if resolved else "open",
                    opened=local_day(row.opened_at),
                    resolved=local_day(row.resolved_at) if row.resolved_at else None,
                    age_days=age,
                    tags=" ".join(f"#{tag}" for tag in sorted(tag_set(row.tags))),
                    manager=self._manager_name(row.manager_id) if self.named else "",
                    person=row.person if self.named else "",
                    summary=row.summary if self.named else "",
                )
            )
        ordered = sorted(groups.values(), key=lambda g: (g.department.casefold(), g.kind))
        return ordered, signals

    def _notes(self, threshold: int) -> tuple[list[Theme], list[AgendaRollup], list[Quote]]:
        """Themes, agenda answers and exec quotes from one pass over the period's shared notes.

        Private notes are filtered out in SQL; a body is read only for notes marked exec.
        """
        exec_body = case((Note.visibility == "exec", Note.body), else_=None)
        rows = self.db.execute(
            select(
                Note.manager_id,
                Note.kind,
                Note.agenda_item_id,
                Note.tags,
                Note.created_at,
                Note.body != "",
                exec_body,
            )
            .where(
                Note.deleted.is_(False),
                Note.visibility.in_(SHARED_VISIBILITIES),
                self._in_period(Note.created_at),
                self._in_scope(Note.manager_id),
            )
            # Ties on the timestamp keep the order the notes were written in.
            .order_by(Note.created_at, literal_column("note.rowid"))
        ).all()
        tags = [(manager_id, tagged) for manager_id, _k, _i, tagged, *_ in rows if tagged]
        tags += self.db.execute(
            select(Signal.manager_id, Signal.tags).where(
                Signal.deleted.is_(False),
                Signal.tags != "",
                self._in_period(Signal.opened_at),
                self._in_scope(Signal.manager_id),
            )
        ).all()
        agenda, others = self._answers(rows)
        return self._themes(tags, threshold), agenda, others

    def _themes(self, tagged: list[tuple[str | None, str]], threshold: int) -> list[Theme]:
        managers: dict[tuple[str, str], set[str]] = defaultdict(set)
        mentions: dict[tuple[str, str], int] = defaultdict(int)
        for manager_id, tags in tagged:
            department = self._department(manager_id)
            for tag in tag_set(tags):
                managers[department, tag].add(manager_id or "")
                mentions[department, tag] += 1
        themes = [
            Theme(department, tag, len(who), mentions[department, tag])
            for (department, tag), who in managers.items()
            if len(who) >= threshold
        ]
        themes.sort(key=lambda t: (-t.managers, t.department.casefold(), t.tag))
        return themes

    def _answers(self, rows) -> tuple[list[AgendaRollup], list[Quote]]:
        item_ids = {
            row.agenda_item_id for row in rows if row.kind == "answer" and row.agenda_item_id
        }
        items = {
            row.id: (row.text, row.section)
            for row in self.db.execute(
                select(AgendaItem.id, AgendaItem.text, AgendaItem.section).where(
                    AgendaItem.id.in_(item_ids), AgendaItem.deleted.is_(False)
                )
            )
        }
        answered: dict[str, set[str]] = defaultdict(set)
        sections: dict[str, str] = {}
        others: list[Quote] = []
        quotes: dict[str, list[Quote]] = defaultdict(list)
        for manager_id, kind, item_id, _tags, created, has_body, body in rows:
            text, section = items.get(item_id, ("", "")) if kind == "answer" else ("", "")
            if text and has_body:
                answered[text].add(manager_id or "")
                sections.setdefault(text, section)
            if body and body.strip():
                quote = Quote(
                    text=body.strip(),
                    department=self._department(manager_id),
                    day=local_day(created),
                    item=text,
                    manager=self._manager_name(manager_id) if self.named else "",
                )
                (quotes[text] if text else others).append(quote)
        rollups = [
            AgendaRollup(text, sections[text], len(who), quotes.get(text, []))
            for text, who in answered.items()
        ]
        rollups.sort(key=lambda r: (r.section.casefold(), r.item.casefold()))
        return rollups, others

    def _followups(self) -> tuple[list[FollowUpGroup], list[FollowUpRow]]:
        start, end = self.period.start_dt, self.period.end_dt
        columns = [
            FollowUp.manager_id,
            FollowUp.owner_kind,
            FollowUp.status,
            FollowUp.created_at,
            FollowUp.due_date,
            FollowUp.closed_at,
        ]
        if self.named:
            columns += [FollowUp.owner_name, FollowUp.text]
        rows = self.db.execute(
            select(*columns)
            .where(
                FollowUp.deleted.is_(False),
                self._in_scope(FollowUp.manager_id),
                FollowUp.created_at < end,
                or_(
                    and_(FollowUp.closed_at.is_(None), FollowUp.status == "open"),
                    FollowUp.closed_at >= start,
                ),
            )
            .order_by(FollowUp.created_at)
        )
        groups: dict[str, FollowUpGroup] = {}
        followups = []
        for row in rows:
            department = self._department(row.manager_id)
            group = groups.setdefault(department, FollowUpGroup(department))
            closed = row.closed_at is not None and row.closed_at < end
            closed = closed or (row.closed_at is None and row.status != "open")
            status = row.status if closed else "open"
            group.opened += row.created_at >= start
            group.done += row.status == "done" and _within(row.closed_at, start, end)
            overdue_days = 0
            if not closed:
                group.open += 1
                if row.due_date and row.due_date < self.as_of:
                    overdue_days = (self.as_of - row.due_date).days
                    group.overdue += 1
            owner = _OWNER_LABELS.get(row.owner_kind, "Someone else")
            if self.named and row.owner_name:
                owner = f"{owner}: {row.owner_name}"
            followups.append(
                FollowUpRow(
                    department=department,
                    manager=self._manager_name(row.manager_id),
                    owner=owner,
                    status=status,
                    created=local_day(row.created_at),
                    due=row.due_date,
                    closed=local_day(row.closed_at) if closed and row.closed_at else None,
                    overdue_days=overdue_days,
                    text=row.text if self.named else "",
                )
            )
        ordered = sorted(groups.values(), key=lambda g: g.department.casefold())
        return ordered, followups

    def _people_moves(self) -> list[PeopleMoves]:
        """Joiners and leavers by department, from the lifecycle events dated in the period."""
        stmt = select(LifecycleEvent.department, LifecycleEvent.kind, func.count()).where(
            LifecycleEvent.deleted.is_(False),
            LifecycleEvent.kind.in_(("joined", "left")),
            LifecycleEvent.on_date >= self.period.start,
            LifecycleEvent.on_date < self.period.end,
        )
        if self.resolved.scope.kind != "company":
            emails = select(func.lower(Manager.email)).where(
                Manager.deleted.is_(False), self.resolved.condition
            )
            stmt = stmt.where(LifecycleEvent.manager_email.in_(emails))
        moves: dict[str, PeopleMoves] = {}
        for department, kind, count in self.db.execute(
            stmt.group_by(LifecycleEvent.department, LifecycleEvent.kind)
        ):
            row = moves.setdefault(
                department or NO_DEPARTMENT, PeopleMoves(department or NO_DEPARTMENT)
            )
            if kind == "joined":
                row.joiners += count
            else:
                row.leavers += count
        return sorted(moves.values(), key=lambda m: m.department.casefold())

    def _cases(self) -> list[CaseGroup]:
        """Cases by kind: opened and closed in the period, open at its end, days to close."""
        start, end = self.period.start_dt, self.period.end_dt
        rows = self.db.execute(
            select(Case.kind, Case.opened_at, Case.closed_at).where(
                Case.deleted.is_(False),
                self._in_scope(Case.manager_id),
                Case.opened_at < end,
                or_(Case.closed_at.is_(None), Case.closed_at >= start),
            )
        )
        groups: dict[str, CaseGroup] = {}
        for kind, opened_at, closed_at in rows:
            group = groups.setdefault(kind, CaseGroup(kind))
            group.opened += opened_at >= start
            if _within(closed_at, start, end):
                group.closed += 1
                group.close_days.append((closed_at - opened_at).days)
            if closed_at is None or closed_at >= end:
                group.open += 1
                group.open_ages.append(self._age(opened_at))
        order = {kind: n for n, kind in enumerate(CASE_KINDS)}
        return sorted(groups.values(), key=lambda g: order.get(g.kind, len(order)))


def _add_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _within(moment: datetime | None, start: datetime, end: datetime) -> bool:
    return moment is not None and start <= moment < end


def _group_cadence(managers: list[ManagerCadence], key) -> list[CadenceRow]:
    rows: dict[str, CadenceRow] = {}
    for manager in managers:
        label = key(manager)
        rows.setdefault(label, CadenceRow(label)).add(manager)
    return sorted(rows.values(), key=lambda r: r.label.casefold())
