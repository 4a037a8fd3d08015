"""Item models behind the Managers view: the schedule rows and the filter over them."""

from __future__ import annotations

from datetime import date

from partnerdesk.core import daytext
from partnerdesk.core.cadence import PREFERENCE, SMALL_TEAM
from partnerdesk.core.schedule import DUE, LEFT, MET, NEVER_MET, NOT_DUE, OVERDUE, ScheduleRow
from partnerdesk.ui.qt import QtCore, QtGui
from partnerdesk.ui.theme import colour

SORT_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
ID_ROLE = QtCore.Qt.ItemDataRole.UserRole + 2

STATUS_LABELS = {
    NEVER_MET: "Never met",
    OVERDUE: "Overdue",
    DUE: "Due this month",
    MET: "Met this month",
    NOT_DUE: "Not due",
    LEFT: "Left the roster",
}
STATUS_ORDER = {OVERDUE: 0, NEVER_MET: 1, DUE: 2, NOT_DUE: 3, MET: 4, LEFT: 5}
#: Palette colour names (ui/theme.py) of the schedule states.
STATUS_COLOURS = {OVERDUE: "danger", NEVER_MET: "warning", DUE: "info"}
FLAG = "re-evaluate cadence?"
UNASSIGNED = "unassigned"


def day_text(value: date | None) -> str:
    return daytext.day(value) if value else "—"


def cadence_text(row: ScheduleRow) -> str:
    """ "Monthly", "Quarterly · small team" or "Quarterly · asked"."""
    why = {SMALL_TEAM: "small team", PREFERENCE: "asked"}.get(row.cadence_source)
    return row.cadence.capitalize() + (f" · {why}" if why else "")


def status_text(row: ScheduleRow) -> str:
    text = STATUS_LABELS.get(row.status, row.status)
    return f"⚑ {text} (re-evaluate?)" if row.reevaluate else text


class ManagersModel(QtCore.QAbstractTableModel):
    """One row per active manager: name, rep, tier, department, team, cadence, meetings."""

    NAME, STATUS, REP, TIER, DEPARTMENT, TEAM, CADENCE, LAST, NEXT = range(9)
    HEADERS = (
        "Manager",
        "Status",
        "Rep",
        "Tier",
        "Department",
        "Team",
        "Cadence",
        "Last met",
        "Next meeting",
    )

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ScheduleRow] = []
        self.tier_rank: dict[str, int] = {}

    def set_rows(self, rows: list[ScheduleRow], tier_rank: dict[str, int] | None = None) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.tier_rank = tier_rank or {}
        self.endResetModel()

    def row_at(self, row: int) -> ScheduleRow:
        return self.rows[row]

    def rowCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QtCore.QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if orientation != QtCore.Qt.Orientation.Horizontal:
            return None
        if role in (QtCore.Qt.ItemDataRole.DisplayRole, QtCore.Qt.ItemDataRole.ToolTipRole):
            return self.HEADERS[section]  # the tooltip: the whole heading when it elides
        if role == QtCore.Qt.ItemDataRole.TextAlignmentRole and section == self.TEAM:
            return int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == ID_ROLE:
            return row.manager_id
        if role == QtCore.Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == QtCore.Qt.ItemDataRole.ForegroundRole:
            if row.status == LEFT:
                return QtGui.QBrush(colour("muted"))
            if col == self.STATUS and row.status in STATUS_COLOURS:
                return QtGui.QBrush(colour(STATUS_COLOURS[row.status]))
            if col == self.REP and not row.rep_id:
                return QtGui.QBrush(colour("warning"))
        if role == QtCore.Qt.ItemDataRole.TextAlignmentRole and col == self.TEAM:
            return int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        if role == QtCore.Qt.ItemDataRole.FontRole and col == self.NAME:
            font = QtGui.QFont()
            font.setBold(True)
            return font
        return None

    def _display(self, row: ScheduleRow, col: int) -> str:
        return {
            self.NAME: row.name,
            self.REP: row.rep if row.rep_id else UNASSIGNED,
            self.TIER: row.tier,
            self.DEPARTMENT: row.department or "—",
            self.TEAM: str(row.team_size),
            self.CADENCE: cadence_text(row),
            self.LAST: day_text(row.last_met),
            self.NEXT: day_text(row.next_meeting),
            self.STATUS: status_text(row),
        }[col]

    def _sort_key(self, row: ScheduleRow, col: int):
        if col == self.TEAM:
            return row.team_size
        if col == self.TIER:
            return self.tier_rank.get(row.tier, 99)
        if col in (self.LAST, self.NEXT):
            value = row.last_met if col == self.LAST else row.next_meeting
            return value.toordinal() if value else (0 if col == self.LAST else 10**7)
        if col == self.STATUS:
            return STATUS_ORDER.get(row.status, 9) - (0.5 if row.reevaluate else 0)
        return self._display(row, col).casefold()

    def _tooltip(self, row: ScheduleRow, col: int) -> str | None:
        if col == self.NAME:
            return f"{row.name} <{row.email}>\n{row.title}"
        if col == self.CADENCE:
            return f"{row.cadence} ({row.cadence_source})"
        if col == self.STATUS and row.reevaluate:
            return (
                f"Rescheduled {row.reschedules} times this quarter: ask the manager whether "
                "this cadence still suits them."
            )
        return None


class ManagersFilter(QtCore.QSortFilterProxyModel):
    """Filters managers by free text, rep and status; sorts by each column's sort key."""

    ANY = ""
    REEVALUATE = "reevaluate"

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.rep_id: str | None = self.ANY
        self.status = self.ANY
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(QtCore.Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        self._refilter("text", text.strip().casefold())

    def set_rep(self, rep_id: str | None) -> None:
        """A rep id, None for unassigned managers, or ANY."""
        self._refilter("rep_id", rep_id)

    def set_status(self, status: str) -> None:
        """A schedule status, REEVALUATE for flagged managers, or ANY."""
        self._refilter("status", status)

    def _refilter(self, name: str, value: object) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            setattr(self, name, value)
            self.endFilterChange()
        else:
            setattr(self, name, value)
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        row = model.row_at(source_row)
        if self.rep_id != self.ANY and row.rep_id != self.rep_id:
            return False
        if self.status == self.REEVALUATE:
            if not row.reevaluate:
                return False
        elif self.status != self.ANY and row.status != self.status:
            return False
        if self.text:
            haystack = " ".join(
                (row.name, row.email, row.title, row.department, row.region, row.rep, row.tier)
            ).casefold()
            return all(word in haystack for word in self.text.split())
        return True
