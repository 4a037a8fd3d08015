"""Recurring themes: the same ``#tag`` raised by several managers of one department.

A theme is recurring when notes or signals carrying its tag come from at least N
different managers (``Settings.recurring_theme_managers``, 3 by default) of the same
department within a period, e.g. "Customer Success: product knowledge gap raised by
4 managers this quarter". The team can then design one fix (training, headcount).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from partnerdesk.core.clock import day_start_utc, quarter_end, quarter_start
from partnerdesk.core.notes import split_tags
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import Manager, Note, Signal


@dataclass(frozen=True)
class Period:
    """A span of days (inclusive) with the words that name it."""

    start: date
    end: date
    label: str

    @classmethod
    def quarter_of(cls, day: date) -> Period:
        """The calendar quarter holding ``day``, called "this quarter"."""
        return cls(quarter_start(day), quarter_end(day), "this quarter")

    def bounds(self) -> tuple[datetime, datetime]:
        """Start and exclusive end as stored (naive UTC) instants of the user's days."""
        return day_start_utc(self.start), day_start_utc(self.end + timedelta(days=1))


@dataclass(frozen=True)
class Theme:
    """One recurring theme: a tag, a department and the managers who raised it."""

    department: str
    tag: str
    manager_ids: tuple[str, ...]
    mentions: int
    period_label: str

    @property
    def managers(self) -> int:
        return len(self.manager_ids)

    @property
    def label(self) -> str:
        """The tag in words: ``product-knowledge-gap`` -> "product knowledge gap"."""
        return self.tag.replace("-", " ").replace("_", " ")

    @property
    def text(self) -> str:
        return (
            f"{self.department or 'No department'}: {self.label} raised by "
            f"{self.managers} managers {self.period_label}"
        )


def _tagged(store: Store, period: Period) -> list[tuple[str | None, str, str]]:
    """(department, manager id, stored tags) of every tagged live note and signal in the period.

    Each table is read through its covering index (``created_at``/``opened_at``,
    ``manager_id``, ``deleted``, ``tags``) and matched to the live managers here: a join
    in SQL looks each record's manager up in two B-trees, which was most of the time at
    600,000 notes.
    """
    start, end = period.bounds()
    out: list[tuple[str | None, str, str]] = []
    with store.session() as session:
        conn = session.connection()
        departments = dict(
            conn.execute(
                select(Manager.id, Manager.department).where(Manager.deleted.is_(False))
            ).all()
        )
        for model, when in ((Note, Note.created_at), (Signal, Signal.opened_at)):
            stmt = select(model.manager_id, model.tags).where(
                model.deleted.is_(False), model.tags != "", when >= start, when < end
            )
            out.extend(
                (departments[manager_id], manager_id, tags)
                for manager_id, tags in conn.execute(stmt)
                if manager_id in departments
            )
    return out


def tag_mentions(store: Store, period: Period) -> list[tuple[str, str, str]]:
    """Every (department, manager id, tag) found on live notes and signals in the period."""
    return [
        (department or "", manager_id, tag)
        for department, manager_id, tags in _tagged(store, period)
        for tag in split_tags(tags)
    ]


def recurring_themes(
    store: Store, period: Period, min_managers: int = 3, department: str | None = None
) -> list[Theme]:
    """Themes raised by at least ``min_managers`` managers of one department, widest first."""
    managers: dict[tuple[str, str], set[str]] = {}
    mentions: dict[tuple[str, str], int] = {}
    split: dict[str, list[str]] = {}  # many records carry the same tags
    for dept, manager_id, stored in _tagged(store, period):
        dept = dept or ""
        if department is not None and dept != department:
            continue
        tags = split.get(stored)
        if tags is None:
            tags = split[stored] = split_tags(stored)
        for tag in tags:
            key = (dept, tag)
            ids = managers.get(key)
            if ids is None:
                managers[key] = {manager_id}
                mentions[key] = 1
            else:
                ids.add(manager_id)
                mentions[key] += 1
    themes = [
        Theme(dept, tag, tuple(sorted(ids)), mentions[(dept, tag)], period.label)
        for (dept, tag), ids in managers.items()
        if len(ids) >= max(1, min_managers)
    ]
    return sorted(themes, key=lambda t: (-t.managers, -t.mentions, t.department, t.tag))
