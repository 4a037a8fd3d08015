"""The team workload panel: per rep, managers and headcount against a capacity share.

A bar per rep shows their headcount against their target (the assigned headcount split
in proportion to capacity); a rep more than 20% off target is highlighted.
"""

from __future__ import annotations

from partnerdesk.core.workload import TOLERANCE, RepLoad, Workload
from partnerdesk.ui.qt import QtCore, QtGui, QtWidgets
from partnerdesk.ui.rows_model import RowsModel
from partnerdesk.ui.theme import colour
from partnerdesk.ui.widgets.tables import fit_columns

#: Palette colour names (ui/theme.py): over, under, in balance.
OVER, UNDER, OK = "danger", "warning", "ok"
SORT_ROLE = QtCore.Qt.ItemDataRole.UserRole + 1
LOAD_ROLE = QtCore.Qt.ItemDataRole.UserRole + 3


def balance_text(load: RepLoad) -> str:
    if not load.target:
        return "no managers to share yet"
    if not load.flagged:
        return "balanced"
    side = "over" if load.imbalance > 0 else "under"
    return f"{abs(load.imbalance):.0%} {side}"  # the column says "vs share"


#: The narrowest the balance bar gets (its words beside it come first).
BAR_MIN = 28
#: Between the bar and its words.
GAP = 8


