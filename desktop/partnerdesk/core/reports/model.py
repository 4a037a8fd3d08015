"""The executive summary as plain data: what every renderer (Markdown, HTML, CSV, PDF) shows.

Nothing here can carry a private note, a team note's text, or a person named in a signal
unless the summary was built with ``name_individuals``: the builder never puts them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from partnerdesk.core.engagement import DepartmentEngagement
from partnerdesk.core.reports.period import Period

SIGNAL_KIND_LABELS = {
    "flight_risk": "Flight risk",
    "performance": "Performance",
    "training": "Training need",
    "headcount": "Headcount",
    "pain_point": "Pain point",
    "other": "Other",
}
NO_DEPARTMENT = "(no department)"
UNASSIGNED = "(unassigned)"


def kind_label(kind: str) -> str:
    """A signal kind as people say it ("flight_risk" -> "Flight risk")."""
    return SIGNAL_KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage, or an en dash when nothing was due."""
    return f"{round(100 * part / whole)}%" if whole else "–"


@dataclass
class CadenceRow:
    """Cadence adherence of a group of managers (a department or a rep's managers)."""

    label: str
    managers: int = 0
    due: int = 0
    held: int = 0
    met: int = 0  # held meetings that count against what was due (at most ``due`` each)
    rescheduled: int = 0
    cancelled: int = 0
    never_met: int = 0

    @property
    def adherence(self) -> str:
        return percent(self.met, self.due)

    def add(self, manager: ManagerCadence) -> None:
        self.managers += 1
        self.due += manager.due
        self.held += manager.held
        self.met += min(manager.held, manager.due)
        self.rescheduled += manager.rescheduled
        self.cancelled += manager.cancelled
        self.never_met += manager.never_met


@dataclass
class ManagerCadence:
    """One active manager's meetings in the period against their cadence."""

    name: str
    email: str
    department: str
    rep: str
    cadence: str
    due: int
    held: int
    rescheduled: int
    cancelled: int
    last_held: date | None

    @property
    def never_met(self) -> bool:
        """No meeting was ever held with this manager (up to the end of the period)."""
        return self.last_held is None


@dataclass
class SignalGroup:
    """Signals of one kind in one department: opened and resolved in the period, open at its end."""

    department: str
    kind: str
    opened: int = 0
    open: int = 0
    resolved: int = 0
    open_ages: list[int] = field(default_factory=list)

    @property
    def oldest_open_days(self) -> int | None:
        return max(self.open_ages) if self.open_ages else None

    @property
    def median_open_days(self) -> int | None:
        ages = sorted(self.open_ages)
        return ages[len(ages) // 2] if ages else None


@dataclass
class SignalRow:
    """One signal; ``manager``, ``person`` and ``summary`` stay empty unless naming people."""

    department: str
    kind: str
    severity: int
    status: str  # at the end of the period: "open" or "resolved"
    opened: date
    resolved: date | None
    age_days: int
    tags: str
    manager: str = ""
    person: str = ""
    summary: str = ""


@dataclass
class Theme:
    """A tag raised with several managers of one department during the period."""

    department: str
    tag: str
    managers: int
    mentions: int


@dataclass
class Quote:
    """Text from a note its author marked "exec" (quotable in executive summaries)."""

    text: str
    department: str
    day: date
    item: str = ""
    manager: str = ""


@dataclass
class AgendaRollup:
    """One agenda item's answers across managers: how many answered, and the exec quotes."""

    item: str
    section: str
    managers_answered: int
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class FollowUpGroup:
    """Follow-ups of one department: opened and done in the period, open and overdue at its end."""

    department: str
    opened: int = 0
    done: int = 0
    open: int = 0
    overdue: int = 0


@dataclass
class FollowUpRow:
    """One follow-up; ``owner`` names a person and ``text`` appears only when naming individuals."""

    department: str
    manager: str
    owner: str
    status: str  # at the end of the period: "open", "done" or "dropped"
    created: date
    due: date | None
    closed: date | None
    overdue_days: int
    text: str = ""


@dataclass
class PeopleMoves:
    """Joiners and leavers of one department in the period (counts only, never names)."""

    department: str
    joiners: int = 0
    leavers: int = 0


@dataclass
class CaseGroup:
    """Cases of one kind: opened and closed in the period, open at its end with their ages."""

    kind: str
    opened: int = 0
    closed: int = 0
    open: int = 0
    open_ages: list[int] = field(default_factory=list)
    close_days: list[int] = field(default_factory=list)

    @property
    def median_open_days(self) -> int | None:
        return round(median(self.open_ages)) if self.open_ages else None

    @property
    def oldest_open_days(self) -> int | None:
        return max(self.open_ages) if self.open_ages else None

    @property
    def median_close_days(self) -> int | None:
        """Median days from opening to closing, of the cases closed in the period."""
        return round(median(self.close_days)) if self.close_days else None


@dataclass
class Headline:
    """The numbers on the first page."""

    managers: int = 0
    managers_met: int = 0
    meetings_due: int = 0
    meetings_held: int = 0
    meetings_met: int = 0
    rescheduled: int = 0
    never_met: int = 0
    signals_opened: int = 0
    signals_open: int = 0
    signals_resolved: int = 0
    followups_opened: int = 0
    followups_done: int = 0
    followups_overdue: int = 0
    recurring_themes: int = 0
    exec_quotes: int = 0

    @property
    def adherence(self) -> str:
        return percent(self.meetings_met, self.meetings_due)


@dataclass
class Summary:
    """Everything an executive summary says, for one period and one scope."""

    period: Period
    scope_label: str
    generated_at: datetime
    as_of: date
    name_individuals: bool
    theme_threshold: int
    headline: Headline
    cadence_by_department: list[CadenceRow]
    cadence_by_rep: list[CadenceRow]
    managers: list[ManagerCadence]
    signal_groups: list[SignalGroup]
    signals: list[SignalRow]
    themes: list[Theme]
    agenda: list[AgendaRollup]
    other_quotes: list[Quote]
    followup_groups: list[FollowUpGroup]
    followups: list[FollowUpRow]
    people_moves: list[PeopleMoves] = field(default_factory=list)
    case_groups: list[CaseGroup] = field(default_factory=list)
    #: Engagement by department; a group under the privacy floor never carries a score.
    engagement: list[DepartmentEngagement] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"People Partner summary — {self.period.label}"

    def signal_kinds(self) -> list[str]:
        """The signal kinds that occur in this summary, in the app's usual order."""
        seen = {group.kind for group in self.signal_groups}
        known = [kind for kind in SIGNAL_KIND_LABELS if kind in seen]
        return known + sorted(seen - set(known))

    def open_signals_by_department(self) -> dict[str, dict[str, int]]:
        """Open signals at the period's end: department -> kind -> count (zeros left out)."""
        table: dict[str, dict[str, int]] = {}
        for group in self.signal_groups:
            if group.open:
                table.setdefault(group.department, {})[group.kind] = group.open
        return table
