"""How often a rep meets each manager: monthly by default, quarterly for tiny teams.

The seed's rule: monthly by default; when a manager has two people or fewer there is
not enough change to fill a monthly meeting, so quarterly is suggested; and the
manager's own preference, once asked, overrides either.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerdesk.core.reps import RepError
from partnerdesk.core.store.engine import Store
from partnerdesk.core.store.models import CADENCES, Manager

MONTHLY, QUARTERLY = "monthly", "quarterly"
SMALL_TEAM_MAX = 2
PERIOD_MONTHS = {MONTHLY: 1, QUARTERLY: 3}

PREFERENCE, SMALL_TEAM, DEFAULT = "manager's preference", "small team", "default"


@dataclass(frozen=True)
class Cadence:
    """A manager's effective cadence and why it is that."""

    cadence: str
    source: str

    @property
    def months(self) -> int:
        return PERIOD_MONTHS[self.cadence]

    def describe(self) -> str:
        return self.cadence if self.source == DEFAULT else f"{self.cadence} ({self.source})"


def suggested_cadence(team_size: int) -> str:
    """Quarterly for a team of two or fewer, monthly otherwise."""
    return QUARTERLY if team_size <= SMALL_TEAM_MAX else MONTHLY


def effective_cadence(team_size: int, preference: str | None) -> Cadence:
    """The preference when set, else the suggestion for this team size."""
    if preference in CADENCES:
        return Cadence(preference, PREFERENCE)
    suggested = suggested_cadence(team_size)
    return Cadence(suggested, SMALL_TEAM if suggested == QUARTERLY else DEFAULT)


def set_cadence_preference(store: Store, manager_id: str, cadence: str | None) -> None:
    """Record the cadence a manager asked for (None: back to the default rule)."""
    if cadence is not None and cadence not in CADENCES:
        raise RepError(f"Cadence must be one of {', '.join(CADENCES)}.")
    with store.transaction() as session:
        manager = session.get_live(
            Manager, manager_id, "That manager is no longer on the roster.", RepError
        )
        if manager.cadence_pref != cadence:
            manager.cadence_pref = cadence