class WorkloadModel(RowsModel):
    """One row per active rep: capacity, managers, headcount, target and the balance bar."""

    REP, CAPACITY, MANAGERS, HEADCOUNT, TARGET, BALANCE = range(6)
    HEADERS = ("Rep", "Capacity", "Managers", "Headcount", "Target", "Headcount vs share")

    rows: list[RepLoad]

    def data(self, index, role=QtCore.Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        load, col = self.rows[index.row()], index.column()
        if role == QtCore.Qt.ItemDataRole.DisplayRole:
            return {
                self.REP: load.name + (" (HR lead)" if load.is_lead else ""),
                self.CAPACITY: f"{load.capacity:.0%}",
                self.MANAGERS: str(load.managers),
                self.HEADCOUNT: str(load.headcount),
                self.TARGET: f"{load.target:.0f}",
                self.BALANCE: balance_text(load),
            }[col]
        if role == SORT_ROLE:
            return (
                load.name.casefold(),
                load.capacity,
                load.managers,
                load.headcount,
                load.target,
                load.imbalance,
            )[col]
        if role == LOAD_ROLE:
            return load
        if role == QtCore.Qt.ItemDataRole.ForegroundRole and col == self.BALANCE and load.flagged:
            return QtGui.QBrush(colour(OVER if load.imbalance > 0 else UNDER))
        if role == QtCore.Qt.ItemDataRole.TextAlignmentRole and col not in (self.REP, self.BALANCE):
            return int(QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter)
        return None


class BalanceBarDelegate(QtWidgets.QStyledItemDelegate):
    """Paints headcount against target: the bar fills to headcount, a tick marks the target."""

    def paint(self, painter: QtGui.QPainter, option, index) -> None:
        load: RepLoad | None = index.data(LOAD_ROLE)
        if load is None:
            super().paint(painter, option, index)
            return
        painter.save()
        if option.state & QtWidgets.QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        words = balance_text(load)
        metrics = option.fontMetrics
        bar, text_rect = self.split(option.rect, metrics.horizontalAdvance(words))
        scale = max(load.target * 2, load.headcount, 1)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(option.palette.alternateBase())
        painter.drawRoundedRect(bar, 4, 4)
        tone = colour(OK if not load.flagged else (OVER if load.imbalance > 0 else UNDER))
        filled = QtCore.QRect(bar)
        filled.setWidth(max(2, int(bar.width() * min(load.headcount / scale, 1.0))))
        painter.setBrush(tone)
        painter.drawRoundedRect(filled, 4, 4)
        x = bar.left() + int(bar.width() * load.target / scale)
        painter.setPen(QtGui.QPen(option.palette.text().color(), 2))
        painter.drawLine(x, bar.top() - 3, x, bar.bottom() + 3)
        painter.setPen(tone if load.flagged else option.palette.text().color())
        painter.drawText(
            text_rect,
            int(QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignLeft),
            metrics.elidedText(words, QtCore.Qt.TextElideMode.ElideRight, text_rect.width()),
        )
        painter.restore()

    @staticmethod
    def split(cell: QtCore.QRect, words_width: int) -> tuple[QtCore.QRect, QtCore.QRect]:
        """Where the bar and its words go in ``cell``: the words first, the bar takes up
        to 55% of the cell, what the words leave it (at least ``BAR_MIN``)."""
        rect = cell.adjusted(8, 8, -8, -8)
        room = rect.width() - words_width - GAP - 2  # 2: rounding
        width = max(BAR_MIN, min(int(rect.width() * 0.55), room))
        bar = QtCore.QRect(rect.left(), rect.top(), width, rect.height())
        left = bar.right() + 1 + GAP
        return bar, QtCore.QRect(left, rect.top(), rect.right() + 1 - left, rect.height())

    def sizeHint(self, option, index) -> QtCore.QSize:
        return QtCore.QSize(320, 34)


class WorkloadPanel(QtWidgets.QWidget):
    """The workload table, a legend, the unassigned count, and add/edit rep buttons."""

    add_requested = QtCore.Signal()
    edit_requested = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = WorkloadModel(self)
        proxy = QtCore.QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SORT_ROLE)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("workloadTable")
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(WorkloadModel.REP, QtCore.Qt.SortOrder.AscendingOrder)
        self.table.setItemDelegateForColumn(WorkloadModel.BALANCE, BalanceBarDelegate(self))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        # the numbers fit their content, the rep and the bar share the rest: no sideways
        # scrolling on a narrow window, the words beside the bar kept whole before the bar
        fit_columns(self.table, stretch={WorkloadModel.REP: 2, WorkloadModel.BALANCE: 3})
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("workloadSummary")
        self.summary.setWordWrap(True)
        legend = QtWidgets.QLabel(
            "The bar fills to the rep's headcount; the tick marks their share of the team's "
            f"headcount by capacity. More than {TOLERANCE:.0%} off is highlighted. Set a rep's "
            "capacity below 100% when only part of their time goes to manager support."
        )
        legend.setObjectName("emptyBody")
        legend.setWordWrap(True)
        self.add_button = QtWidgets.QPushButton("Add rep…")
        self.add_button.setObjectName("addRep")
        self.edit_button = QtWidgets.QPushButton("Edit rep…")
        self.edit_button.setObjectName("editRep")
        self.edit_button.setToolTip(
            "Change capacity, region, time zone or lead role (or double-click)"
        )
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(legend)
        layout.addStretch(1)

        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._edit_current)
        self.table.doubleClicked.connect(lambda _index: self._edit_current())

    def selected_rep_id(self) -> str | None:
        index = self.table.currentIndex()
        load = (
            index.siblingAtColumn(WorkloadModel.BALANCE).data(LOAD_ROLE)
            if index.isValid()
            else None
        )
        return load.rep_id if load else None

    def _edit_current(self) -> None:
        rep_id = self.selected_rep_id()
        if rep_id is None and self.model.rows:
            rep_id = self.model.rows[0].rep_id
        if rep_id:
            self.edit_requested.emit(rep_id)

    def set_workload(self, load: Workload) -> None:
        self.model.set_rows(load.reps)
        rows_height = self.table.verticalHeader().defaultSectionSize() * max(len(load.reps), 1)
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height() + rows_height + 4
        )
        parts = [f"{len(load.reps)} reps support {load.total_headcount} people."]
        if load.unassigned_managers:
            parts.append(
                f"{load.unassigned_managers} managers ({load.unassigned_headcount} people) "
                "have no rep yet."
            )
        flagged = [r.name for r in load.reps if r.flagged]
        if flagged:
            parts.append("Out of balance: " + ", ".join(flagged) + ".")
        elif load.reps:
            parts.append("The split is proportional to each rep's time.")
        if not load.reps:
            parts = ["No reps yet: add the People Partners who support managers."]
        self.summary.setText(" ".join(parts))
        self.edit_button.setEnabled(bool(load.reps))
